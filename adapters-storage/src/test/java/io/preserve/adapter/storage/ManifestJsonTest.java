package io.preserve.adapter.storage;

import io.preserve.domain.model.Column;
import io.preserve.domain.model.Constraint;
import io.preserve.domain.model.DatabaseInfo;
import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.model.TableSchema;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestJsonTest {
    private static SnapshotHeader header(TableSchema table) {
        return new SnapshotHeader(SnapshotId.at(Instant.parse("2026-12-03T10:00:00Z")), "test", Instant.parse("2026-12-03T10:00:00Z"),
                new DatabaseInfo("db", "15", "public", "UTF8", Map.of()), List.of(table));
    }

    @Test
    void a_tables_rules_and_its_columns_domain_constraints_survive_the_round_trip() {
        var email = new Column("email", "email_address", true, null, false, null, List.of("CHECK (VALUE ~~ '%@%'::text)"));
        var table = new TableSchema(new TableRef("public", "User"), List.of(new Column("id", "text", true, null), email),
                List.of("id"), List.of(), List.of(), List.of(), List.of(
                new Constraint(Constraint.Kind.CHECK, "User_id_check", "CHECK (length(id) > 0)"),
                new Constraint(Constraint.Kind.UNIQUE, "User_email_lower", "UNIQUE USING btree (lower(email))"),
                new Constraint(Constraint.Kind.TRIGGER, "audit", "CREATE TRIGGER audit AFTER INSERT ON …")));
        var read = ManifestJson.parseHeader(ManifestJson.header(header(table))).tables().get(0);
        assertThat(read.constraints()).isEqualTo(table.constraints());
        assertThat(read.column("email").orElseThrow().domainChecks()).containsExactly("CHECK (VALUE ~~ '%@%'::text)");
        assertThat(read.column("id").orElseThrow().domainChecks()).as("recorded, and none").isEmpty();
    }

    @Test
    void the_dialect_survives_the_round_trip_and_a_header_without_one_is_postgresql() {
        var table = new TableSchema(new TableRef("blog", "User"), List.of(new Column("id", "varchar(191)", true, null)),
                List.of("id"), List.of(), List.of(), List.of(), List.of());
        var pg = header(table);
        String pgJson = new String(ManifestJson.header(pg), StandardCharsets.UTF_8);
        assertThat(pgJson).as("written only where it is not PostgreSQL: older snapshots' bytes unchanged").doesNotContain("dialect");
        assertThat(ManifestJson.parseHeader(pgJson.getBytes(StandardCharsets.UTF_8)).source().dialect()).isEqualTo(DatabaseInfo.POSTGRESQL);
        var mysql = new SnapshotHeader(pg.id(), pg.toolVersion(), pg.createdAt(), new DatabaseInfo("blog", "10.11.19-MariaDB",
                "blog", "utf8mb4", Map.of("time_zone", "+00:00"), DatabaseInfo.MYSQL), pg.tables());
        String mysqlJson = new String(ManifestJson.header(mysql), StandardCharsets.UTF_8);
        assertThat(mysqlJson).containsPattern("\"dialect\"\\s*:\\s*\"mysql\"");
        assertThat(ManifestJson.parseHeader(mysqlJson.getBytes(StandardCharsets.UTF_8)).source()).isEqualTo(mysql.source());
    }

    @Test
    void sequences_survive_the_round_trip_and_a_header_without_them_records_none() {
        var table = new TableSchema(new TableRef("public", "note"), List.of(new Column("id", "bigint", true, null)),
                List.of("id"), List.of(), List.of(), List.of(), List.of());
        var plain = header(table);
        String none = new String(ManifestJson.header(plain), StandardCharsets.UTF_8);
        assertThat(none).as("written only when there are some: older snapshots' bytes unchanged").doesNotContain("sequences");
        assertThat(ManifestJson.parseHeader(none.getBytes(StandardCharsets.UTF_8)).sequences()).isEmpty();
        var positions = List.of(new io.preserve.domain.model.SequencePosition("note_seq", 151, 50),
                new io.preserve.domain.model.SequencePosition("big", Long.MAX_VALUE));
        var with = new SnapshotHeader(plain.id(), plain.toolVersion(), plain.createdAt(), plain.source(), plain.tables(),
                Map.of(), plain.kind(), plain.selection(), null, positions);
        String json = new String(ManifestJson.header(with), StandardCharsets.UTF_8);
        assertThat(json).containsPattern("\"sequences\"\\s*:\\s*\\[\\s*\\{\\s*\"name\"\\s*:\\s*\"note_seq\",\\s*\"next\"\\s*:\\s*151,\\s*\"increment\"\\s*:\\s*50\\s*}");
        assertThat(ManifestJson.parseHeader(json.getBytes(StandardCharsets.UTF_8)).sequences()).isEqualTo(positions);
        String damaged = json.replace("151", "\"151\"");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ManifestJson.parseHeader(damaged.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("'next' is not a whole number");
    }

    @Test
    void a_snapshot_written_before_rules_were_recorded_has_them_unknown_not_absent() {
        var table = new TableSchema(new TableRef("public", "User"), List.of(new Column("id", "text", true, null)),
                List.of("id"), List.of(), List.of(), List.of(), List.of());
        String json = new String(ManifestJson.header(header(table)), StandardCharsets.UTF_8);
        String older = json.replaceAll(",\\s*\"constraints\"\\s*:\\s*\\[\\s*\\]", "");
        assertThat(older).doesNotContain("constraints");
        var read = ManifestJson.parseHeader(older.getBytes(StandardCharsets.UTF_8)).tables().get(0);
        assertThat(read.constraints()).isNull();
        assertThat(read.column("id").orElseThrow().domainChecks()).isNull();
        var live = new TableSchema(read.ref(), read.columns(), read.primaryKey(), read.uniqueKeys(), read.foreignKeys(),
                read.generatedColumns(), List.of(new Constraint(Constraint.Kind.CHECK, "c", "CHECK (true)")));
        assertThat(live.constraintsNotIn(read)).as("every live rule is checked").hasSize(1);
    }

    @Test
    void the_kind_survives_the_round_trip_and_a_header_without_one_or_with_an_unknown_one_is_a_backup() {
        var table = new TableSchema(new TableRef("public", "User"), List.of(new Column("id", "text", true, null)),
                List.of("id"), List.of(), List.of(), List.of(), List.of());
        var plain = header(table);
        var pre = new SnapshotHeader(plain.id(), plain.toolVersion(), plain.createdAt(), plain.source(), plain.tables(),
                Map.of(), io.preserve.domain.model.SnapshotKind.PRE_MIGRATION);
        String json = new String(ManifestJson.header(pre), StandardCharsets.UTF_8);
        assertThat(json).contains("\"kind\" : \"pre-migration\"");
        assertThat(ManifestJson.parseHeader(json.getBytes(StandardCharsets.UTF_8)).kind())
                .isEqualTo(io.preserve.domain.model.SnapshotKind.PRE_MIGRATION);
        String older = json.replace("\"kind\" : \"pre-migration\",", "");
        assertThat(older).doesNotContain("pre-migration");
        assertThat(ManifestJson.parseHeader(older.getBytes(StandardCharsets.UTF_8)).kind())
                .isEqualTo(io.preserve.domain.model.SnapshotKind.BACKUP);
        String newer = json.replace("pre-migration", "nightly");
        assertThat(ManifestJson.parseHeader(newer.getBytes(StandardCharsets.UTF_8)).kind())
                .isEqualTo(io.preserve.domain.model.SnapshotKind.BACKUP);
    }
}
