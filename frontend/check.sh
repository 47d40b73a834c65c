#!/usr/bin/env bash
# imha: checks that the committed GOV.UK Frontend outputs (the static files in
# crates/imha-web/static and the fixtures in crates/imha-govuk/fixtures) are
# exactly what frontend/build.sh produces from the pinned package-lock.json.
# CI runs this; it fails when someone edited an output by hand or changed the
# inputs without rebuilding.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

"$here/build.sh" "$tmp/static" "$tmp/fixtures" >/dev/null

status=0
# crates/imha-web/static is shared with files other people own, so compare only
# the files the build writes there.
for f in "$tmp"/static/*; do
  name="$(basename "$f")"
  committed="$root/crates/imha-web/static/$name"
  if [[ ! -f "$committed" ]]; then
    echo "check.sh: crates/imha-web/static/$name is missing" >&2
    status=1
  elif ! cmp -s "$f" "$committed"; then
    echo "check.sh: crates/imha-web/static/$name differs from a fresh build" >&2
    diff <(fold -w 120 "$committed") <(fold -w 120 "$f") | head -20 >&2 || true
    status=1
  fi
done
# The fixtures directory is ours alone: compare it whole.
if ! diff -r "$root/crates/imha-govuk/fixtures" "$tmp/fixtures" >"$tmp/fixtures.diff"; then
  echo "check.sh: crates/imha-govuk/fixtures differs from a fresh build:" >&2
  head -20 "$tmp/fixtures.diff" >&2
  status=1
fi

if [[ $status -ne 0 ]]; then
  echo "check.sh: FAILED: run frontend/build.sh and commit the outputs" >&2
  exit 1
fi
echo "check.sh: committed GOV.UK Frontend outputs match a fresh build"
