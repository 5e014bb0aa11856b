package io.preserve.cli;

import io.preserve.adapter.jdbc.SampleApp;
import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** --with-parents: the parent rows restored rows need come from the snapshot, and only those. */
class WithParentsTest {
    @TempDir
    Path work;
    TestDatabase db;
    Map<String, String> original;

    @BeforeEach
    void backUpAndWipe() throws IOException {
        db = TestDatabase.create("parents");
        SampleApp.load(db.spec(), 0.02);
        // users who own nothing: a restore of their data's children must not bring them back
        db.execute("INSERT INTO \"User\" (id, email, \"updatedAt\") SELECT 'lonely' || g, 'lonely' || g || '@example.com',"
                + " now() FROM generate_series(1, 5) g");
        original = db.fingerprints();
        Files.writeString(work.resolve("preserve.yaml"), SampleApp.config());
        assertThat(Cli.run(work, "backup", "--database-url", db.url()).code()).isZero();
    }

    @AfterEach
    void drop() {
        db.close();
    }

    /** What a query answers on the data as backed up, before the wipe. */
    private String before(String query) {
        return db.queryValue(query);
    }

    private void wipe() {
        db.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        SampleApp.resetLikeMigrationTool(db.spec());
        db.execute("DELETE FROM \"User\"");
    }

    @Test
    void images_bring_back_their_owners_and_no_other_user() {
        String owners = before("SELECT count(DISTINCT \"userId\") FROM \"GeneratedImage\"");
        String users = before("SELECT count(*) FROM \"User\"");
        assertThat(Long.parseLong(owners)).isLessThan(Long.parseLong(users));
        wipe();

        var orphaned = Cli.run(work, "restore", "--database-url", db.url(), "--only", "generated-images", "--dry-run");
        assertThat(orphaned.code()).as(orphaned.all()).isEqualTo(ExitCodes.NOTHING_RESTORED);
        assertThat(orphaned.out()).contains("GeneratedImage: 400 rows skipped: User id not found");

        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--only", "generated-images", "--with-parents");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(db.fingerprints().get("GeneratedImage")).isEqualTo(original.get("GeneratedImage"));
        assertThat(db.queryValue("SELECT count(*) FROM \"User\"")).isEqualTo(owners);
        assertThat(db.queryValue("SELECT count(*) FROM \"GeneratedImage\" i WHERE NOT EXISTS (SELECT 1 FROM \"User\" u WHERE u.id = i.\"userId\")"))
                .isEqualTo("0");
        assertThat(restore.out()).contains(owners + " rows went in as parents of restored rows (--with-parents)")
                .contains("User: " + (Long.parseLong(users) - Long.parseLong(owners))
                        + " rows not selected: not needed: no restored row references them (--with-parents)");
        assertThat(db.queryValue("SELECT count(*) FROM \"UserSettings\"")).isEqualTo("0");
        // the owners went in whole, as they were
        assertThat(db.queryValue("SELECT count(*) FROM \"User\" u WHERE u.email IS NULL OR u.\"createdAt\" IS NULL")).isEqualTo("0");
    }

    @Test
    void parents_of_parents_follow_and_optional_references_are_honoured_too() {
        String carousels = before("SELECT count(DISTINCT \"carouselId\") FROM \"CarouselSlide\"");
        String images = before("SELECT count(DISTINCT \"imageId\") FROM \"CarouselSlide\"");
        String users = before("SELECT count(*) FROM \"User\" u WHERE u.id IN (SELECT \"userId\" FROM \"GeneratedCarousel\" c"
                + " WHERE c.id IN (SELECT \"carouselId\" FROM \"CarouselSlide\")) OR u.id IN (SELECT \"userId\" FROM"
                + " \"GeneratedImage\" i WHERE i.id IN (SELECT \"imageId\" FROM \"CarouselSlide\"))");
        assertThat(Long.parseLong(images)).isPositive();
        wipe();

        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--only", "CarouselSlide", "--with-parents", "--json");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(db.fingerprints().get("CarouselSlide")).isEqualTo(original.get("CarouselSlide"));
        assertThat(db.queryValue("SELECT count(*) FROM \"GeneratedCarousel\"")).isEqualTo(carousels);
        assertThat(db.queryValue("SELECT count(*) FROM \"GeneratedImage\"")).isEqualTo(images);
        assertThat(db.queryValue("SELECT count(*) FROM \"User\"")).isEqualTo(users);
        assertThat(db.queryValue("SELECT count(*) FROM \"BlogPost\"")).isEqualTo("0");
        assertThat(restore.out()).contains("\"excluded\" : \"not selected (--only CarouselSlide)\"");
    }

    @Test
    void rows_a_filter_left_out_go_in_when_restored_rows_need_them() {
        String users = before("SELECT count(*) FROM \"User\" u WHERE u.role IN ('ADMIN', 'SUPER_ADMIN')"
                + " OR u.id IN (SELECT \"authorId\" FROM \"BlogPost\") OR u.id IN (SELECT \"authorId\" FROM \"Comment\")");
        String admins = before("SELECT count(*) FROM \"User\" WHERE role IN ('ADMIN', 'SUPER_ADMIN')");
        assertThat(Long.parseLong(users)).isGreaterThan(Long.parseLong(admins));
        wipe();

        var without = Cli.run(work, "restore", "--database-url", db.url(), "--only", "admin-users,blog-posts", "--dry-run");
        assertThat(without.code()).as(without.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(without.out()).containsPattern("BlogPost: \\d+ rows skipped: User id not found");

        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--only", "admin-users,blog-posts", "--with-parents");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(db.queryValue("SELECT count(*) FROM \"User\"")).isEqualTo(users);
        assertThat(db.fingerprints().get("BlogPost")).isEqualTo(original.get("BlogPost"));
        assertThat(db.fingerprints().get("Comment")).isEqualTo(original.get("Comment"));
        assertThat(db.fingerprints().get("AdminPermission")).isEqualTo(original.get("AdminPermission"));
    }
}
