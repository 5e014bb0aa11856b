package io.preserve.cli;

import io.preserve.domain.model.Categories;
import io.preserve.domain.model.Selection;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which tables: names of categories, groups, tags or tables, resolved through {@code preserve.yaml}. The original
 * guide's flags are names too, defined by the project's configuration rather than by table names here.
 */
final class SelectionOptions {
    static final String ADMIN = "admin";
    static final String IMAGES = "images";
    static final String ANALYTICS = "analytics";

    @Option(names = "--config", paramLabel = "FILE",
            description = "The categories file. Default: preserve.yaml in the working directory, if there is one;"
                    + " without one, names are read through the categories `preserve init` would draft.")
    Path config;

    @Option(names = "--only", paramLabel = "NAME", split = ",",
            description = "Only these categories, groups, tags or tables (comma-separated, or repeated).")
    List<String> only = new ArrayList<>();

    @Option(names = "--skip", paramLabel = "NAME", split = ",",
            description = "Leave out these categories, groups, tags or tables.")
    List<String> skip = new ArrayList<>();

    @Option(names = "--admin-only", description = "Same as --only " + ADMIN + ": the group or category named '" + ADMIN
            + "' in preserve.yaml (without one, as `preserve init` drafts it: the admin users with their permissions,"
            + " and the system prompts and configuration).")
    boolean adminOnly;

    @Option(names = "--skip-images", description = "Same as --skip " + IMAGES + ": what preserve.yaml names or tags '"
            + IMAGES + "'.")
    boolean skipImages;

    @Option(names = "--skip-analytics", description = "Same as --skip " + ANALYTICS + ": what preserve.yaml names or tags '"
            + ANALYTICS + "'.")
    boolean skipAnalytics;

    Categories categories(Path workingDirectory) {
        return project(workingDirectory).categories();
    }

    /**
     * The categories names resolve through: the configuration's, else (no configuration file at all, and a name
     * given) those {@code preserve init} drafts, said on {@code note} (null: not said).
     */
    Categories resolve(Categories configured, java.util.function.Supplier<io.preserve.domain.port.in.DraftCategoriesUseCase> drafter,
                       java.io.PrintWriter note) {
        Selection selection = selection();
        List<String> names = new ArrayList<>(selection.only());
        names.addAll(selection.skip());
        return DraftedCategories.orDraft(configured, names, drafter, note);
    }

    ConfigFile.Project project(Path workingDirectory) {
        return ConfigFile.forProject(workingDirectory, config);
    }

    Selection selection() {
        List<String> onlyNames = new ArrayList<>(only);
        java.util.Map<String, String> flags = new java.util.HashMap<>();
        if (adminOnly) {
            onlyNames.add(ADMIN);
            flags.put(ADMIN, "--admin-only");
        }
        List<String> skipNames = new ArrayList<>(skip);
        if (skipImages) {
            skipNames.add(IMAGES);
            flags.put(IMAGES, "--skip-images");
        }
        if (skipAnalytics) {
            skipNames.add(ANALYTICS);
            flags.put(ANALYTICS, "--skip-analytics");
        }
        return new Selection(onlyNames, skipNames, flags);
    }
}
