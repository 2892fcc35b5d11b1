#!/usr/bin/env bash
# Installs what Errand needs (Node 24 if the system's is older, npm dependencies), builds it, and serves
# it on http://localhost:${PORT:-3000}. With no API key configured the offline demo model answers.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node-env.sh
if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund --loglevel=error
fi
npx nuxt build > .nuxt-build.log 2>&1 || { cat .nuxt-build.log; exit 1; }
export HOST="${HOST:-127.0.0.1}" PORT="${PORT:-3000}"
if [ -z "${NUXT_LLM_API_KEY:-}${OPENROUTER_API_KEY:-}" ]; then
  echo "errand: no API key set, so the offline demo model answers (see docs/configuration.md)"
fi
echo "errand: open http://localhost:${PORT} (Ctrl+C stops)"
# --no-node-snapshot: isolated-vm (the workflow sandbox) needs it on Node 20+ (its README).
exec node --no-node-snapshot .output/server/index.mjs
