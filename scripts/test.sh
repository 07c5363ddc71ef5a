#!/usr/bin/env bash
# The one test command: provisions what the tests need, then runs every check and test.
# Usage: scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# A clean build gains nothing from the incremental cache, and it costs gigabytes of disk.
export CARGO_INCREMENTAL=0

echo "== toolchain"
cargo --version
for component in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    rustup component add "$component"
  fi
done

echo "== format"
cargo fmt --all -- --check

echo "== lints"
cargo clippy --workspace --all-targets -- -D warnings

echo "== one SQLite library in the build"
# sqlx and matrix-sdk must agree on libsqlite3-sys (docs/dependencies.md).
versions=$(cargo tree --workspace --prefix none | grep -o '^libsqlite3-sys v[0-9.]*' | sort -u | wc -l)
if [ "$versions" -ne 1 ]; then
  echo "expected exactly one libsqlite3-sys, found $versions"; cargo tree -i libsqlite3-sys --workspace || true; exit 1
fi

echo "== PDF reader"
# Attendance sheets and certificates are read back with poppler's pdftotext (Debian).
if ! command -v pdftotext >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends poppler-utils >/dev/null 2>&1 \
    || { apt-get update >/dev/null && apt-get install -y --no-install-recommends poppler-utils >/dev/null; }
fi
pdftotext -v 2>&1 | sed -n 1p  # sed reads it all: no SIGPIPE under pipefail

echo "== browser for the web space's tests"
# Debian's Chromium and chromedriver (tests/web_browser.rs drives them over WebDriver), and
# axe-core from npm for the accessibility checks.
if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends chromium chromium-driver >/dev/null 2>&1 \
    || { apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium chromium-driver >/dev/null; }
fi
/usr/bin/chromium --version 2>/dev/null || true
if ! [ -f .tools/axe/node_modules/axe-core/axe.min.js ]; then
  mkdir -p .tools/axe
  npm install --silent --no-audit --no-fund --prefix .tools/axe axe-core@4 >/dev/null
fi
echo "axe-core $(node -p "require('./.tools/axe/node_modules/axe-core/package.json').version")"

echo "== Matrix test homeserver"
# The Matrix adapter is tested against a real Synapse (docs/synapse.md); it is
# installed on first use and stopped when the tests end, pass or fail.
synapse_was_running=false
if scripts/synapse.sh status >/dev/null 2>&1; then synapse_was_running=true; fi
scripts/synapse.sh start >/dev/null
if [ "$synapse_was_running" = false ]; then trap 'scripts/synapse.sh stop' EXIT; fi
# shellcheck disable=SC1091
. .synapse/env

echo "== tests"
cargo test --workspace --all-targets
