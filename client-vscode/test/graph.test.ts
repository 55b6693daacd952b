import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { baseName, graphParams, nodeTarget, normalizePath, toCytoscapeElements } from '../src/graph';
import { contentSecurityPolicy, graphHtml, makeNonce } from '../src/graphHtml';

const graph = {
  nodes: [
    { id: '/v/bert.md', label: 'BERT', path: 'bert.md', missing: false },
    { id: '/v/attention.md', label: '', path: 'attention.md', missing: false },
    { id: 'missing:project-fairness', label: 'project-fairness', path: '', missing: true },
    { id: '/v/bert.md', label: 'dup', path: 'bert.md', missing: false },
  ],
  edges: [
    { from: '/v/bert.md', to: '/v/attention.md', count: 2 },
    { from: '/v/bert.md', to: '/v/attention.md', count: 1 },
    { from: '/v/attention.md', to: 'missing:project-fairness', count: 1 },
    { from: '/v/bert.md', to: '/v/nowhere.md', count: 1 },
    { from: '/v/bert.md', to: '/v/bert.md', count: 1 },
  ],
};

test('converts nodes and edges to cytoscape elements', () => {
  const els = toCytoscapeElements(graph, '/v/bert.md');
  const nodes = els.filter((e) => e.group === 'nodes');
  const edges = els.filter((e) => e.group === 'edges');
  assert.equal(nodes.length, 3);
  assert.deepEqual(nodes[0], {
    group: 'nodes',
    data: { id: '/v/bert.md', label: 'BERT', path: 'bert.md', missing: false, center: true, kind: 'note' },
    classes: 'note center',
  });
  assert.equal(nodes[1].data.label, 'attention', 'empty label falls back to the file name');
  assert.equal(nodes[2].classes, 'missing');
  assert.equal(edges.length, 2, 'unknown ends and self-loops dropped, parallel edges merged');
  assert.equal(edges[0].data.count, 3);
  assert.equal(edges[0].data.source, '/v/bert.md');
});

test('paper nodes get their own class, a missing paper both, and open their literature note', () => {
  const els = toCytoscapeElements({
    nodes: [
      { id: '/v/transformers.md', label: 'Transformers', path: 'transformers.md', missing: false, kind: 'note' },
      { id: 'cite:vaswani2017', label: 'Vaswani et al. (2017) Attention Is All You Need', path: 'papers/attention-is-all-you-need.md', missing: false, kind: 'paper' },
      { id: 'cite:hoffman2022', label: '', path: '', missing: true, kind: 'paper' },
    ],
    edges: [
      { from: '/v/transformers.md', to: 'cite:vaswani2017', count: 2 },
      { from: '/v/transformers.md', to: 'cite:hoffman2022', count: 1 },
    ],
  });
  const nodes = els.filter((e) => e.group === 'nodes');
  assert.deepEqual(nodes.map((n) => n.classes), ['note', 'paper', 'paper missing']);
  assert.deepEqual(nodes.map((n) => n.data.kind), ['note', 'paper', 'paper']);
  assert.equal(nodes[2].data.label, 'hoffman2022', 'an unlabelled paper shows its key');
  assert.equal(els.filter((e) => e.group === 'edges').length, 2);
  assert.deepEqual(nodeTarget({ id: 'cite:vaswani2017', path: 'papers/attention-is-all-you-need.md', missing: false }), { kind: 'relative', value: 'papers/attention-is-all-you-need.md' });
  assert.equal(nodeTarget({ id: 'cite:hoffman2022', path: '', missing: true }), undefined);
});

test('the graph request asks for papers only when the setting is on', () => {
  assert.deepEqual(graphParams('file:///v/a.md', 2, true), { textDocument: { uri: 'file:///v/a.md' }, depth: 2, papers: true });
  assert.deepEqual(graphParams('file:///v/a.md', 1, false), { textDocument: { uri: 'file:///v/a.md' }, depth: 1 });
  assert.deepEqual(graphParams(undefined, 3, 'yes'), { depth: 3 });
});

test('tolerates an empty or absent answer', () => {
  assert.deepEqual(toCytoscapeElements(null), []);
  assert.deepEqual(toCytoscapeElements({ nodes: [], edges: [] }), []);
});

test('matches the center across Windows drive-letter case and slashes', () => {
  assert.equal(normalizePath('C:\\notes\\a.md'), 'c:/notes/a.md');
  const els = toCytoscapeElements({ nodes: [{ id: 'c:\\notes\\a.md', label: 'A', path: 'a.md', missing: false }], edges: [] }, 'C:/notes/a.md');
  assert.equal(els[0].group === 'nodes' && els[0].data.center, true);
});

test('node targets: absolute path, URI, relative path, nothing for a missing note', () => {
  assert.deepEqual(nodeTarget({ id: '/v/a.md', path: 'a.md', missing: false }), { kind: 'file', value: '/v/a.md' });
  assert.deepEqual(nodeTarget({ id: 'file:///v/a.md', path: 'a.md', missing: false }), { kind: 'uri', value: 'file:///v/a.md' });
  assert.deepEqual(nodeTarget({ id: 'a', path: 'sub/a.md', missing: false }), { kind: 'relative', value: 'sub/a.md' });
  assert.equal(nodeTarget({ id: 'missing:x', path: '', missing: true }), undefined);
  assert.equal(baseName('papers/attention-is-all-you-need.md'), 'attention-is-all-you-need');
});

test('the webview page loads scripts only from the extension, by nonce, and escapes its inputs', () => {
  const nonce = makeNonce();
  assert.match(nonce, /^[A-Za-z0-9]{16,}$/);
  assert.notEqual(nonce, makeNonce());
  const csp = contentSecurityPolicy('vscode-resource:', nonce);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, new RegExp(`script-src 'nonce-${nonce}'`));
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
  const html = graphHtml({ cspSource: 'vscode-resource:', nonce, cytoscapeUri: 'vscode-resource:/c.js', scriptUri: 'vscode-resource:/g.js', styleUri: 'vscode-resource:/g.css', title: '<x>' });
  assert.equal((html.match(new RegExp(`<script nonce="${nonce}"`, 'g')) ?? []).length, 2);
  assert.ok(html.indexOf('/c.js') < html.indexOf('/g.js'), 'cytoscape loads before the page script');
  assert.match(html, /<title>&lt;x&gt;<\/title>/);
  assert.doesNotMatch(html, /cdn|unpkg|jsdelivr/i);
});
