import { strict as assert } from 'node:assert';
import { posix } from 'node:path';
import { test } from 'node:test';
import { chooseLaunch, parseManifest } from '../src/serverLaunch';

const DIR = '/ext/notes-lsp-0.1.0/server';
const has = (...files: string[]) => (f: string) => files.includes(f);

test('reads the two manifests the packer writes, and nothing else', () => {
  assert.deepEqual(parseManifest('{"build":"native","target":"linux-x64","executable":"Notes.Lsp.Server"}'), {
    build: 'native',
    target: 'linux-x64',
    executable: 'Notes.Lsp.Server',
  });
  assert.deepEqual(parseManifest('{"build":"portable","entry":"Notes.Lsp.Server.dll"}'), { build: 'portable', entry: 'Notes.Lsp.Server.dll' });
  for (const bad of [undefined, '', 'null', '[]', '{"build":"native"}', '{"build":"native","target":"x","executable":"../../bin/sh"}',
    '{"build":"portable","entry":"a/b.dll"}', '{"build":"portable","entry":".."}', '{"build":"other","entry":"x.dll"}', '{trunc']) {
    assert.equal(parseManifest(bad), undefined, String(bad));
  }
});

test('a platform package starts its native server directly: no dotnet, no runtime check', () => {
  const m = parseManifest('{"build":"native","target":"linux-x64","executable":"Notes.Lsp.Server"}');
  assert.deepEqual(chooseLaunch(m, DIR, '', has(`${DIR}/Notes.Lsp.Server`), posix.join), {
    kind: 'direct',
    command: `${DIR}/Notes.Lsp.Server`,
    why: 'native server for linux-x64',
  });
});

test('the universal package runs the portable server with dotnet', () => {
  const m = parseManifest('{"build":"portable","entry":"Notes.Lsp.Server.dll"}');
  assert.deepEqual(chooseLaunch(m, DIR, undefined, has(`${DIR}/Notes.Lsp.Server.dll`), posix.join), {
    kind: 'dotnet',
    dll: `${DIR}/Notes.Lsp.Server.dll`,
    why: 'portable server',
  });
});

test('the choice follows the manifest, not whichever file happens to be there', () => {
  // A portable package with a stray native binary beside it still runs the .dll.
  const m = parseManifest('{"build":"portable","entry":"Notes.Lsp.Server.dll"}');
  const both = has(`${DIR}/Notes.Lsp.Server.dll`, `${DIR}/Notes.Lsp.Server`);
  assert.equal(chooseLaunch(m, DIR, '', both, posix.join).kind, 'dotnet');
});

test('notes.server.path overrides the package: a .dll through dotnet, anything else directly', () => {
  const m = parseManifest('{"build":"native","target":"linux-x64","executable":"Notes.Lsp.Server"}');
  const exists = has('/opt/notes/Notes.Lsp.Server.dll', '/opt/notes/server', `${DIR}/Notes.Lsp.Server`);
  assert.deepEqual(chooseLaunch(m, DIR, ' /opt/notes/Notes.Lsp.Server.dll ', exists, posix.join), {
    kind: 'dotnet',
    dll: '/opt/notes/Notes.Lsp.Server.dll',
    why: 'notes.server.path',
  });
  assert.deepEqual(chooseLaunch(m, DIR, '/opt/notes/server', exists, posix.join), { kind: 'direct', command: '/opt/notes/server', why: 'notes.server.path' });
  // With no manifest at all the setting still works.
  assert.equal(chooseLaunch(undefined, DIR, '/opt/notes/server', exists, posix.join).kind, 'direct');
});

test('says what is missing in words a user can act on', () => {
  const m = parseManifest('{"build":"native","target":"linux-x64","executable":"Notes.Lsp.Server"}');
  const missing = chooseLaunch(m, DIR, '', has(), posix.join);
  assert.equal(missing.kind, 'error');
  assert.match((missing as { message: string }).message, /missing from the extension \(\/ext\/notes-lsp-0\.1\.0\/server\/Notes\.Lsp\.Server\)\. Reinstall/);
  const noManifest = chooseLaunch(undefined, DIR, '', has(), posix.join);
  assert.match((noManifest as { message: string }).message, /server\.json/);
  const badSetting = chooseLaunch(m, DIR, '/nope/server', has(`${DIR}/Notes.Lsp.Server`), posix.join);
  assert.match((badSetting as { message: string }).message, /"notes\.server\.path" names \/nope\/server, which does not exist/);
});
