package io.preserve.cli;

import io.preserve.domain.model.CategoryOverview;
import io.preserve.domain.port.in.DraftCategoriesCommand;
import io.preserve.domain.service.MigrationHistory;
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
                + " the tables that belong to no category. Without preserve.yaml, the categories `preserve init` would"
                + " draft, which --only, --skip and the guide's flags then take."})
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
        var configured = ConfigFile.forProject(root.workingDirectory, config).categories();
        var database = connection.resolve(root.environment, root.workingDirectory);
        var categories = configured.configured() ? configured
                : root.wiring.draft(database).draft(DraftCategoriesCommand.SCHEMA_ONLY).asCategories(DraftedCategories.SOURCE);
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
                : DraftedCategories.SOURCE.equals(overview.source())
                ? "No preserve.yaml: the categories `preserve init` drafts from " + Printable.text(target) + " (schema "
                        + Printable.text(overview.schema()) + "), which --only, --skip and the guide's flags take"
                        + " (`preserve init` writes them to preserve.yaml, to keep and edit):\n"
                : "Categories of " + Printable.text(overview.source()) + " in " + Printable.text(target) + " (schema "
                        + Printable.text(overview.schema()) + "):\n");
        for (CategoryOverview.Entry e : overview.categories()) {
            var c = e.category();
            out.append(String.format(Locale.ROOT, "  %-22s %s%n", Printable.text(c.name()), e.tables().stream()
                    .map(t -> String.format(Locale.ROOT, "%s (%s%s)", Printable.text(t.table()), Reports.rows(t.rows()),
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
        var history = overview.uncategorized().stream().filter(t -> MigrationHistory.isHistoryTable(t.table())).toList();
        var rest = overview.uncategorized().stream().filter(t -> !MigrationHistory.isHistoryTable(t.table())).toList();
        if (!rest.isEmpty()) {
            out.append("In no category (backed up and restored when no --only is given; never by name): ")
                    .append(counted(rest)).append('\n');
        }
        if (!history.isEmpty()) {
            out.append("Migration history (in every snapshot; restored only when named with --include-history): ")
                    .append(counted(history)).append('\n');
        }
        return out.toString();
    }

    private static String counted(java.util.List<CategoryOverview.TableCount> tables) {
        return tables.stream().map(t -> Printable.text(t.table()) + " (" + Reports.rows(t.rows()) + ")")
                .collect(Collectors.joining(", "));
    }
}
