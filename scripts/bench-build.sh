#!/usr/bin/env bash
# Clean build times: the `imha` release binary against a bare axum hello-world, in the same run.
#
#   scripts/bench-build.sh                # imha release, hello release, workspace debug
#   DEBUG_BUILD=0 scripts/bench-build.sh  # skip the clean debug build of all targets
#   REV=abc1234 scripts/bench-build.sh    # time another commit
#
# Each build starts from an empty, fresh target directory (deleted afterwards), so nothing is
# reused from target/. Downloads are not timed: `cargo fetch` runs first.
# What is built is a snapshot of a commit (`git archive REV`, REV=HEAD by default) in a temporary
# directory, not the working tree: other engineers edit the tree while a build runs.
#
# The baseline is hello.rs (crates/imha-web/examples/hello.rs) built as a standalone crate in a
# temporary directory that depends on axum and tokio only, with the workspace's Cargo.lock (so
# the same versions) and the same release profile. Building the example inside the workspace
# would build imha-web's library and dev-dependencies too, which is not a baseline.
# The ratio imha/hello is what imha's own code and extra dependencies cost to build.
#
# This machine has 2 cores and is shared: other builds may be running. The load average is
# printed beside every figure; the figures are noisy.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DEBUG_BUILD="${DEBUG_BUILD:-1}"
REV="$(git rev-parse --short "${REV:-HEAD}")"

log() { printf '%s\n' "$*" >&2; }

DIRS=()
cleanup() {
    local d
    for d in "${DIRS[@]+"${DIRS[@]}"}"; do rm -rf "$d"; done
}
trap cleanup EXIT INT TERM

# fresh_dir NAME: sets FRESH to a new temporary directory, deleted on exit. (Not echoed: a
# command substitution is a subshell, and the directory would be lost from DIRS.)
fresh_dir() {
    FRESH="$(mktemp -d -t "imha-bench-build-$1.XXXXXX")"
    DIRS+=("$FRESH")
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# timed KEY DIR CMD...: runs CMD in DIR with an empty CARGO_TARGET_DIR; sets WALL_KEY (s),
# CPU_KEY (user+sys s), LOAD0_KEY, LOAD1_KEY.
timed() {
    local key="$1" dir="$2" target t0 t1
    shift 2
    fresh_dir "target-$key"
    target="$FRESH"
    printf -v "LOAD0_$key" '%s' "$(loadavg)"
    log "[$key] load $(loadavg): (cd $dir && CARGO_TARGET_DIR=<fresh> $*)"
    t0="$EPOCHREALTIME"
    (cd "$dir" && CARGO_TARGET_DIR="$target" /usr/bin/time -f '%U %S' -o "$target/cpu.txt" "$@" >&2)
    t1="$EPOCHREALTIME"
    printf -v "LOAD1_$key" '%s' "$(loadavg)"
    printf -v "WALL_$key" '%s' "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
    printf -v "CPU_$key" '%s' "$(awk '{ printf "%.1f", $1 + $2 }' "$target/cpu.txt")"
    rm -rf "$target"
}

command -v /usr/bin/time >/dev/null 2>&1 || {
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
}

# --- the snapshot of REV ----------------------------------------------------------------------
fresh_dir "src-$REV"
SRC="$FRESH"
git archive "$REV" | tar -x -C "$SRC"

# --- the standalone hello-world crate ----------------------------------------------------------
fresh_dir hello-crate
HELLO="$FRESH"
mkdir -p "$HELLO/src"
cp "$SRC/crates/imha-web/examples/hello.rs" "$HELLO/src/main.rs"
cp "$SRC/Cargo.lock" "$HELLO/Cargo.lock"
cat >"$HELLO/Cargo.toml" <<'EOF'
[package]
name = "hello"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
axum = "0.8"
tokio = { version = "1", features = ["rt-multi-thread", "macros", "net", "signal"] }

[profile.release]
codegen-units = 16
strip = "debuginfo"
EOF

log "fetching sources (not timed)"
(cd "$SRC" && cargo fetch >&2)
(cd "$HELLO" && cargo fetch >&2)

# --- builds ------------------------------------------------------------------------------------
timed imha_release "$SRC" cargo build --release -p imha
timed hello_release "$HELLO" cargo build --release
if [[ "$DEBUG_BUILD" == 1 ]]; then
    timed workspace_debug "$SRC" cargo build --workspace --all-targets
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }

cat <<EOF

## Clean build times

- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit: $REV (\`git archive\` snapshot)
- nproc: $(nproc); $(rustc -V); $(cargo -V)
- each build from an empty target directory; sources fetched beforehand; shared machine, noisy

| build | wall (s) | CPU user+sys (s) | load average before | after | wall ratio to hello |
| --- | ---: | ---: | --- | --- | ---: |
| hello (axum + tokio only), \`cargo build --release\` | $WALL_hello_release | $CPU_hello_release | $LOAD0_hello_release | $LOAD1_hello_release | 1.00 |
| imha, \`cargo build --release -p imha\` | $WALL_imha_release | $CPU_imha_release | $LOAD0_imha_release | $LOAD1_imha_release | $(ratio "$WALL_imha_release" "$WALL_hello_release") |
EOF
if [[ "$DEBUG_BUILD" == 1 ]]; then
    cat <<EOF
| workspace debug, \`cargo build --workspace --all-targets\` | $WALL_workspace_debug | $CPU_workspace_debug | $LOAD0_workspace_debug | $LOAD1_workspace_debug | $(ratio "$WALL_workspace_debug" "$WALL_hello_release") |
EOF
fi
echo
echo "CPU ratio imha/hello (release): $(ratio "$CPU_imha_release" "$CPU_hello_release")"
