import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { nativeExecutable, ridOf, targetOf, TARGETS, vsixName } from './targets.mjs';

test('each VS Code target maps to its .NET runtime identifier', () => {
  assert.equal(ridOf('linux-x64'), 'linux-x64');
  assert.equal(ridOf('darwin-arm64'), 'osx-arm64');
  assert.equal(ridOf('win32-x64'), 'win-x64');
  assert.throws(() => ridOf('alpine-x64'), /no native build for target alpine-x64/);
});

test('the host target comes from Node.js platform and architecture', () => {
  assert.equal(targetOf('linux', 'x64'), 'linux-x64');
  assert.equal(targetOf('darwin', 'arm64'), 'darwin-arm64');
  assert.equal(targetOf('win32', 'x64'), 'win32-x64');
  assert.equal(targetOf('freebsd', 'x64'), undefined);
});

test('file names: .exe on Windows only; the platform package carries its target in its name', () => {
  assert.equal(nativeExecutable('win32-x64'), 'Notes.Lsp.Server.exe');
  assert.equal(nativeExecutable('darwin-x64'), 'Notes.Lsp.Server');
  assert.equal(vsixName('notes-lsp', '0.1.0', 'linux-x64'), 'notes-lsp-linux-x64-0.1.0.vsix');
  assert.equal(vsixName('notes-lsp', '0.1.0', undefined), 'notes-lsp-0.1.0.vsix');
  for (const t of Object.keys(TARGETS)) assert.match(vsixName('n', '1.0.0', t), new RegExp(`^n-${t}-1\\.0\\.0\\.vsix$`));
});
