#!/usr/bin/env bash
# HTTP benchmark of `imha serve` against a bare axum hello-world, measured in the same run.
#
#   scripts/bench-http.sh                 # defaults: wrk -t2 -c32 -d10s, 5 cold starts each
#   DURATION=5s STARTS=3 scripts/bench-http.sh
#
# For each of {hello, imha}: cold start to the first 200 from /healthz (median of STARTS starts,
# imha with a fresh SQLite database each time, so it includes creating and migrating it), idle
# RSS after start, then wrk on /healthz and on / (imha's home page, hello's "Hello, world!").
# Prints a Markdown table of absolute figures and the ratios imha/hello, for docs/PERFORMANCE.md.
#
# Loopback only; every load run is bounded by DURATION; servers are killed on exit.
# This machine is shared and has 2 cores: wrk and the server compete for them, so read the
# ratios, not the absolute figures.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-2s}"
STARTS="${STARTS:-5}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

log() { printf '%s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
    log "installing wrk"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
command -v curl >/dev/null 2>&1 || {
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl >/dev/null
}

# --- build -------------------------------------------------------------------------------------
log "building release binaries (cargo waits if another build holds the lock)"
cargo build --release -p imha >&2
cargo build --release -p imha-web --example hello >&2
IMHA_BIN="$TARGET_DIR/release/imha"
HELLO_BIN="$TARGET_DIR/release/examples/hello"

# --- servers -----------------------------------------------------------------------------------
WORK="$(mktemp -d -t imha-bench-http.XXXXXX)"
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# A loopback port nothing listens on (random, checked by trying to connect).
free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    log "no free port found"
    return 1
}

now_ms() { # milliseconds since the epoch, without forking
    local t="${EPOCHREALTIME/[.,]/}"
    echo $((t / 1000))
}

# start NAME PORT RUN_DIR: starts the server in the background; sets STARTED_PID.
start() {
    local name="$1" port="$2" dir="$3"
    mkdir -p "$dir"
    case "$name" in
    hello)
        "$HELLO_BIN" --addr "127.0.0.1:$port" >"$dir/log" 2>&1 &
        ;;
    imha)
        IMHA_LOG=warn "$IMHA_BIN" serve --addr "127.0.0.1:$port" \
            --database "sqlite://$dir/imha.sqlite3" --log-format json >"$dir/log" 2>&1 &
        ;;
    esac
    STARTED_PID=$!
    PIDS+=("$STARTED_PID")
}

# wait_ready PORT PID: polls /healthz until 200; prints nothing, fails after 60 s.
wait_ready() {
    local port="$1" pid="$2" deadline=$(($(now_ms) + 60000))
    while (($(now_ms) < deadline)); do
        if curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$port/healthz" 2>/dev/null; then
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || { log "server $pid exited before answering"; return 1; }
        sleep 0.002
    done
    log "server on port $port did not answer /healthz within 60 s"
    return 1
}

stop() {
    local pid="$1" kept=() p
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    for p in "${PIDS[@]}"; do [[ "$p" == "$pid" ]] || kept+=("$p"); done
    PIDS=("${kept[@]+"${kept[@]}"}")
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# cold_start NAME: STARTS fresh starts, median ms to the first 200; leaves the last one running
# and sets PORT_<NAME>, PID_<NAME>, COLD_<NAME>, COLD_ALL_<NAME>.
cold_start() {
    local name="$1" i port t0 t1 times=() dir
    for i in $(seq 1 "$STARTS"); do
        port="$(free_port)"
        dir="$WORK/$name-$i"
        t0="$(now_ms)"
        start "$name" "$port" "$dir"
        if ! wait_ready "$port" "$STARTED_PID"; then
            cat "$dir/log" >&2
            exit 1
        fi
        t1="$(now_ms)"
        times+=($((t1 - t0)))
        if ((i < STARTS)); then stop "$STARTED_PID"; fi
    done
    printf -v "PORT_$name" '%s' "$port"
    printf -v "PID_$name" '%s' "$STARTED_PID"
    printf -v "COLD_$name" '%s' "$(printf '%s\n' "${times[@]}" | median)"
    printf -v "COLD_ALL_$name" '%s' "${times[*]}"
}

rss_kib() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/status"; }

# --- wrk ---------------------------------------------------------------------------------------
to_ms() { # "250.00us" / "1.23ms" / "1.02s" / "1.5m" -> milliseconds
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.3f", n }'
}

# run_wrk NAME PORT PATH KEY: sets RPS_KEY, P50_KEY, P99_KEY, ERR_KEY.
run_wrk() {
    local name="$1" port="$2" path="$3" key="$4" out
    local url="http://127.0.0.1:$port$path"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url")"
    printf '%s\n' "--- $name $path" "$out" >>"$WORK/wrk.txt"
    printf -v "RPS_$key" '%s' "$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
    printf -v "P50_$key" '%s' "$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")"
    printf -v "P99_$key" '%s' "$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")"
    local non2xx sockerr
    non2xx="$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")"
    sockerr="$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")"
    printf -v "ERR_$key" '%s' "$((${non2xx:-0} + ${sockerr:-0}))"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }

# --- run ---------------------------------------------------------------------------------------
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
log "cold starts ($STARTS each)"
cold_start hello
cold_start imha

# Idle RSS: one second after the first 200, with no load yet.
sleep 1
RSS_IDLE_hello="$(rss_kib "$PID_hello" VmRSS)"
RSS_IDLE_imha="$(rss_kib "$PID_imha" VmRSS)"

# The bodies served at / (throughput depends on their size).
BODY_hello="$(curl -fsS "http://127.0.0.1:$PORT_hello/" | wc -c)"
BODY_imha="$(curl -fsS "http://127.0.0.1:$PORT_imha/" | wc -c)"

log "wrk -t$THREADS -c$CONNECTIONS -d$DURATION (after a $WARMUP warm-up each), interleaved"
run_wrk hello "$PORT_hello" /healthz hello_healthz
run_wrk imha "$PORT_imha" /healthz imha_healthz
run_wrk hello "$PORT_hello" / hello_home
run_wrk imha "$PORT_imha" / imha_home

RSS_PEAK_hello="$(rss_kib "$PID_hello" VmHWM)"
RSS_PEAK_imha="$(rss_kib "$PID_imha" VmHWM)"
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

SIZE_imha="$(stat -c %s "$IMHA_BIN")"
SIZE_hello="$(stat -c %s "$HELLO_BIN")"

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
mib_b() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

cat <<EOF

## HTTP benchmark: imha vs bare axum hello-world

- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo ' plus uncommitted changes in the working tree')
- nproc: $(nproc); load average before: $LOAD_BEFORE; after: $LOAD_AFTER
- $(rustc -V); $(wrk -v 2>&1 | head -n1 | cut -d' ' -f1-2)
- wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up), loopback; cold start: median of $STARTS
- body at /: hello $BODY_hello bytes, imha $BODY_imha bytes

| measure | hello (bare axum) | imha | imha/hello |
| --- | ---: | ---: | ---: |
| release binary size (MiB) | $(mib_b "$SIZE_hello") | $(mib_b "$SIZE_imha") | $(ratio "$SIZE_imha" "$SIZE_hello") |
| cold start to first 200 from /healthz (ms, median) | $COLD_hello | $COLD_imha | $(ratio "$COLD_imha" "$COLD_hello") |
| idle RSS after start (MiB) | $(mib "$RSS_IDLE_hello") | $(mib "$RSS_IDLE_imha") | $(ratio "$RSS_IDLE_imha" "$RSS_IDLE_hello") |
| peak RSS after the load runs (MiB) | $(mib "$RSS_PEAK_hello") | $(mib "$RSS_PEAK_imha") | $(ratio "$RSS_PEAK_imha" "$RSS_PEAK_hello") |
| /healthz requests/s | $RPS_hello_healthz | $RPS_imha_healthz | $(ratio "$RPS_imha_healthz" "$RPS_hello_healthz") |
| /healthz p50 latency (ms) | $P50_hello_healthz | $P50_imha_healthz | $(ratio "$P50_imha_healthz" "$P50_hello_healthz") |
| /healthz p99 latency (ms) | $P99_hello_healthz | $P99_imha_healthz | $(ratio "$P99_imha_healthz" "$P99_hello_healthz") |
| / requests/s | $RPS_hello_home | $RPS_imha_home | $(ratio "$RPS_imha_home" "$RPS_hello_home") |
| / p50 latency (ms) | $P50_hello_home | $P50_imha_home | $(ratio "$P50_imha_home" "$P50_hello_home") |
| / p99 latency (ms) | $P99_hello_home | $P99_imha_home | $(ratio "$P99_imha_home" "$P99_hello_home") |

Cold starts (ms, each): hello $COLD_ALL_hello; imha $COLD_ALL_imha.
Errors (non-2xx + socket errors): hello /healthz $ERR_hello_healthz, imha /healthz $ERR_imha_healthz, hello / $ERR_hello_home, imha / $ERR_imha_home.
EOF

if ((ERR_hello_healthz + ERR_imha_healthz + ERR_hello_home + ERR_imha_home > 0)); then
    log "some requests failed: the throughput figures above are not valid"
    cat "$WORK/wrk.txt" >&2
    exit 1
fi
