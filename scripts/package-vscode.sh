#!/usr/bin/env bash
# Builds both VS Code packages into artifacts/ (the root `npm run package:vscode`):
#   artifacts/notes-lsp-<target>-<version>.vsix  the platform package for this machine (linux-x64 here): the NativeAOT
#                                                server inside, started directly, no .NET needed where it runs
#   artifacts/notes-lsp-<version>.vsix           the universal package: the portable server, needs the .NET 10 runtime
# Other targets are built on their own operating systems by .github/workflows/release.yml (NativeAOT does not
# cross-compile between operating systems).
#
# Environment:
#   NOTES_SERVER_DIR         an already published portable server (else: dotnet publish to artifacts/server)
#   NOTES_NATIVE_SERVER_DIR  an already published native server for this machine (else: publish to artifacts/server-native)
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"
log() { printf '[package-vscode] %s\n' "$*"; }

TARGET=$(node client-vscode/scripts/targets.mjs host) || { echo "no native build for $(node -p 'process.platform + "-" + process.arch')" >&2; TARGET=""; }

PORTABLE="${NOTES_SERVER_DIR:-}"
if [ -z "$PORTABLE" ]; then
  log "publishing the portable server"
  dotnet publish src/Notes.Lsp.Server -c Release -o artifacts/server -nologo -v quiet >/dev/null
  PORTABLE="$REPO/artifacts/server"
fi
NATIVE="${NOTES_NATIVE_SERVER_DIR:-}"
if [ -n "$TARGET" ] && [ -z "$NATIVE" ]; then
  bash scripts/install-e2e-deps.sh native
  log "publishing the native server for $TARGET"
  dotnet publish src/Notes.Lsp.Server -c Release -p:Native=true -r "$(node client-vscode/scripts/targets.mjs rid "$TARGET")" \
    -o artifacts/server-native -nologo -v quiet >/dev/null
  NATIVE="$REPO/artifacts/server-native"
fi

cd client-vscode
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci (client-vscode)"
  npm ci --no-audit --no-fund >/dev/null
fi
node scripts/package.mjs --server "$PORTABLE"
if [ -n "$TARGET" ]; then node scripts/package.mjs --server "$NATIVE" --target "$TARGET"; fi
rm -rf server
