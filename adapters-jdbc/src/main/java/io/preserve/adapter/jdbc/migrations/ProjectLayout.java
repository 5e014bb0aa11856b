package io.preserve.adapter.jdbc.migrations;

import io.preserve.domain.model.migration.MigrationTool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each tool keeps its migrations in a project folder, as the tools look for them: Prisma next to its schema
 * ({@code prisma.config.ts}'s {@code migrations.path} or {@code schema}, {@code package.json}'s {@code prisma.schema},
 * else {@code prisma/}); Flyway's default location {@code db/migration} (on the class path, so also under
 * {@code src/main/resources}); Liquibase's {@code db/changelog} likewise.
 */
final class ProjectLayout {
    private static final Pattern CONFIG_MIGRATIONS_PATH = Pattern.compile("migrations\\s*:\\s*\\{[^}]*?path\\s*:\\s*['\"`]([^'\"`]+)['\"`]", Pattern.DOTALL);
    private static final Pattern CONFIG_SCHEMA = Pattern.compile("\\bschema\\s*:\\s*['\"`]([^'\"`]+)['\"`]");
    private static final Pattern PACKAGE_SCHEMA = Pattern.compile("\"prisma\"\\s*:\\s*\\{[^}]*?\"schema\"\\s*:\\s*\"([^\"]+)\"", Pattern.DOTALL);

    private ProjectLayout() {
    }

    /** The places a tool's folder may be, most likely first, and how each was found. */
    static List<Path> candidates(Path project, MigrationTool tool) {
        List<Path> out = new ArrayList<>();
        switch (tool) {
            case PRISMA -> {
                prismaFromConfig(project).ifPresent(out::add);
                prismaFromPackageJson(project).ifPresent(out::add);
                out.add(project.resolve("prisma/migrations"));
                out.add(project.resolve("migrations/app"));
            }
            case FLYWAY -> {
                out.add(project.resolve("db/migration"));
                out.add(project.resolve("src/main/resources/db/migration"));
            }
            case LIQUIBASE -> {
                out.add(project.resolve("db/changelog"));
                out.add(project.resolve("src/main/resources/db/changelog"));
            }
        }
        return out;
    }

    static Optional<Path> find(Path project, MigrationTool tool) {
        return candidates(project, tool).stream().filter(p -> looksLike(p, tool)).findFirst();
    }

    /** Whether a folder holds migrations of this tool. */
    static boolean looksLike(Path folder, MigrationTool tool) {
        if (!Files.isDirectory(folder)) return false;
        return switch (tool) {
            case PRISMA -> Files.exists(folder.resolve("migration_lock.toml"))
                    || Folder.list(folder).stream().anyMatch(d -> Files.isRegularFile(d.resolve("migration.sql")));
            case FLYWAY -> Folder.walk(folder).stream().anyMatch(f -> f.getFileName().toString().matches("[VR].*__.+\\.sql"));
            case LIQUIBASE -> Folder.walk(folder).stream().anyMatch(f -> {
                String name = f.getFileName().toString();
                return name.endsWith(".xml") || name.endsWith(".yaml") || name.endsWith(".yml")
                        || name.endsWith(".sql") && Folder.text(f).stripLeading().startsWith("--liquibase formatted sql");
            });
        };
    }

    private static Optional<Path> prismaFromConfig(Path project) {
        Path config = project.resolve("prisma.config.ts");
        if (!Files.isRegularFile(config)) return Optional.empty();
        String text = Folder.text(config);
        Matcher path = CONFIG_MIGRATIONS_PATH.matcher(text);
        if (path.find()) return Optional.of(project.resolve(path.group(1)));
        Matcher schema = CONFIG_SCHEMA.matcher(text);
        return schema.find() ? Optional.of(besideSchema(project.resolve(schema.group(1)))) : Optional.empty();
    }

    private static Optional<Path> prismaFromPackageJson(Path project) {
        Path pkg = project.resolve("package.json");
        if (!Files.isRegularFile(pkg)) return Optional.empty();
        Matcher m = PACKAGE_SCHEMA.matcher(Folder.text(pkg));
        return m.find() ? Optional.of(besideSchema(project.resolve(m.group(1)))) : Optional.empty();
    }

    /** The migrations folder next to a schema file, or inside a schema folder (prisma/schema/ with several files). */
    private static Path besideSchema(Path schema) {
        Path dir = Files.isDirectory(schema) ? schema : schema.getParent();
        return dir.resolve("migrations");
    }
}
