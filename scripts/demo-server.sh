# Sourced by scripts that need a built TurnAround server of their own (soak.sh, lighthouse.sh):
# starts one on a fresh demo database in a temporary folder and stops it when the script ends.
#
#   start_demo_server BINARY NAME   sets DEMO_DIR (database and server.log), DEMO_PORT, DEMO_URL
#
# On a failed run the folder is kept and named; set DEMO_PASSED=true when the script passed.

DEMO_DIR=""
DEMO_PORT=""
DEMO_URL=""
DEMO_PASSED=false
demo_server_pid=""

stop_demo_server() {
  if [[ -n "$demo_server_pid" ]] && kill -0 "$demo_server_pid" 2>/dev/null; then
    kill -TERM "$demo_server_pid"
    wait "$demo_server_pid" || true
  fi
  if [[ -n "$DEMO_DIR" ]]; then
    if $DEMO_PASSED; then rm -rf "$DEMO_DIR"; else echo "Kept for a look: $DEMO_DIR (database, server.log)"; fi
  fi
  step_done
}

start_demo_server() {
  local binary="$1" name="$2"
  [[ -x "$binary" ]] || fail "no server binary at $binary: build it first (cargo leptos build --release)"
  DEMO_DIR="$(mktemp -d "${TMPDIR:-/tmp}/turnaround-$name.XXXXXX")"
  DEMO_PORT="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
  DEMO_URL="http://127.0.0.1:$DEMO_PORT"
  trap stop_demo_server EXIT
  step "Starting $binary on a fresh demo database (port $DEMO_PORT)"
  # RUST_LOG=warn keeps the per-request info lines out of the log (they cost the server time
  # under load); warnings and errors are what the scripts look for.
  DATABASE_URL="sqlite://$DEMO_DIR/$name.db" \
  LEPTOS_SITE_ADDR="127.0.0.1:$DEMO_PORT" \
  TURNAROUND_DEMO_DATA=1 \
  RUST_LOG="${RUST_LOG:-warn}" \
    "$binary" >"$DEMO_DIR/server.log" 2>&1 &
  demo_server_pid=$!
  for _ in $(seq 1 600); do
    grep -q "TurnAround is running at" "$DEMO_DIR/server.log" && return 0
    kill -0 "$demo_server_pid" 2>/dev/null || { cat "$DEMO_DIR/server.log"; fail "the server stopped at start-up"; }
    sleep 0.1
  done
  fail "the server did not start within 60 s"
}
