// Pure: the `notes/backlinks` answer -> rows of the Backlinks tree.
import { baseName } from './graph';

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface BacklinkItem {
  uri: string;
  range: Range;
  context: string;
  sourceTitle: string;
}
export interface BacklinksResult {
  items: BacklinkItem[];
}

export interface BacklinkRow {
  label: string;
  description: string;
  tooltip: string;
  uri: string;
  range: Range;
}

const MAX_DESCRIPTION = 120;

export function oneLine(text: string, max = MAX_DESCRIPTION): string {
  const s = (text ?? '').replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function uriFileName(uri: string): string {
  try {
    return decodeURIComponent(baseName(uri.split(/[?#]/)[0]));
  } catch {
    return baseName(uri);
  }
}

/** One row per link: the source note's title, the line around the link as description; sorted by title, then position. */
export function toBacklinkRows(result: BacklinksResult | null | undefined): BacklinkRow[] {
  const items = result?.items ?? [];
  return items
    .filter((i) => i && typeof i.uri === 'string' && i.range?.start)
    .map((i) => {
      const label = i.sourceTitle?.trim() || uriFileName(i.uri);
      const line = i.range.start.line + 1;
      return {
        label,
        description: oneLine(i.context),
        tooltip: `${label} (line ${line})\n${(i.context ?? '').trim()}`,
        uri: i.uri,
        range: i.range,
      };
    })
    .sort(
      (a, b) =>
        a.label.localeCompare(b.label) ||
        a.uri.localeCompare(b.uri) ||
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character,
    );
}

/** The view's message when there is nothing to list. */
export function emptyMessage(hasNote: boolean, count: number): string | undefined {
  if (!hasNote) return 'Open a Markdown note to see its backlinks.';
  return count === 0 ? 'No other note links here.' : undefined;
}
