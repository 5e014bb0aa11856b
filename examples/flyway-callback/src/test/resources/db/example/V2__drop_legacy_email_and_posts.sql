-- a destructive migration: a column and a table's rows gone
ALTER TABLE author DROP COLUMN legacy_email;
ALTER TABLE author ADD COLUMN bio text NOT NULL DEFAULT '';
DROP TABLE post;
CREATE TABLE post (id int PRIMARY KEY, author int NOT NULL REFERENCES author, title text NOT NULL, draft boolean NOT NULL DEFAULT true);
