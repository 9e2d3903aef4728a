#!/usr/bin/env bash
# The README's screenshots of the page on the bundled story's record:
# builds attache, installs playwright-core (npm) and takes them in headless
# Chromium (Debian's /usr/bin/chromium, or $CHROMIUM).
#
# Usage: bash crates/attache-web/ui-test/screenshots.sh [OUT_DIR]   (default: docs/img)
#   ATTACHE=path/to/attache uses that binary instead of building one.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
out=$(mkdir -p "${1:-$repo/docs/img}" && cd "${1:-$repo/docs/img}" && pwd)
cd "$repo"
if [ -z "${ATTACHE:-}" ]; then
  cargo build --release -p attache-cli
  target=${CARGO_TARGET_DIR:-target}
  ATTACHE=$(cd "$target/release" && pwd)/attache
fi
cd crates/attache-web/ui-test
npm install --silent --no-audit --no-fund
node screenshots.js --attache "$ATTACHE" --out "$out"
