package io.preserve.domain.port.in;

import io.preserve.domain.model.Categories;
import io.preserve.domain.model.Selection;
import io.preserve.domain.port.out.ProgressListener;

import java.util.Objects;

/** A request for a snapshot of the schema's tables: all of them, or those {@code selection} names. */
public record BackupCommand(Categories categories, Selection selection, ProgressListener progress, boolean exclusive) {
    public BackupCommand(Categories categories, Selection selection, ProgressListener progress) {
        this(categories, selection, progress, false);
    }

    public BackupCommand {
        Objects.requireNonNull(categories, "categories");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(progress, "progress");
    }

    public BackupCommand(ProgressListener progress) {
        this(Categories.NONE, Selection.ALL, progress);
    }

    public static BackupCommand all() {
        return new BackupCommand(ProgressListener.NONE);
    }
}
