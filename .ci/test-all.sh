#!/usr/bin/env bash
# Runs every test of Reservation Desk, in order, stopping at the first failure:
# setup, format, core tests, UI build, clippy, app build, bindings drift, UI check and tests, and
# the end-to-end tests of the real window under Xvfb (Linux only). Each step is announced and
# timed; the last line totals the tests every runner reported.
#
#   bash .ci/test-all.sh
set -euo pipefail
# shellcheck source=.ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

BINDINGS=ui/src/api/bindings.ts
STEP_NAMES=()
STEP_SECONDS=()
RUN_START=$SECONDS
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

summary() {
  local i
  printf '\n%-52s %8s\n' "step" "seconds"
  for i in "${!STEP_NAMES[@]}"; do
    printf '%-52s %8s\n' "${STEP_NAMES[$i]}" "${STEP_SECONDS[$i]}"
  done
  printf '%-52s %8s\n' "total" "$((SECONDS - RUN_START))"
}

# Sums what the runners printed: cargo's "test result:", vitest's "Tests", node's "ℹ pass/fail".
totals() {
  sed -e 's/\x1b\[[0-9;]*m//g' "$LOG" | awk '
    /^test result: / { for (i = 1; i <= NF; i++) { if ($i ~ /^passed;?$/) p += $(i-1); if ($i ~ /^failed;?$/) f += $(i-1) } }
    /^ *Tests +[0-9]+ (passed|failed)/ { for (i = 1; i <= NF; i++) { if ($i == "passed") p += $(i-1); if ($i == "failed") f += $(i-1) } }
    /^ℹ pass [0-9]+$/ { p += $3 }
    /^ℹ fail [0-9]+$/ { f += $3 }
    END { printf "%d %d\n", p, f }'
}

# step NAME COMMAND...: runs one step (output shown and kept for the totals), prints its time,
# and stops everything when it fails.
step() {
  local name=$1 start=$SECONDS rc took
  shift
  printf '\n'
  say "[$((${#STEP_NAMES[@]} + 1))] $name"
  set +e
  # No step reads the terminal: a tool that probes stdin finds it empty.
  "$@" </dev/null 2>&1 | tee -a "$LOG"
  rc=${PIPESTATUS[0]}
  set -e
  took=$((SECONDS - start))
  STEP_NAMES+=("$name")
  STEP_SECONDS+=("$took")
  if [ "$rc" -ne 0 ]; then
    printf '\nFAILED: %s (exit %d after %ds)\n' "$name" "$rc" "$took" >&2
    summary >&2
    read -r p f <<<"$(totals)"
    printf '\ntests: %d passed, %d failed\n' "$p" "$((f > 0 ? f : 1))"
    exit "$rc"
  fi
  printf '    %s: ok in %ds\n' "$name" "$took"
}

in_ui() { (cd "$REPO_ROOT/ui" && "$@"); }

bindings_drift() {
  ./target/debug/reservation-desk --export-bindings "$BINDINGS" || return 1
  if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    note "not a git work tree: cannot compare $BINDINGS with the committed one"
    return 0
  fi
  if ! git diff --exit-code -- "$BINDINGS"; then
    printf '\nerror: %s is out of date with the Rust types.\n' "$BINDINGS" >&2
    printf '       It was just regenerated from the Rust code (diff above): review and commit it.\n' >&2
    return 1
  fi
  note "$BINDINGS matches the Rust types"
}

e2e() {
  local files=(tests/e2e/*.test.mjs)
  [ -e "${files[0]}" ] || {
    printf 'error: no end-to-end test files in tests/e2e/\n' >&2
    return 1
  }
  node --test --test-concurrency=1 --test-reporter=spec "${files[@]}"
}

step "setup (.ci/setup.sh --test)" bash "$REPO_ROOT/.ci/setup.sh" --test
step "format check (cargo fmt)" cargo fmt --all -- --check
step "core tests (cargo test -p desk)" cargo test -p desk
step "UI build (npm run build)" in_ui npm run build
step "clippy (workspace, all targets, -D warnings)" cargo clippy --workspace --all-targets -- -D warnings
step "app and CLI build (cargo build -p reservation-desk -p desk)" cargo build -p reservation-desk -p desk
step "bindings drift ($BINDINGS)" bindings_drift
step "UI type check (npm run check)" in_ui npm run check
step "UI unit tests (npm test)" in_ui npm test
if is_macos; then
  printf '\n'
  say "end-to-end tests skipped: tauri-driver has no WebDriver for macOS's WKWebView (they run on Linux)"
else
  step "e2e tests (real window under Xvfb)" e2e
fi

summary
read -r passed failed <<<"$(totals)"
printf '\nall steps passed\n'
printf 'tests: %d passed, %d failed\n' "$passed" "$failed"
