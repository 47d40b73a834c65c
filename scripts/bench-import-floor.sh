#!/usr/bin/env bash
# Benchmark: the floor for the opt-out feed import, that is SQLite's writes alone. Rows of a
# synthetic feed are staged with every id and key the import would make already worked out
# (bench-import-floor/stage.sql), then loaded into the tables in one transaction with the
# `sqlite3` shell, timing each statement (`.timer on`), into:
#   1. today's schema, in a database imha made (bench-import-floor/today.sql);
#   2. the same tables with integer keys (bench-import-floor/intkeys-schema.sql, intkeys.sql);
#   3. those tables with only their unique constraints, then every other index built after.
# Reading the staged rows alone (source.sql) is timed too, to subtract. No application code
# runs, so no importer on this schema can be faster than (1): docs/PERFORMANCE.md, "Opt-out
# feed import", has what it shows.
#
# usage: scripts/bench-import-floor.sh [ROWS]   (default 1000000; needs the sqlite3 shell and GNU time)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rows="${1:-1000000}"
root="$PWD"
sql="$root/scripts/bench-import-floor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release -q -p imha
python3 scripts/gen-feed.py "$rows" 20 > "$work/feed.csv"
cd "$work"
echo "feed: $rows rows; load average $(cut -d' ' -f1-3 /proc/loadavg)"
sqlite3 stage.sqlite3 < "$sql/stage.sql" > /dev/null

run() { # label, database, sql file
  echo "== $1"
  /usr/bin/time -f "   whole run: %e s wall, CPU %U s user + %S s system, max RSS %M KB" \
    sqlite3 "$2" < "$3" 2>&1 | grep -E "^Run Time|whole run|rror" | grep -v "real 0.00"
}

run "reading the staged rows alone (patients; episodes with their patient's number; episodes)" \
  source.sqlite3 "$sql/source.sql"

"$root/target/release/imha" import episodes /dev/null --database "sqlite://$PWD/today.sqlite3" \
  > /dev/null 2>&1 || true
for i in $(seq -w 0 19); do
  echo "INSERT INTO organisations (id, kind, name, ods_code, jurisdiction, created_at) VALUES ('h$i', 'hospital', 'Bench $i', 'RZB$i', 'england', '2026-01-01T00:00:00Z');"
done | sqlite3 today.sqlite3
run "1. today's schema: patients, episodes, referrals, commit" today.sqlite3 "$sql/today.sql"

sqlite3 intkeys.sqlite3 < "$sql/intkeys-schema.sql" > /dev/null
run "2. integer keys: patients, episodes, referrals, commit" intkeys.sqlite3 "$sql/intkeys.sql"

grep -v '^CREATE INDEX\|^CREATE UNIQUE INDEX' "$sql/intkeys-schema.sql" | sqlite3 bare.sqlite3 > /dev/null
run "3. integer keys, unique constraints only: patients, episodes, referrals, commit" \
  bare.sqlite3 "$sql/intkeys.sql"
{ echo ".timer on"; echo "PRAGMA cache_size = -65536;"
  grep '^CREATE INDEX\|^CREATE UNIQUE INDEX' "$sql/intkeys-schema.sql"; } > indexes.sql
run "   then each of the other indexes built" bare.sqlite3 indexes.sql
ls -l today.sqlite3 intkeys.sqlite3 bare.sqlite3 | awk '{printf "%s: %d MB\n", $9, $5 / 1000000}'
