namespace Notes.FileSystem;

/// <summary>
/// Our own watcher (FileSystemWatcher) for clients that cannot watch. Events are debounced (a batch is delivered after
/// <see cref="QuietPeriod"/> without events, or at the latest after <see cref="MaxDelay"/> during a long burst) and
/// reconciled with the disk at delivery time: a path that exists is Created (new to us) or Changed, one that does not is
/// Deleted, so whatever the order of the raw events, the reported state converges to the disk. A folder created or moved
/// in reports its files as Created; a folder deleted or moved out reports the files we knew in it as Deleted.
/// Every file of the vault is reported, notes and attachments alike (hidden files are not).
/// Hidden folders are not reported. .gitignore and exclude globs are NOT applied here: filter in the consumer.
/// On watcher overflow or error, <c>onRescanRequested</c> is raised (the consumer rescans from disk).
/// Callbacks run on a thread-pool thread, one at a time; an exception in one is logged and swallowed.
/// </summary>
public sealed class VaultWatcher : IDisposable
{
    /// <summary>Quiet time that ends a burst.</summary>
    public static TimeSpan QuietPeriod { get; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest time a pending change waits during a continuous burst.</summary>
    public static TimeSpan MaxDelay { get; } = TimeSpan.FromSeconds(1);

    private enum Raw { Created, Changed, Deleted }

    private readonly string _root;
    private readonly Action<IReadOnlyList<FileChange>> _onBatch;
    private readonly Action _onRescanRequested;
    private readonly Action<string> _log;
    private readonly FileSystemWatcher? _watcher;
    private readonly Timer _timer;
    private readonly object _pendingGate = new();
    private readonly object _flushGate = new();
    private Dictionary<string, Raw> _pending = new(RealPath.PathComparer);
    private long _firstPendingTicks; // Environment.TickCount64 of the oldest undelivered event, 0 when none
    private readonly HashSet<string> _knownNotes = new(RealPath.PathComparer); // guarded by _flushGate
    private volatile bool _disposed;

    /// <summary>True when the OS watcher started; false (logged) when it could not (e.g. inotify limits).</summary>
    public bool IsWatching { get; }

    /// <summary>Starts watching <paramref name="root"/> recursively. Never throws on file-system trouble.</summary>
    public VaultWatcher(string root, Action<IReadOnlyList<FileChange>> onBatch, Action onRescanRequested, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(root);
        _onBatch = onBatch ?? throw new ArgumentNullException(nameof(onBatch));
        _onRescanRequested = onRescanRequested ?? throw new ArgumentNullException(nameof(onRescanRequested));
        _log = log ?? (static _ => { });
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        _timer = new Timer(_ => Flush(), null, Timeout.Infinite, Timeout.Infinite);
        try
        {
            var w = new FileSystemWatcher(_root)
            {
                IncludeSubdirectories = true,
                InternalBufferSize = 64 * 1024,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            w.Created += (_, e) => Enqueue(e.FullPath, Raw.Created);
            w.Changed += (_, e) => Enqueue(e.FullPath, Raw.Changed);
            w.Deleted += (_, e) => Enqueue(e.FullPath, Raw.Deleted);
            w.Renamed += (_, e) =>
            {
                Enqueue(e.OldFullPath, Raw.Deleted);
                Enqueue(e.FullPath, Raw.Created);
            };
            w.Error += (_, e) => OnError(e.GetException());
            w.EnableRaisingEvents = true;
            _watcher = w;
            IsWatching = true;
        }
        catch (Exception e)
        {
            _log($"file watcher could not start for {_root}: {e.Message}");
            _watcher = null;
            IsWatching = false;
        }
        // Learn what exists now (names only), so that a folder deletion can be reported note by note.
        lock (_flushGate)
        {
            foreach (var note in ListNotes(_root)) _knownNotes.Add(note);
        }
    }

    private void Enqueue(string fullPath, Raw kind)
    {
        if (_disposed || IsHiddenBelowRoot(fullPath)) return;
        lock (_pendingGate)
        {
            // Created/Deleted carry more information than Changed; the disk decides at delivery time anyway.
            if (!_pending.TryGetValue(fullPath, out var old) || kind != Raw.Changed || old == Raw.Changed) _pending[fullPath] = kind;
            long now = Environment.TickCount64;
            if (_firstPendingTicks == 0) _firstPendingTicks = now;
            long waited = now - _firstPendingTicks;
            long due = waited >= (long)MaxDelay.TotalMilliseconds ? 0 : (long)QuietPeriod.TotalMilliseconds;
            try { _timer.Change(due, Timeout.Infinite); } catch (ObjectDisposedException) { }
        }
    }

    /// <summary>Test seam: behave as if the OS watcher reported an error.</summary>
    internal void SimulateError(Exception e) => OnError(e);

    private void OnError(Exception? e)
    {
        if (_disposed) return;
        _log(e is InternalBufferOverflowException
            ? $"file watcher overflow under {_root}: rescan requested"
            : $"file watcher error under {_root}: {e?.Message}; rescan requested");
        lock (_flushGate)
        {
            try
            {
                _knownNotes.Clear();
                foreach (var note in ListNotes(_root)) _knownNotes.Add(note);
                _onRescanRequested();
            }
            catch (Exception ex)
            {
                _log($"rescan callback failed: {ex.Message}");
            }
        }
    }

    private void Flush()
    {
        if (_disposed) return;
        lock (_flushGate)
        {
            Dictionary<string, Raw> batch;
            lock (_pendingGate)
            {
                batch = _pending;
                _pending = new Dictionary<string, Raw>(RealPath.PathComparer);
                _firstPendingTicks = 0;
            }
            if (batch.Count == 0) return;

            var changes = new Dictionary<string, FileChangeKind>(RealPath.PathComparer);
            foreach (var (path, raw) in batch)
            {
                try
                {
                    Reconcile(path, raw, changes);
                }
                catch (Exception e)
                {
                    _log($"watcher: cannot check {path}: {e.Message}");
                }
            }
            if (changes.Count == 0 || _disposed) return;
            var list = changes.Select(kv => new FileChange(kv.Key, kv.Value))
                .OrderBy(c => c.FullPath, StringComparer.Ordinal).ToList();
            try
            {
                _onBatch(list);
            }
            catch (Exception e)
            {
                _log($"watcher batch callback failed: {e.Message}");
            }
        }
    }

    private void Reconcile(string path, Raw raw, Dictionary<string, FileChangeKind> changes)
    {
        if (Directory.Exists(path))
        {
            // Folder events: only creation/move-in matters (Changed on a folder is just its listing changing).
            if (raw == Raw.Created)
            {
                foreach (var note in ListNotes(path))
                {
                    changes[note] = _knownNotes.Add(note) ? FileChangeKind.Created : FileChangeKind.Changed;
                }
            }
            return;
        }
        if (File.Exists(path))
        {
            if (!VaultScanner.IsVaultFile(path)) return;
            bool isNew = _knownNotes.Add(path);
            changes[path] = isNew || (changes.TryGetValue(path, out var k) && k == FileChangeKind.Created)
                ? FileChangeKind.Created
                : FileChangeKind.Changed;
            return;
        }
        // Gone: the note itself, or a folder holding notes we knew.
        if (_knownNotes.Remove(path)) changes[path] = FileChangeKind.Deleted;
        else if (VaultScanner.IsNoteFile(path) && raw != Raw.Changed && !changes.ContainsKey(path)) changes[path] = FileChangeKind.Deleted;
        string prefix = path + Path.DirectorySeparatorChar;
        List<string>? under = null;
        foreach (var known in _knownNotes)
        {
            if (known.StartsWith(prefix, RealPath.PathComparison)) (under ??= []).Add(known);
        }
        if (under is null) return;
        foreach (var note in under)
        {
            if (File.Exists(note)) continue;
            _knownNotes.Remove(note);
            changes[note] = FileChangeKind.Deleted;
        }
    }

    private bool IsHiddenBelowRoot(string fullPath)
    {
        if (fullPath.Length <= _root.Length) return false;
        var rel = fullPath.AsSpan(_root.Length);
        foreach (var part in rel.Split(Path.DirectorySeparatorChar))
        {
            var segment = rel[part];
            if (segment.Length > 0 && segment[0] == '.') return true;
        }
        return false;
    }

    /// <summary>Note files under a folder (names only, hidden folders skipped, errors swallowed).</summary>
    private List<string> ListNotes(string dir)
    {
        var result = new List<string>();
        var stack = new Stack<string>();
        stack.Push(dir);
        var seen = new HashSet<string>(RealPath.PathComparer);
        var options = new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0 };
        while (stack.Count > 0)
        {
            string d = stack.Pop();
            if (!seen.Add(d) || seen.Count > 100_000) continue;
            try
            {
                using var e = new DirectoryInfo(d).EnumerateFileSystemInfos("*", options).GetEnumerator();
                while (true)
                {
                    try
                    {
                        if (!e.MoveNext()) break;
                        var info = e.Current;
                        if (info is DirectoryInfo)
                        {
                            // Do not follow folder links here: loops and outside targets are the scanner's business.
                            if (!info.Name.StartsWith('.') && info.LinkTarget is null) stack.Push(info.FullName);
                        }
                        else if (VaultScanner.IsVaultFile(info.Name))
                        {
                            result.Add(info.FullName);
                        }
                    }
                    catch (Exception)
                    {
                        break;
                    }
                }
            }
            catch (Exception ex)
            {
                _log($"watcher: cannot list {d}: {ex.Message}");
            }
        }
        return result;
    }

    /// <summary>Stops watching; pending events are dropped.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_watcher is not null)
        {
            try { _watcher.EnableRaisingEvents = false; } catch (Exception) { }
            _watcher.Dispose();
        }
        _timer.Dispose();
    }
}
