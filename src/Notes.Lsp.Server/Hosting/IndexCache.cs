using Notes.Core.Cache;
using Notes.Core.Syntax;
using Notes.FileSystem;
using Notes.Lsp.Server.Workspace;

namespace Notes.Lsp.Server.Hosting;

/// <summary>
/// The persistent index, a job of the session: where the cache files live (the client's storage folder, else the
/// user's cache folder; never inside a vault; off by setting), loading them for the first scan, checking in the
/// background that what was reused still has the bytes it was parsed from (and reading again what does not), and
/// writing them at quiet moments (after the first scan, some seconds after the last change on disk, at shutdown).
/// These files are the only ones the server writes.
/// </summary>
public sealed class IndexCache : IDisposable
{
    /// <summary>How long the disk must be quiet before the cache is written again.</summary>
    public static TimeSpan QuietDelay { get; set; } = TimeSpan.FromSeconds(10);

    private readonly NotesWorkspace _workspace;
    private readonly ServerLog _log;
    private readonly CancellationToken _stopping;
    private readonly object _gate = new();
    private readonly Timer _timer;
    private string? _folder;
    // Each root's cache file, resolved (and checked to lie outside every root) once, at initialize: the roots are fixed then.
    private Dictionary<string, IndexCacheFile> _files = new(StringComparer.Ordinal);
    private long _savedVersion = -1;
    private Task _work = Task.CompletedTask;

    public IndexCache(NotesWorkspace workspace, ServerLog log, CancellationToken stopping)
    {
        _workspace = workspace;
        _log = log;
        _stopping = stopping;
        _timer = new Timer(_ => Queue(Save));
        workspace.Changed += _ => { if (_folder is not null && _workspace.DiskVersion != Volatile.Read(ref _savedVersion)) _timer.Change(QuietDelay, Timeout.InfiniteTimeSpan); };
    }

    /// <summary>The folder the cache files are in, or null when the cache is off.</summary>
    public string? Folder => _folder;

    /// <summary>The build the cache files belong to: a cache written by another build (another parser) is never read.</summary>
    public static string Build { get; } = ComputeBuild();

    private static string ComputeBuild()
    {
        // The file holding the parser: Notes.Core.dll for the portable build, the executable itself for the native one.
        var dll = Path.Combine(AppContext.BaseDirectory, typeof(NoteParser).Assembly.GetName().Name + ".dll");
        var file = File.Exists(dll) ? dll : Environment.ProcessPath ?? "";
        try
        {
            var info = new FileInfo(file);
            return $"{ThisAssembly()} {info.Length} {info.LastWriteTimeUtc.Ticks}";
        }
        catch (Exception) { return ThisAssembly(); }

        static string ThisAssembly() => typeof(IndexCache).Assembly.GetName().Version?.ToString() ?? "?";
    }

    /// <summary>
    /// Decides where the cache lives (called at <c>initialize</c>): <paramref name="enabled"/> false, or
    /// <c>NOTES_LSP_CACHE=off</c>, turns it off; <c>NOTES_LSP_CACHE_DIR</c> names the folder; else the client's
    /// <paramref name="storagePath"/>, else the user's cache folder.
    /// </summary>
    public void Configure(string? storagePath, bool enabled, Func<string, string?> env)
    {
        if (!enabled || env("NOTES_LSP_CACHE") is "0" or "off" or "false")
        {
            _log.Write("index cache off (setting)");
            return;
        }
        var folder = env("NOTES_LSP_CACHE_DIR") is { Length: > 0 } dir ? dir : IndexCacheFile.DefaultFolder(storagePath, env);
        if (folder is null)
        {
            _log.Write("index cache off: no cache folder (no storage path from the client, no HOME)");
            return;
        }
        var files = new Dictionary<string, IndexCacheFile>(StringComparer.Ordinal);
        foreach (var r in _workspace.Roots)
        {
            if (IndexCacheFile.For(folder, r, Build, _workspace.Roots, _log.Write) is not { } file) return;
            files[r] = file;
        }
        _files = files;
        _folder = folder;
        _log.Write($"index cache in {folder}");
    }

    private IndexCacheFile? FileFor(string root) => _folder is null ? null : _files.GetValueOrDefault(root);

    /// <summary>For the first scan: the cached notes of a root by relative path, or null (no cache, off, or refused).</summary>
    public IReadOnlyDictionary<string, CachedNote>? Load(string root)
    {
        if (FileFor(root) is not { } file) return null;
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        var loaded = file.TryLoad(_workspace.CurrentScanOptions.MaxFileBytes, DateTime.UtcNow, _log.Write);
        if (loaded is null) return null;
        var byPath = new Dictionary<string, CachedNote>(loaded.Notes.Count, StringComparer.Ordinal);
        foreach (var n in loaded.Notes) byPath[n.RelativePath] = n;
        _log.Write($"index cache loaded: {byPath.Count} notes, {loaded.Bytes} bytes, written {loaded.WrittenUtc:u}, in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
        return byPath;
    }

    /// <summary>After the first scan: checks what was reused, then writes the cache if it is stale.</summary>
    public void AfterScan(IReadOnlyList<(string Path, FileStamp Stamp)> reused)
    {
        if (_folder is null) return;
        Queue(() =>
        {
            if (reused.Count > 0) Verify(reused);
            Save();
        });
    }

    /// <summary>Completes when the work queued so far (checks, writes) is done.</summary>
    public Task Idle
    {
        get { lock (_gate) return _work; }
    }

    private void Queue(Action step)
    {
        lock (_gate)
        {
            _work = _work.ContinueWith(_ =>
            {
                if (_stopping.IsCancellationRequested) return;
                try { step(); }
                catch (Exception e) when (e is not OutOfMemoryException) { _log.Write($"index cache: {e}"); }
            }, CancellationToken.None, TaskContinuationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Hashes each reused note's bytes and compares with the stamp it was cached with: a note changed behind a kept
    /// size and time (a restored backup, a coarse clock) is read again, as if the watcher had reported it.
    /// </summary>
    private void Verify(IReadOnlyList<(string Path, FileStamp Stamp)> reused)
    {
        var prior = Thread.CurrentThread.Priority;
        Thread.CurrentThread.Priority = ThreadPriority.Lowest;
        try
        {
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            var options = _workspace.CurrentScanOptions;
            int changed = 0;
            foreach (var (path, stamp) in reused)
            {
                if (_stopping.IsCancellationRequested) return;
                var now = _workspace.Source.Hash(path, options);
                if (now == stamp.Hash) continue;
                changed++;
                _log.Write($"index cache: {path} changed since it was cached (same size and time): read again");
                _workspace.DiskChanged(path);
            }
            _log.Write($"index cache: checked {reused.Count} reused notes in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms, {changed} read again");
        }
        finally
        {
            Thread.CurrentThread.Priority = prior;
        }
    }

    /// <summary>Writes every root's cache file when the disk state moved since the last write.</summary>
    private void Save()
    {
        if (_folder is null) return;
        long version = _workspace.DiskVersion;
        if (version == Volatile.Read(ref _savedVersion)) return;
        var (notes, maxFileBytes) = _workspace.DiskState();
        bool all = true;
        int recent = 0;
        foreach (var group in notes.GroupBy(n => n.Root, StringComparer.Ordinal))
        {
            if (FileFor(group.Key) is not { } file) continue;
            all &= file.TrySave(group.Select(n => n.Note).ToList(), maxFileBytes, DateTime.UtcNow, _log.Write, out _, out int racy, _stopping);
            recent += racy;
        }
        // Notes changed just before the write were left out (their time may not tell a later change): write again once they are older.
        if (all && recent == 0) Volatile.Write(ref _savedVersion, version);
        else if (recent > 0 && !_stopping.IsCancellationRequested) _timer.Change(IndexCacheFile.RacyWindow + QuietDelay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>At shutdown: writes what changed since the last write (bounded by the write itself).</summary>
    public Task FlushAsync()
    {
        if (_folder is null) return Task.CompletedTask;
        _timer.Change(Timeout.Infinite, Timeout.Infinite);
        Queue(Save);
        return Idle;
    }

    public void Dispose() => _timer.Dispose();
}
