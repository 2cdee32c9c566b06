#!/usr/bin/env bash
# Benchmarks the transport solver against Google OR-Tools on the same generated instances.
#
#   scripts/bench-transport.sh [SECONDS]     (OR-Tools' search time per instance, default 3)
#
# 1. `cargo bench --features ssr --bench transport` generates six instances (1 vehicle and
#    7 riders up to 5 vehicles and 35 riders), times our solver and writes the instances, with
#    the minute matrix our solver used, to target/bench/transport/.
# 2. A Python venv in target/bench/venv gets OR-Tools (pinned; only the benchmark needs it, so
#    it stays out of the app and its dependency tree), and bench/ortools_compare.py solves the
#    same files and prints the side-by-side table.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

ORTOOLS_VERSION=9.15.6755
SECONDS_PER_INSTANCE="${1:-3}"
BENCH_DIR="$ROOT/target/bench/transport"
VENV="$ROOT/target/bench/venv"

step "Our solver (release build)"
TRANSPORT_BENCH_DIR="$BENCH_DIR" cargo bench --features ssr --bench transport

if ! "$VENV/bin/python" -c "import ortools, sys; sys.exit(ortools.__version__ != '$ORTOOLS_VERSION')" 2>/dev/null; then
    step "Installing OR-Tools $ORTOOLS_VERSION into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "ortools==$ORTOOLS_VERSION"
fi

step "Ours against OR-Tools $ORTOOLS_VERSION ($SECONDS_PER_INSTANCE s of guided local search each)"
"$VENV/bin/python" bench/ortools_compare.py "$BENCH_DIR" --seconds "$SECONDS_PER_INSTANCE"
