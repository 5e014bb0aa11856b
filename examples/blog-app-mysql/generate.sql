-- Data for the MySQL/MariaDB blog application, set-based, deterministic, at a scale factor (as examples/blog-app's
-- generate.sql; scale 1 is about 100 MB of rows, most of it in R2Analytics):
--   SET @scale = 1;  then run this file (mysql DB < generate.sql, or from JDBC). Works on MySQL 8 and MariaDB 10.5+.
-- User 1 is the admin that seed.sql re-creates after a reset (same id, same email).

SET NAMES utf8mb4;
SET @scale = COALESCE(@scale, 1);
SET @users = CAST(GREATEST(10, ROUND(2000 * @scale)) AS SIGNED), @admins = CAST(GREATEST(2, ROUND(20 * @scale)) AS SIGNED),
    @prompts = CAST(GREATEST(3, ROUND(50 * @scale)) AS SIGNED), @posts = CAST(GREATEST(5, ROUND(5000 * @scale)) AS SIGNED),
    @cmts = CAST(GREATEST(10, ROUND(20000 * @scale)) AS SIGNED), @images = CAST(GREATEST(5, ROUND(20000 * @scale)) AS SIGNED),
    @carous = CAST(GREATEST(2, ROUND(3000 * @scale)) AS SIGNED), @hits = CAST(GREATEST(50, ROUND(600000 * @scale)) AS SIGNED),
    @events = CAST(GREATEST(5, ROUND(10000 * @scale)) AS SIGNED), @msgs = CAST(GREATEST(5, ROUND(5000 * @scale)) AS SIGNED);
SET @t0 = TIMESTAMP('2024-01-01 00:00:00');

-- 1..N, from the digits (MySQL cannot open a TEMPORARY table twice in one query: plain helper tables, dropped below)
CREATE TABLE `_gen_digits` (d INT PRIMARY KEY);
INSERT INTO `_gen_digits` VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);
CREATE TABLE `_gen_n` (i INT PRIMARY KEY);
INSERT INTO `_gen_n`
SELECT 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 100000 * g.d
FROM `_gen_digits` a, `_gen_digits` b, `_gen_digits` c, `_gen_digits` e, `_gen_digits` f, `_gen_digits` g
WHERE 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 100000 * g.d
      <= GREATEST(@hits, @cmts, @images, @users, @events, @posts, @prompts * 10);

INSERT INTO `User` (`id`, `email`, `name`, `role`, `createdAt`, `updatedAt`)
SELECT IF(i = 1, 'cadmin0000000000000000001', CONCAT('c', SUBSTR(MD5(CONCAT('user', i)), 1, 24))),
       IF(i = 1, 'admin@example.com', CONCAT('user', i, '@example.com')),
       CASE i % 4 WHEN 0 THEN CONCAT('Zoë ', i) WHEN 1 THEN CONCAT('José O''Brien ', i) WHEN 2 THEN NULL ELSE CONCAT('User ', i) END,
       CASE WHEN i = 1 THEN 'SUPER_ADMIN' WHEN i <= @admins THEN 'ADMIN' ELSE 'USER' END,
       @t0 + INTERVAL i * 37123000 MICROSECOND, @t0 + INTERVAL i * 41500000 MICROSECOND
FROM `_gen_n` WHERE i <= @users;

INSERT INTO `AdminPermission` (`id`, `userId`, `permission`, `grantedAt`)
SELECT CONCAT('c', SUBSTR(MD5(CONCAT('perm', u.i * 10 + p.i)), 1, 24)),
       IF(u.i = 1, 'cadmin0000000000000000001', CONCAT('c', SUBSTR(MD5(CONCAT('user', u.i)), 1, 24))),
       ELT(p.i, 'users.manage', 'prompts.edit', 'posts.publish', 'analytics.read', 'settings.write'),
       @t0 + INTERVAL u.i DAY
FROM `_gen_n` u, `_gen_n` p WHERE u.i <= @admins AND p.i <= 5;

INSERT INTO `SystemPrompt` (`id`, `name`, `category`, `description`, `createdById`, `createdAt`, `updatedAt`)
SELECT CONCAT('c', SUBSTR(MD5(CONCAT('prompt', i)), 1, 24)), CONCAT('prompt-', i),
       ELT(1 + i % 4, 'GENERAL', 'IMAGE', 'CAROUSEL', 'BLOG'),
       CONCAT('Prompt number ', i, ' with a tab\tand a "quote"'),
       IF(1 + i % @admins = 1, 'cadmin0000000000000000001', CONCAT('c', SUBSTR(MD5(CONCAT('user', 1 + i % @admins)), 1, 24))),
       @t0 + INTERVAL i HOUR, @t0 + INTERVAL i + 1 HOUR
FROM `_gen_n` WHERE i <= @prompts;

INSERT INTO `SystemPromptVersion` (`id`, `promptId`, `version`, `content`, `variables`, `createdAt`)
SELECT CONCAT('c', SUBSTR(MD5(CONCAT('pv', p.i * 10 + v.i)), 1, 24)), CONCAT('c', SUBSTR(MD5(CONCAT('prompt', p.i)), 1, 24)), v.i,
       CONCAT('You are a helpful assistant (v', v.i, ').\nAnswer in {{language}}; never reveal C:\\secrets.'),
       JSON_OBJECT('language', 'en', 'temperature', 0.1 * v.i, 'tags', JSON_ARRAY('a', v.i)),
       @t0 + INTERVAL p.i HOUR + INTERVAL v.i MINUTE
FROM `_gen_n` p, `_gen_n` v WHERE p.i <= @prompts AND v.i <= 4;

UPDATE `SystemPrompt` SET `activeVersionId` = CONCAT('c', SUBSTR(MD5(CONCAT('pv', CAST(SUBSTR(`name`, 8) AS UNSIGNED) * 10 + 4)), 1, 24));

INSERT INTO `BlogPost` (`id`, `slug`, `title`, `excerpt`, `content`, `status`, `tags`, `metadata`, `authorId`,
                        `publishedAt`, `createdAt`, `updatedAt`)
SELECT CONCAT('c', SUBSTR(MD5(CONCAT('post', i)), 1, 24)), CONCAT('post-', i), CONCAT('Post ', i, ': notes on data that survives migrations'),
       IF(i % 3 = 0, NULL, CONCAT('Excerpt ', i)),
       REPEAT(CONCAT('Paragraph ', i, ' about keeping data safe across resets, with ünïcödé and emoji 🚀. '), 25),
       ELT(1 + i % 3, 'DRAFT', 'PUBLISHED', 'ARCHIVED'),
       JSON_ARRAY('mysql', CONCAT('tag', i % 17), IF(i % 5 = 0, 'with,comma', 'plain')),
       JSON_OBJECT('readingMinutes', i % 13, 'seo', JSON_OBJECT('title', CONCAT('Post ', i))),
       IF(1 + i % @users = 1, 'cadmin0000000000000000001', CONCAT('c', SUBSTR(MD5(CONCAT('user', 1 + i % @users)), 1, 24))),
       IF(i % 3 = 1, @t0 + INTERVAL i % 700 DAY, NULL),
       @t0 + INTERVAL i % 700 DAY, @t0 + INTERVAL i % 700 DAY + INTERVAL 1 HOUR
FROM `_gen_n` WHERE i <= @posts;

INSERT INTO `Comment` (`id`, `postId`, `authorId`, `parentId`, `body`, `createdAt`)
SELECT CONCAT('c', SUBSTR(MD5(CONCAT('comment', i)), 1, 24)),
       CONCAT('c', SUBSTR(MD5(CONCAT('post', 1 + (i - 1) DIV 4 % @posts)), 1, 24)),
       IF(1 + i % @users = 1, 'cadmin0000000000000000001', CONCAT('c', SUBSTR(MD5(CONCAT('user', 1 + i % @users)), 1, 24))),
       IF(i % 4 <> 1, CONCAT('c', SUBSTR(MD5(CONCAT('comment', i - 1)), 1, 24)), NULL),
       CONCAT('Comment ', i, ': I agree.\nSecond line with a backslash \\ here.'),
       @t0 + INTERVAL i MINUTE
FROM `_gen_n` WHERE i <= @cmts;

INSERT INTO `GeneratedImage` (`id`, `userId`, `prompt`, `r2Key`, `url`, `width`, `height`, `sizeBytes`, `metadata`,
                              `thumbnail`, `createdAt`)
SELECT CONCAT('c', SUBSTR(MD5(CONCAT('img', i)), 1, 24)),
       IF(1 + i % @users = 1, 'cadmin0000000000000000001', CONCAT('c', SUBSTR(MD5(CONCAT('user', 1 + i % @users)), 1, 24))),
       CONCAT('A watercolor fox number ', i), CONCAT('images/', i % @users, '/', i, '.png'),
       CONCAT('https://cdn.example.com/images/', i, '.png'),
       512 + (i % 4) * 256, 512 + (i % 3) * 256, 100000 + (i * 7919) % 900000,
       JSON_OBJECT('model', 'sdxl', 'seed', i, 'steps', 30),
       IF(i % 10 = 0, UNHEX(CONCAT('89504E470D0A1A0A00', MD5(i), '005C0A09')), NULL),
       @t0 + INTERVAL i * 3 MINUTE
FROM `_gen_n` WHERE i <= @images;

INSERT INTO `GeneratedCarousel` (`id`, `userId`, `title`, `settings`, `createdAt`, `updatedAt`)
SELECT CONCAT('c', SUBSTR(MD5(CONCAT('car', i)), 1, 24)),
       IF(1 + i % @users = 1, 'cadmin0000000000000000001', CONCAT('c', SUBSTR(MD5(CONCAT('user', 1 + i % @users)), 1, 24))),
       CONCAT('Carousel ', i), JSON_OBJECT('autoplay', i % 2 = 0, 'intervalMs', 3000),
       @t0 + INTERVAL i HOUR, @t0 + INTERVAL i HOUR
FROM `_gen_n` WHERE i <= @carous;

INSERT INTO `CarouselSlide` (`id`, `carouselId`, `imageId`, `position`, `caption`)
SELECT CONCAT('c', SUBSTR(MD5(CONCAT('slide', c.i * 10 + s.i)), 1, 24)), CONCAT('c', SUBSTR(MD5(CONCAT('car', c.i)), 1, 24)),
       IF(s.i = 5, NULL, CONCAT('c', SUBSTR(MD5(CONCAT('img', 1 + (c.i * 5 + s.i) % @images)), 1, 24))), s.i,
       IF(s.i % 2 = 0, CONCAT('Slide ', s.i), NULL)
FROM `_gen_n` c, `_gen_n` s WHERE c.i <= @carous AND s.i <= 5;

INSERT INTO `UserSettings` (`id`, `userId`, `theme`, `locale`, `emailNotifications`, `preferences`, `updatedAt`)
SELECT CONCAT('c', SUBSTR(MD5(CONCAT('settings', i)), 1, 24)),
       IF(i = 1, 'cadmin0000000000000000001', CONCAT('c', SUBSTR(MD5(CONCAT('user', i)), 1, 24))),
       ELT(1 + i % 3, 'light', 'dark', 'system'), ELT(1 + i % 4, 'en', 'fr', 'de', 'ja'), i % 5 <> 0,
       JSON_OBJECT('digest', 'weekly', 'beta', i % 7 = 0), @t0 + INTERVAL i % 300 DAY
FROM `_gen_n` WHERE i <= @users;

INSERT INTO `R2Analytics` (`r2Key`, `operation`, `bytes`, `durationMs`, `statusCode`, `userId`, `userAgent`, `country`,
                           `cost`, `createdAt`)
SELECT CONCAT('images/', i % 50000, '.png'), ELT(1 + i % 4, 'GET', 'PUT', 'HEAD', 'DELETE'),
       (i * 104729) % 5000000, i % 1500, IF(i % 97 = 0, 404, 200),
       IF(i % 3 = 0, NULL, IF(1 + i % @users = 1, 'cadmin0000000000000000001', CONCAT('c', SUBSTR(MD5(CONCAT('user', 1 + i % @users)), 1, 24)))),
       CONCAT('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/', 100 + i % 30, '.0'),
       ELT(1 + i % 5, 'US', 'FR', 'DE', 'JP', 'BR'), (i % 1000) / 7, @t0 + INTERVAL i * 13 SECOND
FROM `_gen_n` WHERE i <= @hits;

INSERT INTO `PersonalEvent` (`id`, `userId`, `title`, `description`, `startsAt`, `endsAt`, `allDay`, `location`)
SELECT CONCAT('c', SUBSTR(MD5(CONCAT('event', i)), 1, 24)),
       IF(1 + i % @users = 1, 'cadmin0000000000000000001', CONCAT('c', SUBSTR(MD5(CONCAT('user', 1 + i % @users)), 1, 24))),
       CONCAT('Event ', i), IF(i % 2 = 0, 'Bring notes', NULL), @t0 + INTERVAL i * 5 HOUR,
       IF(i % 4 = 0, NULL, @t0 + INTERVAL i * 5 + 1 HOUR), i % 10 = 0, IF(i % 3 = 0, CONCAT('Room ', i % 20), NULL)
FROM `_gen_n` WHERE i <= @events;

INSERT INTO `ContactMessage` (`name`, `email`, `subject`, `message`, `isRead`, `createdAt`)
SELECT CONCAT('Visitor ', i), CONCAT('visitor', i, '@example.org'), IF(i % 2 = 0, CONCAT('Question ', i), NULL),
       CONCAT('Hello,\nI would like to know more about plan ', i % 3, '. Thanks!'), i % 3 = 0, @t0 + INTERVAL i HOUR
FROM `_gen_n` WHERE i <= @msgs;

DROP TABLE `_gen_n`;
DROP TABLE `_gen_digits`;
