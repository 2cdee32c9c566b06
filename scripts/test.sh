#!/usr/bin/env bash
# Sets up what is missing (Chromium included), then runs every check TurnAround has, in the order
# a failure is cheapest to find. Exits non-zero at the first failure. CI runs exactly this.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ROOT/scripts/setup.sh" --tests
cd "$ROOT"
echo "Disk free for the build: $(df -h --output=avail . | tail -1 | tr -d ' ')"

step "Formatting (cargo fmt --check)"
cargo fmt --all --check

step "Stylesheet: every rule closed (a missing brace would nest the rules after it)"
node scripts/check-css.mjs style/main.css

step "Lints: server build (clippy, ssr)"
cargo clippy --features ssr --all-targets -- -D warnings

step "Lints: browser build (clippy, hydrate, wasm32)"
cargo clippy --lib --no-default-features --features hydrate --target wasm32-unknown-unknown -- -D warnings

step "Unit and integration tests (real SQLite files, the real server binary)"
cargo test --features ssr

step "Release build (cargo leptos build --release)"
cargo leptos build --release

step "Size budget"
node scripts/size-budget.mjs target/site

step "Browser tests: Playwright in headless Chromium, with and without JavaScript"
(cd end2end && npx playwright test)

step "All checks passed"
echo "Screenshots of the pages: end2end/test-results/screens/"
