#!/usr/bin/env bash
# Brings everything the project needs onto this machine, idempotently, and puts the
# project's toolchain first on PATH. Sourced by scripts/credence; safe to run twice.
#
#   Node 24 and pnpm  -> .tools/ (from the npm registry) unless already on PATH
#   dependencies      -> pnpm install --frozen-lockfile, skipped when the lockfile is unchanged
#   a browser         -> Debian's chromium (apt-get) when none is present
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_VERSION="24.21.0"
PNPM_VERSION="12.21.0"

log() { printf '\033[36m[credence]\033[0m %s\n' "$*" >&2; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  if [ -x "$TOOLS/node/bin/node" ]; then
    export PATH="$TOOLS/node/bin:$PATH"
  elif command -v node >/dev/null && [ "$(node_major node)" -ge 24 ]; then
    return 0
  else
    log "installing Node $NODE_VERSION into .tools/node (from the npm registry)"
    mkdir -p "$TOOLS/node"
    npm install --global --prefix "$TOOLS/node" --no-audit --no-fund --loglevel=error "node@$NODE_VERSION" >&2
    export PATH="$TOOLS/node/bin:$PATH"
  fi
  [ "$(node_major node)" -ge 24 ] || { log "Node 24 is required, found $(node -v)"; exit 1; }
}

ensure_pnpm() {
  if [ ! -x "$TOOLS/pnpm/bin/pnpm" ]; then
    log "installing pnpm $PNPM_VERSION into .tools/pnpm"
    mkdir -p "$TOOLS/pnpm"
    npm install --global --prefix "$TOOLS/pnpm" --no-audit --no-fund --loglevel=error "pnpm@$PNPM_VERSION" >&2
  fi
  export PATH="$TOOLS/pnpm/bin:$PATH"
  export PNPM_HOME="$TOOLS/pnpm-home"
}

ensure_dependencies() {
  local stamp="$ROOT/node_modules/.credence-lock"
  local want
  want="$(cat "$ROOT/pnpm-lock.yaml" "$ROOT/pnpm-workspace.yaml" "$ROOT"/package.json "$ROOT"/packages/*/package.json | sha1sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  log "installing dependencies (pnpm install)"
  (cd "$ROOT" && pnpm install --frozen-lockfile --reporter=append-only >&2)
  echo "$want" >"$stamp"
}

find_browser() {
  if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then echo "$CHROMIUM_PATH"; return 0; fi
  local candidate
  for candidate in chromium chromium-browser google-chrome-stable google-chrome; do
    if command -v "$candidate" >/dev/null; then command -v "$candidate"; return 0; fi
  done
  return 1
}

ensure_browser() {
  local browser
  if browser="$(find_browser)"; then export CHROMIUM_PATH="$browser"; return 0; fi
  log "no Chromium found: installing Debian's chromium package"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2
  browser="$(find_browser)" || { log "chromium could not be installed"; exit 1; }
  export CHROMIUM_PATH="$browser"
}

ensure_node
ensure_pnpm
ensure_dependencies
ensure_browser
export CREDENCE_ROOT="$ROOT"
