#!/usr/bin/env bash
# Lighthouse 12 (mobile profile) on the sign-in page, a participant's My activities and the
# driver's pick-up list, against the release server on a fresh demo database. Prints the scores
# and fails under budget (end2end/lighthouse.mjs). Builds nothing: run after `cargo leptos build
# --release`. The HTML reports land in end2end/test-results/lighthouse/.
#
#   scripts/lighthouse.sh [--binary PATH]
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

binary="target/release/turnaround"
[[ "${1:-}" == "--binary" ]] && binary="${2:?--binary needs a path}"
source "$ROOT/scripts/demo-server.sh"
start_demo_server "$binary" lighthouse

step "Lighthouse 12, mobile profile: /sign-in, /my, /driver"
node end2end/lighthouse.mjs --url "$DEMO_URL" --reports end2end/test-results/lighthouse
DEMO_PASSED=true
