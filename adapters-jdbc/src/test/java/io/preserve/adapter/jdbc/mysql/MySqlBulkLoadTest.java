package io.preserve.adapter.jdbc.mysql;

import io.preserve.adapter.jdbc.MySqlTestDatabase;
import io.preserve.domain.error.SnapshotDamaged;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/** LOAD DATA LOCAL INFILE from memory: exact values, strictness the server does not give it, and its refusal. */
class MySqlBulkLoadTest {
    MySqlTestDatabase db;
    Connection connection;
    Statements sql;

    @BeforeEach
    void open() throws Exception {
        db = MySqlTestDatabase.create("bulk_load");
        db.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20) NULL, b VARBINARY(8) NULL, f BIT(8) NULL) DEFAULT CHARSET=utf8mb4");
        connection = MySqlDatabase.open(db.spec());
        sql = Statements.on(connection);
        sql.session("SET SESSION sql_mode = 'STRICT_ALL_TABLES,ANSI_QUOTES,NO_BACKSLASH_ESCAPES'");
        connection.setAutoCommit(false);
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
        db.close();
    }

    private static final List<MySqlBulkLoad.Target> TARGETS = List.of(new MySqlBulkLoad.Target("id", ValueKind.TEXT),
            new MySqlBulkLoad.Target("v", ValueKind.TEXT), new MySqlBulkLoad.Target("b", ValueKind.BINARY),
            new MySqlBulkLoad.Target("f", ValueKind.BIT));

    private static MySqlBulkLoad.Rows rows(String text) {
        return MySqlBulkLoad.Rows.asStored(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "data of table t");
    }

    @Test
    void values_arrive_exactly_null_empty_and_the_text_backslash_n_apart() throws Exception {
        var rows = rows("1\t\\N\t\\N\t\\N\n2\t\t\t0\n3\t\\\\N\t5c4e\t255\n4\ttab\\there 😀\t00ff\t5\n");
        long taken = new MySqlBulkLoad(sql).load(table(name("t")), TARGETS, rows, "t");
        connection.commit();
        assertThat(taken).isEqualTo(4);
        assertThat(rows.rowsRead()).isEqualTo(4);
        assertThat(db.contents().get("t")).containsExactly(
                "31|NULL|NULL|NULL",
                "32|||00",
                "33|5C4E|5C4E|FF",
                "34|" + hex("tab\there 😀") + "|00FF|05");
    }

    private static String hex(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) out.append(String.format("%02X", b));
        return out.toString();
    }

    @Test
    void a_value_the_column_cannot_hold_is_refused_where_the_server_only_warns() {
        // the caller undoes the load to its savepoint and stages the rows, where the refused one is named
        var rows = rows("1\tthis text is longer than twenty\t\\N\t\\N\n");
        assertThatThrownBy(() -> new MySqlBulkLoad(sql).load(table(name("t")), TARGETS, rows, "t"))
                .isInstanceOf(MySqlBulkLoad.Refused.class).hasMessageContaining("Data truncated");
    }

    @Test
    void a_row_cut_short_by_a_damaged_snapshot_fails_as_damage() {
        var rows = rows("1\tone\t\\N\t\\N\n2\ttw");
        assertThatThrownBy(() -> new MySqlBulkLoad(sql).load(table(name("t")), TARGETS, rows, "t"))
                .isInstanceOf(SnapshotDamaged.class).hasMessageContaining("not terminated");
    }

    @Test
    void a_server_without_local_infile_is_asked_once_and_the_rows_are_left_unread() throws Exception {
        String was = db.queryValue("SELECT @@GLOBAL.local_infile");
        db.execute("SET GLOBAL local_infile = 0");
        try {
            MySqlBulkLoad bulk = new MySqlBulkLoad(sql);
            assertThat(bulk.available()).isFalse();
            assertThat(bulk.fallbackNote()).contains("local_infile=OFF");
            assertThat(bulk.fallbackNote()).as("said once").isNull();
            // the server refuses the statement itself before asking for the stream
            var rows = rows("1\tone\t\\N\t\\N\n");
            assertThat(bulk.load(table(name("t")), TARGETS, rows, "t")).isEqualTo(-1);
            assertThat(rows.touched()).isFalse();
        } finally {
            db.execute("SET GLOBAL local_infile = " + ("1".equals(was) ? "1" : "0"));
        }
    }
}
