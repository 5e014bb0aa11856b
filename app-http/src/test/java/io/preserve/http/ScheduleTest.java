package io.preserve.http;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleTest {
    private static Instant at(String time) {
        return Instant.parse(time);
    }

    @Test
    void a_run_is_due_once_a_scheduled_time_has_passed_and_downtime_is_made_up_for_once() {
        AtomicInteger runs = new AtomicInteger();
        var schedule = new Schedule("0 2 * * *", Clock.fixed(at("2026-12-01T01:00:00Z"), ZoneOffset.UTC),
                at("2026-12-01T01:00:00Z"), runs::incrementAndGet);
        assertThat(schedule.runDue(at("2026-12-01T01:59:59Z"))).isFalse();
        assertThat(schedule.runDue(at("2026-12-01T02:00:30Z"))).isTrue();
        assertThat(schedule.runDue(at("2026-12-01T03:00:00Z"))).as("not twice for one time").isFalse();
        // down for three days: three times missed, one run
        assertThat(schedule.runDue(at("2026-12-04T05:00:00Z"))).isTrue();
        assertThat(schedule.runDue(at("2026-12-04T06:00:00Z"))).isFalse();
        assertThat(runs.get()).isEqualTo(2);
        assertThat(schedule.next(at("2026-12-04T06:00:00Z"))).contains(at("2026-12-05T02:00:00Z"));
    }

    @Test
    void a_schedule_with_no_run_before_starts_counting_from_now() {
        AtomicInteger runs = new AtomicInteger();
        var schedule = new Schedule("*/15 * * * *", Clock.fixed(at("2026-12-01T10:07:00Z"), ZoneOffset.UTC), null, runs::incrementAndGet);
        assertThat(schedule.runDue(at("2026-12-01T10:14:59Z"))).isFalse();
        assertThat(schedule.runDue(at("2026-12-01T10:15:01Z"))).isTrue();
    }

    @Test
    void what_is_no_crontab_line_is_refused_saying_what_one_is() {
        assertThatThrownBy(() -> new Schedule("every night", Clock.systemUTC(), null, () -> { }))
                .hasMessage("'every night' is not a crontab schedule (five fields: minute hour day month weekday, e.g."
                        + " \"0 2 * * *\" for 02:00 every day)");
        assertThatThrownBy(() -> new Schedule("0 2 * *", Clock.systemUTC(), null, () -> { })).hasMessageContaining("five fields");
    }
}
