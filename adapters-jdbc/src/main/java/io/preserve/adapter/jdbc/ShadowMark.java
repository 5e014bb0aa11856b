package io.preserve.adapter.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mark a shadow database Preserve creates carries (PostgreSQL: the database's comment; MariaDB: the schema's
 * comment), naming the machine (host name and boot id) and the process that made it, so that a later replay on the
 * same machine can tell a shadow left by a killed run from one in use. Each dialect's adapter stores and lists the
 * marks in its own catalog; what a mark says is read here only.
 */
public final class ShadowMark {
    /** The name of every shadow database Preserve creates starts with this. */
    public static final String PREFIX = "preserve_shadow_";
    private static final Pattern MARK = Pattern.compile("preserve shadow; host=(\\S+); boot=(\\S+); pid=(\\d+); .*");

    private ShadowMark() {
    }

    /** The mark of a new shadow, or empty when this machine cannot be told apart (then nothing is ever swept). */
    public static Optional<String> of(String liveDatabase, java.time.Instant now) {
        return machine().map(m -> "preserve shadow; host=" + m.host + "; boot=" + m.boot + "; pid=" + ProcessHandle.current().pid()
                + "; for=" + liveDatabase.replaceAll("\\s", "_") + "; started=" + now);
    }

    /**
     * Whether {@code mark} names this machine and a process that has ended: the shadow was left by a killed run. A
     * shadow of another machine, of a process still alive, or without a mark is never a leftover.
     */
    public static boolean leftOver(String mark) {
        if (mark == null) return false;
        Optional<Machine> here = machine();
        Matcher m = MARK.matcher(mark);
        if (here.isEmpty() || !m.matches() || !m.group(1).equals(here.get().host) || !m.group(2).equals(here.get().boot)) return false;
        try {
            return !ProcessHandle.of(Long.parseLong(m.group(3))).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
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
