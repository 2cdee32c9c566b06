#!/usr/bin/env bash
# Checks the dependencies against deny.toml (licences, bans, sources) and the known-advisory
# databases: RustSec for the crates (cargo-deny) and npm's for the test tools (npm audit).
#
# Both databases sit outside the package registries our build machines reach (RustSec is a git
# repository on GitHub; npm's audit service is a POST our registry access refuses). Where one
# cannot be reached, the rest still runs and a yellow line says which advisories were NOT checked
# and why. TURNAROUND_REQUIRE_ADVISORIES=1 makes that a failure instead, for machines that reach
# GitHub and the npm audit service.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

# cargo-deny's own fetch; GitHub either answers within this or is not there for us.
FETCH_SECONDS=60
required="${TURNAROUND_REQUIRE_ADVISORIES:-0}"

not_checked() {
  printf '\033[33m%s\033[0m\n' "$*"
  if [[ "$required" == "1" ]]; then fail "TURNAROUND_REQUIRE_ADVISORIES=1: advisories must be checked"; fi
}

step "Rust dependencies: licences, bans, sources and advisories (cargo deny)"
# --locked: the check is of Cargo.lock as committed, and must not rewrite it.
if fetch_log="$(timeout "$FETCH_SECONDS" cargo deny fetch db 2>&1)"; then
  cargo deny --locked check --hide-inclusion-graph advisories bans licenses sources
else
  status=$?
  if [[ $status == 124 ]]; then
    why="no answer within ${FETCH_SECONDS} s"
  else
    why="$(grep -m1 -o 'fatal: .*' <<<"$fetch_log" || tail -n1 <<<"$fetch_log")"
  fi
  cargo deny --locked check --hide-inclusion-graph bans licenses sources
  not_checked "Rust advisories NOT checked: the RustSec database could not be fetched from GitHub" \
    "($why). Run \`cargo deny check advisories\` on a machine that reaches github.com."
fi

step "npm test tools: known advisories (npm audit, high and critical fail)"
if [[ "$required" == "1" ]]; then export TURNAROUND_REQUIRE_AUDIT=1; fi
node scripts/npm-audit.mjs end2end tools
