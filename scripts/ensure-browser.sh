#!/usr/bin/env sh
# Find a Chromium for the browser tests, or get one: the system's /usr/bin/chromium; else
# Debian's chromium package when apt-get is here and we are root; else Playwright's own download.
# Stops with what it tried and the one command that fixes it when none of them works.
set -u
PYTHON="${1:-python3}"
# The browser tests look for Chromium here (tests/browser/conftest.py); a test may point it elsewhere.
SYSTEM_CHROMIUM="${SYSTEM_CHROMIUM:-/usr/bin/chromium}"
tried=""

if [ -x "$SYSTEM_CHROMIUM" ]; then
  echo "Browser tests use $SYSTEM_CHROMIUM"
  exit 0
fi

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  echo "No $SYSTEM_CHROMIUM: installing Debian's chromium package with apt-get"
  if DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null &&
    [ -x "$SYSTEM_CHROMIUM" ]; then
    echo "Browser tests use $SYSTEM_CHROMIUM"
    exit 0
  fi
  tried="$tried
  - apt-get install chromium (as root): failed"
else
  tried="$tried
  - apt-get install chromium: skipped (needs apt-get and root)"
fi

echo "Asking Playwright to download its own Chromium"
if "$PYTHON" -m playwright install chromium; then
  exit 0
fi
tried="$tried
  - python -m playwright install chromium: failed (is the download reachable?)"

if command -v apt-get >/dev/null 2>&1; then
  fix="sudo apt-get update && sudo apt-get install -y chromium"
else
  fix="$PYTHON -m playwright install chromium  (once the download is reachable)"
fi
cat >&2 <<MESSAGE

No Chromium for the browser tests. Tried:
  - $SYSTEM_CHROMIUM: not found$tried

Fix it with one command, then run make test again:
  $fix
MESSAGE
exit 1
