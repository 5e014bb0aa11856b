CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL, legacy_email text);
CREATE TABLE post (id int PRIMARY KEY, author int NOT NULL REFERENCES author, title text NOT NULL);
