#!/usr/bin/env bash
# Every test of the repository. Needs only the .NET SDK, Node.js and npm; installs the rest itself.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Notes.Lsp.sln -c Release
dotnet publish src/Notes.Lsp.Server -c Release -o artifacts/server --no-build
dotnet test Notes.Lsp.sln -c Release --no-build
