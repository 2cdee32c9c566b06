#!/usr/bin/env bash
# Starts a built TurnAround server on a fresh demo database in a temporary folder, runs the soak
# (scripts/soak.mjs) against it, and stops it. Builds nothing.
#
#   scripts/soak.sh [--binary PATH] [soak.mjs options: --clients N --seconds S]
#
# --binary: the server to start (default target/release/turnaround, from `cargo leptos build
# --release`; target/debug/turnaround from `cargo build --features ssr` works too, slower). The
# same binary runs `turnaround check` on the database afterwards. Exit status: soak.mjs's (0 the
# soak passed; 1 5xx, locked/busy or dropped answers, ERROR lines in the server's log or a broken
# invariant; 2 it could not start). On failure the folder with the database and the server's log
# is kept and named.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

binary="target/release/turnaround"
soak_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --binary) binary="${2:?--binary needs a path}"; shift 2 ;;
    *) soak_args+=("$1"); shift ;;
  esac
done
source "$ROOT/scripts/demo-server.sh"
# The demo's accounts, as every test uses them. No rate limit needs raising: the soak's requests
# all carry a sign-in, and only anonymous requests (its dozen sign-ins) count towards
# TURNAROUND_ANONYMOUS_PER_MINUTE.
start_demo_server "$binary" soak

step "Soak: ${soak_args[*]:-64 clients for 60 s}"
node scripts/soak.mjs --url "$DEMO_URL" --database "$DEMO_DIR/soak.db" \
  --turnaround "$binary" --server-log "$DEMO_DIR/server.log" "${soak_args[@]}"
DEMO_PASSED=true
