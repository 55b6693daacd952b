import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { emptyMessage, oneLine, toBacklinkRows } from '../src/backlinks';

const r = (line: number, character: number) => ({ start: { line, character }, end: { line, character: character + 8 } });

test('one row per backlink: title as label, context as description, sorted', () => {
  const rows = toBacklinkRows({
    items: [
      { uri: 'file:///v/transformers.md', range: r(7, 4), context: '  variants worth reading:\n [[bert]] (encoder only) ', sourceTitle: 'Transformers' },
      { uri: 'file:///v/attention.md', range: r(3, 0), context: 'related: [[bert]]', sourceTitle: 'Attention' },
      { uri: 'file:///v/attention.md', range: r(1, 0), context: 'first', sourceTitle: 'Attention' },
      { uri: 'file:///v/My%20Note.md', range: r(0, 0), context: 'x', sourceTitle: '' },
    ],
  });
  assert.deepEqual(
    rows.map((x) => [x.label, x.range.start.line]),
    [['Attention', 1], ['Attention', 3], ['My Note', 0], ['Transformers', 7]],
  );
  assert.equal(rows[3].description, 'variants worth reading: [[bert]] (encoder only)');
  assert.match(rows[3].tooltip, /^Transformers \(line 8\)\n/);
});

test('long context is cut to one short line', () => {
  const s = oneLine('a'.repeat(300));
  assert.equal(s.length, 120);
  assert.ok(s.endsWith('…'));
});

test('empty answers and messages', () => {
  assert.deepEqual(toBacklinkRows(undefined), []);
  assert.deepEqual(toBacklinkRows({ items: [{ uri: 'file:///a.md' } as never] }), []);
  assert.match(emptyMessage(false, 0)!, /Open a Markdown note/);
  assert.match(emptyMessage(true, 0)!, /No other note links here/);
  assert.equal(emptyMessage(true, 2), undefined);
});
