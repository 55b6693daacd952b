import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { DEFAULT_SEVERITIES, DIAGNOSTIC_CODES, needsRestart, toInitializationOptions, toServerConfig } from '../src/settings';
import * as pkg from '../package.json';

const reader = (values: Record<string, unknown>) => (key: string) => values[key];

test('maps flat editor settings to the nested server object', () => {
  const config = toServerConfig(
    reader({
      linkStyle: 'title-slug',
      exclude: ['archive/**', ' ', 3],
      maxFileSize: 1000.7,
      'tags.style': 'kebab-case',
      'tags.maxDepth': 2,
      'tags.vocabulary': ['ml', 'nlp'],
      'tags.vocabularyFile': ' vocab.md ',
      'severity.broken-link': 'error',
      'severity.tag-variant': 'off',
      'server.dotnetPath': '/opt/dotnet',
      'trace.server': 'verbose',
    }),
  );
  assert.deepEqual(config, {
    linkStyle: 'title-slug',
    exclude: ['archive/**'],
    maxFileSize: 1000,
    tags: { style: 'kebab-case', maxDepth: 2, vocabulary: ['ml', 'nlp'], vocabularyFile: 'vocab.md' },
    severity: { 'broken-link': 'error', 'tag-variant': 'off' },
  });
});

test('drops values of the wrong type or outside the enum so the server keeps its default', () => {
  const config = toServerConfig(
    reader({ linkStyle: 'wiki', exclude: 'x', maxFileSize: 0, 'tags.style': 'SCREAMING', 'tags.maxDepth': -1, 'severity.broken-link': 'fatal' }),
  );
  assert.deepEqual(config, {});
});

test('reads severities given as one object, the flat key winning', () => {
  const config = toServerConfig(reader({ severity: { 'broken-link': 'hint', 'tag-format': 'error', bogus: 'error' }, 'severity.tag-format': 'off' }));
  assert.deepEqual(config.severity, { 'broken-link': 'hint', 'tag-format': 'off' });
});

test('passes the citation settings, leaving out an empty bibliography list and values of the wrong type', () => {
  assert.deepEqual(toServerConfig(reader({ 'citations.bibliography': [' refs.bib ', 'lib\\more.json', ''], 'citations.renameInBibliography': true })).citations, {
    bibliography: ['refs.bib', 'lib/more.json'],
    renameInBibliography: true,
  });
  assert.deepEqual(toServerConfig(reader({ 'citations.bibliography': [], 'citations.renameInBibliography': false })).citations, { renameInBibliography: false });
  assert.deepEqual(toServerConfig(reader({ 'citations.bibliography': 'refs.bib', 'citations.renameInBibliography': 'yes' })), {});
  assert.equal(DEFAULT_SEVERITIES['unknown-citation'], 'warning');
  assert.equal(DEFAULT_SEVERITIES['unknown-citekey'], 'information');
});

test('never sends client-only settings', () => {
  const config = toServerConfig(reader({ 'server.dotnetPath': 'x', 'server.path': 'y', server: { dotnetPath: 'x', path: 'y' }, trace: { server: 'off' }, 'graph.showPapers': true }));
  assert.deepEqual(config, {});
});

test('package.json contributes a setting per server setting, with the same defaults', () => {
  const props = pkg.contributes.configuration.properties as Record<string, { default?: unknown; enum?: string[]; description?: string; markdownDescription?: string }>;
  for (const code of DIAGNOSTIC_CODES) {
    const p = props[`notes.severity.${code}`];
    assert.ok(p, code);
    assert.equal(p.default, DEFAULT_SEVERITIES[code]);
    assert.deepEqual(p.enum, ['error', 'warning', 'information', 'hint', 'off']);
  }
  for (const key of ['linkStyle', 'exclude', 'maxFileSize', 'tags.style', 'tags.maxDepth', 'tags.vocabulary', 'tags.vocabularyFile', 'citations.bibliography', 'citations.renameInBibliography', 'graph.showPapers', 'server.path', 'server.dotnetPath', 'trace.server']) {
    const p = props[`notes.${key}`];
    assert.ok(p, key);
    assert.ok(p.description || p.markdownDescription, `${key} has a description`);
  }
  // Defaults of the contributed settings map to a valid server object with every key present.
  const defaults = toServerConfig((key) => props[`notes.${key}`]?.default);
  assert.equal(defaults.linkStyle, 'stem');
  assert.equal(Object.keys(defaults.severity ?? {}).length, DIAGNOSTIC_CODES.length);
});

test('only the server and dotnet paths need a server restart', () => {
  assert.equal(needsRestart((s) => s === 'notes.server.dotnetPath'), true);
  assert.equal(needsRestart((s) => s === 'notes.server.path'), true);
  assert.equal(needsRestart((s) => s === 'notes.linkStyle'), false);
});

test('initialization options carry the storage folder and the cache setting', () => {
  assert.deepEqual(toInitializationOptions('/home/u/.vscode/workspaceStorage/abc/notes', undefined), {
    cache: true,
    storagePath: '/home/u/.vscode/workspaceStorage/abc/notes',
  });
  assert.deepEqual(toInitializationOptions(undefined, false), { cache: false });
  assert.deepEqual(toInitializationOptions('', true), { cache: true });
  assert.equal(needsRestart((s) => s === 'notes.cache.enabled'), true);
});
