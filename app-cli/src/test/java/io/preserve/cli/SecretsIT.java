package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The database password stays out of what other users of the machine can see. */
class SecretsIT {
    private static final String PASSWORD = "Pw-Xq7-secret-93";

    @TempDir
    Path home;
    @TempDir
    Path work;
    Launcher launcher;
    TestDatabase db;

    @BeforeEach
    void install() throws IOException {
        launcher = Launcher.installWithoutClassData(home);
        db = TestDatabase.create("secrets");
        db.execute("CREATE TABLE note (id int PRIMARY KEY, body text);"
                + " INSERT INTO note SELECT g, 'n' || g FROM generate_series(1, 2500) g;");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private String url() {
        return "postgresql://" + db.spec().user() + ":" + PASSWORD + "@" + db.spec().target();
    }

    /** While the backup runs (its JVM lives a good half second: polled every 20 ms), its command line as ps shows it. */
    private String commandLineWhileRunning(Map<String, String> env, String... args) {
        var run = launcher.start(work, env, args);
        Launcher.waitUntil("the JVM", Duration.ofSeconds(20), () -> run.commandLine().startsWith("java "));
        String seen = run.commandLine();
        assertThat(run.waitFor(Duration.ofSeconds(60))).as(run.stderr()).isZero();
        assertThat(run.stdout() + run.stderr()).doesNotContain(PASSWORD);
        return seen;
    }

    @Test
    void a_password_given_through_the_environment_dot_env_or_a_file_is_not_on_the_command_line() throws IOException {
        String[] backup = {"backup", "--quiet"};
        // the probe sees what ps sees: a password given with --database-url is there (and warned about)
        assertThat(commandLineWhileRunning(Map.of(), "backup", "--quiet",
                "--database-url", url())).contains(PASSWORD);

        assertThat(commandLineWhileRunning(Map.of("DATABASE_URL", url()), backup)).contains("backup").doesNotContain(PASSWORD);

        Files.writeString(work.resolve(".env"), "DATABASE_URL=\"" + url() + "\"\n");
        assertThat(commandLineWhileRunning(Map.of(), backup)).doesNotContain(PASSWORD);
        Files.delete(work.resolve(".env"));

        Path file = Files.writeString(work.resolve("db.url"), url() + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        String[] withFile = {"backup", "--quiet", "--database-url-file", "db.url"};
        assertThat(commandLineWhileRunning(Map.of(), withFile)).contains("--database-url-file db.url").doesNotContain(PASSWORD);

        Path pgpass = Files.writeString(work.resolve("pgpass"), "*:*:*:*:" + PASSWORD + "\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        assertThat(commandLineWhileRunning(Map.of("DATABASE_URL", db.url(), "PGPASSFILE", pgpass.toString()), backup))
                .doesNotContain(PASSWORD);
    }

    /** A password that needs percent-encoding: both its forms are looked for. */
    private static final String ODD_PASSWORD = "Pw@Xq7/se%cret#93";
    private static final String ODD_ENCODED = "Pw%40Xq7%2Fse%25cret%2393";

    @Test
    void a_full_run_with_a_password_leaves_it_in_no_output_log_snapshot_or_temporary_file(@TempDir Path cdsHome,
                                                                                           @TempDir Path tmp) throws Exception {
        Launcher withClassData = Launcher.installIn(cdsHome);
        String url = "postgresql://" + db.spec().user() + ":" + ODD_ENCODED + "@" + db.spec().target();
        Map<String, String> env = Map.of("DATABASE_URL", url,
                "PRESERVE_JAVA_OPTS", "-Xmx128m -XX:+UseSerialGC -Djava.io.tmpdir=" + tmp);
        StringBuilder printed = new StringBuilder();
        java.util.List<Long> pids = new java.util.ArrayList<>();
        java.util.function.BiConsumer<Integer, String[]> run = (expected, args) -> {
            var r = withClassData.run(work, env, args);
            pids.add(r.pid());
            printed.append(r.stdout()).append(r.stderr());
            assertThat(r.process().exitValue()).as(String.join(" ", args) + ": " + r.stderr()).isEqualTo(expected);
        };
        run.accept(0, new String[] {"init"});
        run.accept(0, new String[] {"categories"});
        run.accept(0, new String[] {"backup"});
        run.accept(0, new String[] {"backup", "--json"});
        run.accept(0, new String[] {"list"});
        run.accept(0, new String[] {"restore", "--dry-run"});
        db.execute("TRUNCATE note");
        run.accept(0, new String[] {"restore", "--json"});
        run.accept(0, new String[] {"restore", "--mode", "overwrite", "--verbose"});
        // errors too: a damaged snapshot, a database that is not there, a bad URL, a hostile filter
        Path damaged = Files.copy(newestSnapshot(), work.resolve("damaged.preserve"));
        byte[] bytes = Files.readAllBytes(damaged);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(damaged, bytes);
        run.accept(ExitCodes.SNAPSHOT_DAMAGED, new String[] {"restore", "--file", damaged.toString(), "--verbose"});
        var elsewhere = withClassData.run(work, Map.of("DATABASE_URL", url.replace(":" + db.spec().port() + "/", ":1/")), "backup", "--verbose");
        printed.append(elsewhere.stdout()).append(elsewhere.stderr());
        assertThat(elsewhere.process().exitValue()).isEqualTo(ExitCodes.DATABASE_UNREACHABLE);
        var badUrl = withClassData.run(work, Map.of("DATABASE_URL", url.replace("@", "@@")), "backup");
        printed.append(badUrl.stdout()).append(badUrl.stderr());
        assertThat(badUrl.process().exitValue()).isEqualTo(ExitCodes.USAGE);
        // the archive in place and the launcher's background build finished (its preserve.jsa.PID and all.classes.PID gone):
        // a file renamed away while the scan below reads the folder would fail it
        Launcher.waitUntil("the class-data archive", Duration.ofSeconds(60), () -> Files.exists(withClassData.classData().resolve("preserve.jsa"))
                && !hasTemporaryArchive(withClassData.classData()));

        assertThat(printed.toString()).contains("Restored").doesNotContain(ODD_PASSWORD).doesNotContain(ODD_ENCODED);
        java.util.List<Path> scanned = new java.util.ArrayList<>();
        for (Path root : java.util.List.of(work, tmp, withClassData.classData())) {
            try (var files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String content = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertThat(content).as(f.toString()).doesNotContain(ODD_PASSWORD).doesNotContain(ODD_ENCODED);
                    scanned.add(f);
                }
            }
        }
        // table data is compressed in a snapshot: read it back too
        var store = io.preserve.adapter.storage.SnapshotStores.local(work.resolve("backups"), java.time.Clock.systemUTC());
        for (var snapshot : store.list()) {
            try (var reader = store.open(java.util.Optional.of(snapshot.location()))) {
                for (var t = reader.nextTable(); t.isPresent(); t = reader.nextTable()) {
                    assertThat(new String(t.get().data().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                            .doesNotContain(ODD_PASSWORD);
                }
            }
        }
        assertThat(scanned).anyMatch(f -> f.toString().endsWith(".preserve")).anyMatch(f -> f.toString().endsWith("preserve.yaml"))
                .anyMatch(f -> f.toString().endsWith(".classes"));
        Path perfData = Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"));
        for (long pid : pids) assertThat(perfData.resolve(Long.toString(pid))).doesNotExist();
    }

    private static final String PASSPHRASE = "Pass-phrase-Vq81-secret";

    @Test
    void a_passphrase_and_an_object_storage_secret_stay_out_of_command_lines_output_and_files(@TempDir Path tmp) throws Exception {
        try (var s3 = io.preserve.adapter.storage.S3TestServer.start()) {
            s3.createBucket("secrets");
            String store = "s3://secrets/app";
            Map<String, String> env = new java.util.HashMap<>(s3.environment());
            env.put("DATABASE_URL", db.url());
            env.put("PRESERVE_PASSPHRASE", PASSPHRASE);
            env.put("PRESERVE_JAVA_OPTS", "-Xmx128m -XX:+UseSerialGC -Djava.io.tmpdir=" + tmp);
            // what ps shows while an encrypted backup to the bucket runs
            assertThat(commandLineWhileRunning(env, "backup", "--quiet", "--encrypt", "--store", store))
                    .contains("--store " + store).doesNotContain(PASSPHRASE).doesNotContain(io.preserve.adapter.storage.S3TestServer.SECRET_KEY);
            StringBuilder printed = new StringBuilder();
            java.util.function.BiFunction<Map<String, String>, String[], Integer> run = (environment, args) -> {
                var r = launcher.run(work, environment, args);
                printed.append(r.stdout()).append(r.stderr());
                return r.process().exitValue();
            };
            assertThat(run.apply(env, new String[]{"backup", "--encrypt", "--verbose"})).isZero();
            assertThat(run.apply(env, new String[]{"list", "--store", store, "--json"})).isZero();
            assertThat(run.apply(env, new String[]{"restore", "--store", store, "--dry-run", "--verbose"})).isZero();
            assertThat(run.apply(env, new String[]{"restore", "--dry-run", "--json"})).isZero();
            Map<String, String> wrong = new java.util.HashMap<>(env);
            wrong.put("PRESERVE_PASSPHRASE", PASSPHRASE + "x");
            assertThat(run.apply(wrong, new String[]{"restore", "--store", store, "--verbose"})).isEqualTo(ExitCodes.WRONG_PASSPHRASE);
            Map<String, String> none = new java.util.HashMap<>(env);
            none.remove("PRESERVE_PASSPHRASE");
            assertThat(run.apply(none, new String[]{"restore", "--verbose"})).isEqualTo(ExitCodes.NO_KEY);
            Map<String, String> refused = new java.util.HashMap<>(env);
            refused.put("AWS_SECRET_ACCESS_KEY", "Wrong-S3-secret-k7");
            assertThat(run.apply(refused, new String[]{"backup", "--encrypt", "--store", store, "--verbose"})).isEqualTo(ExitCodes.STORE_ACCESS_DENIED);
            Path damaged = Files.copy(newestSnapshot(), work.resolve("damaged.preserve"));
            byte[] bytes = Files.readAllBytes(damaged);
            bytes[bytes.length / 2] ^= 0x40;
            Files.write(damaged, bytes);
            assertThat(run.apply(env, new String[]{"restore", "--file", damaged.toString(), "--verbose"})).isEqualTo(ExitCodes.SNAPSHOT_DAMAGED);

            assertThat(printed.toString()).contains("Restored").doesNotContain(PASSPHRASE)
                    .doesNotContain(io.preserve.adapter.storage.S3TestServer.SECRET_KEY).doesNotContain("Wrong-S3-secret-k7");
            for (Path root : java.util.List.of(work, tmp)) {
                try (var files = Files.walk(root)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        String content = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                        assertThat(content).as(f.toString()).doesNotContain(PASSPHRASE)
                                .doesNotContain(io.preserve.adapter.storage.S3TestServer.SECRET_KEY);
                    }
                }
            }
            // the decrypted copies of the restores left nothing in the temporary directory
            try (var left = Files.list(tmp)) {
                assertThat(left.map(Path::getFileName).map(Path::toString)).noneMatch(n -> n.startsWith("preserve-"));
            }
        }
    }

    private Path newestSnapshot() throws IOException {
        try (var files = Files.list(work.resolve("backups"))) {
            return files.filter(p -> p.toString().endsWith(".preserve")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    private static boolean hasTemporaryArchive(Path classData) {
        try (var files = Files.list(classData)) {
            return files.anyMatch(f -> f.getFileName().toString().matches(".*\\.[0-9]+"));
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
