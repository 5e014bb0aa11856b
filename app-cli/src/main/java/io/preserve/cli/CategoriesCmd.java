package io.preserve.cli;

import io.preserve.domain.model.CategoryOverview;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "categories", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Show the categories resolved against the live database.",
        description = {"Lists each category of preserve.yaml with its tables and their row counts, the groups, and"
                + " the tables that belong to no category. Without preserve.yaml, every table is its own category."})
final class CategoriesCmd implements Callable<Integer> {
    @ParentCommand
    PreserveCommand root;
    @Spec
    CommandSpec spec;
    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--config", paramLabel = "FILE",
            description = "The categories file. Default: preserve.yaml in the working directory, if there is one.")
    Path config;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        var categories = ConfigFile.forProject(root.workingDirectory, config).categories();
        var database = connection.resolve(root.environment, root.workingDirectory);
        var overview = root.wiring.categories(database).describe(categories);
        var out = spec.commandLine().getOut();
        out.print(output.json ? Reports.json(overview, database) + "\n" : text(overview, database.target()));
        out.flush();
        return ExitCodes.OK;
    }

    /** The overview; {@code target} names the database as {@code host:port/database}. */
    static String text(CategoryOverview overview, String target) {
        StringBuilder out = new StringBuilder();
        out.append(overview.source() == null
                ? "No preserve.yaml: every table of " + Printable.text(target) + " (schema " + Printable.text(overview.schema())
                        + ") is a category of its own.\n"
                : "Categories of " + Printable.text(overview.source()) + " in " + Printable.text(target) + " (schema "
                        + Printable.text(overview.schema()) + "):\n");
        for (CategoryOverview.Entry e : overview.categories()) {
            var c = e.category();
            out.append(String.format(Locale.ROOT, "  %-22s %s%n", Printable.text(c.name()), e.tables().stream()
                    .map(t -> String.format(Locale.ROOT, "%s (%,d rows%s)", Printable.text(t.table()), t.rows(),
                            t.filter() == null ? "" : ": " + Printable.text(t.filter()))).collect(Collectors.joining(", "))));
            if (!c.tags().isEmpty()) {
                out.append(String.format(Locale.ROOT, "  %-22s tags: %s%n", "", Printable.text(String.join(", ", c.tags()))));
            }
            if (c.description() != null) out.append(String.format(Locale.ROOT, "  %-22s %s%n", "", Printable.text(c.description())));
        }
        if (!overview.groups().isEmpty()) {
            out.append("Groups:\n");
            overview.groups().forEach((g, members) -> out.append("  ").append(Printable.text(g)).append(" = ")
                    .append(Printable.text(String.join(", ", members))).append('\n'));
        }
        if (!overview.uncategorized().isEmpty()) {
            out.append("In no category (restored in full runs, never by name): ").append(overview.uncategorized().stream()
                    .map(t -> String.format(Locale.ROOT, "%s (%,d rows)", Printable.text(t.table()), t.rows()))
                    .collect(Collectors.joining(", "))).append('\n');
        }
        return out.toString();
    }
}
