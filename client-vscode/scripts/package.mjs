// Packs the extension into a .vsix that carries the published server.
//   node scripts/package.mjs [--server <dir>] [--out <file.vsix>]
// --server defaults to <repo>/artifacts/server (from `dotnet publish src/Notes.Lsp.Server -c Release -o artifacts/server`).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? resolve(process.argv[i + 1]) : fallback;
};
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const serverDir = arg('--server', join(root, '..', 'artifacts', 'server'));
const out = arg('--out', join(root, '..', 'artifacts', `${pkg.name}-${pkg.version}.vsix`));

if (!existsSync(join(serverDir, 'Notes.Lsp.Server.dll'))) {
  console.error(`No Notes.Lsp.Server.dll in ${serverDir}. Run: dotnet publish src/Notes.Lsp.Server -c Release -o artifacts/server`);
  process.exit(1);
}
const target = join(root, 'server');
rmSync(target, { recursive: true, force: true });
cpSync(serverDir, target, { recursive: true, filter: (src) => !src.endsWith('.pdb') });
console.log(`copied ${serverDir} -> server/`);

execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production'], { stdio: 'inherit', cwd: root });
mkdirSync(dirname(out), { recursive: true });
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '-o', out], {
  stdio: 'inherit',
  cwd: root,
});
console.log(`packed ${out}`);
