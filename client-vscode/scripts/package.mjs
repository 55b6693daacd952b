// Packs the extension into a .vsix that carries a published server.
//   node scripts/package.mjs [--server <dir>] [--target <vsce target>] [--out <file.vsix>]
// Without --target: the universal package with the portable server (<dir> defaults to <repo>/artifacts/server, from
// `dotnet publish src/Notes.Lsp.Server -c Release -o artifacts/server`); it needs .NET 10 where it runs.
// With --target (linux-x64, linux-arm64, darwin-x64, darwin-arm64, win32-x64, ...): the platform package with the
// native server for that target (<dir> defaults to <repo>/artifacts/server-native-<target>, from
// `dotnet publish src/Notes.Lsp.Server -c Release -p:Native=true -r <rid>`); it needs nothing else.
// Either way server/server.json says which server the package carries; the extension starts what it names.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nativeExecutable, vsixName } from './targets.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : undefined;
};
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const target = arg('--target');
const repo = join(root, '..');
const serverDir = resolve(arg('--server') ?? join(repo, 'artifacts', target ? `server-native-${target}` : 'server'));
const out = resolve(arg('--out') ?? join(repo, 'artifacts', vsixName(pkg.name, pkg.version, target)));

const staged = join(root, 'server');
rmSync(staged, { recursive: true, force: true });
mkdirSync(staged, { recursive: true });
let manifest;
if (target) {
  const exe = nativeExecutable(target);
  const from = join(serverDir, exe);
  if (!existsSync(from)) {
    console.error(`No native server ${exe} in ${serverDir}. Run: dotnet publish src/Notes.Lsp.Server -c Release -p:Native=true -o ${serverDir}`);
    process.exit(1);
  }
  // The one self-contained binary: not its debug symbols (.dbg, .pdb), which are ten times its size.
  copyFileSync(from, join(staged, exe));
  manifest = { build: 'native', target, executable: exe };
} else {
  if (!existsSync(join(serverDir, 'Notes.Lsp.Server.dll'))) {
    console.error(`No Notes.Lsp.Server.dll in ${serverDir}. Run: dotnet publish src/Notes.Lsp.Server -c Release -o artifacts/server`);
    process.exit(1);
  }
  cpSync(serverDir, staged, { recursive: true, filter: (src) => !src.endsWith('.pdb') });
  manifest = { build: 'portable', entry: 'Notes.Lsp.Server.dll' };
}
writeFileSync(join(staged, 'server.json'), JSON.stringify(manifest) + '\n');
console.log(`copied the ${manifest.build} server from ${serverDir} -> server/`);

execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production'], { stdio: 'inherit', cwd: root });
mkdirSync(dirname(out), { recursive: true });
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const args = ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '-o', out];
if (target) args.push('--target', target);
execFileSync(process.execPath, [vsce, ...args], { stdio: 'inherit', cwd: root });
console.log(`packed ${out} (${(statSync(out).size / 1e6).toFixed(1)} MB)`);
