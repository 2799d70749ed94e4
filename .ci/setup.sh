#!/usr/bin/env bash
# Installs what building (and, with --test, testing) Reservation Desk needs. Idempotent: anything
# already present is skipped, and the package index is refreshed only when a package is missing.
#
#   .ci/setup.sh           build dependencies, UI packages, toolchain components
#   .ci/setup.sh --test    also Xvfb, WebKitWebDriver, xclip and tauri-driver for the e2e tests
set -euo pipefail
# shellcheck source=.ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

with_test=false
for arg in "$@"; do
  case "$arg" in
    --test) with_test=true ;;
    -h | --help)
      sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown option: $arg (try --help)" ;;
  esac
done

BUILD_PACKAGES=(libwebkit2gtk-4.1-dev build-essential curl wget file libssl-dev
  libayatana-appindicator3-dev librsvg2-dev libxdo-dev pkg-config)
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver xclip)

# --- system packages -------------------------------------------------------------------------
install_debian_packages() {
  local wanted=("${BUILD_PACKAGES[@]}") missing=() pkg
  if $with_test; then wanted+=("${TEST_PACKAGES[@]}"); fi
  for pkg in "${wanted[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    say "system packages: all ${#wanted[@]} present"
    return
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "not root and no sudo: install ${missing[*]} by hand"
    sudo=(sudo)
  fi
  say "installing ${missing[*]}"
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
}

if is_macos; then
  say "macOS: checking the Xcode command-line tools"
  xcode-select -p >/dev/null 2>&1 || die "the Xcode command-line tools are missing: run 'xcode-select --install', then this script again"
  note "WebKit comes with macOS, nothing to install."
  if $with_test; then
    note "macOS has no WebDriver for WKWebView that tauri-driver supports: the end-to-end tests run on Linux only."
  fi
elif command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1; then
  install_debian_packages
else
  say "not Debian/Ubuntu: install the equivalents of these yourself:"
  note "${BUILD_PACKAGES[*]}"
  if $with_test; then note "${TEST_PACKAGES[*]}"; fi
fi

# --- Rust --------------------------------------------------------------------------------------
command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust with rustup (the toolchain is pinned in rust-toolchain.toml)"
if command -v rustup >/dev/null 2>&1; then
  # In the repo, rustup resolves the toolchain pinned by rust-toolchain.toml.
  cd "$REPO_ROOT"
  if cargo fmt --version >/dev/null 2>&1 && cargo clippy --version >/dev/null 2>&1; then
    say "Rust toolchain $(rustc --version | cut -d' ' -f2): rustfmt and clippy present"
  else
    say "installing rustfmt and clippy for the pinned toolchain"
    rustup component add rustfmt clippy
  fi
else
  note "rustup not found: using $(rustc --version) as it is"
fi

if $with_test && ! is_macos; then
  if command -v tauri-driver >/dev/null 2>&1; then
    say "tauri-driver present ($(command -v tauri-driver))"
  else
    say "installing tauri-driver (cargo install, a few minutes)"
    cargo install tauri-driver --locked --version '^2'
  fi
fi

# --- UI packages -------------------------------------------------------------------------------
if [ -f "$REPO_ROOT/ui/package.json" ]; then
  command -v npm >/dev/null 2>&1 || die "npm not found: install Node.js 20 or newer"
  node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' ||
    die "Node.js $(node --version) is too old: the UI and the e2e tests need Node.js 20 or newer"
  ui="$REPO_ROOT/ui"
  if [ ! -d "$ui/node_modules" ] || [ ! -f "$ui/node_modules/.package-lock.json" ] ||
    [ "$ui/package-lock.json" -nt "$ui/node_modules/.package-lock.json" ]; then
    say "installing UI packages (npm ci in ui/)"
    (cd "$ui" && npm ci --no-audit --no-fund)
  else
    say "UI packages up to date"
  fi
else
  note "no ui/package.json yet: skipping the UI packages"
fi

say "setup done"
