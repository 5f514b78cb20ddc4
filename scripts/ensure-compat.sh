#!/usr/bin/env bash
# Installs the n8n 1.x engine libraries pinned by scripts/compat/package-lock.json
# (n8n-core 1.122.48 + n8n-workflow 1.120.31, the versions n8n@1.123.81 ships) into a cache
# folder outside the repository, for `npm run test:compat`.
#
#   N8N_COMPAT_DIR  install folder (default: $HOME/.cache/n8n-nodes-threat-alerts/compat-1.x)
#
# Idempotent: a stamp file records the hash of the lockfile (and of this recipe); when it
# matches, the script returns at once. Needs only npm and the npm registry. Prints the folder
# on its last line as `N8N_COMPAT_DIR=<path>`.
set -euo pipefail

RECIPE_VERSION=1
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SPEC_DIR="$SCRIPT_DIR/compat"
COMPAT_DIR="${N8N_COMPAT_DIR:-$HOME/.cache/n8n-nodes-threat-alerts/compat-1.x}"
STAMP="$COMPAT_DIR/.ensure-compat.stamp"

log() { printf '[ensure-compat] %s\n' "$*" >&2; }

want_hash="$( { echo "recipe=$RECIPE_VERSION"; cat "$SPEC_DIR/package.json" "$SPEC_DIR/package-lock.json"; } | sha256sum | cut -d' ' -f1)"

is_current() {
  [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want_hash" \
    && -f "$COMPAT_DIR/node_modules/n8n-core/package.json" \
    && -f "$COMPAT_DIR/node_modules/n8n-workflow/package.json" ]]
}

if is_current; then
  log "n8n 1.x libraries up to date in $COMPAT_DIR (stamp ${want_hash:0:12})"
  echo "N8N_COMPAT_DIR=$COMPAT_DIR"
  exit 0
fi

mkdir -p "$COMPAT_DIR"
exec 9>"$COMPAT_DIR.lock"
if ! flock -w 900 9; then
  log "timed out waiting for another ensure-compat run (lock $COMPAT_DIR.lock)"
  exit 1
fi
if is_current; then
  log "installed by a concurrent run"
  echo "N8N_COMPAT_DIR=$COMPAT_DIR"
  exit 0
fi

start=$SECONDS
rm -f "$STAMP"
cp "$SPEC_DIR/package.json" "$SPEC_DIR/package-lock.json" "$COMPAT_DIR/"
log "npm ci --ignore-scripts in $COMPAT_DIR"
# Scripts off: isolated-vm (pulled by n8n-workflow) wants Node >= 22 to build and is not loaded
# by anything the tests use.
(cd "$COMPAT_DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)

core="$(cd "$COMPAT_DIR" && node -p "require('n8n-core/package.json').version")"
wf="$(cd "$COMPAT_DIR" && node -p "require('n8n-workflow/package.json').version")"
log "n8n-core $core, n8n-workflow $wf installed in $(( SECONDS - start ))s"

echo "$want_hash" > "$STAMP"
echo "N8N_COMPAT_DIR=$COMPAT_DIR"
