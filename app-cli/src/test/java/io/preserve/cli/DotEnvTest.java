package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import io.preserve.domain.error.InvalidRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** .env as dotenv (and dotenv-expand, as Prisma) reads it. */
class DotEnvTest {
    @TempDir
    Path work;

    private static String url(String text) {
        return url(text, Map.of());
    }

    private static String url(String text, Map<String, String> environment) {
        return DotEnv.get(text, environment, ".env", "DATABASE_URL").map(DotEnv.Value::value).orElse(null);
    }

    @Test
    void export_quotes_and_inline_comments_are_read_as_dotenv_reads_them() {
        assertThat(url("export DATABASE_URL=postgresql://a@h/db\n")).isEqualTo("postgresql://a@h/db");
        assertThat(url("DATABASE_URL = postgresql://a@h/db   # the dev database\n")).isEqualTo("postgresql://a@h/db");
        assertThat(url("DATABASE_URL=\"postgresql://a@h/db\" # quoted, then a comment\n")).isEqualTo("postgresql://a@h/db");
        assertThat(url("DATABASE_URL='postgresql://a:p#ss@h/db' # a # inside quotes stays\n")).isEqualTo("postgresql://a:p#ss@h/db");
        assertThat(url("DATABASE_URL=`postgresql://a@h/db`\n")).isEqualTo("postgresql://a@h/db");
        assertThat(url("# DATABASE_URL=postgresql://commented@h/db\nOTHER=1\n")).isNull();
        assertThat(url("DATABASE_URL=postgresql://first@h/db\nDATABASE_URL=postgresql://last@h/db\n")).isEqualTo("postgresql://last@h/db");
        assertThat(url("DATABASE_URL=\n")).isEmpty();
    }

    @Test
    void crlf_line_ends_are_line_ends() {
        assertThat(url("A=1\r\nDATABASE_URL=postgresql://a@h/db\r\nB=2\r\n")).isEqualTo("postgresql://a@h/db");
        assertThat(url("DATABASE_URL=\"postgresql://a@h/db\"\r\n")).isEqualTo("postgresql://a@h/db");
        assertThat(DotEnv.get("A=1\r\n\r\nDATABASE_URL=x\r\n", Map.of(), ".env", "DATABASE_URL").orElseThrow().line()).isEqualTo(3);
    }

    @Test
    void variables_are_expanded_in_double_quotes_and_unquoted_values_but_not_in_single_quotes() {
        String file = "DB_USER=app\nDB_HOST=\"db.internal\"\nDATABASE_URL=\"postgresql://${DB_USER}:${DB_PASSWORD}@$DB_HOST:5432/${DB_NAME:-blog}\"\n";
        assertThat(url(file, Map.of("DB_PASSWORD", "s3cret"))).isEqualTo("postgresql://app:s3cret@db.internal:5432/blog");
        // the environment comes first, as with dotenv-expand
        assertThat(url(file, Map.of("DB_PASSWORD", "x", "DB_USER", "fromenv"))).startsWith("postgresql://fromenv:x@");
        assertThat(url("U=app\nDATABASE_URL=postgresql://${U}@h/db\n")).isEqualTo("postgresql://app@h/db");
        assertThat(url("U=app\nDATABASE_URL='postgresql://${U}@h/db'\n")).isEqualTo("postgresql://${U}@h/db");
        assertThat(url("DATABASE_URL=\"postgresql://a@h/db?x=\\${NOT}\"\n")).isEqualTo("postgresql://a@h/db?x=${NOT}");
    }

    @Test
    void a_variable_set_nowhere_and_an_unclosed_quote_are_refused_with_the_line() {
        assertThatThrownBy(() -> url("A=1\nDATABASE_URL=\"postgresql://${NOPE}@h/db\"\n")).isInstanceOf(InvalidRequest.class)
                .hasMessage(".env line 2: DATABASE_URL uses ${NOPE}, which is set neither in the environment nor earlier in .env");
        assertThatThrownBy(() -> url("A=1\n\nDATABASE_URL=\"postgresql://a@h/db\nB=2\n")).isInstanceOf(InvalidRequest.class)
                .hasMessage(".env line 3: DATABASE_URL: the double quote that opens its value is never closed");
    }

    @Test
    void a_url_from_dot_env_that_cannot_be_read_names_dot_env_and_its_line_and_no_password() throws IOException {
        Files.writeString(work.resolve(".env"), "# the app's settings\r\nexport DATABASE_URL=\"postgresql://app:hunter2@localhost:54x2/blog\" # dev\r\n");
        var result = Cli.run(work, "backup");
        assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("preserve: .env line 2: DATABASE_URL: ").contains("port").doesNotContain("hunter2");
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void a_url_built_from_variables_in_dot_env_reaches_the_database() throws IOException {
        TestDatabase db = TestDatabase.create("dotenv");
        try {
            var spec = db.spec();
            Files.writeString(work.resolve(".env"), "export DB_HOST=" + spec.host() + "\r\nDB_NAME='" + spec.database()
                    + "'\r\nDATABASE_URL=\"postgresql://${DB_USER}@${DB_HOST}:" + spec.port() + "/${DB_NAME}\" # local\r\n");
            db.execute("CREATE TABLE note (id int PRIMARY KEY)");
            var result = Cli.run(work, Map.of("DB_USER", spec.user()), "backup");
            assertThat(result.code()).as(result.all()).isZero();
            assertThat(result.out()).contains("Backed up 1 table, 0 rows of " + spec.target());
        } finally {
            db.close();
        }
    }
}
