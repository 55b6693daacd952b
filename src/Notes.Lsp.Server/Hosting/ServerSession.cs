using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Notes.Core.Features;
using Notes.FileSystem;
using Notes.Lsp.Protocol.JsonRpc;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Protocol;
using Notes.Lsp.Server.Workspace;

namespace Notes.Lsp.Server.Hosting;

/// <summary>
/// One client session: answers the lifecycle, runs the first scan (with work-done progress), keeps the index
/// current from the client's file events or our own watcher, pulls configuration, and publishes diagnostics
/// and status. Handlers read through <see cref="ViewAsync"/>, which waits for the first scan.
/// </summary>
public sealed class ServerSession : IAsyncDisposable
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<VaultWatcher> _watchers = [];
    private readonly object _scanGate = new();
    private Task _scan = Task.CompletedTask;
    private int _indexed;
    private readonly MemoryTrimmer _trimmer;
    private int _lastStatusProblems = -1;

    public ServerSession(LanguageServerHost host, NotesWorkspace workspace, ServerLog log, MemoryTrimmer trimmer)
    {
        Host = host;
        Workspace = workspace;
        Log = log;
        _trimmer = trimmer;
        Diagnostics = new DiagnosticsPublisher(() => workspace.View, PublishAsync, log.Write, OnDiagnosticsIdle, RefreshPulledAsync);
        workspace.Changed += c =>
        {
            var view = workspace.View;
            if (view.Ready) Diagnostics.Invalidate(DiagnosticsScope.Affected(c.Before, c.After, c.Old, c.New, view.Config));
        };
        workspace.Reset += () =>
        {
            if (workspace.View.Ready) Diagnostics.InvalidateAll();
            _ = PublishConfigProblemsAsync();
        };
        host.Initialize = InitializeAsync;
        host.Initialized = InitializedAsync;
        host.Shutdown = () => { _stop.Cancel(); return Task.CompletedTask; };
    }

    public LanguageServerHost Host { get; }
    public NotesWorkspace Workspace { get; }
    public DiagnosticsPublisher Diagnostics { get; }
    public ServerLog Log { get; }
    public ClientCapabilities Client { get; private set; } = new();
    public EditCapabilities EditCaps { get; private set; } = EditCapabilities.None;
    public JsonRpcConnection Rpc => Host.Rpc;

    /// <summary>The client pulls diagnostics of open documents (<c>textDocument/diagnostic</c>); we push the rest.</summary>
    public bool PullDiagnostics => Client.TextDocument?.Diagnostic is not null;

    /// <summary>Completes when the first scan has installed the whole vault.</summary>
    public Task Ready => _ready.Task;

    /// <summary>The snapshot a read request runs on: the one taken on arrival, or, during the first scan, the first complete one.</summary>
    public async Task<ServerView> ViewAsync(RequestContext ctx)
    {
        var view = ctx.Snapshot as ServerView ?? Workspace.View;
        if (view.Ready) return view;
        await Ready.WaitAsync(ctx.CancellationToken).ConfigureAwait(false);
        return Workspace.View;
    }

    /// <summary>Registers a read request: waits for a complete snapshot, rejects missing params, then runs <paramref name="handler"/>.</summary>
    public void Read<TP, TR>(string method, JsonTypeInfo<TP> p, JsonTypeInfo<TR> r, Func<TP, ServerView, CancellationToken, TR> handler) =>
        Rpc.OnRequest(method, p, r, async (prm, ctx) =>
        {
            if (prm is null) throw new LspException(ErrorCodes.InvalidParams, $"{method}: params are missing");
            var view = await ViewAsync(ctx).ConfigureAwait(false);
            ctx.CancellationToken.ThrowIfCancellationRequested();
            return handler(prm, view, ctx.CancellationToken);
        }, HandlerKind.Read);

    /// <summary>Registers a state-changing notification, run in arrival order; a fault is logged, never fatal.</summary>
    public void Notify<TP>(string method, JsonTypeInfo<TP> p, Action<TP> handler) =>
        Rpc.OnNotification(method, p, prm =>
        {
            if (prm is null) Log.Write($"{method}: params are missing; dropped");
            else
            {
                try { handler(prm); }
                catch (LspException e) { Log.Write($"{method}: {e.Message}"); }
            }
            return Task.CompletedTask;
        });

    private Task<ServerCapabilities> InitializeAsync(InitializeParams p, CancellationToken ct)
    {
        Client = p.Capabilities ?? new ClientCapabilities();
        EditCaps = EditCapabilities.From(Client);
        var roots = (p.WorkspaceFolders is { Length: > 0 } folders ? folders.Select(f => f.Uri) : p.RootUri is { } u ? [u] : [])
            .Select(Proto.PathOf).OfType<string>().ToList();
        if (roots.Count == 0 && p.RootPath is { Length: > 0 } rp) roots.Add(NotesWorkspace.Normalise(rp));
        Workspace.Initialize(roots, Proto.Encoding(PositionEncodings.Negotiate(Client.General?.PositionEncodings)));
        Log.Write($"initialize: {roots.Count} root(s): {string.Join(", ", roots)}; encoding {Workspace.View.Encoding}");
        if (Client.Workspace?.Configuration != true) StartScan();
        return Task.FromResult(Capabilities.For(Client));
    }

    private Task InitializedAsync()
    {
        // Not awaited on the dispatch loop: these ask the client and wait for its answers.
        _ = Task.Run(async () =>
        {
            try
            {
                if (Client.Workspace?.Configuration == true)
                {
                    await PullConfigurationAsync().ConfigureAwait(false);
                    StartScan();
                }
                await ReportScanProgressAsync().ConfigureAwait(false);
                await WatchAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.Write($"initialized: {e}");
                StartScan();
            }
        });
        return Task.CompletedTask;
    }

    /// <summary>Asks the client for the <c>notes</c> settings (a short timeout: a silent client must not stall indexing).</summary>
    public async Task PullConfigurationAsync()
    {
        if (Client.Workspace?.Configuration != true) return;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var result = await Rpc.SendRequestAsync("workspace/configuration",
                new ConfigurationParams([new ConfigurationItem("notes")]),
                LspJsonContext.Default.ConfigurationParams, LspJsonContext.Default.JsonElementArray, timeout.Token).ConfigureAwait(false);
            ApplySettings(result is { Length: > 0 } ? result[0] : null);
        }
        catch (Exception e) when (e is OperationCanceledException or JsonRpcRemoteException or JsonException)
        {
            Log.Write($"workspace/configuration failed: {e.Message}");
        }
    }

    /// <summary>New editor settings; a change to what is scanned (excludes, size cap) rescans.</summary>
    public void ApplySettings(JsonElement? settings)
    {
        var before = Workspace.View.Config;
        Workspace.SetEditorSettings(settings is { ValueKind: JsonValueKind.Object } s ? s : null);
        var after = Workspace.View.Config;
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
                await SendStatusAsync("indexing").ConfigureAwait(false);
                try
                {
                    Workspace.Scan(new Progress(this), _stop.Token);
                }
                catch (OperationCanceledException) { return; }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Log.Write($"scan failed: {e}");
                    Workspace.MarkReady();
                }
                _ready.TrySetResult();
                _trimmer.AfterBurst(); // the scan's garbage, before the first requests add theirs
                await SendStatusAsync("ready").ConfigureAwait(false);
            });
        }
    }

    private sealed class Progress(ServerSession s) : IProgress<int>
    {
        public void Report(int value) => Volatile.Write(ref s._indexed, value);
    }

    private async Task ReportScanProgressAsync()
    {
        if (Client.Window?.WorkDoneProgress != true || Ready.IsCompleted) return;
        const string token = "notes/index";
        try
        {
            await Rpc.SendRequestAsync("window/workDoneProgress/create", new WorkDoneProgressCreateParams(token),
                LspJsonContext.Default.WorkDoneProgressCreateParams, LspJsonContext.Default.NullableJsonElement, _stop.Token).ConfigureAwait(false);
            await Progress("begin", "Indexing notes", null).ConfigureAwait(false);
            while (!Ready.IsCompleted)
            {
                await Task.WhenAny(Ready, Task.Delay(200, _stop.Token)).ConfigureAwait(false);
                if (!Ready.IsCompleted) await Progress("report", null, $"{Volatile.Read(ref _indexed)} notes read").ConfigureAwait(false);
            }
            await Progress("end", null, $"{Workspace.View.Index.Notes.Count} notes indexed").ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or JsonRpcRemoteException or ObjectDisposedException)
        {
            Log.Write($"progress: {e.Message}");
        }

        Task Progress(string kind, string? title, string? message) =>
            Rpc.SendNotificationAsync("$/progress", new ProgressParams(token, new WorkDoneProgressValue(kind, title, message)),
                LspJsonContext.Default.ProgressParams);
    }

    private async Task WatchAsync()
    {
        if (Client.Workspace?.DidChangeWatchedFiles?.DynamicRegistration == true)
        {
            try
            {
                var watchers = new[] { "**/*.md", "**/*.markdown", "**/" + ConfigLoader.FileName }.Select(g => new Notes.Lsp.Protocol.Lsp.FileSystemWatcher(g)).ToArray();
                await Rpc.SendRequestAsync("client/registerCapability",
                    new RegistrationParams([new Registration("notes-watch", "workspace/didChangeWatchedFiles", new DidChangeWatchedFilesRegistrationOptions(watchers))]),
                    LspJsonContext.Default.RegistrationParams, LspJsonContext.Default.NullableJsonElement, _stop.Token).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is OperationCanceledException or JsonRpcRemoteException)
            {
                Log.Write($"registerCapability failed ({e.Message}); watching ourselves");
            }
        }
        foreach (var root in Workspace.Roots)
            _watchers.Add(new VaultWatcher(root,
                batch => { foreach (var c in batch) Workspace.DiskChanged(c.FullPath); },
                () => StartScan(force: true),
                Log.Write));
    }

    private Task PublishAsync(Core.Index.NoteDocument? note, string path, ImmutableArray<NoteDiagnostic> diagnostics)
    {
        var view = Workspace.View;
        int? version = view.OpenVersions.TryGetValue(path, out var v) ? v : null;
        return SafeNotify("textDocument/publishDiagnostics",
            new PublishDiagnosticsParams(Proto.Uri(path), Proto.Diagnostics(view, note, diagnostics), version),
            LspJsonContext.Default.PublishDiagnosticsParams);
    }

    private async Task RefreshPulledAsync()
    {
        if (Client.Workspace?.Diagnostics?.RefreshSupport != true) return;
        try
        {
            await Rpc.SendRequestAsync("workspace/diagnostic/refresh", (JsonElement?)null, LspJsonContext.Default.NullableJsonElement,
                LspJsonContext.Default.NullableJsonElement, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or JsonRpcRemoteException or ObjectDisposedException)
        {
            Log.Write($"diagnostic refresh: {e.Message}");
        }
    }

    private readonly HashSet<string> _configFilesWithProblems = new(StringComparer.Ordinal);

    /// <summary>Bad configuration is a diagnostic on the configuration file; the defaults stay in force.</summary>
    private async Task PublishConfigProblemsAsync()
    {
        var problems = Workspace.ConfigProblems;
        foreach (var root in Workspace.Roots)
        {
            var path = root + "/" + ConfigLoader.FileName;
            var diagnostics = problems.Select(p => new Diagnostic
            {
                Range = new Notes.Lsp.Protocol.Lsp.Range(new Position(Math.Max(0, p.Line), Math.Max(0, p.Column)), new Position(Math.Max(0, p.Line), Math.Max(0, p.Column) + 1)),
                Severity = DiagnosticSeverity.Error,
                Code = Core.Config.DiagnosticCodes.Config,
                Source = "notes",
                Message = p.Message,
            }).ToArray();
            lock (_configFilesWithProblems)
            {
                if (diagnostics.Length > 0) _configFilesWithProblems.Add(path);
                else if (!_configFilesWithProblems.Remove(path)) continue; // nothing to clear
            }
            await SafeNotify("textDocument/publishDiagnostics", new PublishDiagnosticsParams(Proto.Uri(path), diagnostics),
                LspJsonContext.Default.PublishDiagnosticsParams).ConfigureAwait(false);
        }
    }

    private void OnDiagnosticsIdle(int problems)
    {
        if (!Ready.IsCompleted || Interlocked.Exchange(ref _lastStatusProblems, problems) == problems) return;
        _ = SendStatusAsync("ready");
    }

    private Task SendStatusAsync(string state) =>
        SafeNotify("notes/status", new StatusParams(state, Workspace.View.Index.Notes.Count, Diagnostics.ProblemCount,
            Volatile.Read(ref _indexed), null), NotesJsonContext.Default.StatusParams);

    private async Task SafeNotify<T>(string method, T value, JsonTypeInfo<T> info)
    {
        try { await Rpc.SendNotificationAsync(method, value, info).ConfigureAwait(false); }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or OperationCanceledException or IOException)
        {
            Log.Write($"{method} not sent: {e.Message}");
        }
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stop.Cancel();
        foreach (var w in _watchers) w.Dispose();
        try { await _scan.ConfigureAwait(false); } catch (Exception) { }
        Diagnostics.Dispose();
        _stop.Dispose();
    }
}
