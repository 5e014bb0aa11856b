package io.preserve.adapter.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * libpq's password file ({@code ~/.pgpass}, or the file {@code PGPASSFILE} names): lines of
 * {@code hostname:port:database:username:password}, each of the first four a value or {@code *}, {@code \:} and
 * {@code \\} escaping, {@code #} starting a comment line; the first line that matches gives the password. As libpq
 * does, a file that its group or others may read or write is ignored, with a warning.
 */
public final class PgPassFile {
    private PgPassFile() {
    }

    /** The password for {@code spec} from {@code file}, if the file is there, private, and has a matching line. */
    public static Optional<String> lookup(Path file, ConnectionSpec spec, Consumer<String> warn) {
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (mode.stream().anyMatch(p -> !p.name().startsWith("OWNER"))) {
                warn.accept("password file " + file + " has group or world access and is ignored; permissions should be"
                        + " u=rw (0600) or less");
                return Optional.empty();
            }
        } catch (UnsupportedOperationException | IOException e) {
            // no POSIX permissions here (or the link itself is unreadable): read it as libpq does on such systems
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            warn.accept("cannot read password file " + file + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
            return Optional.empty();
        }
        String[] wanted = {spec.host(), Integer.toString(spec.port()), spec.database(), spec.user()};
        for (String line : lines) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            List<String> fields = fields(line);
            if (fields.size() < 5) continue;
            boolean matches = true;
            for (int i = 0; i < 4 && matches; i++) {
                matches = fields.get(i).equals("*") || fields.get(i).equals(wanted[i]);
            }
            if (matches) return Optional.of(fields.get(4));
        }
        return Optional.empty();
    }

    /** The file libpq would read: {@code PGPASSFILE}, else {@code .pgpass} in the home directory. */
    public static Path locate(String pgPassFile, String home) {
        if (pgPassFile != null && !pgPassFile.isEmpty()) return Path.of(pgPassFile);
        return Path.of(home == null || home.isEmpty() ? System.getProperty("user.home") : home, ".pgpass");
    }

    /** Splits at unescaped colons, un-escaping; the password is the fifth field (it ends at a sixth colon, as in libpq). */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                field.append(line.charAt(++i));
            } else if (c == ':') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }
}
