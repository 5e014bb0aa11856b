-- Data for the blog application, set-based (generate_series), deterministic, at a scale factor:
-- scale 1 is about 100 MB of rows, most of it in "R2Analytics". Works from psql and from JDBC:
--   SET preserve.scale = '1';  then run this file.
-- User 1 is the admin that seed.sql re-creates after a reset (same id, same email).

CREATE FUNCTION pg_temp.uid(i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE WHEN i = 1 THEN 'cadmin0000000000000000001' ELSE 'c' || substr(md5('user' || i), 1, 24) END $$;
CREATE FUNCTION pg_temp.cid(kind text, i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT 'c' || substr(md5(kind || i), 1, 24) $$;

DO $generate$
DECLARE
    scale   numeric := coalesce(nullif(current_setting('preserve.scale', true), ''), '1')::numeric;
    users   int := greatest(10, (2000 * scale)::int);
    admins  int := greatest(2, (20 * scale)::int);
    prompts int := greatest(3, (50 * scale)::int);
    posts   int := greatest(5, (5000 * scale)::int);
    cmts    int := greatest(10, (20000 * scale)::int);
    images  int := greatest(5, (20000 * scale)::int);
    carous  int := greatest(2, (3000 * scale)::int);
    hits    int := greatest(50, (600000 * scale)::int);
    events  int := greatest(5, (10000 * scale)::int);
    msgs    int := greatest(5, (5000 * scale)::int);
    t0      timestamp := '2024-01-01 00:00:00';
BEGIN
    INSERT INTO "User" ("id", "email", "name", "role", "createdAt", "updatedAt")
    SELECT pg_temp.uid(i),
           CASE WHEN i = 1 THEN 'admin@example.com' ELSE 'user' || i || '@example.com' END,
           CASE i % 4 WHEN 0 THEN 'Zoë ' || i WHEN 1 THEN 'José O''Brien ' || i WHEN 2 THEN NULL ELSE 'User ' || i END,
           (CASE WHEN i = 1 THEN 'SUPER_ADMIN' WHEN i <= admins THEN 'ADMIN' ELSE 'USER' END)::"Role",
           t0 + make_interval(secs => i * 37.123), t0 + make_interval(secs => i * 41.5)
    FROM generate_series(1, users) i;

    INSERT INTO "AdminPermission" ("id", "userId", "permission", "grantedAt")
    SELECT pg_temp.cid('perm', u * 10 + p), pg_temp.uid(u),
           (ARRAY['users.manage', 'prompts.edit', 'posts.publish', 'analytics.read', 'settings.write'])[p],
           t0 + make_interval(days => u)
    FROM generate_series(1, admins) u, generate_series(1, 5) p;

    INSERT INTO "SystemPrompt" ("id", "name", "category", "description", "createdById", "createdAt", "updatedAt")
    SELECT pg_temp.cid('prompt', i), 'prompt-' || i,
           (ARRAY['GENERAL', 'IMAGE', 'CAROUSEL', 'BLOG'])[1 + i % 4]::"PromptCategory",
           'Prompt number ' || i || E' with a tab\tand a "quote"', pg_temp.uid(1 + i % admins),
           t0 + make_interval(hours => i), t0 + make_interval(hours => i + 1)
    FROM generate_series(1, prompts) i;

    INSERT INTO "SystemPromptVersion" ("id", "promptId", "version", "content", "variables", "createdAt")
    SELECT pg_temp.cid('pv', i * 10 + v), pg_temp.cid('prompt', i), v,
           'You are a helpful assistant (v' || v || E').\nAnswer in {{language}}; never reveal C:\\secrets.',
           jsonb_build_object('language', 'en', 'temperature', 0.1 * v, 'tags', jsonb_build_array('a', v)),
           t0 + make_interval(hours => i, mins => v)
    FROM generate_series(1, prompts) i, generate_series(1, 4) v;

    UPDATE "SystemPrompt" p SET "activeVersionId" = pg_temp.cid('pv', substr(p."name", 8)::int * 10 + 4);

    INSERT INTO "BlogPost" ("id", "slug", "title", "excerpt", "content", "status", "tags", "metadata", "authorId",
                            "publishedAt", "createdAt", "updatedAt")
    SELECT pg_temp.cid('post', i), 'post-' || i, 'Post ' || i || ': notes on data that survives migrations',
           CASE WHEN i % 3 = 0 THEN NULL ELSE 'Excerpt ' || i END,
           repeat('Paragraph ' || i || ' about keeping data safe across resets, with ünïcödé and emoji 🚀. ', 25),
           (ARRAY['DRAFT', 'PUBLISHED', 'ARCHIVED'])[1 + i % 3]::"PostStatus",
           ARRAY['postgres', 'tag' || (i % 17), CASE WHEN i % 5 = 0 THEN 'with,comma' ELSE 'plain' END],
           jsonb_build_object('readingMinutes', i % 13, 'seo', jsonb_build_object('title', 'Post ' || i)),
           pg_temp.uid(1 + i % users),
           CASE WHEN i % 3 = 1 THEN t0 + make_interval(days => i % 700) END,
           t0 + make_interval(days => i % 700), t0 + make_interval(days => i % 700, hours => 1)
    FROM generate_series(1, posts) i;

    INSERT INTO "Comment" ("id", "postId", "authorId", "parentId", "body", "createdAt")
    SELECT pg_temp.cid('comment', i), pg_temp.cid('post', 1 + (i - 1) / 4 % posts), pg_temp.uid(1 + i % users),
           CASE WHEN i % 4 <> 1 THEN pg_temp.cid('comment', i - 1) END,
           'Comment ' || i || E': I agree.\nSecond line with a backslash \\ here.',
           t0 + make_interval(mins => i)
    FROM generate_series(1, cmts) i;

    INSERT INTO "GeneratedImage" ("id", "userId", "prompt", "r2Key", "url", "width", "height", "sizeBytes",
                                  "metadata", "createdAt")
    SELECT pg_temp.cid('img', i), pg_temp.uid(1 + i % users), 'A watercolor fox number ' || i,
           'images/' || pg_temp.uid(1 + i % users) || '/' || i || '.png',
           'https://cdn.example.com/images/' || i || '.png',
           512 + (i % 4) * 256, 512 + (i % 3) * 256, 100000 + (i::bigint * 7919) % 900000,
           jsonb_build_object('model', 'sdxl', 'seed', i, 'steps', 30),
           t0 + make_interval(mins => i * 3)
    FROM generate_series(1, images) i;

    INSERT INTO "GeneratedCarousel" ("id", "userId", "title", "settings", "createdAt", "updatedAt")
    SELECT pg_temp.cid('car', i), pg_temp.uid(1 + i % users), 'Carousel ' || i,
           jsonb_build_object('autoplay', i % 2 = 0, 'intervalMs', 3000),
           t0 + make_interval(hours => i), t0 + make_interval(hours => i)
    FROM generate_series(1, carous) i;

    INSERT INTO "CarouselSlide" ("id", "carouselId", "imageId", "position", "caption")
    SELECT pg_temp.cid('slide', i * 10 + s), pg_temp.cid('car', i),
           CASE WHEN s = 5 THEN NULL ELSE pg_temp.cid('img', 1 + (i * 5 + s) % images) END, s,
           CASE WHEN s % 2 = 0 THEN 'Slide ' || s END
    FROM generate_series(1, carous) i, generate_series(1, 5) s;

    INSERT INTO "UserSettings" ("id", "userId", "theme", "locale", "emailNotifications", "preferences", "updatedAt")
    SELECT pg_temp.cid('settings', i), pg_temp.uid(i), (ARRAY['light', 'dark', 'system'])[1 + i % 3],
           (ARRAY['en', 'fr', 'de', 'ja'])[1 + i % 4], i % 5 <> 0,
           jsonb_build_object('digest', 'weekly', 'beta', i % 7 = 0), t0 + make_interval(days => i % 300)
    FROM generate_series(1, users) i;

    INSERT INTO "R2Analytics" ("r2Key", "operation", "bytes", "durationMs", "statusCode", "userId", "userAgent",
                               "country", "createdAt")
    SELECT 'images/' || (i % 50000) || '.png', (ARRAY['GET', 'PUT', 'HEAD', 'DELETE'])[1 + i % 4],
           (i::bigint * 104729) % 5000000, i % 1500, CASE WHEN i % 97 = 0 THEN 404 ELSE 200 END,
           CASE WHEN i % 3 = 0 THEN NULL ELSE pg_temp.uid(1 + i % users) END,
           'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/' || (100 + i % 30) || '.0',
           (ARRAY['US', 'FR', 'DE', 'JP', 'BR'])[1 + i % 5], t0 + make_interval(secs => i * 13)
    FROM generate_series(1, hits) i;

    INSERT INTO "PersonalEvent" ("id", "userId", "title", "description", "startsAt", "endsAt", "allDay", "location")
    SELECT pg_temp.cid('event', i), pg_temp.uid(1 + i % users), 'Event ' || i,
           CASE WHEN i % 2 = 0 THEN 'Bring notes' END, t0 + make_interval(hours => i * 5),
           CASE WHEN i % 4 = 0 THEN NULL ELSE t0 + make_interval(hours => i * 5 + 1) END, i % 10 = 0,
           CASE WHEN i % 3 = 0 THEN 'Room ' || (i % 20) END
    FROM generate_series(1, events) i;

    INSERT INTO "ContactMessage" ("name", "email", "subject", "message", "isRead", "createdAt")
    SELECT 'Visitor ' || i, 'visitor' || i || '@example.org', CASE WHEN i % 2 = 0 THEN 'Question ' || i END,
           'Hello,' || E'\n' || 'I would like to know more about plan ' || (i % 3) || '. Thanks!', i % 3 = 0,
           t0 + make_interval(hours => i)
    FROM generate_series(1, msgs) i;
END
$generate$;

ANALYZE;
