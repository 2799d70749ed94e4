#!/usr/bin/env bash
# View benchmark: the data behind each window view on 5,000 customers / 50,000 reservations /
# 365 days of utilization, next to its target. Usage: bash .ci/bench-views.sh [CUSTOMERS RESERVATIONS DAYS]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p desk --bench views -- "${1:-5000}" "${2:-50000}" "${3:-365}"
