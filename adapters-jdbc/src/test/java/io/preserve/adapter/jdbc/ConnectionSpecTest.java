package io.preserve.adapter.jdbc;

import io.preserve.domain.error.InvalidRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** URLs are read as libpq reads them; what cannot be read is refused naming the part, never the password. */
class ConnectionSpecTest {

    @Test
    void prisma_url_gives_host_port_database_user_and_schema() {
        var spec = ConnectionSpec.parse("postgresql://app:s3cr%40t@db.example.com:6543/blog?schema=tenant&sslmode=require");
        assertThat(spec.host()).isEqualTo("db.example.com");
        assertThat(spec.port()).isEqualTo(6543);
        assertThat(spec.database()).isEqualTo("blog");
        assertThat(spec.user()).isEqualTo("app");
        assertThat(spec.password()).isEqualTo("s3cr@t");
        assertThat(spec.schema()).isEqualTo("tenant");
        assertThat(spec.target()).isEqualTo("db.example.com:6543/blog");
        assertThat(spec.jdbcUrl()).isEqualTo(
                "jdbc:postgresql://db.example.com:6543/blog?sslmode=require&preferQueryMode=extended&ApplicationName=preserve");
    }

    @Test
    void a_host_with_an_underscore_is_that_host_not_localhost() {
        // java.net.URI reads no host here (an underscore is not allowed in its host names) and the tool used to go
        // to localhost:5432 as the OS user
        var spec = ConnectionSpec.parse("postgresql://app:secret@prod_db:5432/app");
        assertThat(spec.host()).isEqualTo("prod_db");
        assertThat(spec.port()).isEqualTo(5432);
        assertThat(spec.user()).isEqualTo("app");
        assertThat(spec.password()).isEqualTo("secret");
        assertThat(spec.target()).isEqualTo("prod_db:5432/app");
        assertThat(spec.jdbcUrl()).startsWith("jdbc:postgresql://prod_db:5432/app?");
        assertThat(ConnectionSpec.parse("postgres://u@my_service_1/db").host()).isEqualTo("my_service_1");
    }

    @Test
    void jdbc_url_is_accepted_and_schema_defaults_to_public() {
        var spec = ConnectionSpec.parse("jdbc:postgresql://localhost/shop?user=u&password=p");
        assertThat(spec.port()).isEqualTo(5432);
        assertThat(spec.user()).isEqualTo("u");
        assertThat(spec.password()).isEqualTo("p");
        assertThat(spec.schema()).isEqualTo("public");
        assertThat(spec.jdbcUrl()).doesNotContain("password").doesNotContain("user=");
    }

    @Test
    void ipv6_hosts_are_read_in_brackets_and_named_in_brackets() {
        var spec = ConnectionSpec.parse("postgresql://app@[::1]:5433/blog");
        assertThat(spec.host()).isEqualTo("::1");
        assertThat(spec.port()).isEqualTo(5433);
        assertThat(spec.target()).isEqualTo("[::1]:5433/blog");
        assertThat(spec.jdbcUrl()).startsWith("jdbc:postgresql://[::1]:5433/blog?");
        assertThat(ConnectionSpec.parse("postgresql://[2001:db8::7]/blog").target()).isEqualTo("[2001:db8::7]:5432/blog");
        refused("postgresql://app@[::1/blog", "not closed with ']'");
        refused("postgresql://app@::1:5432/blog", "in brackets");
        refused("postgresql://app@[]/blog", "empty");
        refused("postgresql://app@[::1]x/blog", "after the IPv6 address");
    }

    @Test
    void query_parameters_override_the_parts_they_name_as_in_libpq() {
        var spec = ConnectionSpec.parse("postgresql://app:pw@ignored:1/old?host=db.internal&port=6000&dbname=blog&user=other");
        assertThat(spec.target()).isEqualTo("db.internal:6000/blog");
        assertThat(spec.user()).isEqualTo("other");
        assertThat(spec.password()).isEqualTo("pw");
        var noAuthority = ConnectionSpec.parse("postgresql:///blog?host=db2&port=5444");
        assertThat(noAuthority.target()).isEqualTo("db2:5444/blog");
    }

    @Test
    void percent_encoding_is_decoded_in_every_part_and_plus_stays_a_plus() {
        var spec = ConnectionSpec.parse("postgresql://us%65r%2Bx:p%3Aa%2Fs%23s%25+@localhost/my%20db?schema=app%20data");
        assertThat(spec.user()).isEqualTo("user+x");
        assertThat(spec.password()).isEqualTo("p:a/s#s%+");
        assertThat(spec.database()).isEqualTo("my db");
        assertThat(spec.schema()).isEqualTo("app data");
        assertThat(ConnectionSpec.parse("postgresql://u:pa:ss@h/db").password()).isEqualTo("pa:ss");
        refused("postgresql://u:bad%zzSECRETX@h/db", "the password has a '%' not followed by two hexadecimal digits");
        refused("postgresql://u:p%00SECRETX@h/db", "%00");
        refused("postgresql://u:p%ffSECRETX@h/db", "the password is not UTF-8");
        refused("postgresql://u@h/d%zb", "the database name has a '%'");
    }

    @Test
    void a_bad_port_is_refused_naming_the_port_never_defaulted() {
        refused("postgresql://app:secret@db.example.com:54x2/app", "the port is not a number from 1 to 65535");
        refused("postgresql://app:secret@db.example.com:70000/app", "the port 70000 is not a number from 1 to 65535");
        refused("postgresql://app:secret@db.example.com:0/app", "the port 0 is not");
        refused("postgresql://app:secret@db.example.com:/app", "the port is empty");
        refused("postgresql://app@db/app?port=five", "the URL parameter 'port' is not a number");
        // without a host, libpq would take "app:SECRETX" as host and port; the port's text is not repeated
        refused("postgresql://app:SECRETX/app", "the port is not a number");
    }

    @Test
    void an_unencoded_at_or_slash_in_the_password_is_refused_not_guessed() {
        refused("postgresql://app:p@SECRETX@prod:5432/app", "more than one '@' before the host");
        refused("postgresql://app:p/SECRETX@prod:5432/app", "an '@' after its first '/'");
        refused("postgresql://app:p?SECRETX@prod:5432/app", "'?' before its '@'");
    }

    @Test
    void sockets_several_hosts_and_bad_host_names_are_refused() {
        refused("postgresql://app@localhost/app?host=/var/run/postgresql", "Unix-domain socket");
        refused("postgresql://app@%2Fvar%2Frun%2Fpostgresql/app", "Unix-domain socket");
        refused("postgresql://app@h1:5432,h2:5433/app", "several hosts");
        refused("postgresql://app@bad%20host/app", "the host 'bad host' is not a host name or address");
        refused("postgresql://app@h/app?hostaddr=10.0.0.1", "'hostaddr' is not supported");
    }

    @Test
    void parameters_reach_the_driver_under_its_names_and_nothing_weaker_is_put_in_their_place() {
        var spec = ConnectionSpec.parse("postgresql://u@h/db?sslmode=verify-full&sslrootcert=/etc/ca.pem"
                + "&application_name=deploy&connect_timeout=5&connection_limit=3&options=-c%20work_mem%3D64MB");
        assertThat(spec.jdbcUrl()).contains("sslmode=verify-full").contains("sslrootcert=%2Fetc%2Fca.pem")
                .contains("ApplicationName=deploy").contains("connectTimeout=5").doesNotContain("connection_limit")
                .doesNotContain("options").contains("preferQueryMode=extended");
        assertThat(spec.serverOptions()).isEqualTo("-c work_mem=64MB");
        assertThat(ConnectionSpec.parse("postgresql://u@h/db?ssl=true").jdbcUrl()).contains("sslmode=require");
        refused("postgresql://u@h/db?sslmode=requir", "'sslmode' is 'requir'");
        refused("postgresql://u@h/db?sslaccept=strict", "sslaccept=strict");
        refused("postgresql://u@h/db?sslidentity=id.p12", "sslidentity");
        refused("postgresql://u@h/db?preferQueryMode=simple", "'preferQueryMode' must be 'extended'");
        refused("jdbc:postgresql://u@h/db?preferQueryMode=extendedForPrepared", "'preferQueryMode' must be 'extended'");
        refused("postgresql://u@h/db?connect_timeout=soon", "'connectTimeout' is not a number of seconds");
        refused("postgresql://u@h/db?schema=a&currentSchema=b", "disagree");
        refused("postgresql://u@h/db?sslmode", "has no '='");
        refused("postgresql://u@h/db?password=a=SECRETX", "second '='");
    }

    @Test
    void the_password_appears_in_no_string_it_makes() {
        var spec = ConnectionSpec.parse("postgresql://app:hunter2secret@localhost:5432/blog");
        assertThat(spec.toString()).doesNotContain("hunter2secret");
        assertThat(spec.target()).doesNotContain("hunter2secret").doesNotContain("app");
        assertThat(spec.jdbcUrl()).doesNotContain("hunter2secret");
        assertThat(spec.redact("failed for hunter2secret")).isEqualTo("failed for ***");
    }

    @Test
    void other_schemes_and_missing_database_are_refused_with_the_expected_shape() {
        refused("mongodb://localhost/db", "postgresql://");
        refused("postgresql://localhost:5432/", "names no database");
        refused("postgresql://localhost:5432", "names no database");
        assertThatThrownBy(() -> ConnectionSpec.parse("not a url with SECRETX")).isInstanceOf(InvalidRequest.class)
                .hasMessageNotContaining("SECRETX");
    }

    /** Refused with a message holding {@code expected}, and never the text SECRETX that stands for a password. */
    private static void refused(String url, String expected) {
        assertThatThrownBy(() -> ConnectionSpec.parse(url)).as(url).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining(expected).hasMessageNotContaining("SECRETX").hasMessageStartingWith("the database URL");
    }
}
