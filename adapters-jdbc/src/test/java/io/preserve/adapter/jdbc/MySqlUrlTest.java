package io.preserve.adapter.jdbc;

import io.preserve.domain.error.InvalidRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MySQL/MariaDB URLs are read as strictly as PostgreSQL's: each part or parameter preserve cannot honour is named. */
class MySqlUrlTest {

    @Test
    void prisma_mysql_url_gives_host_port_database_user_and_the_database_as_schema() {
        var spec = ConnectionSpec.parse("mysql://app:s3cr%40t@db.example.com:3307/blog?connection_limit=5&connect_timeout=10");
        assertThat(spec.dialect()).isEqualTo(ConnectionSpec.Dialect.MYSQL);
        assertThat(spec.host()).isEqualTo("db.example.com");
        assertThat(spec.port()).isEqualTo(3307);
        assertThat(spec.database()).isEqualTo("blog");
        assertThat(spec.schema()).isEqualTo("blog");
        assertThat(spec.user()).isEqualTo("app");
        assertThat(spec.password()).isEqualTo("s3cr@t");
        assertThat(spec.target()).isEqualTo("db.example.com:3307/blog");
        assertThat(spec.mariadbJdbcUrl()).isEqualTo("jdbc:mariadb://db.example.com:3307/blog?connectTimeout=10000");
        assertThat(spec.toString()).isEqualTo("mysql://app@db.example.com:3307/blog").doesNotContain("s3cr");
    }

    @Test
    void jdbc_mysql_and_jdbc_mariadb_urls_are_read_with_user_and_password_parameters() {
        var mysql = ConnectionSpec.parse("jdbc:mysql://127.0.0.1/shop?user=u&password=p&sslMode=VERIFY_IDENTITY");
        assertThat(mysql.dialect()).isEqualTo(ConnectionSpec.Dialect.MYSQL);
        assertThat(mysql.port()).isEqualTo(3306);
        assertThat(mysql.user()).isEqualTo("u");
        assertThat(mysql.password()).isEqualTo("p");
        assertThat(mysql.mariadbJdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:3306/shop?sslMode=verify-full");
        var maria = ConnectionSpec.parse("jdbc:mariadb://[::1]:3310/shop?user=root&sslaccept=strict");
        assertThat(maria.host()).isEqualTo("::1");
        assertThat(maria.target()).isEqualTo("[::1]:3310/shop");
        assertThat(maria.mariadbJdbcUrl()).isEqualTo("jdbc:mariadb://[::1]:3310/shop?sslMode=verify-full");
    }

    @Test
    void postgresql_urls_stay_postgresql() {
        assertThat(ConnectionSpec.parse("postgresql://u@h/db").dialect()).isEqualTo(ConnectionSpec.Dialect.POSTGRESQL);
        assertThat(ConnectionSpec.parse("mysql://u@h/db")).isNotEqualTo(ConnectionSpec.parse("postgresql://u@h:3306/db?schema=db"));
    }

    @Test
    void unreadable_parts_and_parameters_are_refused_naming_them_never_the_password() {
        refused("mysql://app:hunter2@db.example.com:99999/blog", "the port 99999 is not a number from 1 to 65535");
        refused("mysql://app:hunter2@db.example.com:/blog", "the port is empty");
        refused("mysql://app:hunter2@db.example.com:3306", "names no database");
        refused("mysql://app:hunter2@db.example.com:3306/", "names no database");
        refused("mysql://app:hun@ter2@db/blog", "more than one '@'");
        refused("mysql://app:hunter2@db/blog?sslaccept=maybe", "'sslaccept' is 'maybe'");
        refused("mysql://app:hunter2@db/blog?socket=/run/mysqld/mysqld.sock", "'socket'");
        refused("mysql://app:hunter2@db/blog?useUnicode=false", "'useUnicode' is not one preserve reads");
        refused("mysql://app:hunter2@db/blog?connect_timeout=soon", "'connect_timeout' is not a number of seconds");
        refused("jdbc:mysql://db/blog?password=hunter2&sslMode=PREFERRED", "PREFERRED");
        refused("mysql://app:hunter2@db/blog?schema=other", "in MySQL the database is the schema");
        refused("mysql://app:hunter2@db/blog?host=other", "'host' is not one preserve reads");
        refused("mariadb://app:hunter2@db/blog", "must start with postgresql://, jdbc:postgresql://, mysql://");
        refused("jdbc:mysqlx://app:hunter2@db/blog", "(got jdbc:mysqlx:)");
    }

    private static void refused(String url, String part) {
        assertThatThrownBy(() -> ConnectionSpec.parse(url)).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining(part).hasMessageNotContaining("hunter2").hasMessageStartingWith("the database URL");
    }
}
