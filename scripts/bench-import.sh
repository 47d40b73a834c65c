#!/usr/bin/env bash
# Benchmark: import a synthetic opt-out feed into a fresh SQLite database with the release
# binary, and, as the baseline measured in the same run, load the same file into a bare table
# with the sqlite3 shell's .import. Prints rows/s, peak memory (max RSS) and the ratio.
#
# The machine is often shared: it prints the load average and each command's CPU time (user +
# system) beside its wall time, which is what to compare when other work competes for the cores.
#
# usage: scripts/bench-import.sh [ROWS]   (default 1000000; needs sqlite3 and GNU time)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rows="${1:-1000000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release -q -p imha
python3 scripts/gen-feed.py "$rows" 20 > "$work/feed.csv"
echo "feed: $rows rows, $(du -h "$work/feed.csv" | cut -f1)"

# The hospitals the feed names (RZB00..RZB19), in a database imha has created and migrated.
db="$work/imha.sqlite3"
./target/release/imha import episodes /dev/null --database "sqlite://$db" >/dev/null 2>&1 || true
for i in $(seq -w 0 19); do
  echo "INSERT INTO organisations (id, kind, name, ods_code, jurisdiction, created_at) VALUES ('h$i', 'hospital', 'Bench $i', 'RZB$i', 'england', '2026-01-01T00:00:00Z');"
done | sqlite3 "$db"

measure() { # label, command...
  local label="$1"; shift
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" > "$work/out" 2> "$work/err" || true
  read -r secs kb user sys < "$work/time"
  echo "$label: ${secs} s, CPU ${user} s user + ${sys} s system, peak memory (max RSS) $(( kb / 1024 )) MiB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "$secs" > "$work/$label.secs"
}

measure imha ./target/release/imha import episodes "$work/feed.csv" --database "sqlite://$db"
head -c 400 "$work/out"; echo
measure imha-again ./target/release/imha import episodes "$work/feed.csv" --database "sqlite://$db"
head -c 400 "$work/out"; echo

bare="$work/bare.sqlite3"
sqlite3 "$bare" "CREATE TABLE feed (episode_id TEXT, hospital TEXT, nhs_number TEXT, local_patient_id TEXT, given_name TEXT, family_name TEXT, date_of_birth TEXT, legal_status TEXT, start TEXT, \"end\" TEXT, ward TEXT, ethnicity TEXT, gender TEXT);"
measure sqlite3-import sqlite3 "$bare" ".mode csv" ".import --skip 1 $work/feed.csv feed"

python3 - "$work" "$rows" <<'PY'
import sys
work, rows = sys.argv[1], int(sys.argv[2])
t = {k: float(open(f"{work}/{k}.secs").read()) for k in ["imha", "imha-again", "sqlite3-import"]}
for k, v in t.items():
    print(f"{k:15s} {v:7.2f} s  {rows / v:12,.0f} rows/s")
print(f"imha / sqlite3 .import: {t['imha'] / t['sqlite3-import']:.1f}x the time")
PY
