#!/usr/bin/env bash
# Starts Reservation Desk (release build). On first launch the app fills an empty store with the
# demo portfolio. Extra arguments go to the app.
#
#   .ci/start-app.sh
set -euo pipefail
# shellcheck source=.ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash "$REPO_ROOT/.ci/setup.sh"

say "building the UI (npm run build in ui/)"
(cd "$REPO_ROOT/ui" && npm run build)

say "building and starting the app (cargo run --release -p reservation-desk)"
cd "$REPO_ROOT"
exec cargo run --release -p reservation-desk -- "$@"
