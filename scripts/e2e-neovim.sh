#!/usr/bin/env bash
# End-to-end test with a second real client: Neovim's built-in LSP client (Debian's neovim 0.7.x, no plugins),
# scripted headless. Starts the Notes server on a fresh copy of examples/research-notes and checks definition,
# references, hover, completion and diagnostics. Results: artifacts/e2e/neovim/results.json. Exit code 0 only if all pass.
#
#   scripts/e2e-neovim.sh
# Environment: NOTES_SERVER_DIR (use an already published server), E2E_STEP_TIMEOUT (seconds per step, default 30).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"
START=$(date +%s)
log() { printf '[e2e-neovim] %s\n' "$*"; }

command -v nvim >/dev/null || bash scripts/install-e2e-deps.sh neovim

SERVER_DIR="${NOTES_SERVER_DIR:-}"
if [ -z "$SERVER_DIR" ]; then
  log "publishing the server"
  dotnet publish src/Notes.Lsp.Server -c Release -o artifacts/server -v quiet -nologo >/dev/null
  SERVER_DIR="$REPO/artifacts/server"
fi

TMP=$(mktemp -d -t notes-e2e-nvim.XXXXXX)
OUT="$REPO/artifacts/e2e/neovim"
rm -rf "$OUT"; mkdir -p "$OUT"
trap 'rm -rf "$TMP"; log "finished in $(( $(date +%s) - START ))s"' EXIT
cp -r examples/research-notes "$TMP/vault"
export XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data" XDG_STATE_HOME="$TMP/state" XDG_CACHE_HOME="$TMP/cache"

log "$(nvim --version | head -1) against $SERVER_DIR"
set +e
NOTES_SERVER_DLL="$SERVER_DIR/Notes.Lsp.Server.dll" NOTES_VAULT="$TMP/vault" NOTES_RESULTS="$OUT/results.json" \
NOTES_STEP_TIMEOUT="${E2E_STEP_TIMEOUT:-30}" \
  timeout --kill-after=5 300 nvim --headless --clean -n -c "luafile tests/e2e/neovim/run.lua" 2>"$OUT/nvim-stderr.log"
rc=$?
set -e
cp "$XDG_STATE_HOME/nvim/lsp.log" "$OUT/lsp.log" 2>/dev/null || cp "$XDG_CACHE_HOME/nvim/lsp.log" "$OUT/lsp.log" 2>/dev/null || true
[ -f "$OUT/results.json" ] || { log "no results written (exit code $rc)"; cat "$OUT/nvim-stderr.log" >&2; exit 1; }
exit $rc
