package io.preserve.adapter.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The blog application of the original guide ({@code examples/blog-app}): its schema, a data generator with a
 * scale factor (1 ≈ 100 MB), and the reset a migration tool performs.
 */
public final class SampleApp {
    private SampleApp() {
    }

    /** Creates the schema's tables in an empty database and fills them at the given scale. */
    public static void load(ConnectionSpec spec, double scale) {
        PgTools.execute(spec, script("schema.sql"));
        PgTools.execute(spec, String.format(Locale.ROOT, "SET preserve.scale = '%s';%n", scale) + script("generate.sql"));
    }

    /**
     * What {@code prisma migrate reset} does: drops the schema with everything in it, re-creates the tables
     * (with the migration history) and runs the seed, which puts back the first admin.
     */
    public static void resetLikeMigrationTool(ConnectionSpec spec) {
        String schema = "\"" + spec.schema().replace("\"", "\"\"") + "\"";
        PgTools.execute(spec, "DROP SCHEMA " + schema + " CASCADE; CREATE SCHEMA " + schema + ";");
        PgTools.execute(spec, script("schema.sql"));
        PgTools.execute(spec, script("seed.sql"));
    }

    /** The sample app's {@code preserve.yaml}: its categories, as the original guide names them. */
    public static String config() {
        return script("preserve.yaml");
    }

    static String script(String name) {
        try (InputStream in = SampleApp.class.getResourceAsStream("blog-app/" + name)) {
            if (in == null) throw new IllegalStateException("the sample app's " + name + " is missing from the build");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
