#!/usr/bin/env bash
# Installs what the end-to-end tests need, into .e2e/cache (gitignored), skipping steps already done.
#   scripts/install-e2e-deps.sh [vscode|neovim|native|all]   (default: all)
# Needs root (apt-get), Node.js 20 + npm and the npm registry. Nothing is downloaded from GitHub:
# code-server's own postinstall would (ripgrep, prebuilt native modules), so its steps are done by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
WHAT="${1:-all}"
CACHE="$PWD/.e2e/cache"
CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_VERSION=1.55.0
mkdir -p "$CACHE"

log() { printf '[install-e2e] %s\n' "$*"; }

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -eq 0 ]; then log "apt packages present: $*"; return; fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Run apt's helpers as root: on some machines /tmp is not writable by the _apt sandbox user.
  local opts=(-o APT::Sandbox::User=root)
  apt-get "${opts[@]}" update -qq
  apt-get "${opts[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_native() {
  # NativeAOT links the server with the system C toolchain (gcc, ld, libc headers).
  apt_install build-essential
}

install_neovim() {
  apt_install neovim
}

install_vscode() {
  apt_install build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep chromium
  local cs="$CACHE/code-server"
  local stamp="$cs/.done-$CODE_SERVER_VERSION"
  if [ ! -f "$stamp" ]; then
    log "installing code-server $CODE_SERVER_VERSION into $cs (a few minutes)"
    rm -rf "$cs"; mkdir -p "$cs"
    export npm_config_nodedir=/usr   # node headers live in /usr/include/node on Debian
    local gyp="node $(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
    (
      cd "$cs"
      echo '{"name":"e2e-code-server","private":true}' > package.json
      npm install --no-audit --no-fund --ignore-scripts "code-server@$CODE_SERVER_VERSION"
      npm rebuild argon2 --build-from-source
      cd node_modules/code-server/lib/vscode
      npm install --no-audit --no-fund --omit=dev --ignore-scripts
      for m in kerberos @vscode/spdlog @vscode/deviceid native-watchdog node-pty; do
        (cd "node_modules/$m" && $gyp rebuild --nodedir=/usr >/dev/null)
      done
      mkdir -p node_modules/@vscode/ripgrep/bin && cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
      ln -sfn node_modules node_modules.asar
      (cd bin/remote-cli && ln -sfn code-linux.sh code-server)
      (cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
      (cd extensions && npm install --no-audit --no-fund --omit=dev)
    )
    touch "$stamp"
  else
    log "code-server $CODE_SERVER_VERSION present"
  fi
  local pw="$CACHE/playwright"
  if [ ! -f "$pw/.done-$PLAYWRIGHT_VERSION" ]; then
    log "installing playwright-core $PLAYWRIGHT_VERSION (no browser download; Debian's chromium is used)"
    rm -rf "$pw"; mkdir -p "$pw"
    (cd "$pw" && echo '{"name":"e2e-playwright","private":true,"type":"module"}' > package.json \
      && npm install --no-audit --no-fund "playwright-core@$PLAYWRIGHT_VERSION")
    touch "$pw/.done-$PLAYWRIGHT_VERSION"
  else
    log "playwright-core present"
  fi
}

case "$WHAT" in
  vscode) install_vscode ;;
  neovim) install_neovim ;;
  native) install_native ;;
  all) install_native; install_neovim; install_vscode ;;
  *) echo "usage: $0 [vscode|neovim|native|all]" >&2; exit 2 ;;
esac
log "done"
