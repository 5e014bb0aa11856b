package io.preserve.adapter.jdbc.restore;


import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PgCastsTest {
    @Test
    void only_true_widenings_skip_the_check_of_the_values() {
        assertThat(PgCasts.alwaysFits("integer", "bigint")).isTrue();
        assertThat(PgCasts.alwaysFits("character varying(10)", "text")).isTrue();
        assertThat(PgCasts.alwaysFits("character varying(10)", "character varying(20)")).isTrue();
        assertThat(PgCasts.alwaysFits("character varying(20)", "character varying(10)")).isFalse();
        assertThat(PgCasts.alwaysFits("bigint", "integer")).isFalse();
        assertThat(PgCasts.alwaysFits("text", "integer")).isFalse();
        assertThat(PgCasts.alwaysFits("text", "character varying(5)")).isFalse();
    }
}
