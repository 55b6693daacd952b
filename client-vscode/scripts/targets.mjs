// The platforms we pack a native server for: VS Code's target names, .NET's runtime identifiers, file names.
// Used by package.mjs and scripts/package-vscode.sh; the release workflow (.github/workflows/release.yml) has one job
// per entry.

/** VS Code target -> .NET runtime identifier. */
export const TARGETS = {
  'linux-x64': 'linux-x64',
  'linux-arm64': 'linux-arm64',
  'darwin-x64': 'osx-x64',
  'darwin-arm64': 'osx-arm64',
  'win32-x64': 'win-x64',
  'win32-arm64': 'win-arm64',
};

/** The VS Code target of a Node.js platform and architecture, or undefined when we have no native build for it. */
export function targetOf(platform, arch) {
  const t = `${platform}-${arch}`;
  return t in TARGETS ? t : undefined;
}

/** The .NET runtime identifier for a VS Code target. */
export function ridOf(target) {
  const rid = TARGETS[target];
  if (!rid) throw new Error(`no native build for target ${target}; known: ${Object.keys(TARGETS).join(', ')}`);
  return rid;
}

/** The native server's file name on that target. */
export function nativeExecutable(target) {
  ridOf(target);
  return target.startsWith('win32-') ? 'Notes.Lsp.Server.exe' : 'Notes.Lsp.Server';
}

/** notes-lsp-linux-x64-0.1.0.vsix for a platform package, notes-lsp-0.1.0.vsix for the universal one. */
export function vsixName(name, version, target) {
  return target ? `${name}-${target}-${version}.vsix` : `${name}-${version}.vsix`;
}

// `node scripts/targets.mjs host` prints this machine's target; `node scripts/targets.mjs rid <target>` its RID.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const [cmd, value] = process.argv.slice(2);
  if (cmd === 'host') {
    const t = targetOf(process.platform, process.arch);
    if (!t) process.exit(1);
    console.log(t);
  } else if (cmd === 'rid') console.log(ridOf(value));
  else {
    console.error('usage: targets.mjs host | rid <target>');
    process.exit(2);
  }
}
