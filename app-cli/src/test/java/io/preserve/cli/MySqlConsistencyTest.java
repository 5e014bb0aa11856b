package io.preserve.cli;

import io.preserve.adapter.jdbc.MySqlTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A MySQL backup sees one point in time under concurrent writes, and a restore needs no more than an app user's rights. */
class MySqlConsistencyTest {
    @TempDir
    Path work;

    @Test
    void backup_sees_one_point_in_time_while_writers_commit() throws Exception {
        try (MySqlTestDatabase db = MySqlTestDatabase.create("consistency")) {
            // every transaction of the writer adds an order and its line: a backup must hold both or neither
            db.execute("CREATE TABLE `Order` (id INT PRIMARY KEY); CREATE TABLE `Line` (id INT PRIMARY KEY, orderId INT NOT NULL,"
                    + " FOREIGN KEY (orderId) REFERENCES `Order` (id))");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong written = new AtomicLong();
            Thread writer = new Thread(() -> {
                try (var c = MySqlTestDatabase.connect(db.spec()); var s = c.createStatement()) {
                    c.setAutoCommit(false);
                    for (int i = 1; !stop.get(); i++) {
                        s.execute("INSERT INTO `Order` VALUES (" + i + ")");
                        Thread.sleep(1); // the backup may start between the two inserts
                        s.execute("INSERT INTO `Line` VALUES (" + i + ", " + i + ")");
                        c.commit();
                        written.set(i);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            while (written.get() < 50) Thread.sleep(10);
            var backup = Cli.run(work, "backup", "--database-url", db.url(), "--dir", "backups");
            long atEnd = written.get();
            while (written.get() < atEnd + 50) Thread.sleep(10);
            stop.set(true);
            writer.join();
            assertThat(backup.code()).as(backup.all()).isZero();

            db.execute("DELETE FROM `Line`; DELETE FROM `Order`");
            var restore = Cli.run(work, "restore", "--database-url", db.url(), "--dir", "backups");
            assertThat(restore.code()).as(restore.all()).isZero();
            long orders = Long.parseLong(db.queryValue("SELECT COUNT(*) FROM `Order`"));
            assertThat(orders).isGreaterThanOrEqualTo(50).isLessThanOrEqualTo(atEnd + 1);
            assertThat(db.queryValue("SELECT COUNT(*) FROM `Line`")).isEqualTo(Long.toString(orders));
            assertThat(db.queryValue("SELECT MAX(id) FROM `Order`")).isEqualTo(Long.toString(orders));
        }
    }

    @Test
    void an_app_user_with_only_its_databases_data_rights_backs_up_and_restores() throws Exception {
        try (MySqlTestDatabase db = MySqlTestDatabase.create("app_user")) {
            db.execute(MySqlRestoreTest.SCHEMA);
            db.execute(MySqlRestoreTest.ROWS);
            String user = "preserve_app_" + UUID.randomUUID().toString().substring(0, 8);
            var before = db.contents();
            db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'app-secret-1';"
                    + " GRANT SELECT, INSERT, UPDATE, DELETE, CREATE TEMPORARY TABLES ON `" + db.spec().database() + "`.* TO '"
                    + user + "'@'%'");
            try {
                String url = "mysql://" + user + ":app-secret-1@" + db.spec().displayHost() + ":" + db.spec().port() + "/" + db.spec().database();
                var backup = Cli.run(work, java.util.Map.of("DATABASE_URL", url), "backup", "--dir", "backups");
                assertThat(backup.code()).as(backup.all()).isZero();
                db.execute("DELETE FROM `Comment`; DELETE FROM `Post` WHERE id > 10; UPDATE `User` SET name = 'x' WHERE id = 1");
                var merge = Cli.run(work, java.util.Map.of("DATABASE_URL", url), "restore", "--dir", "backups");
                assertThat(merge.code()).as(merge.all()).isZero();
                var replace = Cli.run(work, java.util.Map.of("DATABASE_URL", url), "restore", "--dir", "backups", "--mode", "replace");
                assertThat(replace.code()).as(replace.all()).isZero();
                assertThat(replace.all()).doesNotContain("app-secret-1");
                // the emptied tables went in with LOAD DATA LOCAL INFILE, which needs no FILE privilege
                assertThat(replace.out()).doesNotContain("multi-row INSERTs");
                assertThat(db.contents()).isEqualTo(before);
            } finally {
                db.execute("DROP USER '" + user + "'@'%'");
            }
        }
    }
}
