// Pure: which server to start, decided by what the package carries (server/server.json, written when it is packed)
// and the `notes.server.path` setting, never by guessing at the platform at run time.

/** `server/server.json` in the package: a native server for one platform, or the portable one that needs .NET. */
export type ServerManifest =
  | { build: 'native'; target: string; executable: string }
  | { build: 'portable'; entry: string };

/** What to start: a program run directly, or a .dll run by dotnet (whose runtimes are checked first). */
export type Launch =
  | { kind: 'direct'; command: string; why: string }
  | { kind: 'dotnet'; dll: string; why: string }
  | { kind: 'error'; message: string };

/** Reads server.json's text; anything malformed is undefined (the caller says the package is broken). */
export function parseManifest(text: string | undefined): ServerManifest | undefined {
  if (text === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const plain = (s: unknown): s is string => typeof s === 'string' && s !== '' && !/[\\/]|^\.\.?$/.test(s);
  if (o.build === 'native' && plain(o.executable) && typeof o.target === 'string') {
    return { build: 'native', target: o.target, executable: o.executable };
  }
  if (o.build === 'portable' && plain(o.entry)) return { build: 'portable', entry: o.entry };
  return undefined;
}

/**
 * The launch for a package whose server folder is `serverDir` (joined with `join`), given the manifest read from it
 * and the `notes.server.path` setting. The setting wins: a path ending in `.dll` is run by dotnet, anything else is
 * started directly. `exists` tells whether a file is there.
 */
export function chooseLaunch(
  manifest: ServerManifest | undefined,
  serverDir: string,
  setting: unknown,
  exists: (file: string) => boolean,
  join: (dir: string, name: string) => string,
): Launch {
  const custom = typeof setting === 'string' ? setting.trim() : '';
  if (custom !== '') {
    if (!exists(custom)) return { kind: 'error', message: `Notes: "notes.server.path" names ${custom}, which does not exist. Fix or clear the setting, then run "Notes: Restart Server".` };
    return /\.dll$/i.test(custom)
      ? { kind: 'dotnet', dll: custom, why: 'notes.server.path' }
      : { kind: 'direct', command: custom, why: 'notes.server.path' };
  }
  if (manifest === undefined) {
    return { kind: 'error', message: `Notes: the language server is missing from the extension (no valid ${join(serverDir, 'server.json')}). Reinstall the extension.` };
  }
  const file = join(serverDir, manifest.build === 'native' ? manifest.executable : manifest.entry);
  if (!exists(file)) return { kind: 'error', message: `Notes: the language server is missing from the extension (${file}). Reinstall the extension.` };
  return manifest.build === 'native'
    ? { kind: 'direct', command: file, why: `native server for ${manifest.target}` }
    : { kind: 'dotnet', dll: file, why: 'portable server' };
}
