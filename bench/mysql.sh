#!/usr/bin/env bash
# Compares preserve with mysqldump / mysql on the same MySQL/MariaDB data, in the same run.
#   bench/mysql.sh [SCALE]     (SCALE 1 ≈ 100 MB of rows; RUNS=3 by default)
# BENCH_DB names the database it creates and drops (preserve_bench by default).
# Needs: a MySQL/MariaDB user that may create databases, reachable as BENCH_MYSQL_USER@BENCH_MYSQL_HOST:PORT without a
# password (default root@127.0.0.1:3306), the mysql and mysqldump clients, gzip, GNU time. Prints medians, ratios,
# file sizes and peak RSS. Times nothing in CI.
#   backup:  mysqldump --single-transaction DB > dump.sql    vs  preserve backup
#   restore: mysql DB < dump.sql (drops, creates and fills)  vs  preserve restore into the emptied tables
#   warm:    mysqldump  vs  a backup by a running `preserve serve` (three untimed first: no start-up, code compiled),
#            the job's own elapsed time; needs curl; BENCH_SERVE_PORT (18099 by default) must be free
set -euo pipefail
scale="${1:-1}"
runs="${RUNS:-3}"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$here/bench/work-mysql"
db="${BENCH_DB:-preserve_bench}"
host="${BENCH_MYSQL_HOST:-127.0.0.1}"; port="${BENCH_MYSQL_PORT:-3306}"; user="${BENCH_MYSQL_USER:-root}"
url="mysql://$user@$host:$port/$db"
my() { mysql -h "$host" -P "$port" -u "$user" --protocol=tcp --default-character-set=utf8mb4 "$@"; }

rm -rf "$work" && mkdir -p "$work"
"$here/preserve" --version >/dev/null   # builds the jar if needed, outside the timings

echo "Loading the MySQL sample app at scale $scale..."
my -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db CHARACTER SET utf8mb4"
my "$db" < "$here/examples/blog-app-mysql/schema.sql"
{ echo "SET @scale = $scale;"; cat "$here/examples/blog-app-mysql/generate.sql"; } | my "$db"
my "$db" -e "ANALYZE TABLE $(my -N "$db" -e "SELECT GROUP_CONCAT(CONCAT('\`', TABLE_NAME, '\`')) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")" >/dev/null
rows=$(my -N "$db" -e "SELECT SUM(TABLE_ROWS) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")
size=$(my -N "$db" -e "SELECT CONCAT(ROUND(SUM(DATA_LENGTH) / 1048576), ' MB') FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")
echo "  about $rows rows, $size of table data"

# TRUNCATE, as bench/backup-restore.sh empties PostgreSQL's and as a migrate reset leaves them (new, empty tables):
# tables emptied by DELETE still hold every row delete-marked until InnoDB's purge gets to them, and loading into them
# then took preserve 14.6 s where the same restore into truncated tables took 7.9-10.2 s (scale 0.5)
empty_tables() {
  my "$db" -e "SET foreign_key_checks = 0; $(my -N "$db" -e "SELECT GROUP_CONCAT(CONCAT('TRUNCATE TABLE \`', TABLE_NAME, '\`') SEPARATOR '; ') FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")"
}
timed() { /usr/bin/time -f "%e %M" -o "$work/last" "$@" >/dev/null; cat "$work/last"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
maxcol() { awk -v c="$1" 'BEGIN{m=0} {if ($c>m) m=$c} END {print m}'; }

# untimed warm-up: the launcher records the classes a MySQL backup and restore load, and builds its archive
"$here/preserve" backup --database-url "$url" --dir "$work/warm" --quiet
empty_tables
"$here/preserve" restore --database-url "$url" --dir "$work/warm" --quiet --include-history _prisma_migrations
"$here/preserve" --version >/dev/null; sleep 20; rm -rf "$work/warm"

: > "$work/dump.times"; : > "$work/backup.times"; : > "$work/replay.times"; : > "$work/restore.times"
for i in $(seq "$runs"); do
  echo "Run $i/$runs (load average$(uptime | sed 's/.*load average//'))"
  timed sh -c "mysqldump -h '$host' -P '$port' -u '$user' --protocol=tcp --single-transaction '$db' > '$work/dump.sql'" >> "$work/dump.times"
  rm -rf "$work/backups"
  timed "$here/preserve" backup --database-url "$url" --dir "$work/backups" --quiet >> "$work/backup.times"
  timed sh -c "mysql -h '$host' -P '$port' -u '$user' --protocol=tcp '$db' < '$work/dump.sql'" >> "$work/replay.times"
  empty_tables
  timed "$here/preserve" restore --database-url "$url" --dir "$work/backups" --quiet --include-history _prisma_migrations >> "$work/restore.times"
done

# a deploy tool's backup: by a preserve serve that is already running and warm, interleaved with mysqldump again
serve_port="${BENCH_SERVE_PORT:-18099}"
"$here/preserve" serve --database-url "$url" --dir "$work/serve" --port "$serve_port" > "$work/serve.log" 2>&1 &
serve_pid=$!
trap 'kill "$serve_pid" 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -sf "localhost:$serve_port/health" >/dev/null && break; sleep 0.5; done
served_backup() {  # prints the job's elapsed seconds
  curl -sf -X POST "localhost:$serve_port/v1/snapshots" >/dev/null
  sleep 0.2
  while curl -s "localhost:$serve_port/v1/jobs?limit=1" | grep -q '"state" : "\(queued\|running\)"'; do sleep 0.1; done
  curl -s "localhost:$serve_port/v1/jobs?limit=1" | grep -o '"elapsedMillis" : [0-9]*' | grep -o '[0-9]*$' | awk '{printf "%.2f\n", $1 / 1000}'
  rm -rf "$work"/serve/backup-*
}
for _ in 1 2 3; do served_backup >/dev/null; done
: > "$work/warm.times"; : > "$work/dump2.times"
for i in $(seq "$runs"); do
  served_backup >> "$work/warm.times"
  timed sh -c "mysqldump -h '$host' -P '$port' -u '$user' --protocol=tcp --single-transaction '$db' > '$work/dump.sql'" >> "$work/dump2.times"
done
kill "$serve_pid" 2>/dev/null || true
warm=$(median < "$work/warm.times"); dump2=$(median < "$work/dump2.times")

dump=$(median < "$work/dump.times"); backup=$(median < "$work/backup.times")
replay=$(median < "$work/replay.times"); restore=$(median < "$work/restore.times")
dump_size=$(stat -c %s "$work/dump.sql"); gz_size=$(gzip -c "$work/dump.sql" | wc -c); snap_size=$(stat -c %s "$work"/backups/*.preserve)
backup_rss=$(maxcol 2 < "$work/backup.times"); restore_rss=$(maxcol 2 < "$work/restore.times")

echo
echo "Scale $scale: about $rows rows, $size of table data; median of $runs runs on $(nproc) cores; $(my -N -e 'SELECT VERSION()')"
printf "%-46s %9s %12s %10s\n" "" "seconds" "file bytes" "peak RSS"
printf "%-46s %9s %12s %10s\n" "mysqldump --single-transaction" "$dump" "$dump_size" ""
printf "%-46s %9s %12s %10s\n" "  (the dump, gzip -c)" "" "$gz_size" ""
printf "%-46s %9s %12s %10s\n" "preserve backup" "$backup" "$snap_size" "$((backup_rss / 1024)) MB"
printf "%-46s %9s %12s %10s\n" "mysql < dump.sql" "$replay" "" ""
printf "%-46s %9s %12s %10s\n" "preserve restore (merge, into emptied tables)" "$restore" "" "$((restore_rss / 1024)) MB"
printf "%-46s %9s %12s %10s\n" "mysqldump (again, beside the warm backups)" "$dump2" "" ""
printf "%-46s %9s %12s %10s\n" "backup by a running preserve serve (warm)" "$warm" "" ""
echo
awk -v b="$backup" -v d="$dump" -v r="$restore" -v p="$replay" -v s="$snap_size" -v g="$gz_size" 'BEGIN {
  printf "backup time / mysqldump time:        %.2f  (target <= 1.0)\n", b / d
  printf "snapshot size / gzipped dump size:   %.2f  (target <= 1.0)\n", s / g
  printf "restore time / mysql < dump time:    %.2f  (target <= 1.0)\n", r / p }'
awk -v w="$warm" -v d="$dump2" 'BEGIN { printf "warm serve backup / mysqldump time:  %.2f  (the JVM started and compiled: a deploy tool'"'"'s backup)\n", w / d }'
my -e "DROP DATABASE IF EXISTS $db"
