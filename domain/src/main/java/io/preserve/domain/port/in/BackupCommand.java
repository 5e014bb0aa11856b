package io.preserve.domain.port.in;

import io.preserve.domain.model.Categories;
import io.preserve.domain.model.Selection;
import io.preserve.domain.model.SnapshotKind;
import io.preserve.domain.port.out.ProgressListener;

import java.util.Objects;

/**
 * A request for a snapshot of the schema's tables: all of them, or those {@code selection} names.
 *
 * @param kind      what the snapshot is for (a plain backup, a pre-migration one), recorded in its header
 * @param exclusive refused while a restore of the schema runs, and keeps restores out while it runs
 * @param label     a name to address the snapshot by ({@link io.preserve.domain.model.SnapshotLabel}), or {@code null}
 */
public record BackupCommand(Categories categories, Selection selection, ProgressListener progress, SnapshotKind kind,
                            boolean exclusive, String label) {
    public BackupCommand {
        if (label != null) io.preserve.domain.model.SnapshotLabel.check(label);
        Objects.requireNonNull(categories, "categories");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(kind, "kind");
    }

    public BackupCommand(Categories categories, Selection selection, ProgressListener progress, SnapshotKind kind,
                         boolean exclusive) {
        this(categories, selection, progress, kind, exclusive, null);
    }

    public BackupCommand(Categories categories, Selection selection, ProgressListener progress, SnapshotKind kind) {
        this(categories, selection, progress, kind, false);
    }

    public BackupCommand(Categories categories, Selection selection, ProgressListener progress, boolean exclusive) {
        this(categories, selection, progress, SnapshotKind.BACKUP, exclusive);
    }

    public BackupCommand(Categories categories, Selection selection, ProgressListener progress) {
        this(categories, selection, progress, SnapshotKind.BACKUP, false);
    }

    public BackupCommand(ProgressListener progress) {
        this(Categories.NONE, Selection.ALL, progress);
    }

    public static BackupCommand all() {
        return new BackupCommand(ProgressListener.NONE);
    }

    /** Every table, in a snapshot of this kind (a {@code pre-migration} one, for a migration tool's hook). */
    public static BackupCommand all(SnapshotKind kind) {
        return new BackupCommand(Categories.NONE, Selection.ALL, ProgressListener.NONE, kind);
    }
}
