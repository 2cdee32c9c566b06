#!/usr/bin/env bash
# Sets up what is missing (Chromium included), then runs every check TurnAround has, in the order
# a failure is cheapest to find. Exits non-zero at the first failure. CI runs exactly this.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ROOT/scripts/setup.sh" --tests
cd "$ROOT"
echo "Disk free for the build: $(df -h --output=avail . | tail -1 | tr -d ' ')"

step "Formatting (cargo fmt --check)"
cargo fmt --all --check

# Licences, bans, sources and known advisories, Rust and npm (its own two steps; advisories that
# cannot be fetched here are named as not checked).
step_done
"$ROOT/scripts/check-dependencies.sh"

step "Stylesheet: every rule closed (a missing brace would nest the rules after it)"
node scripts/check-css.mjs style/main.css

step "Lints: server build (clippy, ssr)"
cargo clippy --features ssr --all-targets -- -D warnings

step "Lints: browser build (clippy, hydrate, wasm32)"
cargo clippy --lib --no-default-features --features hydrate --target wasm32-unknown-unknown -- -D warnings

step "No SQL outside the storage implementations (src/data)"
# The SQL lives in src/data/sql (shared), src/data/sqlite and src/data/postgres; everything else
# calls the functions there. Tests are free to arrange rows directly.
if grep -rn --include='*.rs' 'sqlx::query' src | grep -v '^src/data/'; then
  fail "sqlx::query outside src/data (above)"
fi
echo "none"

step "Unit and integration tests on SQLite (real files, the real server binary)"
cargo test --features ssr 2>&1 | tee "$ROOT/target/sqlite-tests.log"
integration_result() { awk '/Running tests\/integration/ { on = 1 } on && /^test result/ { print; exit }' "$1"; }
echo "SQLite integration: $(integration_result "$ROOT/target/sqlite-tests.log")"

# The same integration suite on PostgreSQL 15: a throwaway cluster (scripts/postgres.sh), each
# test on a database of its own. The tests of SQLite's own file (its backups, upgrades and
# pragmas) have no PostgreSQL counterpart and are left out by name; pg_dump is PostgreSQL's.
step_done
source "$ROOT/scripts/postgres.sh"
step "PostgreSQL 15: a throwaway cluster"
start_postgres
trap 'stop_postgres; step_done' EXIT
echo "$PG_URL"
step "Integration tests on PostgreSQL"
SQLITE_ONLY=(--skip backup:: --skip upgrade:: --skip database::opens_with_wal --skip database::rows_survive
  --skip invariants::command)
TURNAROUND_TEST_POSTGRES="$PG_URL" cargo test --features ssr --test integration -- "${SQLITE_ONLY[@]}" 2>&1 |
  tee "$ROOT/target/postgres-tests.log"
echo "PostgreSQL integration: $(integration_result "$ROOT/target/postgres-tests.log")"

step "Release build (cargo leptos build --release)"
# cargo-leptos names every file in the bundle folder by its content: start it empty, so an older
# build's files (or the server's compressed copies) are never renamed into this one.
rm -rf target/site/pkg
cargo leptos build --release

step "Size budget"
node scripts/size-budget.mjs target/site

# Sustained load on the release server: 8 clients for 10 s (about 15 s in all) by default, any
# 5xx, "database is locked" or ERROR line fails; TURNAROUND_SOAK=long runs 64 clients for 60 s.
step_done
if [[ "${TURNAROUND_SOAK:-short}" == "long" ]]; then
  "$ROOT/scripts/soak.sh" --clients 64 --seconds 60
else
  "$ROOT/scripts/soak.sh" --clients 8 --seconds 10
fi

step "Browser tests: Playwright in headless Chromium, with and without JavaScript, on PostgreSQL"
# Once, against a server on a fresh PostgreSQL database: the SQLite server is driven by the
# integration suite, the soak and Lighthouse.
E2E_DB="e2e_$$"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U turnaround "$E2E_DB"
(cd end2end && E2E_DATABASE_URL="${PG_URL%/*}/$E2E_DB" npx playwright test)

# Lighthouse 12's mobile profile on the sign-in page, My activities and the driver's list (its
# own release server on a fresh demo database): fails under the scores' budgets.
step_done
"$ROOT/scripts/lighthouse.sh"

step "All checks passed"
echo "Screenshots of the pages: end2end/test-results/screens/"
