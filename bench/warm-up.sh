# Sourced by the benchmarks. A user's first backup and first restore each teach the launcher which classes they
# load, and its next run then builds its class-data archive in the background (see ./preserve). Do both once, untimed, on
# the database at URL (its tables are emptied and restored again, so it ends as it began), and wait for the
# archive, so that it neither competes with the timed runs nor is missing from them.
warm_up_launcher() {  # warm_up_launcher URL HOST PORT USER DB
  local url="$1" scratch
  scratch="$(mktemp -d)"
  "$here/preserve" backup --database-url "$url" --dir "$scratch" --quiet
  psql -h "$2" -p "$3" -U "$4" -d "$5" -qAt -v ON_ERROR_STOP=1 \
    -c "SELECT 'TRUNCATE ' || string_agg(format('%I.%I', schemaname, tablename), ', ') FROM pg_tables WHERE schemaname = 'public'" \
    | psql -h "$2" -p "$3" -U "$4" -d "$5" -q -v ON_ERROR_STOP=1 >/dev/null
  "$here/preserve" restore --database-url "$url" --dir "$scratch" --quiet --include-history _prisma_migrations
  rm -rf "$scratch"
  # the next run of the launcher (any command) takes the restore's finished class list and builds the archive
  "$here/preserve" --version >/dev/null
  local cds="$here/app-cli/target/cds"
  for _ in $(seq 60); do
    [ -f "$cds/preserve.jsa" ] && [ "$cds/preserve.jsa" -nt "$cds/backup.classes" ] \
      && [ "$cds/preserve.jsa" -nt "$cds/restore.classes" ] && [ -z "$(ls "$cds"/*.[0-9]* 2>/dev/null)" ] && return 0
    sleep 1
  done
  echo "warm-up: the launcher's class-data archive did not appear; timing without it" >&2
}
