#!/usr/bin/env bash
# Window benchmark: the real app (debug build, as the end-to-end tests run it) on 5,000 customers /
# 50,000 reservations / 365 days. Prepares the store once with the release rdesk, then times the
# views in the window. Usage: bash .ci/bench-window.sh   (Linux; needs `.ci/setup.sh --test` first)
set -euo pipefail
cd "$(dirname "$0")/.."
store="${TMPDIR:-/tmp}/rdesk-bench-window.sqlite3"
cargo build --release -p desk --bin rdesk
(cd ui && npm run build)
cargo build -p reservation-desk -p desk
if [ ! -s "$store" ]; then
  RDESK_TODAY=2026-11-24 ./target/release/rdesk --db "$store" demo --customers 5000 --reservations 50000 --days 365 --seed 5
fi
RDESK_TODAY=2026-11-24 node tests/e2e/scale.mjs "$store"
