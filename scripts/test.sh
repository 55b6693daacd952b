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

echo "== Native build (NativeAOT, no JIT): the stdio tests and the quick benchmark again, against it"
bash scripts/install-e2e-deps.sh native
dotnet publish src/Notes.Lsp.Server -c Release -p:Native=true -o artifacts/server-native
NOTES_LSP_SERVER="$PWD/artifacts/server-native/Notes.Lsp.Server" \
  dotnet test tests/Notes.Lsp.Server.Tests -c Release --no-build --filter "FullyQualifiedName~Stdio"
dotnet run -c Release --no-build --project bench/Notes.Bench -- lsp --notes 1000 --seed 7 --server artifacts/server-native/Notes.Lsp.Server

echo "== VS Code extension: unit tests"
(cd client-vscode && npm ci --no-audit --no-fund && npm test)

echo "== End to end: Neovim's built-in client, then a real VS Code (code-server) with the packed .vsix"
NOTES_SERVER_DIR="$PWD/artifacts/server" bash scripts/e2e-neovim.sh
NOTES_SERVER_DIR="$PWD/artifacts/server" bash scripts/e2e-vscode.sh
