#!/usr/bin/env bash
# imha's GOV.UK Frontend asset build.
#
# Usage: frontend/build.sh [STATIC_DIR [FIXTURES_DIR]]
#   STATIC_DIR   where imha.css, govuk-frontend.min.js and init.js go
#                (default: crates/imha-web/static)
#   FIXTURES_DIR where the fixtures.json of each component imha-govuk
#                implements go, as <component>.json
#                (default: crates/imha-govuk/fixtures)
#
# The output is deterministic: the same package-lock.json gives byte-identical
# files, so frontend/check.sh can diff a rebuild against the committed files.
# imha ships no GOV.UK images (no crown, crest, favicon or govuk-icon) and no
# fonts (no GDS Transport): src/_url-handlers.scss makes the Sass build fail if
# the CSS ever refers to one.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
static_dir="${1:-$root/crates/imha-web/static}"
fixtures_dir="${2:-$root/crates/imha-govuk/fixtures}"

# The components crates/imha-govuk implements (and tests against fixtures).
components=(
  back-link button checkboxes date-input details error-message error-summary
  fieldset hint input inset-text label notification-banner panel phase-banner
  radios select skip-link summary-list table tag textarea warning-text
)

cd "$here"
if [[ ! -d node_modules/govuk-frontend || ! -d node_modules/sass ]]; then
  npm ci --no-audit --no-fund --ignore-scripts
fi

dist=node_modules/govuk-frontend/dist/govuk
mkdir -p "$static_dir" "$fixtures_dir"

# CSS: compressed, no source map, no fonts, no images.
./node_modules/.bin/sass --no-source-map --style=compressed --quiet-deps \
  --load-path=node_modules src/imha.scss "$static_dir/imha.css"
if grep -Eio 'url\([^)]*\)|@font-face|GDS Transport' "$static_dir/imha.css"; then
  echo "build.sh: imha.css refers to a font or an image (see above); it must not" >&2
  exit 1
fi

# JavaScript: the ES module build, without its source map comment (we do not
# ship the map), and our initialiser.
sed -e 's|//# sourceMappingURL=[^ ]*$||' "$dist/govuk-frontend.min.js" \
  >"$static_dir/govuk-frontend.min.js"
cp src/init.js "$static_dir/init.js"

# Fixtures for the Rust conformance tests (so they need no Node).
for c in "${components[@]}"; do
  cp "$dist/components/$c/fixtures.json" "$fixtures_dir/$c.json"
done

echo "build.sh: wrote imha.css, govuk-frontend.min.js, init.js to $static_dir"
echo "build.sh: wrote ${#components[@]} fixture files to $fixtures_dir"
