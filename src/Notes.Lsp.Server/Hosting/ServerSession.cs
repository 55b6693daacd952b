using System.Text.Json.Serialization.Metadata;
using Notes.Lsp.Protocol.JsonRpc;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Protocol;
using Notes.Lsp.Server.Workspace;

namespace Notes.Lsp.Server.Hosting;

/// <summary>
/// One client session: the lifecycle (<c>initialize</c>, <c>initialized</c>, <c>shutdown</c>) and the registration
/// API handlers use. The jobs live beside it: <see cref="Reload"/> (settings, watchers, scans),
/// <see cref="Publishing"/> (diagnostics and status, pushed), <see cref="ClientRequests"/> (everything sent to the
/// client, with deadlines). Handlers see only a snapshot; what they ask the session to do (apply an edit) the
/// session does.
/// </summary>
public sealed class ServerSession : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private int _disposed;

    public ServerSession(LanguageServerHost host, NotesWorkspace workspace, ServerLog log, MemoryTrimmer trimmer)
    {
        Host = host;
        Workspace = workspace;
        Log = log;
        Requests = new ClientRequests(() => host.Rpc, log, _stop.Token);
        Cache = new IndexCache(workspace, log, _stop.Token);
        Reload = new Reload(workspace, Requests, log, trimmer, state => Publishing!.StatusAsync(state), _stop.Token, Cache);
        Publishing = new Publishing(workspace, Requests, log, () => Reload.Ready.IsCompleted, () => Reload.NotesRead);
        host.Initialize = InitializeAsync;
        host.Initialized = () => { Reload.Initialized(); return Task.CompletedTask; };
        host.Shutdown = async () =>
        {
            // What changed since the last write goes to the index cache (a few hundred ms at most), then everything stops.
            await Task.WhenAny(Cache.FlushAsync(), Task.Delay(ShutdownFlush)).ConfigureAwait(false);
            _stop.Cancel();
        };
    }

    public LanguageServerHost Host { get; }
    public NotesWorkspace Workspace { get; }
    /// <summary>The editor's text of the open bibliography files (they are not notes).</summary>
    public OpenTexts Bibliographies { get; } = new();
    public ServerLog Log { get; }
    public ClientRequests Requests { get; }
    public Reload Reload { get; }
    public IndexCache Cache { get; }
    /// <summary>How long <c>shutdown</c> waits for the index cache to be written.</summary>
    public static readonly TimeSpan ShutdownFlush = TimeSpan.FromSeconds(5);
    public Publishing Publishing { get; }
    public DiagnosticsPublisher Diagnostics => Publishing.Diagnostics;
    public ClientCapabilities Client => Requests.Capabilities;
    public EditCapabilities EditCaps { get; private set; } = EditCapabilities.None;
    public JsonRpcConnection Rpc => Host.Rpc;

    /// <summary>Completes when the first scan has installed the whole vault.</summary>
    public Task Ready => Reload.Ready;

    /// <summary>The snapshot a read request runs on: the one taken on arrival, or, during the first scan, the first complete one.</summary>
    public async Task<ServerView> ViewAsync(RequestContext ctx)
    {
        var view = ctx.Snapshot as ServerView ?? Workspace.View;
        if (view.Ready) return view;
        await Ready.WaitAsync(ctx.CancellationToken).ConfigureAwait(false);
        return Workspace.View;
    }

    /// <summary>A read: runs on the snapshot taken at arrival; an edit of the document it names cancels it (ContentModified).</summary>
    public void Read<TP, TR>(string method, JsonTypeInfo<TP> p, JsonTypeInfo<TR> r, Func<TP, ServerView, CancellationToken, TR> handler) =>
        Register(method, p, r, handler, HandlerKind.Read);

    /// <summary>A request whose answer is an edit (rename, file moves, code actions): no edit cancels it.</summary>
    public void Refactor<TP, TR>(string method, JsonTypeInfo<TP> p, JsonTypeInfo<TR> r, Func<TP, ServerView, CancellationToken, TR> handler) =>
        Register(method, p, r, handler, HandlerKind.Refactor);

    /// <summary>A command that computes an edit on a snapshot; the session asks the client to apply it and answers null.</summary>
    public void Command<TP>(string method, JsonTypeInfo<TP> p, Func<TP, ServerView, CancellationToken, (WorkspaceEdit Edit, string Label)> handler) =>
        Register(method, p, LspJsonContext.Default.NullableJsonElement, (prm, view, ct) =>
        {
            var (edit, label) = handler(prm, view, ct);
            _ = Requests.ApplyEditAsync(edit, label); // its outcome is logged; the command's answer does not wait for the user
            return (System.Text.Json.JsonElement?)null;
        }, HandlerKind.Refactor);

    private void Register<TP, TR>(string method, JsonTypeInfo<TP> p, JsonTypeInfo<TR> r, Func<TP, ServerView, CancellationToken, TR> handler, HandlerKind kind) =>
        Rpc.OnRequest(method, p, r, async (prm, ctx) =>
        {
            if (prm is null) throw new LspException(ErrorCodes.InvalidParams, $"{method}: params are missing");
            var view = await ViewAsync(ctx).ConfigureAwait(false);
            ctx.CancellationToken.ThrowIfCancellationRequested();
            return handler(prm, view, ctx.CancellationToken);
        }, kind);

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
        Requests.Capabilities = p.Capabilities ?? new ClientCapabilities();
        EditCaps = EditCapabilities.From(Client);
        var roots = (p.WorkspaceFolders is { Length: > 0 } folders ? folders.Select(f => f.Uri) : p.RootUri is { } u ? [u] : [])
            .Select(Proto.PathOf).OfType<string>().ToList();
        if (roots.Count == 0 && p.RootPath is { Length: > 0 } rp) roots.Add(NotesWorkspace.Normalise(rp));
        Workspace.Initialize(roots, Proto.Encoding(PositionEncodings.Negotiate(Client.General?.PositionEncodings)));
        var (storage, cacheOn) = CacheOptions(p.InitializationOptions);
        Cache.Configure(storage, cacheOn && Workspace.Source is DiskVaultSource, Environment.GetEnvironmentVariable);
        Log.Write($"initialize: {roots.Count} root(s): {string.Join(", ", roots)}; encoding {Workspace.View.Encoding}");
        _ = Task.Run(Reload.StartAsync); // off the dispatch loop: it may ask the client and wait for answers
        return Task.FromResult(Capabilities.For(Client));
    }

    /// <summary>
    /// <c>initializationOptions.storagePath</c> (the client's storage folder for this workspace; VS Code's
    /// <c>storageUri</c>) and <c>initializationOptions.cache</c> (false turns the index cache off).
    /// </summary>
    private (string? StoragePath, bool Enabled) CacheOptions(System.Text.Json.JsonElement? options)
    {
        if (options is not { ValueKind: System.Text.Json.JsonValueKind.Object } o) return (null, true);
        string? storage = o.TryGetProperty("storagePath", out var sp) && sp.ValueKind == System.Text.Json.JsonValueKind.String ? sp.GetString() : null;
        if (storage is { Length: > 0 } && !Path.IsPathRooted(storage))
        {
            Log.Write($"initializationOptions.storagePath is not an absolute path, ignored: {storage}");
            storage = null;
        }
        bool enabled = !(o.TryGetProperty("cache", out var c) && c.ValueKind == System.Text.Json.JsonValueKind.False);
        return (storage, enabled);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stop.Cancel();
        Reload.Dispose();
        Cache.Dispose();
        await Reload.StoppedAsync().ConfigureAwait(false);
        Publishing.Diagnostics.Dispose();
        _stop.Dispose();
    }
}
