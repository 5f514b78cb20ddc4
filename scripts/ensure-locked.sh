#!/usr/bin/env bash
# Installs a locked helper package folder (package.json + package-lock.json) into a cache folder
# outside the repository, exactly as locked and with install scripts off.
#
#   scripts/ensure-locked.sh <spec dir> <install dir>
#
# Idempotent: a stamp holds the hash of both files; when it matches, the script returns at once.
# Concurrent callers are serialised with flock. Prints the install folder on its last line.
set -euo pipefail

SPEC_DIR="$(cd "${1:?spec dir}" && pwd)"
DEST="${2:?install dir}"
STAMP="$DEST/.ensure-locked.stamp"
log() { printf '[ensure-locked] %s\n' "$*" >&2; }

want="$(cat "$SPEC_DIR/package.json" "$SPEC_DIR/package-lock.json" | sha256sum | cut -d' ' -f1)"
current() { [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" && -d "$DEST/node_modules" ]]; }

if ! current; then
  mkdir -p "$DEST"
  exec 9>"$DEST.lock"
  flock -w 900 9 || { log "timed out waiting for the lock $DEST.lock"; exit 1; }
  if ! current; then
    SECONDS=0
    rm -f "$STAMP"
    cp "$SPEC_DIR/package.json" "$SPEC_DIR/package-lock.json" "$DEST/"
    (cd "$DEST" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
    echo "$want" >"$STAMP"
    log "installed $(basename "$SPEC_DIR") into $DEST in ${SECONDS}s"
  fi
else
  log "$(basename "$SPEC_DIR") up to date in $DEST"
fi
echo "$DEST"
