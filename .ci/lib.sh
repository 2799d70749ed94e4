# shellcheck shell=bash
# Shared by the scripts in this folder (sourced, not run).

# Repository root, whatever the caller's working directory.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Cargo keeps the compiler's target probe (`rustc - --print=cfg …`) in target/.rustc_info.json,
# and on this machine a probe run inside a build was seen reading stray compiler output as its
# input: the failed answer was kept, and every later cargo command in the same target folder
# failed at once ("failed to run `rustc` to learn about target-specific information"). Without
# the cache each cargo command probes for itself.
export CARGO_CACHE_RUSTC_INFO=0
export REPO_ROOT

# cargo-installed tools (tauri-driver) and a rustup toolchain live here.
CARGO_BIN="${CARGO_HOME:-${HOME:-}/.cargo}/bin"
case ":$PATH:" in
  *":$CARGO_BIN:"*) ;;
  *) [ -d "$CARGO_BIN" ] && PATH="$CARGO_BIN:$PATH" ;;
esac
export PATH

say() { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

is_macos() { [ "$(uname -s)" = "Darwin" ]; }
