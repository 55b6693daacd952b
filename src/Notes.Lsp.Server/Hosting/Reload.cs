using System.Text.Json;
using Notes.FileSystem;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Workspace;

namespace Notes.Lsp.Server.Hosting;

/// <summary>
/// Loading the vault and keeping it loaded: the editor's settings, the file watchers, the scans and their progress.
/// Watching starts before the first scan (the client's watchers are registered, or our own started), so a file
/// changed while the scan reads the disk is not lost: the workspace reads it again when the scan installs.
/// No step waits on the client without a deadline (see <see cref="ClientRequests"/>).
/// </summary>
public sealed class Reload(NotesWorkspace workspace, ClientRequests client, ServerLog log, MemoryTrimmer trimmer,
    Func<string, Task> sendStatus, CancellationToken stopping, IndexCache? cache = null) : IDisposable
{
    /// <summary>What the client watches for us: every file (notes, attachments, the configuration file); hidden paths are dropped on arrival.</summary>
    public static readonly string[] WatchedGlobs = ["**/*"];
    public const string ProgressToken = "notes/index";

    /// <summary>How long the start waits for <c>initialized</c> before it asks the client anything.</summary>
    public static readonly TimeSpan InitializedWait = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<VaultWatcher> _watchers = [];
    private readonly object _scanGate = new();
    private Task _scan = Task.CompletedTask;
    private int _read;

    /// <summary>Completes when the first scan has installed the whole vault (or failed, logged).</summary>
    public Task Ready => _ready.Task;

    /// <summary>Notes read so far by the scan running now.</summary>
    public int NotesRead => Volatile.Read(ref _read);

    /// <summary>The client sent <c>initialized</c>: the server may now send it requests.</summary>
    public void Initialized() => _initialized.TrySetResult();

    /// <summary>
    /// Started by <c>initialize</c>: settings, then watchers, then the scan; progress is reported beside it. A client
    /// that is asked nothing (no settings to pull, no watchers to register) has its vault scanned at once; otherwise
    /// the requests wait for <c>initialized</c> (at most <see cref="InitializedWait"/>).
    /// </summary>
    public async Task StartAsync()
    {
        var caps = client.Capabilities;
        try
        {
            if (caps.Workspace?.Configuration == true || caps.Workspace?.DidChangeWatchedFiles?.DynamicRegistration == true)
                await WaitForInitializedAsync().ConfigureAwait(false);
            await PullConfigurationAsync().ConfigureAwait(false);
            await WatchAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.Write($"start: {e}");
        }
        // The progress token is asked for before the scan starts (so the start-up requests always come in one order:
        // configuration, registerCapability, workDoneProgress/create), and its answer awaited beside the scan.
        var progress = await WaitForInitializedAsync().ConfigureAwait(false) ? client.CreateProgressAsync(ProgressToken) : Task.FromResult(false);
        StartScan();
        if (await progress.ConfigureAwait(false)) await ReportProgressAsync().ConfigureAwait(false);
    }

    private async Task<bool> WaitForInitializedAsync()
    {
        if (!_initialized.Task.IsCompleted)
        {
            await Task.WhenAny(_initialized.Task, Task.Delay(InitializedWait, stopping)).ConfigureAwait(false);
            if (!_initialized.Task.IsCompleted) log.Write($"no initialized notification in {InitializedWait.TotalSeconds:0} s; going on without it");
        }
        return _initialized.Task.IsCompleted;
    }

    /// <summary>Asks the client for the <c>notes</c> settings (a short deadline: a silent client must not stall indexing).</summary>
    public async Task PullConfigurationAsync()
    {
        if (client.Capabilities.Workspace?.Configuration != true) return;
        ApplySettings(await client.ConfigurationAsync("notes").ConfigureAwait(false));
    }

    /// <summary>New editor settings; a change to what is scanned (excludes, size cap) rescans.</summary>
    public void ApplySettings(JsonElement? settings)
    {
        var before = workspace.View.Config;
        workspace.SetEditorSettings(settings is { ValueKind: JsonValueKind.Object } s ? s : null);
        var after = workspace.View.Config;
        if (!before.Exclude.SequenceEqual(after.Exclude) || before.MaxFileSize != after.MaxFileSize)
        {
            lock (_scanGate) if (_scan.IsCompleted && Ready.IsCompleted) StartScan(force: true);
        }
    }

    /// <summary>Starts the (re)scan on the thread pool, once; a rescan while one runs is queued behind it.</summary>
    public void StartScan(bool force = false)
    {
        lock (_scanGate)
        {
            if (!force && (!_scan.IsCompleted || Ready.IsCompleted)) return;
            var previous = _scan;
            _scan = Task.Run(async () =>
            {
                await previous.ConfigureAwait(false);
                await sendStatus("indexing").ConfigureAwait(false);
                try
                {
                    // The first scan starts from the index cache (a rescan from the disk: it follows a change of what is scanned, or lost events).
                    bool first = !Ready.IsCompleted && cache?.Folder is not null;
                    var reused = workspace.Scan(new Progress(this), stopping, first ? cache!.Load : null);
                    if (first) cache!.AfterScan(reused);
                }
                catch (OperationCanceledException) { return; }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    log.Write($"scan failed: {e}");
                    workspace.MarkReady();
                }
                _ready.TrySetResult();
                trimmer.AfterBurst(); // the scan's garbage, before the first requests add theirs
                var gc = GC.GetGCMemoryInfo(GCKind.Any);
                log.Write($"after the scan's collection: heap {gc.HeapSizeBytes >> 20} MB, committed {gc.TotalCommittedBytes >> 20} MB, " +
                    $"fragmented {gc.FragmentedBytes >> 20} MB, process working set {Environment.WorkingSet >> 20} MB");
                await sendStatus("ready").ConfigureAwait(false);
            });
        }
    }

    private sealed class Progress(Reload r) : IProgress<int>
    {
        public void Report(int value) => Volatile.Write(ref r._read, value);
    }

    /// <summary>Work-done progress of the first scan, once the client made the token; a client that never answers it loses only the progress.</summary>
    private async Task ReportProgressAsync()
    {
        try
        {
            await Send("begin", "Indexing notes", null).ConfigureAwait(false);
            while (!Ready.IsCompleted)
            {
                await Task.WhenAny(Ready, Task.Delay(200, stopping)).ConfigureAwait(false);
                stopping.ThrowIfCancellationRequested();
                if (!Ready.IsCompleted) await Send("report", null, $"{NotesRead} notes read").ConfigureAwait(false);
            }
            await Send("end", null, $"{workspace.View.Index.Notes.Count} notes indexed").ConfigureAwait(false);
        }
        catch (OperationCanceledException) { }

        Task Send(string kind, string? title, string? message) =>
            client.NotifyAsync("$/progress", new ProgressParams(ProgressToken, new WorkDoneProgressValue(kind, title, message)),
                LspJsonContext.Default.ProgressParams);
    }

    /// <summary>The client's watchers when it can register them, else our own; started before the first scan.</summary>
    private async Task WatchAsync()
    {
        if (await client.RegisterWatchersAsync("notes-watch", WatchedGlobs).ConfigureAwait(false)) return;
        if (client.Capabilities.Workspace?.DidChangeWatchedFiles?.DynamicRegistration == true) log.Write("watching ourselves instead");
        foreach (var root in workspace.Roots)
            _watchers.Add(new VaultWatcher(root,
                batch => { foreach (var c in batch) workspace.DiskChanged(c.FullPath); },
                () => StartScan(force: true),
                log.Write));
    }

    /// <summary>Waits for a scan in progress to stop (after <paramref name="stopping"/> was cancelled).</summary>
    public async Task StoppedAsync()
    {
        try { await _scan.ConfigureAwait(false); } catch (Exception) { }
    }

    public void Dispose()
    {
        foreach (var w in _watchers) w.Dispose();
    }
}
