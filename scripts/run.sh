#!/usr/bin/env bash
# Sets up what is missing, then builds and serves TurnAround on http://127.0.0.1:3000 with the
# demo programme (loaded only into an empty database). Ctrl-C stops it.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ROOT/scripts/setup.sh"
cd "$ROOT"

export TURNAROUND_DEMO_DATA="${TURNAROUND_DEMO_DATA:-1}"
step "Building and starting TurnAround (the first build takes about 6 minutes)"
echo "Database: ${DATABASE_URL:-sqlite://turnaround.db (in $ROOT)}"
# The bundle's files are named by content; an older build's must not be renamed into this one.
rm -rf target/site/pkg
exec cargo leptos serve --release
