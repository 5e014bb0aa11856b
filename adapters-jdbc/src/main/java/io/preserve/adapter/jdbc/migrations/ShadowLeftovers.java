package io.preserve.adapter.jdbc.migrations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shadow databases left behind by a run that was killed outright (SIGKILL, a power cut: no shutdown hook runs). Each
 * shadow Preserve creates carries a comment naming the machine (host name and boot id) and the process that made it;
 * a later replay on the same machine drops those whose process is gone and that nobody is connected to. A shadow made
 * on another machine, or by a process still alive, is never touched: it may be another run's, in use.
 */
final class ShadowLeftovers {
    static final String PREFIX = "preserve_shadow_";
    private static final Pattern MARK = Pattern.compile("preserve shadow; host=(\\S+); boot=(\\S+); pid=(\\d+); .*");

    private ShadowLeftovers() {
    }

    /** The comment a new shadow gets, or empty when this machine cannot be told apart (then nothing is ever swept). */
    static Optional<String> mark(String liveDatabase, java.time.Instant now) {
        return machine().map(m -> "preserve shadow; host=" + m.host + "; boot=" + m.boot + "; pid=" + ProcessHandle.current().pid()
                + "; for=" + liveDatabase.replaceAll("\\s", "_") + "; started=" + now);
    }

    /**
     * Drops the shadows of this machine whose process has ended and which have no connection; returns their names.
     * A shadow that cannot be dropped (a connection arrived meanwhile, another owner) is left; this never fails the run.
     */
    static List<String> sweep(Connection connection) {
        Optional<Machine> here = machine();
        if (here.isEmpty()) return List.of();
        List<String> dropped = new ArrayList<>();
        try {
            List<String[]> found = Jdbc.query(connection, "SELECT d.datname, pg_catalog.shobj_description(d.oid, 'pg_database')"
                    + " FROM pg_catalog.pg_database d WHERE d.datname LIKE 'preserve\\_shadow\\_%'"
                    + " AND pg_catalog.pg_get_userbyid(d.datdba) = current_user"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a WHERE a.datid = d.oid)",
                    r -> new String[] {r.getString(1), r.getString(2)});
            for (String[] shadow : found) {
                if (shadow[1] == null) continue;
                Matcher m = MARK.matcher(shadow[1]);
                if (!m.matches() || !m.group(1).equals(here.get().host) || !m.group(2).equals(here.get().boot)) continue;
                if (ProcessHandle.of(Long.parseLong(m.group(3))).map(ProcessHandle::isAlive).orElse(false)) continue;
                try {
                    Jdbc.execute(connection, "DROP DATABASE IF EXISTS " + Jdbc.name(shadow[0]));
                    dropped.add(shadow[0]);
                } catch (SQLException e) {
                    // someone connected to it since the query, or it is not ours to drop: left as it is
                }
            }
        } catch (SQLException | NumberFormatException e) {
            // reading the catalog failed: sweeping is a courtesy, the replay goes on
        }
        return dropped;
    }

    private record Machine(String host, String boot) {
    }

    /** The host name and the boot id (a process id means something only within one boot of one machine). */
    private static Optional<Machine> machine() {
        try {
            String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
            if (host.isEmpty() || boot.isEmpty() || host.matches(".*[\\s;].*") || boot.matches(".*[\\s;].*")) return Optional.empty();
            return Optional.of(new Machine(host, boot));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
