# shellcheck shell=bash
# Shared by the scripts in this folder (sourced, not run).

# Repository root, whatever the caller's working directory.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

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
