import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { formatStatus, formatStopped } from '../src/status';
import { RestartPolicy } from '../src/restartPolicy';

test('indexing shows progress when the server gives it', () => {
  assert.deepEqual(formatStatus({ state: 'indexing', notes: 10, problems: 0, indexed: 50, total: 200 }), {
    text: '$(sync~spin) Notes: indexing 50/200',
    tooltip: 'Notes: indexing the workspace 50/200 (25%)',
  });
  assert.equal(formatStatus({ state: 'indexing', notes: 0, problems: 0 }).text, '$(sync~spin) Notes: indexing');
  assert.equal(formatStatus({ state: 'indexing', notes: 0, problems: 0, indexed: 9, total: 0 }).text, '$(sync~spin) Notes: indexing');
});

test('ready shows counts of notes and problems, singular and plural', () => {
  assert.deepEqual(formatStatus({ state: 'ready', notes: 20, problems: 3 }), {
    text: '$(book) 20 $(warning) 3',
    tooltip: 'Notes: 20 notes, 3 problems. Click to show the server output.',
  });
  assert.match(formatStatus({ state: 'ready', notes: 1, problems: 1 }).tooltip, /1 note, 1 problem\./);
});

test('stopped state carries the reason', () => {
  assert.match(formatStopped('dotnet missing').tooltip, /not running\. dotnet missing/);
});

test('restart policy: at most 5 restarts in a sliding 3-minute window', () => {
  const p = new RestartPolicy(5, 180_000);
  for (let i = 0; i < 5; i++) assert.equal(p.recordCrash(i * 1000), true);
  assert.equal(p.recordCrash(6000), false);
  // Once the early crashes age out of the window, restarts are allowed again.
  assert.equal(p.recordCrash(200_000), true);
  p.reset();
  assert.equal(p.recentCrashes, 0);
});
