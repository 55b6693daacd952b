using System.IO.Hashing;
using System.Text;
using Notes.Core.Cache;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Notes.FileSystem;

/// <summary>What a scan keeps for a listed note instead of reading it (a warm start's cached parse), when it returns true.</summary>
public delegate bool TryReuse<T>(ListedNote note, out T value);

/// <summary>
/// Safe, parallel vault scanning. Nothing here throws on file-system trouble: every problem becomes a log line
/// and the entry is skipped. Only cancellation surfaces, as <see cref="OperationCanceledException"/>.
/// </summary>
public static class VaultScanner
{
    private const int BinarySniffBytes = 8 * 1024;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly UTF8Encoding LenientUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Test seam: called before a folder is listed; may throw to simulate an unreadable folder.</summary>
    internal static readonly AsyncLocal<Action<string>?> BeforeListDirectory = new();

    /// <summary>Test seam: called between opening decisions and reading a file; may delete it to simulate a race.</summary>
    internal static readonly AsyncLocal<Action<string>?> BeforeReadFile = new();

    /// <summary>True for .md / .markdown (case-insensitive).</summary>
    public static bool IsNoteFile(string path)
    {
        if (string.IsNullOrEmpty(path)) return false;
        var ext = Path.GetExtension(path.AsSpan());
        return ext.Equals(".md", StringComparison.OrdinalIgnoreCase) || ext.Equals(".markdown", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// True for a file the vault holds: a note, or an attachment (any other file whose name does not start with '.':
    /// hidden files such as .gitignore and .DS_Store are the tools', not the user's).
    /// </summary>
    public static bool IsVaultFile(string path)
    {
        if (string.IsNullOrEmpty(path)) return false;
        var name = Path.GetFileName(path.AsSpan());
        return name.Length > 0 && name[0] != '.';
    }

    /// <summary>True when a path under <paramref name="root"/> lies in no hidden folder and is no hidden file (what the scan skips first).</summary>
    public static bool IsHiddenUnder(string root, string fullPath)
    {
        string rel;
        try { rel = Path.GetRelativePath(root, fullPath); }
        catch (Exception) { return true; }
        foreach (var part in rel.Split('/', '\\'))
            if (part.Length > 1 && part[0] == '.' && part != "..") return true;
        return false;
    }

    private readonly record struct Frame(string Full, string? Real, string Rel, IgnoreRules Rules);

    /// <summary>A note file as listed: full and relative path, and its size when the listing saw a regular file (else -1).</summary>
    internal readonly record struct Listed(string Full, string Rel, long Length, bool IsNote = true, long ModifiedTicks = -1);

    /// <summary>
    /// Lists the note files under <paramref name="root"/> (full paths as reached under the root, sorted by relative path).
    /// Hidden folders (any ".name") are skipped; .gitignore/.ignore files apply (nested ones too); symlinked folders are
    /// followed only when they resolve inside the root, after all real folders, and every real folder is read once
    /// (so loops end and a note is listed under its real location when that is reachable). Symlinked note files are
    /// listed only when they resolve inside the root to a file not listed otherwise. Unreadable folders, over-long paths
    /// and other errors are skipped with a log line.
    /// </summary>
    public static IReadOnlyList<string> EnumerateNoteFiles(string root, ScanOptions options, Action<string> log, CancellationToken ct = default) =>
        ListNotes(root, options, log, ct).ConvertAll(static f => f.Full);

    /// <summary>
    /// Lists the vault's notes (as <see cref="EnumerateNoteFiles"/>) and, in the same walk, its attachments: every file
    /// that is not a note, by the same ignore rules and symlink safety (hidden files skipped), sorted by relative path.
    /// Only names and sizes: nothing is read.
    /// </summary>
    public static (IReadOnlyList<string> Notes, IReadOnlyList<ListedAttachment> Attachments) EnumerateVault(string root, ScanOptions options, Action<string> log, CancellationToken ct = default)
    {
        var attachments = new List<ListedAttachment>();
        var notes = ListNotes(root, options, log, ct, attachments).ConvertAll(static f => f.Full);
        return (notes, attachments);
    }

    private static List<Listed> ListNotes(string root, ScanOptions options, Action<string> log, CancellationToken ct, List<ListedAttachment>? attachments = null)
    {
        options ??= ScanOptions.Default;
        log ??= static _ => { };
        string rootFull;
        try
        {
            rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
            if (!Directory.Exists(rootFull))
            {
                log($"vault root is not a folder: {root}");
                return [];
            }
        }
        catch (Exception e)
        {
            log($"vault root is invalid: {root}: {e.Message}");
            return [];
        }
        string? rootReal = RealPath.Resolve(rootFull);
        if (rootReal is null)
        {
            log($"vault root cannot be resolved (symlink loop?): {rootFull}");
            return [];
        }

        var visitedDirs = new HashSet<string>(RealPath.PathComparer);
        var listedRealFiles = new HashSet<string>(RealPath.PathComparer);
        var found = new List<Listed>();
        var linkedDirs = new Queue<Frame>();
        var linkedFiles = new List<(string Full, string Rel, bool IsNote)>();
        var stack = new Stack<Frame>();
        stack.Push(new Frame(rootFull, rootReal, "", IgnoreRules.Empty));

        while (true)
        {
            while (stack.Count > 0)
            {
                ct.ThrowIfCancellationRequested();
                var frame = stack.Pop();
                VisitFolder(frame, options, log, visitedDirs, listedRealFiles, found, stack, linkedDirs, linkedFiles, attachments is not null);
            }
            if (linkedDirs.Count == 0) break;

            // Symlinked folders last: their real targets inside the root have been read by now.
            var link = linkedDirs.Dequeue();
            string? real = RealPath.Resolve(link.Full);
            if (real is null)
            {
                log($"symlink skipped (loop or unresolvable): {link.Full}");
                continue;
            }
            if (!RealPath.IsSameOrUnder(rootReal, real))
            {
                log($"symlink skipped (points outside the vault): {link.Full} -> {real}");
                continue;
            }
            if (visitedDirs.Contains(real)) continue; // already read through its real path or another link
            stack.Push(link with { Real = real });
        }

        foreach (var (full, rel, isNote) in linkedFiles)
        {
            string? real = RealPath.Resolve(full);
            if (real is null)
            {
                log($"symlink skipped (loop or unresolvable): {full}");
            }
            else if (!RealPath.IsSameOrUnder(rootReal, real))
            {
                log($"symlink skipped (points outside the vault): {full} -> {real}");
            }
            else if (listedRealFiles.Add(real))
            {
                found.Add(new Listed(full, rel, -1, isNote));
            }
        }

        if (options.ExcludeGlobs.Count > 0) found = ApplyExcludes(rootFull, found, options.ExcludeGlobs, log);
        found.Sort(static (a, b) => string.CompareOrdinal(a.Rel, b.Rel));
        if (attachments is null) return found;
        foreach (var f in found)
            if (!f.IsNote) attachments.Add(new ListedAttachment(f.Full, f.Rel, f.Length));
        return found.FindAll(static f => f.IsNote);
    }

    private static void VisitFolder(
        Frame frame, ScanOptions options, Action<string> log,
        HashSet<string> visitedDirs, HashSet<string> listedRealFiles, List<Listed> found,
        Stack<Frame> stack, Queue<Frame> linkedDirs, List<(string Full, string Rel, bool IsNote)> linkedFiles, bool withAttachments)
    {
        string real = frame.Real!;
        if (!visitedDirs.Add(real)) return;
        var rules = options.RespectIgnoreFiles ? frame.Rules.WithFolder(frame.Full, frame.Rel, log) : IgnoreRules.Empty;

        foreach (var entry in ListFolder(frame.Full, log))
        {
            try
            {
                string name = entry.Name;
                string rel = frame.Rel.Length == 0 ? name : frame.Rel + "/" + name;
                string full = Path.Join(frame.Full, name);
                // Attributes come from the listing itself (no extra syscall); symlinks carry ReparsePoint.
                bool isLink = (entry.Attributes & FileAttributes.ReparsePoint) != 0 && entry.LinkTarget is not null;
                bool isDir = isLink ? Directory.Exists(full) : entry is DirectoryInfo;
                if (isDir)
                {
                    if (name.StartsWith('.')) continue; // .git, .obsidian, .trash ...
                    if (rules.IsIgnored(rel, isDirectory: true)) continue;
                    var child = new Frame(full, isLink ? null : Path.Join(real, name), rel, rules);
                    if (isLink) linkedDirs.Enqueue(child);
                    else stack.Push(child);
                }
                else
                {
                    bool isNote = IsNoteFile(name);
                    if (!isNote && (!withAttachments || !IsVaultFile(name))) continue;
                    if (rules.IsIgnored(rel, isDirectory: false)) continue;
                    if (isLink)
                    {
                        linkedFiles.Add((full, rel, isNote));
                    }
                    else
                    {
                        listedRealFiles.Add(Path.Join(real, name));
                        // The listing has already stat'ed the entry (for its attributes): its size comes free.
                        found.Add(entry is FileInfo file ? new Listed(full, rel, file.Length, isNote, file.LastWriteTimeUtc.Ticks) : new Listed(full, rel, -1, isNote));
                    }
                }
            }
            catch (Exception e)
            {
                log($"entry skipped: {Path.Join(frame.Full, SafeName(entry))}: {e.Message}");
            }
        }
    }

    private static string SafeName(FileSystemInfo entry)
    {
        try { return entry.Name; } catch (Exception) { return "?"; }
    }

    /// <summary>Lists one folder eagerly, with every step of the lazy enumeration guarded.</summary>
    private static List<FileSystemInfo> ListFolder(string dir, Action<string> log)
    {
        var list = new List<FileSystemInfo>();
        try
        {
            BeforeListDirectory.Value?.Invoke(dir);
            var options = new EnumerationOptions
            {
                IgnoreInaccessible = false, // we want to hear about it
                AttributesToSkip = 0,
                RecurseSubdirectories = false,
                ReturnSpecialDirectories = false,
                MatchType = MatchType.Simple,
            };
            using var e = new DirectoryInfo(dir).EnumerateFileSystemInfos("*", options).GetEnumerator();
            while (true)
            {
                try
                {
                    if (!e.MoveNext()) break;
                    list.Add(e.Current);
                }
                catch (Exception ex)
                {
                    log($"folder partly read: {dir}: {ex.Message}");
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            log($"folder skipped: {dir}: {ex.Message}");
        }
        return list;
    }

    private static List<Listed> ApplyExcludes(string rootFull, List<Listed> found, IReadOnlyList<string> globs, Action<string> log)
    {
        try
        {
            var matcher = new Matcher(RealPath.PathComparison);
            matcher.AddInclude("**/*");
            foreach (var g in globs)
            {
                if (!string.IsNullOrWhiteSpace(g)) matcher.AddExclude(g.Replace('\\', '/'));
            }
            var result = matcher.Match(rootFull, found.Select(f => f.Rel));
            var kept = new HashSet<string>(result.Files.Select(f => f.Path), RealPath.PathComparer);
            return found.FindAll(f => kept.Contains(f.Rel));
        }
        catch (Exception e)
        {
            log($"exclude globs ignored: {e.Message}");
            return found;
        }
    }

    /// <summary>
    /// Reads one note: UTF-8 (BOM stripped); UTF-16/UTF-32 by their BOM; invalid UTF-8 decoded as Latin-1 (logged);
    /// binary files (a NUL byte in the first 8 KB) skipped with a log line → null. Files above
    /// <see cref="ScanOptions.MaxFileBytes"/> are read up to the limit, cut at the last line break, and reported.
    /// A vanished or unreadable file → null with a log line. Never throws.
    /// </summary>
    public static ScannedFile? ReadNote(string fullPath, string root, ScanOptions options, Action<string> log)
    {
        options ??= ScanOptions.Default;
        log ??= static _ => { };
        string full, rel;
        try
        {
            full = Path.GetFullPath(fullPath);
            rel = Path.GetRelativePath(Path.GetFullPath(root), full).Replace('\\', '/');
        }
        catch (Exception e)
        {
            log($"file skipped: {fullPath}: {e.Message}");
            return null;
        }
        return Read(new Listed(full, rel, -1), options, log);
    }

    /// <summary>Reads a listed file: one open, fstat, read and close (the listing's size spares a stat).</summary>
    private static ScannedFile? Read(Listed file, ScanOptions options, Action<string> log)
    {
        string full = file.Full;
        try
        {
            BeforeReadFile.Value?.Invoke(full);
            long max = Math.Clamp(options.MaxFileBytes, 0, Array.MaxLength);
            long listed = file.Length, modified = file.ModifiedTicks;
            if (listed < 0 || modified < 0)
            {
                var info = new FileInfo(full);
                if (!info.Exists)
                {
                    log($"file skipped (vanished): {full}");
                    return null;
                }
                listed = info.Length;
                modified = info.LastWriteTimeUtc.Ticks;
            }
            if (listed == 0)
            {
                // Also keeps us from opening FIFOs and devices, which report size 0 and would block.
                return new ScannedFile(full, file.Rel, "", false) { Stamp = new FileStamp(0, modified, XxHash3.HashToUInt64([])) };
            }
            var bytes = ReadBytes(full, max, out long length);
            bool truncated = length > max;

            string? text = Decode(bytes, truncated, full, log);
            if (text is null) return null;
            if (truncated)
            {
                log($"file truncated: {full}: {length} bytes, indexed the first {max} (MaxFileBytes), cut at a line break");
            }
            // The stamp has the listing's size and time (taken before the read): a write after them makes them disagree.
            return new ScannedFile(full, file.Rel, text, truncated) { Stamp = new FileStamp(listed, modified, XxHash3.HashToUInt64(bytes)) };
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            log($"file skipped (vanished): {full}");
            return null;
        }
        catch (Exception e)
        {
            log($"file skipped: {full}: {e.Message}");
            return null;
        }
    }

    /// <summary>One open, fstat, read and close: the file's first <paramref name="max"/> bytes, and its whole length.</summary>
    private static byte[] ReadBytes(string full, long max, out long length)
    {
        using var handle = File.OpenHandle(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        length = RandomAccess.GetLength(handle);
        int toRead = (int)Math.Min(length, max);
        var bytes = new byte[toRead];
        int n = 0;
        while (n < toRead)
        {
            int k = RandomAccess.Read(handle, bytes.AsSpan(n), n);
            if (k == 0) break;
            n += k;
        }
        if (n < toRead) Array.Resize(ref bytes, n);
        return bytes;
    }

    /// <summary>
    /// The hash <see cref="ScannedFile.Stamp"/> would have for the note now (of the same bytes a read takes), or null
    /// when it cannot be read: what a warm start's background check compares with the cached stamp. Never throws.
    /// </summary>
    public static ulong? HashNote(string fullPath, ScanOptions options)
    {
        try
        {
            return XxHash3.HashToUInt64(ReadBytes(fullPath, Math.Clamp((options ?? ScanOptions.Default).MaxFileBytes, 0, Array.MaxLength), out _));
        }
        catch (Exception)
        {
            return null;
        }
    }

    private static string? Decode(byte[] bytes, bool truncated, string path, Action<string> log)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
            return CutText(Encoding.UTF32.GetString(TrimTo(span[4..], 4)), truncated);
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return CutText(Encoding.Unicode.GetString(TrimTo(span[2..], 2)), truncated);
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return CutText(Encoding.BigEndianUnicode.GetString(TrimTo(span[2..], 2)), truncated);

        bool bom = span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
        if (bom) span = span[3..];
        else if (span[..Math.Min(span.Length, BinarySniffBytes)].Contains((byte)0))
        {
            log($"file skipped (binary: NUL byte in the first 8 KB): {path}");
            return null;
        }
        if (truncated) span = CutBytesAtLineBreak(span);
        try
        {
            return StrictUtf8.GetString(span);
        }
        catch (DecoderFallbackException)
        {
            if (bom)
            {
                log($"invalid UTF-8 despite the BOM, decoded with replacement characters: {path}");
                return LenientUtf8.GetString(span);
            }
            log($"not valid UTF-8, decoded as Latin-1: {path}");
            return Encoding.Latin1.GetString(span);
        }
    }

    private static ReadOnlySpan<byte> TrimTo(ReadOnlySpan<byte> span, int unit) => span[..(span.Length - span.Length % unit)];

    private static string CutText(string text, bool truncated)
    {
        if (!truncated) return text;
        int nl = text.LastIndexOf('\n');
        return nl >= 0 ? text[..(nl + 1)] : text.TrimEnd('\uFFFD');
    }

    private static ReadOnlySpan<byte> CutBytesAtLineBreak(ReadOnlySpan<byte> span)
    {
        int nl = span.LastIndexOf((byte)'\n');
        if (nl >= 0) return span[..(nl + 1)];
        // No line break at all: at least do not split a UTF-8 sequence.
        int end = span.Length;
        int i = end - 1, continuation = 0;
        while (i >= 0 && continuation < 3 && (span[i] & 0xC0) == 0x80) { i--; continuation++; }
        if (i >= 0 && span[i] >= 0xC0)
        {
            int needed = span[i] >= 0xF0 ? 4 : span[i] >= 0xE0 ? 3 : 2;
            if (continuation + 1 < needed) end = i;
        }
        return span[..end];
    }

    /// <summary>
    /// Reads all notes in parallel (<see cref="Environment.ProcessorCount"/> workers), reporting progress (count done)
    /// and honouring cancellation (throws <see cref="OperationCanceledException"/>). Results are in relative-path order;
    /// skipped files are absent. The log callback is serialised.
    /// </summary>
    public static IReadOnlyList<ScannedFile> Scan(string root, ScanOptions options, Action<string> log, IProgress<int>? progress = null, CancellationToken ct = default) =>
        ScanAndLoad(root, options, static f => f, log, progress, ct);

    /// <summary>
    /// Like <see cref="Scan"/>, but hands each file to <paramref name="load"/> on the worker that read it and keeps only
    /// what that returns: a vault's texts are never all in memory at once (the server parses each note and keeps a
    /// compact form; at 10,000 notes the texts alone are 47 MB as strings).
    /// </summary>
    /// <param name="attachments">When given, receives the vault's attachments, listed by the same walk (never read).</param>
    /// <param name="reuse">When given, asked first for each listed note: what it returns (not null) is kept and the file is not read (a warm start's cached parse).</param>
    public static IReadOnlyList<T> ScanAndLoad<T>(string root, ScanOptions options, Func<ScannedFile, T> load, Action<string> log, IProgress<int>? progress = null, CancellationToken ct = default,
        List<ListedAttachment>? attachments = null, TryReuse<T>? reuse = null)
    {
        options ??= ScanOptions.Default;
        var gate = new object();
        Action<string> safeLog = log is null ? static _ => { } : m => { lock (gate) log(m); };
        var files = ListNotes(root, options, safeLog, ct, attachments);
        if (files.Count == 0) return [];
        var results = new T?[files.Count];
        var read = new bool[files.Count];
        int done = 0;
        Parallel.ForEach(
            System.Collections.Concurrent.Partitioner.Create(0, files.Count, Math.Max(1, files.Count / (Environment.ProcessorCount * 8) + 1)),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
            (range, state) =>
            {
                for (int i = range.Item1; i < range.Item2; i++)
                {
                    if (ct.IsCancellationRequested)
                    {
                        state.Stop();
                        return;
                    }
                    if (reuse is not null && reuse(new ListedNote(files[i].Full, files[i].Rel, files[i].Length, files[i].ModifiedTicks), out var kept))
                    {
                        results[i] = kept;
                        read[i] = true;
                    }
                    else if (Read(files[i], options, safeLog) is { } file)
                    {
                        results[i] = load(file);
                        read[i] = true;
                    }
                    progress?.Report(Interlocked.Increment(ref done));
                }
            });
        ct.ThrowIfCancellationRequested();
        var list = new List<T>(files.Count);
        for (int i = 0; i < results.Length; i++)
        {
            if (read[i]) list.Add(results[i]!);
        }
        return list;
    }
}
