package io.preserve.cli;

import io.preserve.domain.model.Categories;
import io.preserve.domain.model.Category;
import io.preserve.domain.port.in.DraftCategoriesCommand;
import io.preserve.domain.port.in.DraftCategoriesUseCase;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Supplier;

/**
 * Zero configuration: a project with no configuration file at all names its tables through the categories that
 * {@code preserve init} would draft from the live schema, so that the original guide's {@code --admin-only},
 * {@code --skip-images} and {@code --skip-analytics} work on a fresh project. Said in one line on stderr, with how
 * to keep and edit them. A configuration file, even an empty one, is always used as it is.
 */
final class DraftedCategories {
    static final String SOURCE = "the categories preserve init drafts (no preserve.yaml)";

    private DraftedCategories() {
    }

    /**
     * {@code configured} if the project has a configuration file, or if no name needs resolving; else the draft.
     *
     * @param names the names given (--only, --skip and the guide's flags): a draft is made only for them
     * @param note  where to say that the draft is used, or {@code null} (--quiet)
     */
    static Categories orDraft(Categories configured, Collection<String> names, Supplier<DraftCategoriesUseCase> drafter,
                              PrintWriter note) {
        if (configured.configured() || names.isEmpty()) return configured;
        Categories drafted = drafter.get().draft(DraftCategoriesCommand.SCHEMA_ONLY).asCategories(SOURCE);
        if (note != null) {
            note.println("preserve: no preserve.yaml: names are read through the categories `preserve init` drafts from"
                    + " the schema" + meaning(drafted, names) + "; run `preserve init` to keep and edit them");
            note.flush();
        }
        return drafted;
    }

    /** What each name given stands for among the drafted categories, e.g. " (admin = admin-users, system-prompts)". */
    private static String meaning(Categories drafted, Collection<String> names) {
        List<String> parts = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            List<Category> found = drafted.categoriesNamed(name);
            if (found.isEmpty() || (found.size() == 1 && found.get(0).name().equals(name))) continue;
            parts.add(name + " = " + String.join(", ", found.stream().map(Category::name).toList()));
        }
        return parts.isEmpty() ? "" : " (" + Printable.text(String.join("; ", parts)) + ")";
    }
}
