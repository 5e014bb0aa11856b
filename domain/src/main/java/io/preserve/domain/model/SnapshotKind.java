package io.preserve.domain.model;

import java.util.Locale;

/** Why a snapshot was taken: asked for ({@code backup}), before a migration ({@code pre-migration}, by pre-migration and guard), or on a schedule ({@code scheduled}, by the server). */
public enum SnapshotKind {
    BACKUP, PRE_MIGRATION, SCHEDULED;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind a header names; a header without one (older snapshots) is a {@code backup}. */
    public static SnapshotKind parse(String label) {
        if (label == null) return BACKUP;
        for (SnapshotKind k : values()) if (k.label().equals(label)) return k;
        throw new IllegalArgumentException("unknown snapshot kind '" + label + "'");
    }
}
