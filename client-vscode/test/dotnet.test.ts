import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { checkRuntimes, compareVersions, describeRuntimeProblem, parseRuntimes, resolveDotnetPath } from '../src/dotnet';

const LINUX = `Microsoft.AspNetCore.App 8.0.11 [/usr/share/dotnet/shared/Microsoft.AspNetCore.App]
Microsoft.AspNetCore.App 10.0.12 [/usr/share/dotnet/shared/Microsoft.AspNetCore.App]
Microsoft.NETCore.App 8.0.11 [/usr/share/dotnet/shared/Microsoft.NETCore.App]
Microsoft.NETCore.App 10.0.1 [/usr/share/dotnet/shared/Microsoft.NETCore.App]
Microsoft.NETCore.App 10.0.12 [/usr/share/dotnet/shared/Microsoft.NETCore.App]
`;

test('parses runtime lines, including Windows paths and previews', () => {
  const rs = parseRuntimes('Microsoft.NETCore.App 10.0.0-rc.2.25502.107 [C:\\Program Files\\dotnet\\shared\\Microsoft.NETCore.App]\r\nnoise\r\n');
  assert.deepEqual(rs, [{ name: 'Microsoft.NETCore.App', version: '10.0.0-rc.2.25502.107', major: 10 }]);
  assert.equal(parseRuntimes(LINUX).length, 5);
});

test('accepts a NETCore 10 runtime and picks the newest', () => {
  assert.deepEqual(checkRuntimes(LINUX), { ok: true, version: '10.0.12' });
});

test('refuses when only older (or only ASP.NET) runtimes are there', () => {
  assert.deepEqual(checkRuntimes('Microsoft.NETCore.App 8.0.11 [/x]\nMicrosoft.AspNetCore.App 10.0.1 [/x]\n'), {
    ok: false,
    kind: 'too-old',
    found: ['8.0.11'],
  });
  assert.deepEqual(checkRuntimes(''), { ok: false, kind: 'too-old', found: [] });
});

test('a newer major alone does not run a net10 app', () => {
  assert.equal(checkRuntimes('Microsoft.NETCore.App 11.0.0 [/x]').ok, false);
});

test('explains the problem in plain words', () => {
  const missing = describeRuntimeProblem({ ok: false, kind: 'missing', found: [] }, 'dotnet');
  assert.match(missing, /\.NET 10 runtime/);
  assert.match(missing, /"dotnet" was not found/);
  assert.match(missing, /notes\.server\.dotnetPath/);
  const old = describeRuntimeProblem({ ok: false, kind: 'too-old', found: ['8.0.11', '9.0.1'] }, '/opt/dotnet/dotnet');
  assert.match(old, /only 8\.0\.11, 9\.0\.1/);
  const none = describeRuntimeProblem({ ok: false, kind: 'too-old', found: [] }, 'dotnet');
  assert.match(none, /no \.NET runtime/);
  assert.match(describeRuntimeProblem({ ok: false, kind: 'failed', found: [], detail: 'EACCES' }, 'dotnet'), /failed: EACCES/);
});

test('compares versions numerically', () => {
  assert.ok(compareVersions('10.0.12', '10.0.9') > 0);
  assert.equal(compareVersions('10.0.1', '10.0.1'), 0);
});

test('dotnet path: the setting when set, else dotnet from PATH', () => {
  assert.equal(resolveDotnetPath(''), 'dotnet');
  assert.equal(resolveDotnetPath(undefined), 'dotnet');
  assert.equal(resolveDotnetPath(' /opt/dotnet/dotnet '), '/opt/dotnet/dotnet');
});
