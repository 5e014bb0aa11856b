package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.Categories;
import io.preserve.domain.model.Category;
import io.preserve.domain.model.RestoreRules;
import io.preserve.domain.model.RowFilter;
import io.preserve.domain.model.Selection;
import io.preserve.domain.port.in.BackupCommand;
import io.preserve.domain.port.in.RestoreCommand;
import io.preserve.domain.port.out.ProgressListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A row filter that tries to run statements of its own never does: not in a backup, not in a restore, not in a dry
 * run (where a moved sequence would be a change that no rollback undoes). The configuration file refuses it first;
 * the adapter refuses it again if a filter reaches it some other way.
 */
class HostileFilterTest {
    private static final String HOSTILE = "true); DO $$BEGIN PERFORM setval('s', 99); END$$; --";

    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void create() throws IOException {
        db = TestDatabase.create("hostile");
        db.execute("CREATE SEQUENCE s; CREATE TABLE note (id int PRIMARY KEY, body text);"
                + " INSERT INTO note SELECT g, 'n' || g FROM generate_series(1, 20) g;");
        var backup = Cli.run(work, "backup", "--database-url", db.url(), "--quiet");
        assertThat(backup.code()).as(backup.all()).isZero();
        Files.writeString(work.resolve("hostile.yaml"), """
                categories:
                  notes:
                    tables:
                      note: "%s"
                """.formatted(HOSTILE.replace("\"", "\\\"")));
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private void sequenceUnmoved() {
        assertThat(db.queryValue("SELECT last_value || ' ' || is_called FROM s")).isEqualTo("1 false");
    }

    @Test
    void the_configuration_file_refuses_it_with_category_file_and_line() {
        for (String[] args : List.of(
                new String[] {"backup", "--only", "notes"},
                new String[] {"restore", "--only", "notes", "--dry-run"},
                new String[] {"restore", "--only", "notes", "--mode", "replace"},
                new String[] {"categories"})) {
            var all = new java.util.ArrayList<>(List.of(args));
            all.addAll(List.of("--database-url", db.url(), "--config", "hostile.yaml"));
            var result = Cli.run(work, all.toArray(String[]::new));
            assertThat(result.code()).as(all + ": " + result.all()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).as(String.join(" ", args)).startsWith("preserve: hostile.yaml:4: table note of category 'notes':"
                    + " the row filter is not one SQL expression: an unbalanced ')'");
            sequenceUnmoved();
        }
        assertThat(db.queryValue("SELECT count(*) FROM note")).isEqualTo("20");
    }

    @Test
    void a_filter_that_bypasses_the_file_is_refused_before_it_is_sent_in_a_backup_and_a_dry_run() {
        Categories categories = new Categories(List.of(new Category("notes", null, List.of("note"),
                Map.of("note", RowFilter.where("true; SELECT setval('s', 99)")), null, Set.of(), "test")), Map.of(), "test");
        Selection notes = new Selection(List.of("notes"), List.of());
        try (Wiring wiring = new Wiring(Clock.systemUTC())) {
            var backup = wiring.backup(db.spec(), work.resolve("other"));
            assertThatThrownBy(() -> backup.backup(new BackupCommand(categories, notes, ProgressListener.NONE)))
                    .isInstanceOf(InvalidRequest.class).hasMessageContaining("category 'notes'")
                    .hasMessageContaining("statement separator ';'");
            var restore = wiring.restore(db.spec(), work.resolve("backups"));
            var dryRun = new RestoreCommand(Optional.empty(), Optional.empty(), true, Set.of(), categories, notes, Map.of(),
                    RestoreRules.NONE, false, false, ProgressListener.NONE);
            assertThatThrownBy(() -> restore.restore(dryRun)).isInstanceOf(InvalidRequest.class)
                    .hasMessageContaining("category 'notes'").hasMessageContaining("statement separator ';'");
        }
        sequenceUnmoved();
        try (var left = Files.list(work.resolve("other"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".gitignore", ".lock");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void default_expressions_are_held_to_the_same_rule() throws IOException {
        Files.writeString(work.resolve("defaults.yaml"), """
                defaults:
                  note.body: "'x'); SELECT setval('s', 99); --"
                """);
        var result = Cli.run(work, "restore", "--database-url", db.url(), "--config", "defaults.yaml", "--dry-run");
        assertThat(result.code()).as(result.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("preserve: defaults.yaml:2: defaults: note.body is not one SQL expression:");
        sequenceUnmoved();
    }
}
