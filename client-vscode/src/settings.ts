// Pure: the editor's `notes.*` settings -> the object the server reads from `workspace/configuration` (section `notes`).
// No `vscode` import here, so it runs under `node --test`.

export const DIAGNOSTIC_CODES = [
  'broken-link',
  'ambiguous-link',
  'unknown-heading',
  'unknown-block',
  'outside-workspace',
  'tag-variant',
  'tag-unknown',
  'tag-one-off',
  'tag-format',
  'unlinked-mention',
  'unknown-citation',
  'unknown-citekey',
  'duplicate-citation-key',
  'bibliography-syntax',
] as const;
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export const SEVERITY_LEVELS = ['error', 'warning', 'information', 'hint', 'off'] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

/** The server's own defaults, repeated as the settings' defaults so the Settings UI shows them. */
export const DEFAULT_SEVERITIES: Readonly<Record<DiagnosticCode, SeverityLevel>> = {
  'broken-link': 'warning',
  'ambiguous-link': 'warning',
  'unknown-heading': 'warning',
  'unknown-block': 'warning',
  'outside-workspace': 'warning',
  'tag-variant': 'warning',
  'tag-unknown': 'information',
  'tag-one-off': 'information',
  'tag-format': 'information',
  'unlinked-mention': 'off',
  'unknown-citation': 'warning',
  'unknown-citekey': 'information',
  'duplicate-citation-key': 'warning',
  'bibliography-syntax': 'warning',
};

export const LINK_STYLES = ['stem', 'title-slug', 'relative-path'] as const;
export const TAG_STYLES = ['any', 'kebab-case', 'snake_case', 'camelCase'] as const;

export interface ServerConfig {
  linkStyle?: (typeof LINK_STYLES)[number];
  exclude?: string[];
  maxFileSize?: number;
  tags?: {
    style?: (typeof TAG_STYLES)[number];
    maxDepth?: number;
    vocabulary?: string[];
    vocabularyFile?: string;
  };
  severity?: Partial<Record<DiagnosticCode, SeverityLevel>>;
  citations?: {
    bibliography?: string[];
    renameInBibliography?: boolean;
  };
}

/** Reads one setting by its key below `notes` (e.g. `tags.style`, `severity.broken-link`); undefined when unset. */
export type SettingReader = (key: string) => unknown;

function oneOf<T extends string>(values: readonly T[], v: unknown): T | undefined {
  return typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : undefined;
}

function stringList(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim());
}

function nonNegativeInt(v: unknown, min: number): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= min ? Math.floor(v) : undefined;
}

/**
 * Builds the server configuration. Values of the wrong type or outside their enum are left out
 * (so the server keeps its default) instead of being passed on; client-only settings
 * (`server.*`, `trace.*`) are never sent. Severity reads both the flat keys (`severity.broken-link`)
 * and an object under `severity`, the flat key winning.
 */
export function toServerConfig(read: SettingReader): ServerConfig {
  const config: ServerConfig = {};
  const linkStyle = oneOf(LINK_STYLES, read('linkStyle'));
  if (linkStyle) config.linkStyle = linkStyle;
  const exclude = stringList(read('exclude'));
  if (exclude) config.exclude = exclude;
  const maxFileSize = nonNegativeInt(read('maxFileSize'), 1);
  if (maxFileSize !== undefined) config.maxFileSize = maxFileSize;

  const tags: NonNullable<ServerConfig['tags']> = {};
  const style = oneOf(TAG_STYLES, read('tags.style'));
  if (style) tags.style = style;
  const maxDepth = nonNegativeInt(read('tags.maxDepth'), 0);
  if (maxDepth !== undefined) tags.maxDepth = maxDepth;
  const vocabulary = stringList(read('tags.vocabulary'));
  if (vocabulary) tags.vocabulary = vocabulary;
  const vocabularyFile = read('tags.vocabularyFile');
  if (typeof vocabularyFile === 'string' && vocabularyFile.trim() !== '') tags.vocabularyFile = vocabularyFile.trim();
  if (Object.keys(tags).length > 0) config.tags = tags;

  const citations: NonNullable<ServerConfig['citations']> = {};
  // An empty list is the server's default (every bibliography in the vault), so it is not sent: a .notes.json list stays in force.
  const bibliography = stringList(read('citations.bibliography'))?.map((p) => p.replace(/\\/g, '/'));
  if (bibliography && bibliography.length > 0) citations.bibliography = bibliography;
  const renameInBibliography = read('citations.renameInBibliography');
  if (typeof renameInBibliography === 'boolean') citations.renameInBibliography = renameInBibliography;
  if (Object.keys(citations).length > 0) config.citations = citations;

  const nested = read('severity');
  const severity: Partial<Record<DiagnosticCode, SeverityLevel>> = {};
  for (const code of DIAGNOSTIC_CODES) {
    const fromObject = nested && typeof nested === 'object' ? (nested as Record<string, unknown>)[code] : undefined;
    const level = oneOf(SEVERITY_LEVELS, read(`severity.${code}`)) ?? oneOf(SEVERITY_LEVELS, fromObject);
    if (level) severity[code] = level;
  }
  if (Object.keys(severity).length > 0) config.severity = severity;
  return config;
}

/** Whether a configuration change needs the server process restarted (not just re-read). */
export function needsRestart(affects: (section: string) => boolean): boolean {
  return affects('notes.server.path') || affects('notes.server.dotnetPath') || affects('notes.cache.enabled');
}

/** What the server reads once, at `initialize`: where its index cache may live (this workspace's storage folder), and whether to keep one. */
export interface InitializationOptions {
  storagePath?: string;
  cache: boolean;
}

/** `storagePath` from VS Code's `context.storageUri` (absent for a window with no folder open); `notes.cache.enabled` (default on). */
export function toInitializationOptions(storagePath: string | undefined, cacheEnabled: unknown): InitializationOptions {
  const options: InitializationOptions = { cache: cacheEnabled !== false };
  if (typeof storagePath === 'string' && storagePath.length > 0) options.storagePath = storagePath;
  return options;
}
