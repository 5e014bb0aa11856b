package io.preserve.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.preserve.adapter.jdbc.TestDatabase;
import io.preserve.http.HttpApp;
import io.preserve.http.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The status page at {@code GET /} in a real browser (Debian's headless Chromium) against the real server over the real
 * PostgreSQL: its script reads the /v1 endpoints with the token from the address's fragment and draws the snapshots,
 * the plot, the last restore and what the pending migrations destroy; with no token, or a refused one, it says one is
 * needed; the token leaves the address and stays for the tab; all data is shown as text. The screenshot is checked pixel by pixel: the plot's two colours are drawn across the plot, and
 * the list's rows hold text.
 */
class StatusPageTest {
    static final String READER = "reader-token-0123456789";
    static final String ADMIN = "admin-token-0123456789";
    static final String HOSTILE = "<img src=x onerror=alert(1)>";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    @TempDir
    Path scratch;
    TestDatabase db;
    Wiring wiring;
    HttpApp.Server server;
    Chromium chromium;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void serve() {
        chromium = Chromium.findOrInstall(scratch).orElse(null);
        assumeTrue(chromium != null, "no chromium, and apt-get could not install it");
        db = TestDatabase.create("page");
        db.execute("CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (id int PRIMARY KEY, parent int REFERENCES parent);"
                + "INSERT INTO parent SELECT generate_series(1, 500); INSERT INTO child SELECT g, g FROM generate_series(1, 500) g;"
                + "CREATE TABLE \"" + HOSTILE + "\" (id int PRIMARY KEY); INSERT INTO \"" + HOSTILE + "\" VALUES (1), (2);");
        wiring = new Wiring(Clock.systemUTC(), true);
        server = ServeCmd.start(wiring, io.preserve.adapter.jdbc.ConnectionSpec.parse(db.url()), work.resolve("backups"), work,
                ConfigFile.Project.NONE, Tokens.parse(READER + ":reader," + ADMIN + ":admin"), "127.0.0.1", 0, Clock.systemUTC(), null);
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop(Duration.ofSeconds(30));
        if (wiring != null) wiring.close();
        if (db != null) db.close();
    }

    private String page(String fragment) {
        return "http://127.0.0.1:" + server.port() + "/" + fragment;
    }

    @Test
    void the_page_shows_the_snapshots_their_plot_the_last_restore_and_what_pending_migrations_destroy() throws Exception {
        String first = backup();
        db.execute("INSERT INTO parent SELECT generate_series(501, 4000); INSERT INTO child SELECT g, g FROM generate_series(501, 4000) g;");
        String second = backup();
        JsonNode restore = finished(post("/v1/restores", "{\"dryRun\": true}"));
        assertThat(restore.get("state").asText()).as(restore.toString()).isEqualTo("succeeded");
        var project = new PrismaProject(work).migration("20240101000000_init", MigrationsCmdTest.INIT)
                .migration("20240201000000_drop_children", "DROP TABLE child;");
        project.apply(db, "20240101000000_init");

        String dom = chromium.dumpDom(page("#token=" + READER));

        assertThat(dom).as("the script ran to its end").contains("data-loaded=\"true\"");
        // the snapshots, newest first, with their kind, size and rows
        assertThat(rows(dom, "tr class=\"snapshot\"")).isEqualTo(2);
        assertThat(dom.indexOf(second)).as("newest first").isPositive().isLessThan(dom.indexOf(first));
        assertThat(dom).contains("<td class=\"kind\">backup</td>").contains(">8,002<").contains(">1,002<");
        // the plot: one point per snapshot and a line through them, for the size and for the rows
        assertThat(dom).contains("<svg class=\"plot\" id=\"plot-svg\"");
        assertThat(rows(dom, "circle class=\"point-size\"")).isEqualTo(2);
        assertThat(rows(dom, "circle class=\"point-rows\"")).isEqualTo(2);
        assertThat(dom).contains("<polyline class=\"series-size\"").contains("<polyline class=\"series-rows\"");
        // the last restore's report: a dry run of the newest snapshot, table by table
        assertThat(dom).contains("Dry run (nothing was written) of <span class=\"mono\">" + second + "</span>");
        assertThat(rows(dom, "tr class=\"restored-table\"")).isEqualTo(3);
        // what the pending migration destroys, counted
        assertThat(dom).contains("1 pending (20240201000000_drop_children)").contains("<td class=\"destroys\">destroys</td>")
                .contains("<pre class=\"mono\">DROP TABLE child</pre>").contains(">4,000<");
        // data is text: the table's name shows as the characters it is, and no element came of it
        assertThat(dom).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContainPattern("<img[ >]");
        assertThat(dom).as("the token is not shown").doesNotContain(READER);

        Path png = chromium.screenshot(page("#token=" + READER), 1200, 1500);
        java.nio.file.Files.copy(png, Path.of("target", "status-page.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        BufferedImage image = ImageIO.read(png.toFile());
        Box size = box(image, 0x1f6feb);
        Box rows = box(image, 0xe16f24);
        assertThat(size.count()).as("pixels of the size line").isGreaterThan(300);
        assertThat(size.width()).as("the size line spans the plot").isGreaterThan(400);
        assertThat(rows.count()).as("pixels of the rows line").isGreaterThan(300);
        assertThat(rows.width()).as("the rows line spans the plot").isGreaterThan(400);
        Box list = box(image, 0xeef4fb);
        assertThat(list.count()).as("the list's rows").isGreaterThan(5000);
        assertThat(dark(image, list)).as("text in the list's rows").isGreaterThan(200);
    }

    @Test
    void with_no_snapshots_it_says_so_and_a_token_comes_from_the_address_or_the_field_and_a_refused_one_is_a_message() throws Exception {
        try (Chromium.Tab tab = chromium.open(page("#token=" + READER))) {
            loaded(tab);
            assertThat(tab.eval("location.href").asText()).as("the fragment is gone from the address").isEqualTo(page(""));
            assertThat(tab.eval("sessionStorage.getItem('preserve.token')").asText()).isEqualTo(READER);
            assertThat(text(tab, "main")).contains("No snapshots yet.").contains("Nothing to plot yet.")
                    .contains("No restore since the server started.").contains("No migrations to read:");
            assertThat(count(tab, "svg, table, .message.error")).isZero();

            tab.eval("document.getElementById('forget').click()");
            loaded(tab);
            assertThat(tab.eval("sessionStorage.getItem('preserve.token')").isNull()).isTrue();
            assertThat(count(tab, ".message.error")).as("each part says a token is needed").isEqualTo(3);
            assertThat(text(tab, "#snapshots-body")).isEqualTo("A token is needed: paste one above (the reader role is enough)."
                    + " (A bearer token is needed)");

            submit(tab, "not-a-token-of-this-server");
            assertThat(count(tab, ".message.error")).isEqualTo(3);
            assertThat(text(tab, "#restore-body")).endsWith("(The token is not known)");

            submit(tab, READER);
            assertThat(tab.eval("document.getElementById('token').value").asText()).as("the field is emptied").isEmpty();
            assertThat(tab.eval("sessionStorage.getItem('preserve.token')").asText()).isEqualTo(READER);
            assertThat(count(tab, ".message.error")).isZero();

            tab.eval("window.beforeReload = true; setTimeout(() => location.reload(), 0); true");
            until(tab, "window.beforeReload === undefined && document.body !== null && document.body.dataset.loaded === 'true'");
            assertThat(count(tab, ".message.error")).as("the token is kept across a reload").isZero();
            assertThat(text(tab, "#token-state")).isEqualTo("A token is set for this browser tab.");
            // nothing refused by the Content-Security-Policy, no script error, no warning, nothing printed; the only
            // complaints are the network's: the refused calls above, the 400 of /v1/migrations here, no favicon
            var console = tab.console();
            assertThat(console).noneMatch(line -> line.contains("Content Security Policy") || line.contains("Refused"));
            assertThat(console).filteredOn(line -> !line.startsWith("error network: ")).isEmpty();
        }
    }

    private static void submit(Chromium.Tab tab, String token) throws Exception {
        tab.eval("document.getElementById('token').value = " + JSON.writeValueAsString(token)
                + "; document.getElementById('token-form').requestSubmit()");
        loaded(tab);
    }

    private static int count(Chromium.Tab tab, String selector) throws Exception {
        return tab.eval("document.querySelectorAll(" + JSON.writeValueAsString(selector) + ").length").asInt();
    }

    private static String text(Chromium.Tab tab, String selector) throws Exception {
        return tab.eval("document.querySelector(" + JSON.writeValueAsString(selector) + ").textContent.trim()").asText();
    }

    private static void loaded(Chromium.Tab tab) throws Exception {
        until(tab, "document.body !== null && document.body.dataset.loaded === 'true'");
    }

    /** Waits until {@code condition} holds in the page (a page being replaced may not answer for a moment). */
    private static void until(Chromium.Tab tab, String condition) throws Exception {
        AssertionError last = null;
        for (long end = System.nanoTime() + Duration.ofSeconds(15).toNanos(); System.nanoTime() < end; Thread.sleep(20)) {
            try {
                if (tab.eval(condition).asBoolean()) return;
            } catch (AssertionError e) {
                last = e;
            }
        }
        throw new AssertionError("the page never came to " + condition, last);
    }

    // ---- the screenshot, read as pixels ----

    record Box(int count, int minX, int maxX, int minY, int maxY) {
        int width() {
            return count == 0 ? 0 : maxX - minX + 1;
        }
    }

    /** Where pixels of {@code rgb} (give or take a little) are in the image, and how many. */
    private static Box box(BufferedImage image, int rgb) {
        int count = 0, minX = Integer.MAX_VALUE, maxX = -1, minY = Integer.MAX_VALUE, maxY = -1;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (!near(image.getRGB(x, y), rgb, 6)) continue;
                count++;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
        }
        return new Box(count, minX, maxX, minY, maxY);
    }

    /** Dark pixels (text) inside the box. */
    private static int dark(BufferedImage image, Box box) {
        int count = 0;
        for (int y = box.minY(); y <= box.maxY(); y++) {
            for (int x = box.minX(); x <= box.maxX(); x++) {
                int p = image.getRGB(x, y);
                if (((p >> 16) & 0xff) < 110 && ((p >> 8) & 0xff) < 110 && (p & 0xff) < 110) count++;
            }
        }
        return count;
    }

    private static boolean near(int p, int rgb, int tolerance) {
        return Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff)) <= tolerance
                && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) <= tolerance
                && Math.abs((p & 0xff) - (rgb & 0xff)) <= tolerance;
    }

    private static int rows(String text, String needle) {
        return (int) Pattern.compile(Pattern.quote(needle)).matcher(text).results().count();
    }

    // ---- the API, to make the data the page shows ----

    private String backup() throws Exception {
        JsonNode job = finished(post("/v1/snapshots", "{}"));
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        return job.get("result").get("snapshot").asText();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Authorization", "Bearer " + ADMIN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode finished(HttpResponse<String> accepted) throws Exception {
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        URI location = URI.create("http://127.0.0.1:" + server.port() + accepted.headers().firstValue("Location").orElseThrow());
        for (long until = System.nanoTime() + Duration.ofSeconds(60).toNanos(); System.nanoTime() < until; Thread.sleep(20)) {
            JsonNode job = JSON.readTree(http.send(HttpRequest.newBuilder(location).header("Authorization", "Bearer " + READER).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            if (!job.get("state").asText().equals("queued") && !job.get("state").asText().equals("running")) return job;
        }
        throw new AssertionError("the job did not end");
    }
}
