package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backup reads one schema. An application that keeps tables in several (Spring Modulith's schema per module,
 * Prisma's multiSchema) is told which the backup does not hold, instead of a quiet backup of public alone.
 */
class OtherSchemasTest {
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void create() {
        db = TestDatabase.create("schemas");
        db.execute("CREATE TABLE note (id INT PRIMARY KEY)");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void a_backup_names_the_other_schemas_that_hold_tables_and_how_to_back_them_up() {
        var alone = Cli.run(work, "backup", "--database-url", db.url());
        assertThat(alone.code()).as(alone.all()).isZero();
        assertThat(alone.all()).doesNotContainIgnoringCase("warning");

        db.execute("CREATE SCHEMA orders; CREATE TABLE orders.orders (id INT PRIMARY KEY); CREATE TABLE orders.items (id INT);"
                + " CREATE SCHEMA catalog; CREATE TABLE catalog.product (id INT); CREATE SCHEMA empty;"
                + " CREATE VIEW catalog.names AS SELECT 1 AS one");
        var backup = Cli.run(work, "backup", "--database-url", db.url());
        assertThat(backup.code()).as(backup.all()).isZero();
        var quiet = Cli.run(work, "backup", "--database-url", db.url(), "--quiet");
        assertThat(quiet.err()).as("said on stderr under --quiet").contains("preserve: warning: the database has tables in other schemas");
        assertThat(backup.out()).contains("Warning: the database has tables in other schemas too, which this backup"
                + " (of schema public) does not hold: catalog (1 table), orders (2 tables); back each up with ?schema=NAME"
                + " in the database URL");

        var orders = Cli.run(work, "backup", "--database-url", db.url() + "?schema=orders", "--dir", "orders");
        assertThat(orders.code()).as(orders.all()).isZero();
        assertThat(orders.out()).contains("2 tables");
        assertThat(orders.out()).contains("(of schema orders) does not hold: catalog (1 table), public (1 table);");
    }
}
