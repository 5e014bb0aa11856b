package io.preserve.adapter.jdbc.migrations;

import io.preserve.adapter.jdbc.ShadowMark;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Shadow databases left behind by a run that was killed outright (SIGKILL, a power cut: no shutdown hook runs). Each
 * shadow Preserve creates carries a comment naming the machine (host name and boot id) and the process that made it
 * ({@link ShadowMark}); a later replay on the same machine drops those whose process is gone and that nobody is
 * connected to. A shadow made on another machine, or by a process still alive, is never touched: it may be another
 * run's, in use.
 */
final class ShadowLeftovers {
    static final String PREFIX = ShadowMark.PREFIX;

    private ShadowLeftovers() {
    }

    /** The comment a new shadow gets, or empty when this machine cannot be told apart (then nothing is ever swept). */
    static Optional<String> mark(String liveDatabase, java.time.Instant now) {
        return ShadowMark.of(liveDatabase, now);
    }

    /**
     * Drops the shadows of this machine whose process has ended and which have no connection; returns their names.
     * A shadow that cannot be dropped (a connection arrived meanwhile, another owner) is left; this never fails the run.
     */
    static List<String> sweep(Connection connection) {
        List<String> dropped = new ArrayList<>();
        try {
            List<String[]> found = Jdbc.query(connection, "SELECT d.datname, pg_catalog.shobj_description(d.oid, 'pg_database')"
                    + " FROM pg_catalog.pg_database d WHERE d.datname LIKE 'preserve\\_shadow\\_%'"
                    + " AND pg_catalog.pg_get_userbyid(d.datdba) = current_user"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a WHERE a.datid = d.oid)",
                    r -> new String[] {r.getString(1), r.getString(2)});
            for (String[] shadow : found) {
                if (!ShadowMark.leftOver(shadow[1])) continue;
                try {
                    Jdbc.execute(connection, "DROP DATABASE IF EXISTS " + Jdbc.name(shadow[0]));
                    dropped.add(shadow[0]);
                } catch (SQLException e) {
                    // someone connected to it since the query, or it is not ours to drop: left as it is
                }
            }
        } catch (SQLException e) {
            // reading the catalog failed: sweeping is a courtesy, the replay goes on
        }
        return dropped;
    }
}
