// Pure: finding out whether the `dotnet` we found can run the server, and saying so in plain words.

export const REQUIRED_MAJOR = 10;
export const DOWNLOAD_URL = 'https://dotnet.microsoft.com/download';

export interface Runtime {
  name: string;
  version: string;
  major: number;
}

/** Parses `dotnet --list-runtimes` lines such as `Microsoft.NETCore.App 10.0.1 [/usr/share/dotnet/shared/...]`. */
export function parseRuntimes(output: string): Runtime[] {
  const runtimes: Runtime[] = [];
  for (const line of output.split(/\r?\n/)) {
    const m = /^\s*(\S+)\s+(\d+)\.(\d+)\.(\d+)(\S*)\s*(?:\[.*\])?\s*$/.exec(line);
    if (!m) continue;
    runtimes.push({ name: m[1], version: `${m[2]}.${m[3]}.${m[4]}${m[5]}`, major: Number(m[2]) });
  }
  return runtimes;
}

export type RuntimeCheck =
  | { ok: true; version: string }
  | { ok: false; kind: 'missing' | 'too-old' | 'failed'; found: string[]; detail?: string };

/** Picks a Microsoft.NETCore.App of the required major version (a newer major does not load a net10 app without roll-forward). */
export function checkRuntimes(output: string, requiredMajor = REQUIRED_MAJOR): RuntimeCheck {
  const core = parseRuntimes(output).filter((r) => r.name === 'Microsoft.NETCore.App');
  const match = core.filter((r) => r.major === requiredMajor).sort((a, b) => compareVersions(b.version, a.version));
  if (match.length > 0) return { ok: true, version: match[0].version };
  return { ok: false, kind: 'too-old', found: core.map((r) => r.version) };
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The message shown when the server cannot start because of .NET. */
export function describeRuntimeProblem(check: Exclude<RuntimeCheck, { ok: true }>, dotnetPath: string, requiredMajor = REQUIRED_MAJOR): string {
  const need = `Notes needs the .NET ${requiredMajor} runtime to run its language server.`;
  switch (check.kind) {
    case 'missing':
      return `${need} The program "${dotnetPath}" was not found. Install .NET ${requiredMajor} (the runtime is enough), or set "notes.server.dotnetPath" to the full path of dotnet, then run "Notes: Restart Server".`;
    case 'too-old': {
      const found = check.found.length > 0 ? `only ${check.found.join(', ')}` : 'no .NET runtime';
      return `${need} "${dotnetPath}" has ${found}. Install .NET ${requiredMajor} next to it, then run "Notes: Restart Server".`;
    }
    default:
      return `${need} Running "${dotnetPath} --list-runtimes" failed${check.detail ? `: ${check.detail}` : ''}. Check the "notes.server.dotnetPath" setting.`;
  }
}

/** The dotnet to run: the setting when given, otherwise `dotnet` from PATH. */
export function resolveDotnetPath(setting: unknown): string {
  return typeof setting === 'string' && setting.trim() !== '' ? setting.trim() : 'dotnet';
}
