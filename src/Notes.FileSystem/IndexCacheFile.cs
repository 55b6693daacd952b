using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Notes.Core.Cache;

namespace Notes.FileSystem;

/// <summary>
/// The index cache of one vault root: one file in the cache folder (never inside a vault), named by a hash of the
/// root's path. Layout: magic, header and record format versions, the build that wrote it, the root, the size cap
/// notes were read with, when it was written, the number of records, the payload's length and its XxHash3, then the
/// records (each its length and a <see cref="NoteCacheCodec"/> record), read and written one at a time.
/// Written to a temporary file beside it and renamed over it, so a reader (another server on the same vault) sees
/// the old file or the new one, whole. Loading refuses, with a log line, anything it cannot trust: another build,
/// another root or size cap, a file written "in the future" (the clock went backwards since), a bad length or
/// checksum, a payload the codec refuses. Nothing here throws.
/// </summary>
public sealed class IndexCacheFile
{
    private static ReadOnlySpan<byte> Magic => "NOTESIDX"u8;
    private const int HeaderVersion = 1;
    /// <summary>A file modified this close to when the cache was written may change again within the file system's time granularity, unseen (git's "racy" entries): such notes are not cached.</summary>
    public static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private IndexCacheFile(string folder, string root, string build)
    {
        Folder = folder;
        Root = root;
        Build = build;
        var key = XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(root));
        FilePath = Path.Join(folder, $"{key:x16}.index");
    }

    public string Folder { get; }
    public string Root { get; }
    public string Build { get; }
    public string FilePath { get; }

    /// <summary>
    /// The cache file of <paramref name="root"/> in <paramref name="folder"/>; null (with a log line) when the folder
    /// lies inside one of <paramref name="roots"/>: the server writes nothing into a vault.
    /// </summary>
    public static IndexCacheFile? For(string folder, string root, string build, IEnumerable<string> roots, Action<string> log)
    {
        string full;
        try { full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)); }
        catch (Exception e)
        {
            log($"index cache off: its folder is not a valid path: {folder}: {e.Message}");
            return null;
        }
        foreach (var r in roots)
        {
            if (PathGuard.IsInside(r, full))
            {
                log($"index cache off: its folder {full} is inside the vault {r}");
                return null;
            }
        }
        return new IndexCacheFile(full, root, build);
    }

    /// <summary>
    /// The cache folder: the client's storage folder when it gave one, else the user's cache folder
    /// (<c>$XDG_CACHE_HOME</c> or <c>~/.cache</c>, <c>~/Library/Caches</c> on macOS, <c>%LOCALAPPDATA%</c> on Windows),
    /// <c>notes-lsp/index</c> under it; null when none can be found.
    /// </summary>
    public static string? DefaultFolder(string? clientStorage, Func<string, string?> env)
    {
        if (!string.IsNullOrWhiteSpace(clientStorage)) return Path.Join(clientStorage, "index");
        string? baseDir;
        if (OperatingSystem.IsWindows()) baseDir = env("LOCALAPPDATA");
        else if (OperatingSystem.IsMacOS()) baseDir = env("HOME") is { Length: > 0 } h ? Path.Join(h, "Library", "Caches") : null;
        else baseDir = env("XDG_CACHE_HOME") is { Length: > 0 } x && Path.IsPathRooted(x) ? x : env("HOME") is { Length: > 0 } home ? Path.Join(home, ".cache") : null;
        return string.IsNullOrEmpty(baseDir) ? null : Path.Join(baseDir, "notes-lsp", "index");
    }

    /// <summary>What a load found: the notes and when they were written.</summary>
    public sealed record Loaded(List<CachedNote> Notes, DateTime WrittenUtc, long Bytes);

    /// <summary>The cached notes, or null (with the reason logged) when there is no cache or it cannot be trusted.</summary>
    public Loaded? TryLoad(long maxFileBytes, DateTime nowUtc, Action<string> log)
    {
        try
        {
            if (!File.Exists(FilePath)) { log($"index cache: none yet for {Root}"); return null; }
            using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
            var (why, loaded) = Load(stream, maxFileBytes, nowUtc);
            if (why is not null) log($"index cache refused, cold scan: {why} ({FilePath})");
            return loaded;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log($"index cache unreadable, cold scan: {FilePath}: {e.Message}");
            return null;
        }
    }

    private (string? Why, Loaded? Loaded) Load(Stream stream, long maxFileBytes, DateTime nowUtc)
    {
        long fileLength = stream.Length;
        var head = new byte[Math.Min(fileLength, 64 * 1024)];
        stream.ReadExactly(head);
        var r = (ReadOnlySpan<byte>)head;
        if (!r.StartsWith(Magic)) return ("not an index cache", null);
        r = r[Magic.Length..];
        if (r.Length < 8 || BinaryPrimitives.ReadInt32LittleEndian(r) != HeaderVersion || BinaryPrimitives.ReadInt32LittleEndian(r[4..]) != NoteCacheCodec.FormatVersion)
            return ("another format version", null);
        r = r[8..];
        if (!ReadString(ref r, out var build)) return ("truncated header", null);
        if (build != Build) return ($"written by another build ({build})", null);
        if (!ReadString(ref r, out var root) || r.Length < FixedTail) return ("truncated header", null);
        if (root != Root) return ("written for another root", null);
        if (BinaryPrimitives.ReadInt64LittleEndian(r) != maxFileBytes) return ("notes were read with another size cap", null);
        long ticks = BinaryPrimitives.ReadInt64LittleEndian(r[8..]);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks) return ("bad time", null);
        var written = new DateTime(ticks, DateTimeKind.Utc);
        if (written > nowUtc + TimeSpan.FromMinutes(1)) return ($"written at {written:u}, after now ({nowUtc:u}): the clock went backwards", null);
        int count = BinaryPrimitives.ReadInt32LittleEndian(r[16..]);
        long length = BinaryPrimitives.ReadInt64LittleEndian(r[20..]);
        ulong sum = BinaryPrimitives.ReadUInt64LittleEndian(r[28..]);
        r = r[FixedTail..];
        long payloadAt = head.Length - r.Length;
        if (length != fileLength - payloadAt || count < 0 || count > length / 4) return ($"payload of {fileLength - payloadAt} bytes, {length} declared (truncated?)", null);

        stream.Position = payloadAt;
        var hash = new XxHash3();
        var notes = new List<CachedNote>(count);
        var buffer = new byte[1 << 16];
        Span<byte> prefix = stackalloc byte[4];
        long left = length;
        for (int i = 0; i < count; i++)
        {
            if (left < 4) return ("truncated", null);
            stream.ReadExactly(prefix);
            int n = BinaryPrimitives.ReadInt32LittleEndian(prefix);
            left -= 4;
            if (n < 0 || n > left) return ($"record {i} runs past the end", null);
            if (n > buffer.Length) buffer = new byte[Math.Max(n, buffer.Length * 2)];
            var record = buffer.AsSpan(0, n);
            stream.ReadExactly(record);
            left -= n;
            hash.Append(prefix);
            hash.Append(record);
            if (!NoteCacheCodec.TryDecode(record, out var note, out var error)) return ($"record {i}: {error}", null);
            notes.Add(note!);
        }
        if (left != 0) return ("bytes after the last record", null);
        if (hash.GetCurrentHashAsUInt64() != sum) return ("checksum mismatch", null);
        return (null, new Loaded(notes, written, fileLength));
    }

    // After the root: size cap, written time, record count, payload length, checksum.
    private const int FixedTail = 8 + 8 + 4 + 8 + 8;

    private static bool ReadString(ref ReadOnlySpan<byte> r, out string value)
    {
        value = "";
        if (r.Length < 4) return false;
        int n = BinaryPrimitives.ReadInt32LittleEndian(r);
        if (n < 0 || n > r.Length - 4) return false;
        try { value = new UTF8Encoding(false, true).GetString(r.Slice(4, n)); }
        catch (DecoderFallbackException) { return false; }
        r = r[(4 + n)..];
        return true;
    }

    /// <summary>
    /// Writes <paramref name="notes"/> (compact parses only; the racy ones left out) record by record to a temporary
    /// file, then its count, length and checksum, and renames it over the cache. False, with a log line, when the
    /// folder cannot be made or the disk refuses (full, read-only).
    /// </summary>
    public bool TrySave(IReadOnlyList<CachedNote> notes, long maxFileBytes, DateTime nowUtc, Action<string> log, out long bytesWritten, CancellationToken ct = default) =>
        TrySave(notes, maxFileBytes, nowUtc, log, out bytesWritten, out _, ct);

    /// <param name="racy">How many notes were left out because they changed within <see cref="RacyWindow"/> of now: the cache should be written again later.</param>
    public bool TrySave(IReadOnlyList<CachedNote> notes, long maxFileBytes, DateTime nowUtc, Action<string> log, out long bytesWritten, out int racy, CancellationToken ct = default)
    {
        bytesWritten = 0;
        racy = 0;
        string? temp = null;
        try
        {
            var recent = (nowUtc - RacyWindow).Ticks;
            var header = new List<byte>(256);
            header.AddRange(Magic);
            AddInt(header, HeaderVersion);
            AddInt(header, NoteCacheCodec.FormatVersion);
            AddString(header, Build);
            AddString(header, Root);
            AddLong(header, maxFileBytes);
            AddLong(header, nowUtc.Ticks);
            int patchAt = header.Count;
            header.AddRange(new byte[FixedTail - 16]); // count, length, checksum: written last
            Directory.CreateDirectory(Folder);
            DeleteStaleTemporaries();
            temp = $"{FilePath}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            int kept = 0;
            long length = 0;
            var hash = new XxHash3();
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                stream.Write(header.ToArray());
                var record = new System.Buffers.ArrayBufferWriter<byte>(1 << 16);
                Span<byte> prefix = stackalloc byte[4];
                foreach (var n in notes)
                {
                    ct.ThrowIfCancellationRequested();
                    if (n.Stamp.ModifiedTicks >= recent) { racy++; continue; }
                    if (!n.Syntax.Lines.IsCompact) continue;
                    record.ResetWrittenCount();
                    NoteCacheCodec.Encode(n, record);
                    BinaryPrimitives.WriteInt32LittleEndian(prefix, record.WrittenCount);
                    stream.Write(prefix);
                    stream.Write(record.WrittenSpan);
                    hash.Append(prefix);
                    hash.Append(record.WrittenSpan);
                    length += 4 + record.WrittenCount;
                    kept++;
                }
                Span<byte> tail = stackalloc byte[FixedTail - 16];
                BinaryPrimitives.WriteInt32LittleEndian(tail, kept);
                BinaryPrimitives.WriteInt64LittleEndian(tail[4..], length);
                BinaryPrimitives.WriteUInt64LittleEndian(tail[12..], hash.GetCurrentHashAsUInt64());
                stream.Position = patchAt;
                stream.Write(tail);
                stream.Flush(flushToDisk: true);
                bytesWritten = stream.Length;
            }
            File.Move(temp, FilePath, overwrite: true);
            temp = null;
            log($"index cache written: {kept} notes ({notes.Count - kept} left out: changed in the last {RacyWindow.TotalSeconds:0} s or not compact), {bytesWritten} bytes, {FilePath}");
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log($"index cache not written: {e.Message} ({FilePath})");
            return false;
        }
        finally
        {
            if (temp is not null) try { File.Delete(temp); } catch (Exception) { }
        }
    }

    /// <summary>Temporary files a killed server left behind (an hour old: a live writer finishes in seconds).</summary>
    private void DeleteStaleTemporaries()
    {
        foreach (var f in Directory.EnumerateFiles(Folder, Path.GetFileName(FilePath) + ".*.tmp"))
        {
            try { if (File.GetLastWriteTimeUtc(f) < DateTime.UtcNow - TimeSpan.FromHours(1)) File.Delete(f); }
            catch (Exception) { }
        }
    }

    private static void AddInt(List<byte> b, int v) { Span<byte> s = stackalloc byte[4]; BinaryPrimitives.WriteInt32LittleEndian(s, v); b.AddRange(s); }
    private static void AddLong(List<byte> b, long v) { Span<byte> s = stackalloc byte[8]; BinaryPrimitives.WriteInt64LittleEndian(s, v); b.AddRange(s); }
    private static void AddString(List<byte> b, string v)
    {
        var bytes = Encoding.UTF8.GetBytes(v);
        AddInt(b, bytes.Length);
        b.AddRange(bytes);
    }
}
