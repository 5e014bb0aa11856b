package io.preserve.domain.service.replay;

import io.preserve.domain.model.migration.MigrationScript;
import io.preserve.domain.model.migration.MigrationTool;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShadowOnlyTest {
    private static MigrationScript script(String sql) {
        return new MigrationScript("2", "seed", MigrationScript.Kind.VERSIONED, List.of(), "db/migration/V2__seed.sql", sql);
    }

    private static void check(String sql, MigrationTool tool, boolean mysql) {
        ShadowOnly.check(script(sql), tool, mysql, Set.of("appdb", "other"));
    }

    @Test
    void a_table_qualified_by_another_database_or_a_use_stops_the_replay_and_aliases_and_the_catalog_do_not() {
        assertThatThrownBy(() -> check("SELECT 1;\nINSERT INTO `appdb`.`setting` VALUES (1);", MigrationTool.FLYWAY, true))
                .hasMessage("migration 2 names database `appdb` at line 2: in a shadow database it would still act on appdb"
                        + " (replayed only when its tables are not qualified by a database)");
        assertThatThrownBy(() -> check("UPDATE Other.t SET x = 1;", MigrationTool.PRISMA, true)).hasMessageContaining("names database Other");
        assertThatThrownBy(() -> check("USE appdb;\nCREATE TABLE t (id INT);", MigrationTool.FLYWAY, true))
                .hasMessage("migration 2 changes database at line 1 (USE appdb): in a shadow database it would act on that one");
        assertThatCode(() -> check("UPDATE `task` t JOIN `workflow` w ON t.wid = w.id SET t.appdb = 'x' WHERE"
                + " (SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()) > 0;", MigrationTool.FLYWAY, true))
                .doesNotThrowAnyException();
        assertThatCode(() -> ShadowOnly.check(script("ALTER TABLE \"appdb\".\"t\" ADD COLUMN c int;"), MigrationTool.PRISMA, false,
                Set.of())).as("a PostgreSQL shadow names nothing outside: a statement cannot reach another database")
                .doesNotThrowAnyException();
    }

    @Test
    void a_flyway_placeholder_stops_the_replay_and_a_dollar_quote_does_not() {
        assertThatThrownBy(() -> check("-- by\nALTER TABLE t ADD COLUMN by VARCHAR(50) DEFAULT '${flyway:user}';", MigrationTool.FLYWAY, true))
                .hasMessage("migration 2 uses a Flyway placeholder (${flyway:user}, line 2), which Flyway fills in and a replay would not");
        assertThatCode(() -> check("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;", MigrationTool.FLYWAY, false))
                .doesNotThrowAnyException();
        assertThatCode(() -> check("UPDATE t SET v = '${not a placeholder in prisma}';", MigrationTool.PRISMA, false))
                .doesNotThrowAnyException();
    }
}
