#!/usr/bin/env bash
# Import benchmark: rdesk's reservation-details import next to the SQLite shell's .import of the
# same file. Usage: bash .ci/bench-import.sh [ROWS]   (default 1,000,000 rows)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v sqlite3 >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get install -y -q sqlite3 >/dev/null || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q sqlite3 >/dev/null; }
  elif command -v brew >/dev/null 2>&1; then
    brew list sqlite >/dev/null 2>&1 || brew install sqlite
  fi
fi
cargo bench -p desk --bench import -- "${1:-1000000}"
