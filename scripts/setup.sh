#!/usr/bin/env bash
# Installs whatever is missing to build (and, with --tests, to test) TurnAround. Safe to run again:
# each tool is skipped when the right version is already there. Runs unattended (CI has no terminal).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

CARGO_LEPTOS_VERSION="0.3.10" # 0.3.11 needs a newer rustc than these machines have
CARGO_DENY_VERSION="0.20.2"   # needs rustc 1.88 or newer
for_tests=false
[[ "${1:-}" == "--tests" ]] && for_tests=true

as_root() {
  if [[ "$(id -u)" == "0" ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo -n "$@"
  else fail "need root (or sudo) to run: $*"
  fi
}

apt_install() {
  step "Installing $* (Debian packages)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

command -v cargo >/dev/null || fail "Rust is not installed: see https://rustup.rs"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "Adding the WebAssembly target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION"; then
  step "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes, once per machine)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

# The wasm-bindgen CLI must match the wasm-bindgen library in Cargo.lock exactly.
bindgen_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
[[ -n "$bindgen_version" ]] || fail "cannot find wasm-bindgen's version in Cargo.lock"
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen_version" ]]; then
  step "Installing wasm-bindgen-cli $bindgen_version (about 4 minutes, once per version)"
  # Not --locked: one of its locked dependencies has been withdrawn from crates.io.
  cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi

# npm packages, reinstalled only when package-lock.json changed since the last install.
npm_install() {
  local dir="$1"
  if [[ ! -f "$dir/node_modules/.package-lock.json" \
     || "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    step "Installing npm packages in ${dir#"$ROOT"/}"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_install "$ROOT/tools" # wasm-opt (binaryen 132; Debian's binaryen breaks release bundles)

if $for_tests; then
  # Checks licences, bans, sources and advisories against deny.toml (scripts/check-dependencies.sh).
  if [[ "$(cargo deny --version 2>/dev/null)" != "cargo-deny $CARGO_DENY_VERSION" ]]; then
    step "Installing cargo-deny $CARGO_DENY_VERSION (about 4 minutes, once per machine)"
    cargo install cargo-deny --version "$CARGO_DENY_VERSION" --locked
  fi
  npm_install "$ROOT/end2end"
  # Playwright cannot download its own browser here; Debian's Chromium works.
  [[ -x /usr/bin/chromium ]] || apt_install chromium
  # The second database: the test command runs the integration suite and Playwright on it.
  [[ -x /usr/lib/postgresql/15/bin/initdb ]] || apt_install postgresql-15
fi
