#!/usr/bin/env bash
# Compares preserve with pg_dump/pg_restore on the same data, in the same run.
#   bench/backup-restore.sh [SCALE]     (SCALE 1 ≈ 100 MB of rows; RUNS=3 by default)
# Needs: a PostgreSQL superuser reachable as BENCH_URL (default postgres@127.0.0.1:5432, trust auth), pg_dump,
# pg_restore, psql, GNU time. Prints medians, ratios, file sizes and peak RSS. Times nothing in CI.
set -euo pipefail
scale="${1:-1}"
runs="${RUNS:-3}"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$here/bench/work"
db="preserve_bench"
host="${BENCH_HOST:-127.0.0.1}"; port="${BENCH_PORT:-5432}"; user="${BENCH_USER:-postgres}"
url="postgresql://$user@$host:$port/$db"
psql_db() { psql -h "$host" -p "$port" -U "$user" -d "$db" -v ON_ERROR_STOP=1 -qAt "$@"; }

rm -rf "$work" && mkdir -p "$work"
"$here/preserve" --version >/dev/null   # builds the jar if needed, outside the timings

echo "Loading the sample app at scale $scale..."
psql -h "$host" -p "$port" -U "$user" -d postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql_db -f "$here/examples/blog-app/schema.sql"
PGOPTIONS="-c preserve.scale=$scale" psql_db -f "$here/examples/blog-app/generate.sql"
# No autovacuum on the bench's tables: every run bulk-loads them, and a vacuum or analyze the server starts on its
# own (a minute after the load, whenever that falls) would run beside whichever tool is timed then, on these 2 cores.
psql_db -c "VACUUM ANALYZE"
psql_db -c "SELECT format('ALTER TABLE %I.%I SET (autovacuum_enabled = false, toast.autovacuum_enabled = false);', schemaname, tablename) FROM pg_tables WHERE schemaname = 'public'" | psql_db >/dev/null
rows=$(psql_db -c "SELECT sum(n_live_tup) FROM pg_stat_user_tables")
size=$(psql_db -c "SELECT pg_size_pretty(sum(pg_table_size(relid))) FROM pg_stat_user_tables")
echo "  $rows rows, $size of tables"
. "$here/bench/warm-up.sh"
warm_up_launcher "$url" "$host" "$port" "$user" "$db"

empty_tables() {
  psql_db -c "SELECT 'TRUNCATE ' || string_agg(format('%I.%I', schemaname, tablename), ', ') FROM pg_tables WHERE schemaname = 'public'" \
    | psql_db >/dev/null
  psql_db -c "CHECKPOINT" >/dev/null
}
# timed CMD... : appends "seconds maxrss_kb" to $work/last
timed() { /usr/bin/time -f "%e %M" -o "$work/last" "$@" >/dev/null; cat "$work/last"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
maxcol() { awk -v c="$1" 'BEGIN{m=0} {if ($c>m) m=$c} END {print m}'; }

: > "$work/dump.times"; : > "$work/backup.times"; : > "$work/pgrestore.times"; : > "$work/restore.times"
for i in $(seq "$runs"); do
  echo "Run $i/$runs"
  psql_db -c "CHECKPOINT" >/dev/null
  timed pg_dump -h "$host" -p "$port" -U "$user" -Fc -f "$work/dump.fc" "$db" >> "$work/dump.times"
  rm -rf "$work/backups"
  psql_db -c "CHECKPOINT" >/dev/null
  timed "$here/preserve" backup --database-url "$url" --dir "$work/backups" --quiet >> "$work/backup.times"
  empty_tables
  timed pg_restore -h "$host" -p "$port" -U "$user" --data-only --disable-triggers -d "$db" "$work/dump.fc" >> "$work/pgrestore.times"
  empty_tables
  timed "$here/preserve" restore --database-url "$url" --dir "$work/backups" --quiet --include-history _prisma_migrations >> "$work/restore.times"
done

dump=$(median < "$work/dump.times"); backup=$(median < "$work/backup.times")
pgr=$(median < "$work/pgrestore.times"); restore=$(median < "$work/restore.times")
dump_size=$(stat -c %s "$work/dump.fc"); snap_size=$(stat -c %s "$work"/backups/*.preserve)
backup_rss=$(maxcol 2 < "$work/backup.times"); restore_rss=$(maxcol 2 < "$work/restore.times")

echo
echo "Scale $scale: $rows rows, $size of tables; median of $runs runs on $(nproc) cores"
printf "%-44s %9s %12s %10s\n" "" "seconds" "file bytes" "peak RSS"
printf "%-44s %9s %12s %10s\n" "pg_dump -Fc" "$dump" "$dump_size" ""
printf "%-44s %9s %12s %10s\n" "preserve backup" "$backup" "$snap_size" "$((backup_rss / 1024)) MB"
printf "%-44s %9s %12s %10s\n" "pg_restore --data-only --disable-triggers" "$pgr" "" ""
printf "%-44s %9s %12s %10s\n" "preserve restore (merge, into emptied schema)" "$restore" "" "$((restore_rss / 1024)) MB"
echo
awk -v b="$backup" -v d="$dump" -v r="$restore" -v p="$pgr" -v s="$snap_size" -v f="$dump_size" 'BEGIN {
  printf "backup time / pg_dump -Fc time:              %.2f  (target <= 0.8, aim 0.5)\n", b / d
  printf "snapshot size / pg_dump -Fc size:            %.2f  (target <= 1.0)\n", s / f
  printf "restore time / pg_restore --disable-triggers: %.2f  (target <= 1.0)\n", r / p }'
psql -h "$host" -p "$port" -U "$user" -d postgres -qc "DROP DATABASE IF EXISTS $db"
