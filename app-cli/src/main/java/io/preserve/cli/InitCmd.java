package io.preserve.cli;

import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.error.StorageFailure;
import io.preserve.domain.model.CategoryDraft;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "init", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Write a starter preserve.yaml from the live schema.",
        description = {"Groups the tables into categories by foreign-key ownership (a table joins the one it cannot"
                + " exist without) and by name, tags image-like and analytics-like categories for --skip-images and"
                + " --skip-analytics, and proposes an 'admin' group of the admin rows for --admin-only. Each category"
                + " carries a comment with its tables, their row counts and why each is in it. Nothing in the"
                + " database changes."})
final class InitCmd implements Callable<Integer> {
    @ParentCommand
    PreserveCommand root;
    @Spec
    CommandSpec spec;
    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "preserve.yaml",
            description = "Where to write the configuration. Default: ${DEFAULT-VALUE} in the working directory.")
    Path config;

    @Option(names = "--force", description = "Replace the file if it exists (otherwise an existing file is left alone).")
    boolean force;

    @Option(names = "--stdout", description = "Print the configuration instead of writing a file.")
    boolean stdout;

    @Override
    public Integer call() {
        Path target = root.workingDirectory.resolve(config.toString());
        if (!stdout && Files.exists(target) && !force) {
            throw new InvalidRequest(target + " already exists: edit it, or pass --force to replace it with a new draft");
        }
        var database = connection.resolve(root.environment, root.workingDirectory);
        CategoryDraft draft = root.wiring.draft(database).draft(io.preserve.domain.port.in.DraftCategoriesCommand.WITH_COUNTS);
        String yaml = ConfigWriter.yaml(draft);
        var out = spec.commandLine().getOut();
        if (stdout) {
            out.print(yaml);
        } else {
            write(target, yaml);
            out.println(summary(draft, config.toString(), database.target()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Written beside the target, read back as every command would read it, then renamed into place. */
    private static void write(Path target, String yaml) {
        Path directory = target.toAbsolutePath().getParent();
        Path partial = directory.resolve("." + target.getFileName() + ".partial");
        try {
            Files.writeString(partial, yaml, StandardCharsets.UTF_8);
            try {
                ConfigFile.loadProject(partial, true);
            } catch (InvalidRequest e) {
                throw new IllegalStateException("the drafted configuration does not read back: " + e.getMessage(), e);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StorageFailure(target.toString(), "cannot write it: " + FileErrors.describe(e), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the partial file is only a leftover; the message above already says what failed
            }
        }
    }

    static String summary(CategoryDraft draft, String file, String target) {
        Set<String> tables = new LinkedHashSet<>();
        draft.categories().forEach(e -> tables.addAll(e.category().tables()));
        StringBuilder s = new StringBuilder("Wrote " + Printable.text(file) + ": " + draft.categories().size()
                + " categories over " + tables.size() + " tables of " + Printable.text(target));
        if (!draft.groups().isEmpty()) s.append(", groups ").append(Printable.text(String.join(", ", draft.groups().keySet())));
        if (!draft.leftOut().isEmpty()) s.append("; left out ").append(Printable.text(String.join(", ", draft.leftOut().keySet())));
        s.append(".\nReview it, then run `preserve categories` to see it against the database.");
        return s.toString();
    }
}
