#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests: installs Debian's postgresql-15 when it is
# missing, runs initdb into a temporary folder as an unprivileged user (initdb refuses root, and
# CI runs as root), starts it on a free loopback port with its socket in that folder, and prints
# the DATABASE_URL to use. Sourced, it leaves the cluster running until the sourcing script ends.
#
#   source scripts/postgres.sh; start_postgres      sets PG_DIR, PG_PORT, PG_URL
#   scripts/postgres.sh --check                     starts one, runs `SELECT version()`, stops it

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_DIR=""
PG_PORT=""
PG_URL=""
pg_user=""

install_postgres() {
  [[ -x "$PG_BIN/initdb" ]] && return 0
  step "Installing PostgreSQL 15 from Debian's packages (once per machine)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql-15 >/dev/null
}

# Who runs the cluster: ourselves unless we are root, then the package's postgres user.
cluster_user() {
  if [[ "$(id -u)" != "0" ]]; then
    echo ""
  elif id postgres >/dev/null 2>&1; then
    echo postgres
  else
    echo nobody
  fi
}

as_cluster_user() {
  if [[ -n "$pg_user" ]]; then
    runuser -u "$pg_user" -- "$@"
  else
    "$@"
  fi
}

stop_postgres() {
  if [[ -n "$PG_DIR" && -f "$PG_DIR/data/postmaster.pid" ]]; then
    as_cluster_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  [[ -n "$PG_DIR" ]] && rm -rf "$PG_DIR"
  PG_DIR=""
}

start_postgres() {
  install_postgres
  pg_user="$(cluster_user)"
  PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/turnaround-pg.XXXXXX")"
  [[ -n "$pg_user" ]] && chown "$pg_user" "$PG_DIR"
  PG_PORT="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
  as_cluster_user "$PG_BIN/initdb" -D "$PG_DIR/data" -U turnaround -A trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log"; fail "initdb failed"; }
  # fsync off: a throwaway cluster for tests, not data anyone keeps.
  as_cluster_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null ||
    { cat "$PG_DIR/server.log"; fail "PostgreSQL did not start"; }
  as_cluster_user "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U turnaround turnaround
  PG_URL="postgres://turnaround@127.0.0.1:$PG_PORT/turnaround"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
  trap 'stop_postgres; step_done' EXIT
  step "A throwaway PostgreSQL cluster"
  start_postgres
  echo "DATABASE_URL=$PG_URL"
  if [[ "${1:-}" == "--check" ]]; then
    psql "$PG_URL" -Atc "SELECT version()"
  fi
fi
