// Bundles the extension with esbuild into dist/extension.js and copies cytoscape into media/vendor/ for the webview.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const production = process.argv.includes('--production');

await build({
  entryPoints: [join(root, 'src', 'extension.ts')],
  outfile: join(root, 'dist', 'extension.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
});

const vendor = join(root, 'media', 'vendor');
mkdirSync(vendor, { recursive: true });
copyFileSync(require.resolve('cytoscape/dist/cytoscape.min.js'), join(vendor, 'cytoscape.min.js'));
console.log('built dist/extension.js and media/vendor/cytoscape.min.js');
