#!/usr/bin/env bash
# A restore into a changed schema against a restore of the same snapshot into the unchanged one, same data, same run.
#   bench/drift-restore.sh [SCALE]     (SCALE 1 ≈ 100 MB of rows; RUNS=3 by default)
# The migration touches the two largest tables: R2Analytics loses a column, has one widened (integer -> bigint)
# and one renamed, gains a NOT NULL column with a default, a CHECK and a unique index, so that every row is checked
# against both before it is written; BlogPost is renamed to Post and gains a NOT NULL column filled from an
# expression over the old row. Needs what bench/backup-restore.sh needs.
set -euo pipefail
scale="${1:-1}"
runs="${RUNS:-3}"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$here/bench/work-drift"
v1="preserve_bench_v1"; v2="preserve_bench_v2"
host="${BENCH_HOST:-127.0.0.1}"; port="${BENCH_PORT:-5432}"; user="${BENCH_USER:-postgres}"
psql_on() { local db="$1"; shift; psql -h "$host" -p "$port" -U "$user" -d "$db" -v ON_ERROR_STOP=1 -qAt "$@"; }

rm -rf "$work" && mkdir -p "$work/same"
"$here/preserve" --version >/dev/null

echo "Loading the sample app at scale $scale..."
psql_on postgres -c "DROP DATABASE IF EXISTS $v1" -c "DROP DATABASE IF EXISTS $v2" -c "CREATE DATABASE $v1"
psql_on "$v1" -f "$here/examples/blog-app/schema.sql"
PGOPTIONS="-c preserve.scale=$scale" psql_on "$v1" -f "$here/examples/blog-app/generate.sql"
rows=$(psql_on "$v1" -c "SELECT sum(n_live_tup) FROM pg_stat_user_tables")
# No autovacuum on the bench's tables (see backup-restore.sh); the migrated copy below inherits the setting.
psql_on "$v1" -c "VACUUM ANALYZE"
psql_on "$v1" -c "SELECT format('ALTER TABLE %I.%I SET (autovacuum_enabled = false, toast.autovacuum_enabled = false);', schemaname, tablename) FROM pg_tables WHERE schemaname = 'public'" | psql_on "$v1" >/dev/null
. "$here/bench/warm-up.sh"
warm_up_launcher "postgresql://$user@$host:$port/$v1" "$host" "$port" "$user" "$v1"
"$here/preserve" backup --database-url "postgresql://$user@$host:$port/$v1" --dir "$work/backups" --quiet
psql_on postgres -c "CREATE DATABASE $v2 TEMPLATE $v1"
psql_on "$v2" -c '
  ALTER TABLE "R2Analytics" DROP COLUMN "userAgent";
  ALTER TABLE "R2Analytics" ALTER COLUMN "durationMs" TYPE bigint;
  ALTER TABLE "R2Analytics" RENAME COLUMN "country" TO "countryCode";
  ALTER TABLE "R2Analytics" ADD COLUMN "region" text NOT NULL DEFAULT '"'eu'"';
  ALTER TABLE "R2Analytics" ADD CONSTRAINT "R2Analytics_bytes_check" CHECK ("bytes" >= 0 AND "statusCode" BETWEEN 100 AND 599);
  CREATE UNIQUE INDEX "R2Analytics_r2Key_createdAt_id_key" ON "R2Analytics" ("r2Key", "createdAt", "id");
  ALTER TABLE "BlogPost" RENAME TO "Post";
  ALTER TABLE "Post" ADD COLUMN "readingMinutes" integer;
  UPDATE "Post" SET "readingMinutes" = 1;
  ALTER TABLE "Post" ALTER COLUMN "readingMinutes" SET NOT NULL;'
cat > "$work/preserve.yaml" <<'YAML'
renames:
  BlogPost: Post
  R2Analytics.country: R2Analytics.countryCode
defaults:
  Post.readingMinutes: "1 + length(content) / 1000"
YAML

empty_tables() {
  psql_on "$1" -c "SELECT 'TRUNCATE ' || string_agg(format('%I.%I', schemaname, tablename), ', ') FROM pg_tables WHERE schemaname = 'public'" \
    | psql_on "$1" >/dev/null
  psql_on "$1" -c "CHECKPOINT" >/dev/null
}
timed() { /usr/bin/time -f "%e %M" -o "$work/last" "$@" >/dev/null; cat "$work/last"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

: > "$work/same.times"; : > "$work/drift.times"
for i in $(seq "$runs"); do
  echo "Run $i/$runs"
  empty_tables "$v1"
  (cd "$work/same" && timed "$here/preserve" restore --database-url "postgresql://$user@$host:$port/$v1" --dir ../backups \
      --quiet --include-history _prisma_migrations) >> "$work/same.times"
  empty_tables "$v2"
  (cd "$work" && timed "$here/preserve" restore --database-url "postgresql://$user@$host:$port/$v2" --dir backups --quiet \
      --include-history _prisma_migrations) >> "$work/drift.times"
done
check=$(psql_on "$v2" -c 'SELECT count(*) FILTER (WHERE "region" = '"'eu'"') || '"' '"' || count("countryCode") FROM "R2Analytics"')
same=$(median < "$work/same.times"); drift=$(median < "$work/drift.times")
echo
echo "Scale $scale: $rows rows; median of $runs runs on $(nproc) cores"
printf "%-52s %9s\n" "preserve restore, same schema (emptied)" "$same"
printf "%-52s %9s\n" "preserve restore, migrated schema (emptied)" "$drift"
echo "R2Analytics after the drifted restore (region filled, countryCode from country): $check"
awk -v d="$drift" -v s="$same" 'BEGIN { printf "drifted / same-schema restore time: %.2f  (target <= 1.5)\n", d / s }'
psql_on postgres -c "DROP DATABASE IF EXISTS $v1" -c "DROP DATABASE IF EXISTS $v2"
