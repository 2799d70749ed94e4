#!/usr/bin/env bash
# Import benchmark: rdesk's reservation-details import next to the SQLite shell's .import of the
# same file, in three cases: an empty store; the incremental case (a store with 2,000
# reservations x 365 days of daily utilization, importing the next 30 days); and a file whose
# days overlap that stored year. Each line of the result names its case with rdesk's seconds,
# rows/s and peak RSS, the shell's seconds and rdesk's time as a multiple of the shell's.
# Usage: bash .ci/bench-import.sh [ROWS]   (default 1,000,000 rows; BENCH_IMPORT_RUNS=N runs
# each import N times, default 3, and reports the fastest)
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
