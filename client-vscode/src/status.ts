// Pure: the `notes/status` notification -> status bar text and tooltip.

export interface NotesStatus {
  state: 'indexing' | 'ready' | string;
  notes: number;
  problems: number;
  indexed?: number;
  total?: number;
}

export interface StatusText {
  text: string;
  tooltip: string;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatStatus(s: NotesStatus): StatusText {
  const notes = Number.isFinite(s.notes) ? s.notes : 0;
  const problems = Number.isFinite(s.problems) ? s.problems : 0;
  if (s.state === 'indexing') {
    const progress =
      typeof s.total === 'number' && s.total > 0 && typeof s.indexed === 'number'
        ? ` ${Math.min(s.indexed, s.total)}/${s.total}`
        : '';
    const pct = progress && s.total ? ` (${Math.floor((Math.min(s.indexed ?? 0, s.total) * 100) / s.total)}%)` : '';
    return { text: `$(sync~spin) Notes: indexing${progress}`, tooltip: `Notes: indexing the workspace${progress}${pct}` };
  }
  return {
    text: `$(book) ${notes} $(warning) ${problems}`,
    tooltip: `Notes: ${plural(notes, 'note')}, ${plural(problems, 'problem')}. Click to show the server output.`,
  };
}

export function formatStopped(reason: string): StatusText {
  return { text: '$(error) Notes', tooltip: `Notes: the language server is not running. ${reason}` };
}
