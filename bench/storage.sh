#!/usr/bin/env bash
# Backup and restore with encryption and with object storage, as ratios to the plain local figures, in the same run.
#   bench/storage.sh [SCALE]     (SCALE 1 ≈ 100 MB of rows; RUNS=3 by default)
# Needs what bench/backup-restore.sh needs; starts an S3-compatible server (s3proxy, objects in memory, from the test
# class path of adapters-storage) on 127.0.0.1 for the S3 runs. Run it from a clone of its own (a source edit makes
# the launcher rebuild in the middle of a run).
set -euo pipefail
scale="${1:-1}"
runs="${RUNS:-3}"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$here/bench/work-storage"
db="preserve_bench_storage"
host="${BENCH_HOST:-127.0.0.1}"; port="${BENCH_PORT:-5432}"; user="${BENCH_USER:-postgres}"
url="postgresql://$user@$host:$port/$db"
psql_db() { psql -h "$host" -p "$port" -U "$user" -d "$db" -v ON_ERROR_STOP=1 -qAt "$@"; }

rm -rf "$work" && mkdir -p "$work"
"$here/preserve" --version >/dev/null   # builds the jar if needed, outside the timings
(cd "$here" && mvn -B -q test-compile dependency:build-classpath -pl adapters-storage -am -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/cp.txt" >/dev/null)
java -cp "$here/adapters-storage/target/test-classes:$here/adapters-storage/target/classes:$(cat "$work/cp.txt")" \
  io.preserve.adapter.storage.S3TestServer bench > "$work/s3.env" 2>"$work/s3.log" &
s3pid=$!
trap 'kill $s3pid 2>/dev/null || true' EXIT
for _ in $(seq 60); do grep -q AWS_ENDPOINT_URL "$work/s3.env" && break; sleep 1; done
set -a; . "$work/s3.env"; set +a
export PRESERVE_PASSPHRASE="bench-passphrase-not-secret"

echo "Loading the sample app at scale $scale..."
psql -h "$host" -p "$port" -U "$user" -d postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql_db -f "$here/examples/blog-app/schema.sql"
PGOPTIONS="-c preserve.scale=$scale" psql_db -f "$here/examples/blog-app/generate.sql"
psql_db -c "VACUUM ANALYZE"
psql_db -c "SELECT format('ALTER TABLE %I.%I SET (autovacuum_enabled = false, toast.autovacuum_enabled = false);', schemaname, tablename) FROM pg_tables WHERE schemaname = 'public'" | psql_db >/dev/null
rows=$(psql_db -c "SELECT sum(n_live_tup) FROM pg_stat_user_tables")
size=$(psql_db -c "SELECT pg_size_pretty(sum(pg_table_size(relid))) FROM pg_stat_user_tables")
echo "  $rows rows, $size of tables"

empty_tables() {
  psql_db -c "SELECT 'TRUNCATE ' || string_agg(format('%I.%I', schemaname, tablename), ', ') FROM pg_tables WHERE schemaname = 'public'" \
    | psql_db >/dev/null
  psql_db -c "CHECKPOINT" >/dev/null
}
timed() { /usr/bin/time -f "%e %M" -o "$work/last" "$@" >/dev/null; cat "$work/last"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
maxcol() { awk -v c="$1" 'BEGIN{m=0} {if ($c>m) m=$c} END {print m}'; }

# The launcher's class-data archive is made from the first backup and restore it sees: let them be an encrypted one to
# the bucket, so that the archive holds the classes of all three ways (the plain runs load a subset of them).
cds="$here/app-cli/target/cds"
rm -rf "$cds"
"$here/preserve" backup --database-url "$url" --encrypt --store s3://bench/warm-up --quiet
empty_tables
"$here/preserve" restore --database-url "$url" --store s3://bench/warm-up --quiet --include-history _prisma_migrations
"$here/preserve" --version >/dev/null
for _ in $(seq 60); do [ -f "$cds/preserve.jsa" ] && [ -z "$(ls "$cds"/*.[0-9]* 2>/dev/null)" ] && break; sleep 1; done

ways=(plain encrypted s3 s3-encrypted)
args_for() {
  case "$1" in
    plain) echo "--dir $work/plain" ;;
    encrypted) echo "--dir $work/encrypted --encrypt" ;;
    s3) echo "--store s3://bench/plain" ;;
    s3-encrypted) echo "--store s3://bench/encrypted --encrypt" ;;
  esac
}
for way in "${ways[@]}"; do : > "$work/$way.backup"; : > "$work/$way.restore"; done
for i in $(seq "$runs"); do
  echo "Run $i/$runs"
  for way in "${ways[@]}"; do
    # shellcheck disable=SC2046
    psql_db -c "CHECKPOINT" >/dev/null
    timed "$here/preserve" backup --database-url "$url" $(args_for "$way") --quiet >> "$work/$way.backup"
  done
  for way in "${ways[@]}"; do
    empty_tables
    # --encrypt means nothing to a restore: it opens what it finds
    timed "$here/preserve" restore --database-url "$url" $(args_for "$way" | sed 's/ --encrypt//') --quiet \
      --include-history _prisma_migrations >> "$work/$way.restore"
  done
done

echo
echo "Scale $scale: $rows rows, $size of tables; median of $runs runs on $(nproc) cores (S3: s3proxy on 127.0.0.1, in memory)"
printf "%-14s %10s %8s %10s %10s %8s %10s\n" "" "backup s" "ratio" "peak RSS" "restore s" "ratio" "peak RSS"
pb=$(median < "$work/plain.backup"); pr=$(median < "$work/plain.restore")
for way in "${ways[@]}"; do
  b=$(median < "$work/$way.backup"); r=$(median < "$work/$way.restore")
  brss=$(maxcol 2 < "$work/$way.backup"); rrss=$(maxcol 2 < "$work/$way.restore")
  awk -v w="$way" -v b="$b" -v r="$r" -v pb="$pb" -v pr="$pr" -v brss="$brss" -v rrss="$rrss" 'BEGIN {
    printf "%-14s %10.2f %8.2f %7d MB %10.2f %8.2f %7d MB\n", w, b, b / pb, brss / 1024, r, r / pr, rrss / 1024 }'
done
ls -l "$work"/plain/*.preserve "$work"/encrypted/*.preserve | awk '{print "  " $5 " bytes  " $9}' | sed -n '1p;$p'
psql -h "$host" -p "$port" -U "$user" -d postgres -qc "DROP DATABASE IF EXISTS $db"
