#!/usr/bin/env bash
# Every test of the repository. Needs only the .NET SDK, Node.js and npm; installs the rest itself
# (npm packages, and for the end-to-end suites Debian packages, code-server and Neovim, cached under .e2e/).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== .NET: build, publish the server, test"
dotnet build Notes.Lsp.sln -c Release
dotnet publish src/Notes.Lsp.Server -c Release -o artifacts/server --no-build
dotnet test Notes.Lsp.sln -c Release --no-build

echo "== Benchmarks, quick mode: the process benchmark on 1,000 notes, to catch crashes (its times mean nothing here)"
dotnet run -c Release --no-build --project bench/Notes.Bench -- lsp --notes 1000 --seed 7
dotnet run -c Release --no-build --project bench/Notes.Bench -- tail --notes 1000 --seed 7 --runs 1 --samples 50
dotnet run -c Release --no-build --project bench/Notes.Bench -- start --notes 1000 --seed 7 --runs 1

echo "== Native build (NativeAOT, no JIT): the stdio tests and the quick benchmark again, against it"
bash scripts/install-e2e-deps.sh native
dotnet publish src/Notes.Lsp.Server -c Release -p:Native=true -o artifacts/server-native
NOTES_LSP_SERVER="$PWD/artifacts/server-native/Notes.Lsp.Server" \
  dotnet test tests/Notes.Lsp.Server.Tests -c Release --no-build --filter "FullyQualifiedName~Stdio"
dotnet run -c Release --no-build --project bench/Notes.Bench -- lsp --notes 1000 --seed 7 --server artifacts/server-native/Notes.Lsp.Server
dotnet run -c Release --no-build --project bench/Notes.Bench -- start --notes 1000 --seed 7 --runs 1 --server artifacts/server-native/Notes.Lsp.Server

echo "== Native command line (NativeAOT): the CLI suite against the one notes binary"
dotnet publish src/Notes.Cli -c Release -p:Native=true -o artifacts/cli-native
artifacts/cli-native/notes --version
NOTES_CLI="$PWD/artifacts/cli-native/notes" dotnet test tests/Notes.Cli.Tests -c Release --no-build

echo "== VS Code extension: unit tests, then both packages (linux-x64 with the native server, universal with the portable one)"
(cd client-vscode && npm ci --no-audit --no-fund && npm test)
NOTES_SERVER_DIR="$PWD/artifacts/server" NOTES_NATIVE_SERVER_DIR="$PWD/artifacts/server-native" bash scripts/package-vscode.sh
VERSION=$(node -p "require('./client-vscode/package.json').version")
TARGET=$(node client-vscode/scripts/targets.mjs host)

echo "== End to end: Neovim's built-in client, then a real VS Code (code-server) with each .vsix"
NOTES_SERVER_DIR="$PWD/artifacts/server" bash scripts/e2e-neovim.sh
E2E_VSIX="$PWD/artifacts/notes-lsp-$VERSION.vsix" E2E_NAME=vscode bash scripts/e2e-vscode.sh
E2E_VSIX="$PWD/artifacts/notes-lsp-$TARGET-$VERSION.vsix" E2E_NO_DOTNET=1 E2E_NAME=vscode-native bash scripts/e2e-vscode.sh
