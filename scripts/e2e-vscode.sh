#!/usr/bin/env bash
# End-to-end test of the VS Code extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3),
# driven headless through Debian's Chromium with playwright-core.
#
#   scripts/e2e-vscode.sh
#
# Installs what it needs into .e2e/cache (see scripts/install-e2e-deps.sh; skipped when done), publishes the
# server to artifacts/server, packs artifacts/notes-lsp-<version>.vsix, copies examples/research-notes afresh
# to a temp folder, starts code-server with the .vsix installed and runs tests/e2e/vscode/run.mjs.
# Screenshots of each step go to artifacts/e2e/vscode/. Exit code 0 only when every step passed.
#
# Environment:
#   NOTES_SERVER_DIR  use an already published server instead of building src/Notes.Lsp.Server
#   E2E_VSIX=FILE     install this package instead of packing the universal one (scripts/package-vscode.sh builds both)
#   E2E_NO_DOTNET=1   run code-server with no dotnet reachable: every PATH folder holding one is replaced by a copy of
#                     its links without it, DOTNET_ROOT and every DOTNET_* variable unset; the suite then also checks
#                     that the server process is the package's native binary (for the linux-x64 package)
#   E2E_NAME          screenshots go to artifacts/e2e/<name> (default vscode)
#   E2E_KEEP=1        keep the temp folder (logs, user data) for inspection
#   E2E_STEP_TIMEOUT  seconds per step (default 60)
#   E2E_IDLE_NOTES=N  instead of the suite: open a generated vault of N notes, wait for the status bar's ready count,
#                     then read the server's CPU time over E2E_IDLE_SECONDS (default 60) of doing nothing, and check
#                     that no problem is listed twice (the figure in docs/BENCHMARKS.md)
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"
START=$(date +%s)
log() { printf '[e2e-vscode] %s\n' "$*"; }

bash scripts/install-e2e-deps.sh vscode
CACHE="$REPO/.e2e/cache"
CODE_SERVER="$CACHE/code-server/node_modules/code-server/out/node/entry.js"
[ -f "$CODE_SERVER" ] || { echo "code-server missing at $CODE_SERVER" >&2; exit 1; }

# 1. The package: the one given, or the universal one packed from a published portable server.
if [ -n "${E2E_VSIX:-}" ]; then
  VSIX="$E2E_VSIX"
  [ -f "$VSIX" ] || { echo "no package at $VSIX (run npm run package:vscode)" >&2; exit 1; }
else
  SERVER_DIR="${NOTES_SERVER_DIR:-}"
  if [ -z "$SERVER_DIR" ]; then
    log "publishing the server"
    dotnet publish src/Notes.Lsp.Server -c Release -o artifacts/server -v quiet -nologo >/dev/null
    SERVER_DIR="$REPO/artifacts/server"
  fi
  cd client-vscode
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm ci (client-vscode)"
    npm ci --no-audit --no-fund >/dev/null
  fi
  VERSION=$(node -p "require('./package.json').version")
  NAME=$(node -p "require('./package.json').name")
  VSIX="$REPO/artifacts/$NAME-$VERSION.vsix"
  log "packing $VSIX"
  node scripts/package.mjs --server "$SERVER_DIR" --out "$VSIX" >/dev/null
  cd "$REPO"
fi
log "package: $VSIX ($(du -k "$VSIX" | cut -f1) KB)"

# 3. A fresh copy of the example vault and a private code-server home.
TMP=$(mktemp -d -t notes-e2e-vscode.XXXXXX)
SHOTS="$REPO/artifacts/e2e/${E2E_NAME:-vscode}"
rm -rf "$SHOTS"; mkdir -p "$SHOTS"
if [ -n "${E2E_IDLE_NOTES:-}" ]; then
  dotnet run -c Release --project bench/Notes.Bench -- vault --notes "$E2E_IDLE_NOTES" --out "$TMP/vault" >/dev/null
else
  cp -r examples/research-notes "$TMP/vault"
  # An archive of plain reading-log notes beside the example notes (valid links only, no tags, so no new problems):
  # with 20 notes a start takes a few milliseconds either way, and the restart step could not tell a warm start from
  # a cold one; with 2,000 the difference is measured, not noise.
  node -e '
    const fs = require("fs"), dir = process.argv[1], n = 2000, pad = (i) => String(i).padStart(4, "0");
    fs.mkdirSync(dir, { recursive: true });
    for (let i = 1; i <= n; i++) {
      const next = i < n ? `Next entry: [[log-${pad(i + 1)}]].` : "The last entry of the log.";
      const body = Array.from({ length: 6 }, (_, k) => `Reading session ${i}, part ${k + 1}: notes on what was read, what was unclear, and what to look up before the next session.`).join("\n");
      fs.writeFileSync(`${dir}/log-${pad(i)}.md`, `# Reading log ${pad(i)}\n\n${body}\n\n## Follow-up\n\n${next}\n`);
    }' "$TMP/vault/archive"
fi
mkdir -p "$TMP/ud/User" "$TMP/ext" "$TMP/xdg/config" "$TMP/xdg/data" "$TMP/xdg/cache"
cat > "$TMP/ud/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": false,
  "extensions.ignoreRecommendations": true,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "markdown.suggest.paths.enabled": false,
  "markdown.validate.enabled": false,
  "editor.hover.delay": 300,
  "files.autoSave": "off",
  "window.commandCenter": false,
  "chat.commandCenter.enabled": false
}
JSON
echo "bind-addr: 127.0.0.1:0" > "$TMP/config.yaml"
export XDG_CONFIG_HOME="$TMP/xdg/config" XDG_DATA_HOME="$TMP/xdg/data" XDG_CACHE_HOME="$TMP/xdg/cache"

CS_PID=""
RUN_PID=""
cleanup() {
  local rc=$?
  # code-server (with its extension host and our language server) and the test runner (with Chromium)
  # each run in their own process group; end both groups, even after a failure or Ctrl+C.
  for pg in $RUN_PID $CS_PID; do kill -TERM -- "-$pg" 2>/dev/null || true; done
  sleep 1
  for pg in $RUN_PID $CS_PID; do kill -KILL -- "-$pg" 2>/dev/null || true; done
  if [ -d "$TMP/ud/logs" ]; then mkdir -p "$SHOTS/logs" && cp -r "$TMP/ud/logs/." "$SHOTS/logs/" 2>/dev/null || true; fi
  [ -f "$TMP/code-server.log" ] && cp "$TMP/code-server.log" "$SHOTS/" || true
  if [ "${E2E_KEEP:-0}" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
  log "finished in $(( $(date +%s) - START ))s with exit code $rc"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

NODE=$(command -v node)
CS=("$NODE" "$CODE_SERVER" --auth none --disable-telemetry --disable-update-check --disable-workspace-trust
    --config "$TMP/config.yaml" --user-data-dir "$TMP/ud" --extensions-dir "$TMP/ext")
log "installing the .vsix into code-server"
"${CS[@]}" --install-extension "$VSIX" > "$TMP/install.log" 2>&1 || { cat "$TMP/install.log"; exit 1; }

PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
CS_ENV=()
if [ "${E2E_NO_DOTNET:-0}" = 1 ]; then
  # A PATH on which no dotnet can be found: each folder that holds one becomes a folder of links to everything else.
  NEWPATH=""; i=0
  IFS=: read -ra DIRS <<< "$PATH"
  for d in "${DIRS[@]}"; do
    [ -d "$d" ] || continue
    if [ -e "$d/dotnet" ]; then
      i=$((i + 1)); shadow="$TMP/path/$i"; mkdir -p "$shadow"
      for f in "$d"/* "$d"/.[!.]*; do
        [ -e "$f" ] || [ -L "$f" ] || continue
        [ "$(basename "$f")" = dotnet ] || ln -s "$f" "$shadow/$(basename "$f")"
      done
      d="$shadow"
    fi
    NEWPATH="${NEWPATH:+$NEWPATH:}$d"
  done
  # VSCODE_CLI=1: as when started from a terminal, VS Code keeps this environment instead of reading the login shell's
  # (which would put /usr/bin, and the dotnet in it, back on the extension host's PATH).
  CS_ENV=(env -u DOTNET_ROOT $(env | sed -n 's/^\(DOTNET_[A-Za-z0-9_]*\)=.*/-u \1/p') "PATH=$NEWPATH" VSCODE_CLI=1)
  if env "PATH=$NEWPATH" sh -c 'command -v dotnet' >/dev/null 2>&1; then echo "dotnet still reachable on $NEWPATH" >&2; exit 1; fi
  log "code-server runs with no dotnet reachable (PATH=$NEWPATH)"
fi
log "starting code-server on 127.0.0.1:$PORT"
setsid "${CS_ENV[@]}" "${CS[@]}" --bind-addr "127.0.0.1:$PORT" "$TMP/vault" > "$TMP/code-server.log" 2>&1 < /dev/null &
CS_PID=$!
healthy() { node -e "fetch('http://127.0.0.1:$PORT/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; }
for _ in $(seq 1 120); do
  if healthy; then break; fi
  kill -0 "$CS_PID" 2>/dev/null || { cat "$TMP/code-server.log"; echo "code-server exited" >&2; exit 1; }
  sleep 0.5
done
healthy || { echo "code-server did not become healthy" >&2; exit 1; }

log "driving Chromium"
E2E_URL="http://127.0.0.1:$PORT/?folder=$TMP/vault" \
E2E_VAULT="$TMP/vault" \
E2E_SHOTS="$SHOTS" \
E2E_USER_DATA="$TMP/ud" \
E2E_PLAYWRIGHT="$CACHE/playwright" \
E2E_STEP_TIMEOUT="${E2E_STEP_TIMEOUT:-60}" \
E2E_IDLE_NOTES="${E2E_IDLE_NOTES:-}" E2E_IDLE_SECONDS="${E2E_IDLE_SECONDS:-60}" \
E2E_NO_DOTNET="${E2E_NO_DOTNET:-0}" E2E_PACKAGE="$(basename "$VSIX")" \
setsid timeout --kill-after=10 600 node tests/e2e/vscode/run.mjs &
RUN_PID=$!
wait "$RUN_PID"
