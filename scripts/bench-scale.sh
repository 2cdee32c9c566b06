#!/usr/bin/env bash
# The scale benchmark on both databases: starts a throwaway PostgreSQL 15 cluster
# (scripts/postgres.sh), runs benches/scale.rs against a SQLite file and that cluster, prints
# p50/p99 per operation side by side, and stops the cluster. TURNAROUND_SCALE=small for a
# quick look (a tenth of the people, one year). Not part of the test command: figures, not a
# test; the README records a run.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$ROOT/scripts/postgres.sh"
cd "$ROOT"
trap 'stop_postgres; step_done' EXIT
step "A throwaway PostgreSQL cluster"
start_postgres
step "Scale benchmark (release build of the bench)"
# A database of its own, so a second run never meets the first one's rows.
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U turnaround scale
TURNAROUND_BENCH_POSTGRES="${PG_URL%/*}/scale" cargo bench --features ssr --bench scale
