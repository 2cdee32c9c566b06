# Sourced by the other scripts: where the project's tools live, and strict error handling.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
# cargo-installed tools, then the npm-installed wasm-opt (binaryen), which cargo-leptos finds on
# PATH instead of downloading (downloads are blocked on our build machines).
export PATH="$HOME/.cargo/bin:$ROOT/tools/node_modules/.bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-auto}"
# A CI run builds once from a fresh clone: incremental caches would only eat its disk.
if [[ "${CI:-}" == "true" ]]; then
  export CARGO_INCREMENTAL=0
fi

# Each step prints its title, and how long it took once the next one starts (or the script ends:
# a script that sets its own EXIT trap calls step_done there).
STEP_STARTED=""
step_done() {
  if [[ -n "$STEP_STARTED" ]]; then
    local took=$((SECONDS - STEP_STARTED))
    printf '    took %d min %02d s (%s)\n' $((took / 60)) $((took % 60)) "$STEP_TITLE"
  fi
  STEP_STARTED=""
}
trap step_done EXIT

step() {
  step_done
  STEP_TITLE="$*"
  STEP_STARTED=$SECONDS
  printf '\n\033[1m==> %s\033[0m\n' "$*"
}

fail() {
  printf '\033[31mError:\033[0m %s\n' "$*" >&2
  exit 1
}
