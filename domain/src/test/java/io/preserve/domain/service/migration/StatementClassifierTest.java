package io.preserve.domain.service.migration;

import io.preserve.domain.model.migration.Measure;
import io.preserve.domain.model.migration.StatementRisk;
import io.preserve.domain.model.migration.StatementRisk.Risk;
import io.preserve.domain.model.migration.TableName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatementClassifierTest {
    private static List<StatementRisk> classify(String sql) {
        var classifier = new StatementClassifier();
        List<StatementRisk> out = new ArrayList<>();
        for (var s : SqlScanner.statements(sql)) out.addAll(classifier.classify("m1", s));
        return out;
    }

    private static StatementRisk only(String sql) {
        var risks = classify(sql);
        assertThat(risks).as(sql).hasSize(1);
        return risks.get(0);
    }

    static final TableName USER = new TableName(null, "User");

    @Test
    void drops_truncates_and_unfiltered_deletes_destroy_and_say_what_to_count() {
        assertThat(only("DROP TABLE IF EXISTS \"User\" CASCADE").measure()).isEqualTo(new Measure.Rows(USER));
        assertThat(classify("DROP TABLE a, public.b")).extracting(StatementRisk::measure)
                .containsExactly(new Measure.Rows(new TableName(null, "a")), new Measure.Rows(new TableName("public", "b")));
        assertThat(only("DROP SCHEMA app CASCADE").measure()).isEqualTo(new Measure.RowsInSchema("app"));
        assertThat(only("TRUNCATE TABLE ONLY \"User\" RESTART IDENTITY").measure()).isEqualTo(new Measure.Rows(USER));
        assertThat(only("DELETE FROM \"User\"").measure()).isEqualTo(new Measure.Rows(USER));
        assertThat(only("DELETE FROM \"User\" WHERE role = 'GUEST'").measure())
                .isEqualTo(new Measure.RowsFailing(USER, "role = 'GUEST'", false));
        var update = only("UPDATE \"User\" SET name = NULL");
        assertThat(update.risk()).isEqualTo(Risk.DESTROYS);
        assertThat(only("UPDATE \"User\" SET name = NULL WHERE id = 1").risk()).isEqualTo(Risk.SAFE);
        var drop = only("ALTER TABLE \"User\" DROP COLUMN \"bio\"");
        assertThat(drop.risk()).isEqualTo(Risk.DESTROYS);
        assertThat(drop.measure()).isEqualTo(new Measure.Values(USER, "bio"));
    }

    @Test
    void constraints_and_narrowing_may_fail_on_current_data() {
        assertThat(only("ALTER TABLE \"User\" ALTER COLUMN \"email\" SET NOT NULL").measure()).isEqualTo(new Measure.Nulls(USER, "email"));
        assertThat(only("ALTER TABLE \"User\" ADD COLUMN \"slug\" TEXT NOT NULL").measure()).isEqualTo(new Measure.Rows(USER));
        assertThat(only("ALTER TABLE \"User\" ADD COLUMN \"slug\" TEXT NOT NULL DEFAULT ''").risk()).isEqualTo(Risk.SAFE);
        assertThat(only("CREATE UNIQUE INDEX \"User_email_key\" ON \"User\"(\"email\")").measure())
                .isEqualTo(new Measure.Duplicates(USER, List.of("email")));
        assertThat(only("ALTER TABLE \"User\" ADD CONSTRAINT u UNIQUE (a, b)").measure()).isEqualTo(new Measure.Duplicates(USER, List.of("a", "b")));
        assertThat(only("ALTER TABLE \"Post\" ADD CONSTRAINT \"Post_authorId_fkey\" FOREIGN KEY (\"authorId\") REFERENCES"
                + " \"User\"(\"id\") ON DELETE RESTRICT ON UPDATE CASCADE").measure())
                .isEqualTo(new Measure.Orphans(new TableName(null, "Post"), List.of("authorId"), USER, List.of("id")));
        assertThat(only("ALTER TABLE \"User\" ADD CONSTRAINT c CHECK (length(name) > 2)").measure())
                .isEqualTo(new Measure.RowsFailing(USER, "length(name) > 2", true));
        assertThat(only("ALTER TABLE \"User\" ALTER COLUMN name TYPE varchar(5)").measure())
                .isEqualTo(new Measure.Unfit(USER, "name", "varchar(5)", null));
    }

    @Test
    void an_enum_the_migrations_create_is_counted_by_its_labels_through_prismas_cast() {
        var risks = classify("""
                ALTER TYPE "Role" RENAME TO "Role_old";
                CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');
                ALTER TABLE "User" ALTER COLUMN "role" TYPE "Role" USING ("role"::text::"Role");
                DROP TYPE "Role_old";
                """);
        assertThat(risks).filteredOn(r -> r.risk() != Risk.SAFE).singleElement()
                .extracting(StatementRisk::measure).isEqualTo(new Measure.Unfit(USER, "role", "\"Role\"", List.of("USER", "ADMIN")));
        var using = only("ALTER TABLE t ALTER COLUMN d TYPE boolean USING (d IS NOT NULL)");
        assertThat(using.risk()).isEqualTo(Risk.MAY_FAIL);
        assertThat(using.measure()).isNull();
    }

    @Test
    void renames_break_readers_and_unknown_statements_are_named() {
        assertThat(only("ALTER TABLE \"User\" RENAME COLUMN \"name\" TO \"fullName\"").risk()).isEqualTo(Risk.BREAKS_READERS);
        assertThat(only("ALTER TABLE \"User\" RENAME TO \"Member\"").risk()).isEqualTo(Risk.BREAKS_READERS);
        assertThat(only("ALTER TYPE \"Role\" RENAME VALUE 'a' TO 'b'").risk()).isEqualTo(Risk.BREAKS_READERS);
        assertThat(only("DO $$ BEGIN DELETE FROM x; END $$").risk()).isEqualTo(Risk.UNCLASSIFIED);
        assertThat(only("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE").risk()).isEqualTo(Risk.UNCLASSIFIED);
        assertThat(only("ALTER TABLE t ATTACH PARTITION p FOR VALUES IN (1)").risk()).isEqualTo(Risk.SAFE);
        assertThat(classify("CREATE TABLE a (id int); CREATE INDEX i ON a(id); INSERT INTO a VALUES (1)"))
                .allMatch(r -> r.risk() == Risk.SAFE);
    }

    @Test
    void a_table_renamed_by_an_earlier_pending_migration_is_counted_in_the_database_with_its_columns_renamed_before() {
        var classifier = new StatementClassifier();
        List<StatementRisk> risks = new ArrayList<>();
        String[] migrations = {"ALTER TABLE \"User\" RENAME COLUMN \"name\" TO \"label\";",
                "ALTER TABLE \"User\" RENAME TO \"Account\";",
                "ALTER TABLE \"Account\" DROP COLUMN \"label\";\nTRUNCATE \"Account\";"};
        for (int i = 0; i < migrations.length; i++) {
            for (var s : SqlScanner.statements(migrations[i])) risks.addAll(classifier.classify("m" + (i + 1), s));
        }
        assertThat(risks).extracting(StatementRisk::measure).contains(new Measure.Values(USER, "name"), new Measure.Rows(USER))
                .doesNotContain(new Measure.Rows(new TableName(null, "Account")));
    }
}

