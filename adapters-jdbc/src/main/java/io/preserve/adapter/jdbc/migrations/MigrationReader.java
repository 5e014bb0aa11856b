package io.preserve.adapter.jdbc.migrations;

import io.preserve.adapter.jdbc.MigrationHistories;
import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.migration.AppliedMigration;
import io.preserve.domain.model.migration.MigrationQuery;
import io.preserve.domain.model.migration.MigrationScript;
import io.preserve.domain.model.migration.MigrationState;
import io.preserve.domain.model.migration.MigrationTool;
import io.preserve.domain.port.out.ReadMigrationsPort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds the project's migration tool (the one named, else the one whose folder or history table is there) and reads
 * its folder and its history. The folder is read here whatever the database; the history through
 * {@link MigrationHistories}, in the database's own SQL.
 */
final class MigrationReader implements ReadMigrationsPort {
    private final MigrationHistories database;
    private final Path project;

    MigrationReader(MigrationHistories database, Path project) {
        this.database = database;
        this.project = project;
    }

    @Override
    public MigrationState read(MigrationQuery query) {
        String schema = database.schema();
        Map<MigrationTool, String> histories = database.tables();
        Optional<Path> named = query.folder().map(project::resolve);
        named.ifPresent(folder -> {
            if (!Files.isDirectory(folder)) throw new InvalidRequest("--migrations " + query.folder().get() + ": no such folder");
        });
        MigrationTool tool = query.tool().orElseGet(() -> detect(named, histories, schema));
        Path folder = named.orElseGet(() -> ProjectLayout.find(project, tool).orElse(null));
        List<String> notes = new ArrayList<>();
        List<MigrationScript> scripts = folder == null ? List.of() : switch (tool) {
            case PRISMA -> PrismaReader.scripts(project, folder, notes);
            case FLYWAY -> FlywayReader.scripts(project, folder, notes);
            case LIQUIBASE -> LiquibaseReader.scripts(project, folder, notes);
        };
        if (folder == null) {
            notes.add("no " + tool.label() + " migrations folder found (looked in " + ProjectLayout.candidates(project, tool)
                    .stream().map(p -> Folder.display(project, p)).collect(Collectors.joining(", ")) + "): pass --migrations DIR");
        }
        String history = histories.get(tool);
        List<AppliedMigration> applied = new ArrayList<>();
        if (history != null) {
            MigrationHistories.History rows = database.read(tool, history);
            applied.addAll(rows.rows());
            notes.addAll(rows.notes());
        } else {
            notes.add("the database has no " + tool.historyTable() + " in schema " + schema + ": nothing applied yet");
        }
        return new MigrationState(tool, folder == null ? null : Folder.display(project, folder), history, scripts, applied, notes);
    }

    private MigrationTool detect(Optional<Path> folder, Map<MigrationTool, String> histories, String schema) {
        if (folder.isPresent()) {
            for (MigrationTool tool : MigrationTool.values()) if (ProjectLayout.looksLike(folder.get(), tool)) return tool;
            throw new InvalidRequest("--migrations " + Folder.display(project, folder.get()) + ": no Prisma, Flyway or"
                    + " Liquibase migrations in it; name the tool with --tool");
        }
        List<MigrationTool> both = new ArrayList<>();
        List<MigrationTool> either = new ArrayList<>();
        for (MigrationTool tool : MigrationTool.values()) {
            boolean files = ProjectLayout.find(project, tool).isPresent();
            boolean table = histories.containsKey(tool);
            if (files && table) both.add(tool);
            if (files || table) either.add(tool);
        }
        List<MigrationTool> found = both.isEmpty() ? either : both;
        if (found.size() == 1) return found.get(0);
        if (found.isEmpty()) {
            throw new InvalidRequest("no migrations found: no prisma/migrations, db/migration or db/changelog folder in "
                    + project + " and no " + Arrays.stream(MigrationTool.values()).map(MigrationTool::historyTable)
                    .collect(Collectors.joining(", ")) + " table in schema " + schema + " (pass --migrations DIR and --tool)");
        }
        throw new InvalidRequest("found migrations of " + found.stream().map(MigrationTool::label).collect(Collectors.joining(" and "))
                + ": choose one with --tool");
    }
}
