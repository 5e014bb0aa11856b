package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A migration that renames: table author becomes writer (full_name becomes name, and a new foreign key to a new
 * table team), post becomes article (body becomes content, a new NOT NULL slug), and the enum loses a label.
 * Without being told, the plan suggests the renames; told in preserve.yaml, the rows follow them.
 */
class MigrationChainTest {
    @TempDir
    Path work;
    TestDatabase db;

    static final String V1 = """
            CREATE TYPE status AS ENUM ('draft', 'published', 'archived');
            CREATE TABLE author (id int PRIMARY KEY, full_name text NOT NULL, handle varchar(20));
            CREATE TABLE post (id int PRIMARY KEY, author int NOT NULL REFERENCES author, title text NOT NULL,
                status status NOT NULL, body text);
            INSERT INTO author VALUES (1, 'Ann Lee', 'ann'), (2, 'Bob Ray', 'bob');
            INSERT INTO post VALUES (10, 1, 'Hello World', 'published', 'hi'), (11, 1, 'Old', 'archived', 'old'),
                (12, 2, 'Next', 'draft', NULL);
            """;

    static final String MIGRATE_TO_V2 = """
            DROP TABLE post, author; DROP TYPE status;
            CREATE TYPE status AS ENUM ('draft', 'published');
            CREATE TABLE team (id int PRIMARY KEY, name text NOT NULL);
            INSERT INTO team VALUES (1, 'core');
            CREATE TABLE writer (id int PRIMARY KEY, name text NOT NULL, handle varchar(20), team int REFERENCES team);
            CREATE TABLE article (id int PRIMARY KEY, author int NOT NULL REFERENCES writer, title text NOT NULL,
                status status NOT NULL, content text, slug text NOT NULL);
            """;

    static final String RENAMES = """
            renames:
              author: writer
              author.full_name: writer.name
              post: article
              post.body: article.content
            defaults:
              article.slug: "lower(replace(title, ' ', '-'))"
            """;

    @BeforeEach
    void snapshotAtV1ThenMigrate() {
        db = TestDatabase.create("chain");
        db.execute(V1);
        assertThat(Cli.run(work, "backup", "--database-url", db.url()).code()).isZero();
        db.execute(MIGRATE_TO_V2);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void without_renames_the_plan_suggests_them_and_nothing_is_written() {
        var restore = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(restore.out())
                // author shares only handle (of full_name, handle) with writer beyond its key: not enough to say
                .contains("author (2 rows): no table author in schema public (dropped since the snapshot?)\n")
                .contains("post (3 rows): no table post in schema public (dropped since the snapshot?); article is new and has"
                        + " 3 of its 4 distinctive columns: if it was renamed, say so in preserve.yaml (renames: {post: article})");
        assertThat(db.queryValue("SELECT count(*) FROM writer")).isEqualTo("0");
    }

    @Test
    void a_table_rename_alone_suggests_the_column_renames() throws IOException {
        Files.writeString(work.resolve("preserve.yaml"), "renames:\n  author: writer\n");
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--only", "writer");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.NOTHING_RESTORED);
        assertThat(restore.err()).containsPattern("^Restoring backup-\\S+, the newest snapshot \\(--file chooses another\\)\nPlan \\(nothing written yet\\):")
                .contains("column full_name is gone and name is new, both text: if it was renamed, say so in"
                        + " preserve.yaml (renames: {author.full_name: writer.name})");
        assertThat(restore.out()).contains("writer: 2 rows skipped: column name is new, NOT NULL and without a default");
    }

    @Test
    void renamed_tables_and_columns_take_their_rows_and_removed_enum_labels_are_reported() throws IOException {
        Files.writeString(work.resolve("preserve.yaml"), RENAMES);
        var dryRun = Cli.run(work, "restore", "--database-url", db.url(), "--dry-run");
        assertThat(dryRun.err()).contains("Plan (nothing written yet):")
                .contains("table post is article now (renames)")
                .contains("column body is content now (renames)")
                .contains("column status: enum status no longer has archived; rows holding them are skipped")
                .contains("column slug is new: filled with lower(replace(title, ' ', '-')) (defaults)")
                .contains("column team is new: filled by NULL");
        assertThat(db.queryValue("SELECT count(*) FROM article")).as("a dry run writes nothing").isEqualTo("0");

        var restore = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(restore.out()).contains("article: 1 row skipped: column status (status in the snapshot) does not fit"
                + " status now (e.g. 'archived': invalid input value for enum status: \"archived\")");
        assertThat(db.queryValue("SELECT string_agg(id || ':' || name || ':' || handle || ':' || coalesce(team::text, '-'),"
                + " ' ' ORDER BY id) FROM writer")).isEqualTo("1:Ann Lee:ann:- 2:Bob Ray:bob:-");
        assertThat(db.queryValue("SELECT string_agg(id || ':' || author || ':' || status || ':' || coalesce(content, '-')"
                + " || ':' || slug, ' ' ORDER BY id) FROM article")).isEqualTo("10:1:published:hi:hello-world 12:2:draft:-:next");
    }

    @Test
    void a_new_foreign_key_to_a_new_table_is_checked_and_its_orphans_named() throws IOException {
        Files.writeString(work.resolve("preserve.yaml"), RENAMES);
        var missing = Cli.run(work, "restore", "--database-url", db.url(), "--default", "writer.team=9");
        assertThat(missing.code()).as(missing.all()).isEqualTo(ExitCodes.NOTHING_RESTORED);
        assertThat(missing.out()).contains("writer: 2 rows skipped: team id not found (e.g. 9)")
                .containsPattern("article: 2 rows skipped: writer id not found");

        var given = Cli.run(work, "restore", "--database-url", db.url(), "--default", "writer.team=1");
        assertThat(given.code()).as(given.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(db.queryValue("SELECT string_agg(id || ':' || team, ' ' ORDER BY id) FROM writer")).isEqualTo("1:1 2:1");
    }

    @Test
    void category_filters_are_written_against_the_schema_as_it_is_now_after_renames() throws IOException {
        Files.writeString(work.resolve("preserve.yaml"), RENAMES + """
                categories:
                  ann:
                    tables:
                      writer: "name LIKE 'Ann%' AND writer.handle = 'ann'"
                      article: {via: writer}
                """);
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--only", "ann");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(db.queryValue("SELECT string_agg(id || ':' || name, ' ' ORDER BY id) FROM writer")).isEqualTo("1:Ann Lee");
        assertThat(db.queryValue("SELECT string_agg(id::text, ' ' ORDER BY id) FROM article")).isEqualTo("10");
        assertThat(restore.out()).contains("writer: 1 row not selected: name LIKE 'Ann%' AND writer.handle = 'ann' (category ann)")
                .contains("article: 1 row not selected")
                .contains("article: 1 row skipped: column status");
    }

    @Test
    void a_misspelt_rename_default_or_filter_is_refused_before_anything_is_written() throws IOException {
        Files.writeString(work.resolve("preserve.yaml"), RENAMES.replace("author.full_name: writer.name", "author.fullname: writer.name"));
        var rename = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(rename.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(rename.err()).contains("renames: author.fullname: the snapshot's table author has no column fullname (it has id, full_name, handle)");

        Files.writeString(work.resolve("preserve.yaml"), RENAMES.replace("post.body: article.content", "post.body: article.contents"));
        var target = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(target.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(target.err()).contains("renames: post.body: table article has no column contents now");

        Files.writeString(work.resolve("preserve.yaml"), RENAMES.replace("article.slug:", "article.slugg:"));
        var fill = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(fill.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(fill.err()).contains("defaults: article.slugg: table article has no column slugg");

        Files.writeString(work.resolve("preserve.yaml"), RENAMES + "categories:\n  ann:\n    tables:\n      writer: \"full_name = 'Ann Lee'\"\n");
        var filter = Cli.run(work, "restore", "--database-url", db.url(), "--only", "ann");
        assertThat(filter.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(filter.err()).contains("the row filter of category 'ann' on writer (full_name = 'Ann Lee'): column \"full_name\" does not exist");
        assertThat(db.queryValue("SELECT count(*) FROM writer")).isEqualTo("0");
    }

    @Test
    void strict_refuses_a_row_lost_to_a_removed_enum_label() throws IOException {
        Files.writeString(work.resolve("preserve.yaml"), RENAMES);
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--strict");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.RESTORE_FAILED);
        assertThat(restore.err()).contains("--strict: 1 row would be lost").contains("'archived'");
        assertThat(db.queryValue("SELECT count(*) FROM writer")).isEqualTo("0");
    }
}
