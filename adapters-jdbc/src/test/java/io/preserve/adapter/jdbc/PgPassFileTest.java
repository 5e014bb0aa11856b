package io.preserve.adapter.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ~/.pgpass as libpq reads it: first matching line, wildcards, escapes, and only when private. */
class PgPassFileTest {
    @TempDir
    Path dir;

    private Path file(String text, String mode) throws IOException {
        Path file = dir.resolve("pgpass");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void the_first_matching_line_gives_the_password_with_wildcards_and_escapes() throws IOException {
        Path file = file("""
                # comment: other:5432:blog:app:wrong
                other:5432:blog:app:wrong
                db.internal:6543:blog:app:s3cr\\:et\\\\x
                *:*:*:app:fallback
                """, "rw-------");
        List<String> warnings = new ArrayList<>();
        var spec = ConnectionSpec.parse("postgresql://app@db.internal:6543/blog");
        assertThat(PgPassFile.lookup(file, spec, warnings::add)).hasValue("s3cr:et\\x");
        assertThat(PgPassFile.lookup(file, ConnectionSpec.parse("postgresql://app@elsewhere/shop"), warnings::add)).hasValue("fallback");
        assertThat(PgPassFile.lookup(file, ConnectionSpec.parse("postgresql://bob@db.internal:6543/blog"), warnings::add)).isEmpty();
        assertThat(warnings).isEmpty();
        assertThat(spec.withPassword("s3cr:et\\x").password()).isEqualTo("s3cr:et\\x");
    }

    @Test
    void a_file_others_can_read_is_ignored_with_a_warning_that_shows_no_password() throws IOException {
        Path file = file("*:*:*:*:TopSecret99\n", "rw-r--r--");
        List<String> warnings = new ArrayList<>();
        assertThat(PgPassFile.lookup(file, ConnectionSpec.parse("postgresql://app@h/db"), warnings::add)).isEmpty();
        assertThat(warnings).singleElement().asString().contains("group or world access").contains("0600")
                .doesNotContain("TopSecret99");
    }

    @Test
    void pgpassfile_names_the_file_else_the_home_directory_holds_it() {
        assertThat(PgPassFile.locate("/etc/preserve/pass", "/home/a")).isEqualTo(Path.of("/etc/preserve/pass"));
        assertThat(PgPassFile.locate(null, "/home/a")).isEqualTo(Path.of("/home/a/.pgpass"));
        assertThat(PgPassFile.lookup(dir.resolve("missing"), ConnectionSpec.parse("postgresql://a@h/d"), w -> { })).isEmpty();
    }
}
