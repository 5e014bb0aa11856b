package io.preserve.adapter.jdbc;

import io.preserve.domain.error.InvalidRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(spec.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/blog?sslmode=require&ApplicationName=preserve");
    }

    @Test
    void jdbc_url_is_accepted_and_schema_defaults_to_public() {
        var spec = ConnectionSpec.parse("jdbc:postgresql://localhost/shop?user=u&password=p");
        assertThat(spec.port()).isEqualTo(5432);
        assertThat(spec.user()).isEqualTo("u");
        assertThat(spec.schema()).isEqualTo("public");
    }

    @Test
    void the_password_appears_in_no_string_it_makes() {
        var spec = ConnectionSpec.parse("postgresql://app:hunter2secret@localhost:5432/blog");
        assertThat(spec.toString()).doesNotContain("hunter2secret");
        assertThat(spec.jdbcUrl()).doesNotContain("hunter2secret");
        assertThat(spec.redact("failed for hunter2secret")).isEqualTo("failed for ***");
    }

    @Test
    void other_schemes_and_missing_database_are_refused_with_the_expected_shape() {
        assertThatThrownBy(() -> ConnectionSpec.parse("mysql://localhost/db")).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("postgresql://");
        assertThatThrownBy(() -> ConnectionSpec.parse("postgresql://localhost:5432/")).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("names no database");
    }
}
