#!/usr/bin/env bash
# Makes tests/fixtures/upgrade/NAME.sql: the schema and demo data of an earlier release, as that
# release's own server wrote them. tests/integration/upgrade.rs starts today's server on every
# such file and checks that nothing was lost on the way up. Each release adds one (see README,
# "Backup, restore and upgrades").
#
#   scripts/make-upgrade-fixture.sh COMMIT [NAME]
#
# COMMIT  the release's commit, e.g. 93d3b3d (issue 12's release).
# NAME    the fixture's name; default: the tag at COMMIT (e.g. release-12), else commit-<hash>.
#
# What it does: checks COMMIT out into a temporary git worktree; builds that release's server
# there (`cargo build --features ssr`); starts it on a fresh SQLite file with the demo programme
# and waits until /healthz answers; signs in once as the demo tutor and opens the week page (so
# the audit log has rows too); stops it with SIGTERM; and writes `sqlite3 FILE .dump` without
# the rows of `tower_sessions` (a session id is a bearer secret). The worktree and the build go
# when it ends, however it ends.
#
# Building: the old release builds in its own target folder (CARGO_TARGET_DIR inside the
# temporary folder), seeded with a copy of SEED_TARGET/debug (default: this checkout's target/,
# without incremental/), so the dependencies already compiled here are reused and only the
# turnaround crate itself is compiled (a few minutes instead of half an hour). SEED_TARGET=""
# builds from nothing. The build runs under `flock BUILD_LOCK` (default
# /tmp/turnaround-build.lock), the lock our shared build machines use.
#
# Needs: git, cargo, curl, sqlite3, flock, python3 (to find a free port).
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 || "$1" == -* ]]; then
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
COMMIT="$(git rev-parse --verify "$1^{commit}")"
NAME="${2:-$(git describe --tags --exact-match "$COMMIT" 2>/dev/null || echo "commit-${COMMIT:0:7}")}"
OUT="$ROOT/tests/fixtures/upgrade/$NAME.sql"
SEED_TARGET="${SEED_TARGET-$ROOT/target}"
BUILD_LOCK="${BUILD_LOCK:-/tmp/turnaround-build.lock}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/turnaround-fixture.XXXXXX")"
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ -d "$WORK/release" ]]; then
        git -C "$ROOT" worktree remove --force "$WORK/release" || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "==> Checking out $COMMIT as $NAME in $WORK/release"
git worktree add --detach --quiet "$WORK/release" "$COMMIT"

mkdir -p "$WORK/target/debug"
if [[ -n "$SEED_TARGET" && -d "$SEED_TARGET/debug" ]]; then
    echo "==> Seeding the build with $SEED_TARGET/debug (without incremental/)"
    for entry in "$SEED_TARGET"/debug/.[!.]* "$SEED_TARGET"/debug/*; do
        [[ -e "$entry" && "$(basename "$entry")" != incremental ]] || continue
        cp -a "$entry" "$WORK/target/debug/"
    done
fi

echo "==> Building that release's server (waiting for $BUILD_LOCK if another build runs)"
(cd "$WORK/release" && CARGO_TARGET_DIR="$WORK/target" \
    flock "$BUILD_LOCK" cargo build --features ssr --bin turnaround)

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
ORIGIN="http://127.0.0.1:$PORT"
DB="$WORK/fixture.db"
echo "==> Starting it with the demo programme on $DB"
DATABASE_URL="sqlite://$DB" TURNAROUND_DEMO_DATA=1 LEPTOS_SITE_ADDR="127.0.0.1:$PORT" \
    LEPTOS_SITE_ROOT="$WORK/site" RUST_LOG=warn \
    "$WORK/target/debug/turnaround" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
    curl -sf "$ORIGIN/healthz" >/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
    sleep 1
done
curl -sf "$ORIGIN/healthz" >/dev/null || { echo "the server never answered" >&2; exit 1; }

# One sign-in and one look at the week page; an older release that answers differently only
# costs the fixture these rows.
if curl -sf -c "$WORK/cookies" -H "Origin: $ORIGIN" -H 'Accept: application/json' \
    --data-urlencode 'username=priya.tutor@example.org' \
    --data-urlencode 'password=turnaround demo day' "$ORIGIN/api/sign_in" >/dev/null &&
    curl -sf -b "$WORK/cookies" -H 'Accept: text/html' "$ORIGIN/" >/dev/null; then
    echo "==> Signed in as the demo tutor and opened the week page"
else
    echo "==> (could not sign in to that release; the fixture has no sign-in rows)"
fi

kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || { echo "the server did not stop cleanly" >&2; exit 1; }
SERVER_PID=""

mkdir -p "$(dirname "$OUT")"
{
    echo "-- The schema and demo data of TurnAround $NAME (commit $COMMIT), written by that"
    echo "-- release's server. Made by scripts/make-upgrade-fixture.sh; do not edit by hand."
    echo "-- Session rows (tower_sessions) are left out: a session id is a bearer secret."
    sqlite3 "$DB" .dump | grep -v '^INSERT INTO tower_sessions VALUES'
} >"$WORK/fixture.sql"
grep -q '^COMMIT;$' "$WORK/fixture.sql" || { echo "the dump is incomplete" >&2; exit 1; }
mv "$WORK/fixture.sql" "$OUT"

ROWS="$(grep -c '^INSERT INTO' "$OUT")"
echo "==> Wrote ${OUT#"$ROOT/"}: $(du -h "$OUT" | cut -f1), $ROWS rows"
