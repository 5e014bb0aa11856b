#!/usr/bin/env bash
# A restore through the project's migrations (replay) against a restore of the same snapshot into the unchanged schema,
# same data, same run.
#   bench/replay-restore.sh [SCALE]     (SCALE 1 ≈ 100 MB of rows; RUNS=3 by default)
# The sample app is a Prisma project whose first migration is examples/blog-app/schema.sql; the snapshot is taken
# there. Three migrations follow, on the largest tables: R2Analytics gains a NOT NULL boolean backfilled from
# statusCode and loses a column; BlogPost gains a NOT NULL column backfilled from its content; User's role is
# relabelled through a new enum type and an UPDATE. The target database is at the newest migration, emptied; the
# restore replays the three migrations on the snapshot's rows in a temporary shadow database. Needs what
# bench/backup-restore.sh needs, and a role that may create databases.
set -euo pipefail
scale="${1:-1}"
runs="${RUNS:-3}"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$here/bench/work-replay"
v1="preserve_bench_replay_v1"; v2="preserve_bench_replay_v2"
host="${BENCH_HOST:-127.0.0.1}"; port="${BENCH_PORT:-5432}"; user="${BENCH_USER:-postgres}"
psql_on() { local db="$1"; shift; psql -h "$host" -p "$port" -U "$user" -d "$db" -v ON_ERROR_STOP=1 -qAt "$@"; }

rm -rf "$work" && mkdir -p "$work/same" "$work/project/prisma/migrations"
"$here/preserve" --version >/dev/null

migration() {  # migration NAME  (SQL on stdin)
  mkdir -p "$work/project/prisma/migrations/$1"
  cat > "$work/project/prisma/migrations/$1/migration.sql"
}
# the first migration: the sample app's schema without Prisma's own table and row
sed -e '/^CREATE TABLE "_prisma_migrations"/,/^);/d' -e '/^INSERT INTO "_prisma_migrations"/,$d' \
  "$here/examples/blog-app/schema.sql" | migration 20240101000000_init
migration 20240201000000_analytics_ok <<'SQL'
ALTER TABLE "R2Analytics" ADD COLUMN "ok" BOOLEAN;
UPDATE "R2Analytics" SET "ok" = "statusCode" < 400;
ALTER TABLE "R2Analytics" ALTER COLUMN "ok" SET NOT NULL;
ALTER TABLE "R2Analytics" DROP COLUMN "userAgent";
SQL
migration 20240202000000_reading_minutes <<'SQL'
ALTER TABLE "BlogPost" ADD COLUMN "readingMinutes" INTEGER;
UPDATE "BlogPost" SET "readingMinutes" = 1 + length("content") / 1000;
ALTER TABLE "BlogPost" ALTER COLUMN "readingMinutes" SET NOT NULL;
SQL
migration 20240203000000_access_level <<'SQL'
CREATE TYPE "AccessLevel" AS ENUM ('MEMBER', 'STAFF', 'OWNER');
ALTER TABLE "User" ADD COLUMN "access" "AccessLevel";
UPDATE "User" SET "access" = CASE "role" WHEN 'USER' THEN 'MEMBER'::"AccessLevel" WHEN 'ADMIN' THEN 'STAFF'::"AccessLevel" ELSE 'OWNER'::"AccessLevel" END;
ALTER TABLE "User" ALTER COLUMN "access" SET NOT NULL;
ALTER TABLE "User" ALTER COLUMN "access" SET DEFAULT 'MEMBER';
ALTER TABLE "User" DROP COLUMN "role";
SQL
record() {  # record DB NAME: the row prisma migrate deploy writes
  local sum; sum=$(sha256sum "$work/project/prisma/migrations/$2/migration.sql" | cut -d' ' -f1)
  psql_on "$1" -c "INSERT INTO \"_prisma_migrations\" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
    VALUES (gen_random_uuid()::text, '$sum', clock_timestamp(), '$2', clock_timestamp(), 1)"
}

echo "Loading the sample app at scale $scale..."
psql_on postgres -c "DROP DATABASE IF EXISTS $v1" -c "DROP DATABASE IF EXISTS $v2" -c "CREATE DATABASE $v1"
psql_on "$v1" -f "$here/examples/blog-app/schema.sql"
psql_on "$v1" -c 'DELETE FROM "_prisma_migrations"'
record "$v1" 20240101000000_init
PGOPTIONS="-c preserve.scale=$scale" psql_on "$v1" -f "$here/examples/blog-app/generate.sql"
rows=$(psql_on "$v1" -c "SELECT sum(n_live_tup) FROM pg_stat_user_tables")
psql_on "$v1" -c "VACUUM ANALYZE"
psql_on "$v1" -c "SELECT format('ALTER TABLE %I.%I SET (autovacuum_enabled = false, toast.autovacuum_enabled = false);', schemaname, tablename) FROM pg_tables WHERE schemaname = 'public'" | psql_on "$v1" >/dev/null
. "$here/bench/warm-up.sh"
warm_up_launcher "postgresql://$user@$host:$port/$v1" "$host" "$port" "$user" "$v1"
(cd "$work/project" && "$here/preserve" backup --database-url "postgresql://$user@$host:$port/$v1" --dir "$work/backups" --quiet)
psql_on postgres -c "CREATE DATABASE $v2 TEMPLATE $v1"
# the migrations as the tool ran them on the same rows: the least a replay can cost
started=$(date +%s.%N)
for m in 20240201000000_analytics_ok 20240202000000_reading_minutes 20240203000000_access_level; do
  psql_on "$v2" -1 -f "$work/project/prisma/migrations/$m/migration.sql"
  record "$v2" "$m"
done
migrations=$(echo "$(date +%s.%N) - $started" | bc)

empty_tables() {  # every table but the migration history
  psql_on "$1" -c "SELECT 'TRUNCATE ' || string_agg(format('%I.%I', schemaname, tablename), ', ') FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'" \
    | psql_on "$1" >/dev/null
  psql_on "$1" -c "CHECKPOINT" >/dev/null
}
timed() { /usr/bin/time -f "%e %M" -o "$work/last" "$@" >"$work/last.out" 2>"$work/last.err"; cat "$work/last"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

: > "$work/same.times"; : > "$work/replay.times"
for i in $(seq "$runs"); do
  echo "Run $i/$runs"
  empty_tables "$v1"
  (cd "$work/same" && timed "$here/preserve" restore --database-url "postgresql://$user@$host:$port/$v1" --dir ../backups \
      --quiet) >> "$work/same.times"
  empty_tables "$v2"
  (cd "$work/project" && timed "$here/preserve" restore --database-url "postgresql://$user@$host:$port/$v2" --dir ../backups \
      --replay --json) >> "$work/replay.times"
  tr -d ' \n' < "$work/last.out" | grep -o '"seconds":{[^}]*}' >> "$work/phases" || cat "$work/last.err"
done
check=$(psql_on "$v2" -c 'SELECT count(*) FILTER (WHERE "ok") || '"' '"' || (SELECT count(*) FROM "BlogPost" WHERE "readingMinutes" > 0) || '"' '"' || (SELECT count(*) FROM "User" WHERE "access" = '"'STAFF'"') FROM "R2Analytics"')
same=$(median < "$work/same.times"); replay=$(median < "$work/replay.times")
echo
echo "Scale $scale: $rows rows; median of $runs runs on $(nproc) cores"
printf "%-52s %9s\n" "preserve restore, same schema (emptied)" "$same"
printf "%-52s %9s\n" "preserve restore --replay, 3 migrations (emptied)" "$replay"
echo "after the replay (R2Analytics ok, BlogPost readingMinutes > 0, User STAFF): $check"
printf "%-52s %9.2f\n" "the 3 migrations by psql on the same rows (once)" "$migrations"
echo "phases of each replay, seconds:"
cat "$work/phases"
awk -v r="$replay" -v s="$same" 'BEGIN { printf "replay / same-schema restore time: %.2f  (target <= 3)\n", r / s }'
psql_on postgres -c "DROP DATABASE IF EXISTS $v1" -c "DROP DATABASE IF EXISTS $v2"
