package io.preserve.adapter.storage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.preserve.domain.model.migration.AppliedMigration;
import io.preserve.domain.model.migration.MigrationOverview;
import io.preserve.domain.model.migration.MigrationScript;
import io.preserve.domain.model.migration.MigrationStatus;
import io.preserve.domain.model.migration.StatementRisk;
import io.preserve.domain.model.migration.TableCount;
import io.preserve.domain.model.migration.ToolStep;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The migration state as JSON: what {@code preserve migrations --json} prints and, with the snapshot's name, the
 * {@code backup-<timestamp>-migration-info.json} written beside a pre-migration snapshot. One shape for both.
 */
public final class MigrationInfoJson {
    private static final JsonFactory JSON = new JsonFactory();

    private MigrationInfoJson() {
    }

    /** The overview alone. */
    public static String render(MigrationOverview overview) {
        return render(null, overview);
    }

    /** The overview, led by the snapshot it describes ({@code snapshot} may be {@code null}). */
    public static String render(String snapshot, MigrationOverview overview) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.setPrettyPrinter(new DefaultPrettyPrinter());
            json.writeStartObject();
            if (snapshot != null) json.writeStringField("snapshot", snapshot);
            var state = overview.state();
            json.writeStringField("tool", state.tool().label());
            json.writeStringField("folder", state.folder());
            json.writeStringField("historyTable", state.historyTable());
            json.writeArrayFieldStart("migrations");
            for (MigrationStatus s : overview.statuses()) status(json, s);
            json.writeEndArray();
            json.writeArrayFieldStart("pending");
            for (MigrationStatus s : overview.pending()) json.writeString(s.id());
            json.writeEndArray();
            json.writeArrayFieldStart("dangerous");
            for (MigrationStatus s : overview.dangerous()) {
                json.writeStartObject();
                json.writeStringField("id", s.id());
                json.writeStringField("state", label(s.state().name()));
                json.writeStringField("detail", s.detail());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("nextSteps");
            for (ToolStep step : overview.nextSteps()) {
                json.writeStartObject();
                json.writeStringField("command", step.command());
                json.writeStringField("action", label(step.action().name()));
                json.writeStringField("text", step.text());
                json.writeNumberField("rowsLost", step.rowsLost());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("statements");
            for (StatementRisk r : overview.risks()) risk(json, r);
            json.writeEndArray();
            json.writeArrayFieldStart("tables");
            for (TableCount t : overview.tables()) {
                json.writeStartObject();
                json.writeStringField("table", t.table());
                json.writeNumberField("rows", t.rows());
                if (t.history()) json.writeBooleanField("history", true);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("notes");
            for (String note : state.notes()) json.writeString(note);
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void status(JsonGenerator json, MigrationStatus s) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", s.id());
        json.writeStringField("description", s.description());
        json.writeStringField("state", label(s.state().name()));
        MigrationScript script = s.script();
        AppliedMigration applied = s.applied();
        json.writeStringField("kind", (script != null ? script.kind() : applied.kind()).label());
        if (script != null) {
            json.writeStringField("file", script.location());
            json.writeStringField("checksum", script.checksum());
        }
        if (applied != null) {
            json.writeStringField("appliedChecksum", applied.checksum());
            json.writeStringField("appliedAt", applied.appliedAt() == null ? null : applied.appliedAt().toString());
        }
        if (!s.detail().isEmpty()) json.writeStringField("detail", s.detail());
        json.writeEndObject();
    }

    private static void risk(JsonGenerator json, StatementRisk r) throws IOException {
        json.writeStartObject();
        json.writeStringField("migration", r.migration());
        json.writeNumberField("line", r.line());
        json.writeStringField("class", label(r.risk().name()));
        json.writeStringField("effect", r.effect());
        json.writeStringField("statement", r.statement());
        if (r.count() != null) {
            if (r.count().known()) json.writeNumberField("count", r.count().value());
            else json.writeNullField("count");
            if (!r.count().note().isEmpty()) json.writeStringField("countNote", r.count().note());
        }
        if (!r.hint().isEmpty()) json.writeStringField("hint", r.hint());
        json.writeEndObject();
    }

    private static String label(String constant) {
        return constant.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
