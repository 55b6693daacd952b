using System.Collections.Immutable;
using System.Text.Json;
using Notes.Core.Cache;
using Notes.Core.Citations;
using Notes.Core.Config;
using Notes.Core.Index;
using Notes.Core.Syntax;
using Notes.Core.Text;
using Notes.FileSystem;

namespace Notes.Lsp.Server.Workspace;

/// <summary>
/// One note changed: the snapshots around the change and the note before and after; or an attachment appeared or
/// vanished (<see cref="AttachmentName"/> is its file name, and both notes are null); or a bibliography file was read
/// again or vanished (<see cref="Bibliography"/> is its path).
/// </summary>
public sealed record IndexChange(WorkspaceSnapshot Before, WorkspaceSnapshot After, NoteDocument? Old, NoteDocument? New, string? AttachmentName = null, string? Bibliography = null);

/// <summary>
/// The server's state: workspace roots, open documents, configuration and the current index snapshot.
/// Every mutation runs under one lock, in arrival order; readers take <see cref="View"/> and never block.
/// Open documents are the truth over the disk.
/// </summary>
public sealed class NotesWorkspace
{
    private readonly object _gate = new();
    private readonly IVaultSource _source;
    private readonly Action<string> _log;
    private readonly Dictionary<string, OpenDocument> _open = new(StringComparer.Ordinal);
    private ImmutableArray<string> _roots = [];
    private JsonElement? _editorSettings;
    private volatile ServerView _view;
    private long _clock;
    // While a scan reads the disk: the paths the watcher reported meanwhile. The scan's read of them may be older
    // than the change, so they are read again when the scan installs its result.
    private int _scans;
    private readonly HashSet<string> _changedDuringScan = new(StringComparer.Ordinal);
    // Every note file as last read from the disk: its stamp and parse (what the index cache may keep). An open note
    // keeps its disk entry while the file is not written (the editor's text is not the disk's); a save or a watcher
    // event for it drops the entry, since the disk then holds what we did not read.
    private readonly Dictionary<string, DiskEntry> _stamps = new(StringComparer.Ordinal);
    private sealed record DiskEntry(string Root, string RelativePath, FileStamp Stamp, ParsedNote Syntax);
    private long _diskVersion;

    private sealed record OpenDocument(string Text, int Version);

    public NotesWorkspace(IVaultSource source, Action<string> log)
    {
        _source = source;
        _log = log;
        _view = new ServerView(WorkspaceSnapshot.Empty([]), NotesConfig.Default, PositionEncoding.Utf16, ImmutableDictionary<string, int>.Empty, false);
    }

    /// <summary>Raised (under the lock, in order) for every note that changed in the index.</summary>
    public event Action<IndexChange>? Changed;
    /// <summary>Raised when everything must be recomputed (a scan finished, the configuration changed).</summary>
    public event Action? Reset;

    public ServerView View => _view;
    /// <summary>The disk (or a test's vault) this workspace reads.</summary>
    public IVaultSource Source => _source;
    public ImmutableArray<string> Roots => _roots;
    public IReadOnlyList<ConfigProblem> ConfigProblems { get; private set; } = [];

    public void Initialize(IEnumerable<string> roots, PositionEncoding encoding)
    {
        lock (_gate)
        {
            _roots = roots.Select(Normalise).Distinct(StringComparer.Ordinal).ToImmutableArray();
            _view = _view with { Index = _view.Index.WithRoots(_roots), Encoding = encoding };
            LoadConfig();
        }
    }

    /// <summary>
    /// Reads every root in parallel and installs the result; open documents keep their text. With
    /// <paramref name="cached"/> (a warm start), a listed note whose size and modification time match its cached stamp
    /// is not read: its cached parse is indexed as it is (the same entry a read would make). Returns the notes taken from
    /// the cache, with their stamps, for the background check of their contents.
    /// </summary>
    public IReadOnlyList<(string Path, FileStamp Stamp)> Scan(IProgress<int>? progress, CancellationToken ct, Func<string, IReadOnlyDictionary<string, CachedNote>?>? cached = null)
    {
        ImmutableArray<string> roots;
        ScanOptions options;
        lock (_gate)
        {
            roots = _roots;
            options = ScanOptionsFrom(_view.Config);
            _scans++;
        }
        bool counted = true;
        try
        {
            // Each note is parsed by the worker that read it, and keeps its text as UTF-8: the strings die young.
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            var docs = new List<Scanned>();
            var files = new List<AttachmentFile>();
            foreach (var r in roots)
            {
                var listed = new List<ListedAttachment>();
                // The cache loads on its own thread while the vault is listed; the first note to reuse waits for it.
                var loading = cached is null ? null : Task.Factory.StartNew(() => cached(r), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                TryReuse<Scanned>? reuse = loading is null ? null : (ListedNote n, out Scanned doc) =>
                {
                    doc = null!;
                    var fromCache = loading.GetAwaiter().GetResult();
                    if (fromCache is null || !fromCache.TryGetValue(n.RelativePath, out var c) || !c.Stamp.SameListing(n.Size, n.ModifiedTicks)) return false;
                    doc = new Scanned(NoteDocument.Create(Normalise(n.FullPath), r, c.Syntax), c.Stamp, true);
                    return true;
                };
                docs.AddRange(_source.Scan(r, options,
                    f => new Scanned(NoteDocument.Create(Normalise(f.FullPath), r, Parse(f.FullPath, f.Text, fromDisk: true)), f.Stamp, false),
                    _log, progress, ct, listed, reuse));
                files.AddRange(listed.Select(a => new AttachmentFile(Normalise(a.FullPath), r, a.Size)));
            }
            // Bibliographies are read after the notes, outside the lock (a 15 MB library takes a moment).
            var bibliographies = files.Where(f => IsBibliographyPath(f.Path)).Select(f => ReadBibliography(f.Path, f.Root)).OfType<BibliographyFile>().ToList();
            lock (_gate)
            {
                var open = _open.Keys.ToHashSet(StringComparer.Ordinal);
                var all = docs.Where(d => !open.Contains(d.Doc.Path)).Select(d => d.Doc).Concat(_view.Index.Notes.Values.Where(n => open.Contains(n.Path)));
                long read = System.Diagnostics.Stopwatch.GetTimestamp();
                var built = WorkspaceSnapshot.Build(_roots, all, files, _view.Index.Templates, bibliographies);
                _view = _view with { Index = built, Ready = true };
                _stamps.Clear();
                foreach (var d in docs) _stamps[d.Doc.Path] = new DiskEntry(d.Doc.Root, d.Doc.RelativePath, d.Stamp, d.Doc.Syntax);
                _diskVersion++;
                int reused = docs.Count(d => d.Reused);
                _log($"indexed {docs.Count} notes ({reused} from the index cache), {files.Count} attachments and {bibliographies.Count} bibliographies ({bibliographies.Sum(b => b.Bibliography.Entries.Count)} entries) in {roots.Length} root(s): read and parsed in {System.Diagnostics.Stopwatch.GetElapsedTime(started, read).TotalMilliseconds:F0} ms, " +
                    $"index built in {System.Diagnostics.Stopwatch.GetElapsedTime(read).TotalMilliseconds:F0} ms (since start: JIT {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} ms " +
                    $"for {System.Runtime.JitInfo.GetCompiledMethodCount()} methods, GC pauses {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms, {GC.GetTotalAllocatedBytes() >> 20} MB allocated)");
                counted = false;
                if (--_scans == 0 && _changedDuringScan.Count > 0)
                {
                    _log($"{_changedDuringScan.Count} file(s) changed during the scan: read again");
                    foreach (var path in _changedDuringScan) if (!_open.ContainsKey(path)) ReloadFromDisk(path);
                    _changedDuringScan.Clear();
                }
                Reset?.Invoke();
                return docs.Where(d => d.Reused).Select(d => (d.Doc.Path, d.Stamp)).ToList();
            }
        }
        catch
        {
            if (counted) lock (_gate) if (--_scans == 0) _changedDuringScan.Clear();
            throw;
        }
    }

    private sealed record Scanned(NoteDocument Doc, FileStamp Stamp, bool Reused);

    /// <summary>
    /// What the index cache should hold now: every note file as last read from the disk (for an open note, its disk text,
    /// not the editor's, while the file was not written since), with its root and file stamp, and the size cap they were
    /// read with; one consistent view, taken under the lock.
    /// </summary>
    public (IReadOnlyList<(string Root, CachedNote Note)> Notes, long MaxFileBytes) DiskState()
    {
        lock (_gate)
        {
            var list = new List<(string, CachedNote)>(_stamps.Count);
            foreach (var e in _stamps.Values)
                if (e.Root.Length > 0) list.Add((e.Root, new CachedNote(e.RelativePath, e.Stamp, e.Syntax)));
            return (list, ScanOptionsFrom(_view.Config).MaxFileBytes);
        }
    }

    /// <summary>Bumped by every change of what is on disk as the index knows it (a note read, removed, opened, closed): the cache is stale when it moved.</summary>
    public long DiskVersion => Volatile.Read(ref _diskVersion);

    /// <summary>The scan options of the current configuration.</summary>
    public ScanOptions CurrentScanOptions
    {
        get { lock (_gate) return ScanOptionsFrom(_view.Config); }
    }

    /// <summary>Declares the index complete although the scan failed (requests must not wait forever).</summary>
    public void MarkReady()
    {
        lock (_gate) _view = _view with { Ready = true };
    }

    public void Open(string path, string text, int version)
    {
        lock (_gate)
        {
            path = Normalise(path);
            _open[path] = new OpenDocument(text, version);
            Install(path, text);
        }
    }

    /// <summary>Applies incremental changes; an invalid range drops the edit and re-reads the document from the editor's last full text.</summary>
    public bool Change(string path, int version, IReadOnlyList<TextChange> changes, out string? error)
    {
        lock (_gate)
        {
            path = Normalise(path);
            error = null;
            if (!_open.TryGetValue(path, out var doc))
            {
                int last = -1;
                for (int i = 0; i < changes.Count; i++) if (changes[i].Start is null) last = i;
                if (last >= 0 && TextChanges.Apply("", changes.Skip(last).ToList(), _view.Encoding, out _) is { } full)
                {
                    // A full-text change makes a dropped document whole again.
                    _open[path] = new OpenDocument(full, version);
                    Install(path, full);
                    return true;
                }
                error = $"didChange for a document that is not open: {path}";
                return false;
            }
            if (version <= doc.Version) _log($"warning: version {version} of {path} does not increase (was {doc.Version}); applied in arrival order");
            // The open note's parse holds the line index of its text, and is where the reparse starts (only the blocks the edit touches).
            var previous = _view.Index[path]?.Syntax is { Lines.IsCompact: false } syntax && ReferenceEquals(syntax.Text, doc.Text) ? syntax : null;
            var text = TextChanges.Apply(doc.Text, changes, _view.Encoding, out error, previous?.Lines);
            if (text is null)
            {
                // Never guess: drop the buffer (the disk's text stands in) until the editor sends the whole text again.
                error = $"{error}; {path} dropped until the editor sends its full text";
                _open.Remove(path);
                ReloadFromDisk(path);
                return false;
            }
            _open[path] = new OpenDocument(text, version);
            Install(path, text, reparseFrom: previous);
            return true;
        }
    }

    /// <summary>Closing hands the note back to the disk: its saved text, or nothing if it was never saved.</summary>
    public void Close(string path)
    {
        lock (_gate)
        {
            path = Normalise(path);
            if (!_open.Remove(path)) return;
            ReloadFromDisk(path);
        }
    }

    public void Save(string path, string? text)
    {
        lock (_gate)
        {
            path = Normalise(path);
            if (text is not null && _open.TryGetValue(path, out var doc) && doc.Text != text)
            {
                _open[path] = doc with { Text = text };
                Install(path, text);
            }
            DiskWritten(path);
            if (IsConfigFile(path)) { LoadConfig(); Reset?.Invoke(); }
        }
    }

    /// <summary>A file changed on disk (watcher): ignored while the editor has it open.</summary>
    public void DiskChanged(string path)
    {
        lock (_gate)
        {
            path = Normalise(path);
            if (IsConfigFile(path)) { LoadConfig(); Reset?.Invoke(); return; }
            if (_scans > 0) _changedDuringScan.Add(path);
            if (_open.ContainsKey(path)) { DiskWritten(path); return; }
            ReloadFromDisk(path);
        }
    }

    public void SetEditorSettings(JsonElement? settings)
    {
        lock (_gate)
        {
            _editorSettings = settings?.Clone();
            LoadConfig();
            Reset?.Invoke();
        }
    }

    public string? OpenText(string path)
    {
        lock (_gate) return _open.TryGetValue(Normalise(path), out var d) ? d.Text : null;
    }

    public bool IsOpen(string path)
    {
        lock (_gate) return _open.ContainsKey(Normalise(path));
    }

    private void ReloadFromDisk(string path)
    {
        var root = _view.Index.RootOf(path);
        if (!VaultScanner.IsNoteFile(path))
        {
            ReloadAttachment(path, root);
            return;
        }
        var file = root.Length == 0 ? null : _source.Read(path, root, ScanOptionsFrom(_view.Config), _log);
        if (file is null) Remove(path);
        else
        {
            Install(path, file.Text, fromDisk: true);
            if (_view.Index[path] is { } doc) _stamps[path] = new DiskEntry(root, doc.RelativePath, file.Stamp, doc.Syntax);
        }
    }

    /// <summary>
    /// Any other path: an attachment that appeared, changed size or vanished; or a folder that vanished, whose notes
    /// and attachments go with it. Hidden files and folders are not the vault's.
    /// </summary>
    private void ReloadAttachment(string path, string root)
    {
        if (root.Length == 0 || path.Length == root.Length || VaultScanner.IsHiddenUnder(root, path)) return;
        var stat = _source.Stat(path);
        if (stat.IsFolder)
        {
            // A folder created or moved in: what it holds that we do not know yet (a client may report only the folder).
            var (notes, attachments) = _source.List(path, ScanOptionsFrom(_view.Config), _log);
            foreach (var note in notes.Select(Normalise))
                if (_view.Index[note] is null && !_open.ContainsKey(note)) ReloadFromDisk(note);
            foreach (var a in attachments)
                if (_view.Index.Attachments[Normalise(a.FullPath)] is null) InstallAttachment(new AttachmentFile(Normalise(a.FullPath), root, a.Size));
            return;
        }
        if (stat.Exists)
        {
            // A bibliography is read again on every change (Zotero rewrites the whole file, often at the same size).
            if (IsBibliographyPath(path)) InstallBibliography(path, ReadBibliography(path, root));
            var known = _view.Index.Attachments[path];
            if (known is not null && known.Size == stat.Size) return;
            InstallAttachment(new AttachmentFile(path, root, stat.Size));
            return;
        }
        if (_view.Index.Attachments[path] is not null)
        {
            InstallBibliography(path, null);
            RemoveAttachment(path);
            return;
        }
        // A folder that is gone: everything we knew under it.
        var prefix = path + "/";
        foreach (var note in _view.Index.Notes.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            if (!_open.ContainsKey(note)) Remove(note);
        foreach (var file in _view.Index.Attachments.ByPath.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            InstallBibliography(file, null);
            RemoveAttachment(file);
        }
    }

    private static bool IsBibliographyPath(string path) => BibliographyFile.MayBe(path);

    /// <summary>Reads and parses a bibliography file; null when it is none (JSON that is not CSL, the configuration) or cannot be read.</summary>
    private BibliographyFile? ReadBibliography(string path, string root)
    {
        if (!IsBibliographyPath(path) || IsConfigFile(path) || root.Length == 0) return null;
        var file = _source.Read(path, root, ScanOptionsFrom(_view.Config) with { MaxFileBytes = BibliographyFile.MaxBytes }, _log);
        return file is null ? null : BibliographyFile.FromText(path, root, file.Text, InDefaultSet(path, root, _view.Config));
    }

    private static bool InDefaultSet(string path, string root, NotesConfig config) => BibliographyFile.InDefaultSetOf(path, root, config.Bibliographies);

    /// <summary>Installs a bibliography read again (null: it is gone, or is no longer one).</summary>
    private void InstallBibliography(string path, BibliographyFile? file)
    {
        var before = _view.Index;
        if (file is null && !before.Citations.Files.ContainsKey(path)) return;
        var after = file is null ? before.WithoutBibliography(path) : before.WithBibliography(file);
        _view = _view with { Index = after };
        _log(file is null ? $"bibliography {path} removed" : $"bibliography {path}: {file.Bibliography.Entries.Count} entries, {file.Bibliography.Diagnostics.Count} problems");
        Changed?.Invoke(new IndexChange(before, after, null, null, Bibliography: path));
    }

    private void InstallAttachment(AttachmentFile file)
    {
        var before = _view.Index;
        var after = before.WithAttachment(file);
        _view = _view with { Index = after };
        Changed?.Invoke(new IndexChange(before, after, null, null, file.FileName));
    }

    private void RemoveAttachment(string path)
    {
        var before = _view.Index;
        if (before.Attachments[path] is not { } old) return;
        var after = before.WithoutAttachment(path);
        _view = _view with { Index = after };
        Changed?.Invoke(new IndexChange(before, after, null, null, old.FileName));
    }

    /// <summary>Parses and indexes one note; an edit of an open note reparses from its previous parse (<see cref="NoteParser.Reparse(ParsedNote, string, string)"/>).</summary>
    private void Install(string path, string text, bool fromDisk = false, ParsedNote? reparseFrom = null)
    {
        var before = _view.Index;
        var old = before[path];
        var syntax = reparseFrom is null ? Parse(path, text, fromDisk) : NoteParser.Reparse(reparseFrom, text, NotePath.Stem(path));
        // An open note's new version looks its link keys up where the previous one left them.
        var doc = NoteDocument.Create(path, before.RootOf(path), syntax, ++_clock, fromDisk ? null : old);
        var after = before.WithNote(doc);
        _view = _view with { Index = after, OpenVersions = _open.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.Version) };
        if (fromDisk) _diskVersion++;
        Changed?.Invoke(new IndexChange(before, after, old, doc));
    }

    /// <summary>A note read from disk keeps its text as UTF-8 (see <see cref="ParsedNote.Compact"/>); an open one, which the editor changes, as the string it sent.</summary>
    private static ParsedNote Parse(string path, string text, bool fromDisk)
    {
        var syntax = NoteParser.Parse(text, NotePath.Stem(path));
        return fromDisk ? syntax.Compact() : syntax;
    }

    /// <summary>The file was written behind the index (an open note saved): what we read of it is stale.</summary>
    private void DiskWritten(string path)
    {
        if (_stamps.Remove(path)) _diskVersion++;
    }

    private void Remove(string path)
    {
        var before = _view.Index;
        var old = before[path];
        if (old is null) return;
        var after = before.WithoutNote(path);
        _view = _view with { Index = after, OpenVersions = _open.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.Version) };
        _stamps.Remove(path);
        _diskVersion++;
        Changed?.Invoke(new IndexChange(before, after, old, null));
    }

    private void LoadConfig()
    {
        var problems = new List<ConfigProblem>();
        var config = NotesConfig.Default;
        foreach (var root in _roots)
        {
            var app = ConfigLoader.AppTemplates(file => _source.ReadConfig(root, file), _log);
            config = config with { AppTemplates = config.AppTemplates.AddRange(app).Distinct().ToImmutableArray() };
            if (_source.ReadConfig(root) is { } text) config = ConfigLoader.Parse(text, config, problems);
        }
        if (_editorSettings is { } s) config = ConfigLoader.Apply(s, config, problems);
        foreach (var p in problems) _log("configuration: " + p.Message);
        ConfigProblems = problems;
        var index = _view.Index.WithTemplates(config.TemplatePatterns);
        foreach (var f in index.Citations.Files.Values)
            if (f.InDefaultSet != InDefaultSet(f.Path, f.Root, config)) index = index.WithBibliography(f with { InDefaultSet = !f.InDefaultSet });
        _view = _view with { Config = config, Index = index };
    }

    /// <summary><c>.notes.json</c> at a root, or one of the app settings files that name templates.</summary>
    private bool IsConfigFile(string path) =>
        _roots.Any(r => path == r + "/" + ConfigLoader.FileName || ConfigLoader.AppSettingsFiles.Any(f => path == r + "/" + f));

    private static ScanOptions ScanOptionsFrom(NotesConfig config) => new() { ExcludeGlobs = config.Exclude, MaxFileBytes = config.MaxFileSize };

    public static string Normalise(string path)
    {
        path = path.Replace('\\', '/');
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }
}
