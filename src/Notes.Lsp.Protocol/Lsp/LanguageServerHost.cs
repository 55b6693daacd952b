using System.Text.Json;
using Notes.Lsp.Protocol.JsonRpc;

namespace Notes.Lsp.Protocol.Lsp;

/// <summary>
/// The LSP lifecycle around a <see cref="JsonRpcConnection"/>: <c>initialize</c> first (anything else before it is
/// -32002), a second <c>initialize</c> is refused, requests after <c>shutdown</c> are refused, <c>exit</c> ends the
/// connection with code 0 after <c>shutdown</c> and 1 without. Negotiates the position encoding.
/// </summary>
/// <remarks>
/// Build the host first, create the connection with <see cref="Options"/>, then <see cref="Attach"/> it:
/// the lifecycle gate runs on the connection's dispatch loop, before any handler.
/// </remarks>
public sealed class LanguageServerHost
{
    private const int Uninitialized = 0, Initializing = 1, Running = 2, ShuttingDown = 3;
    private int _state;
    private bool _exitAfterShutdown;
    private JsonRpcConnection? _rpc;

    /// <param name="slowRequest">Requests this slow or slower are logged with where their time went (default: <see cref="JsonRpcOptions.SlowRequest"/>).</param>
    public LanguageServerHost(Func<object?>? snapshotProvider = null, long maxMessageBytes = 64 * 1024 * 1024, TimeSpan? slowRequest = null)
    {
        Options = new JsonRpcOptions { SnapshotProvider = snapshotProvider, Precheck = Gate, MaxMessageBytes = maxMessageBytes, SlowRequest = slowRequest ?? JsonRpcOptions.DefaultSlowRequest };
    }

    /// <summary>The options the connection must be created with.</summary>
    public JsonRpcOptions Options { get; }

    public JsonRpcConnection Rpc => _rpc ?? throw new InvalidOperationException("No connection attached.");

    /// <summary>The encoding agreed in <c>initialize</c>: "utf-16" (the default), "utf-8" or "utf-32".</summary>
    public string PositionEncoding { get; private set; } = PositionEncodings.Utf16;

    /// <summary>Answers <c>initialize</c>: the client's parameters in, our capabilities out (position encoding set by the host).</summary>
    public Func<InitializeParams, CancellationToken, Task<ServerCapabilities>>? Initialize { get; set; }
    public Func<Task>? Initialized { get; set; }
    public Func<Task>? Shutdown { get; set; }
    public ServerInfo Info { get; set; } = new("notes-lsp", null);

    public void Attach(JsonRpcConnection rpc)
    {
        _rpc = rpc;
        rpc.OnRequest("initialize", LspJsonContext.Default.InitializeParams, LspJsonContext.Default.InitializeResult, OnInitialize, HandlerKind.Serial);
        rpc.OnNotification("initialized", LspJsonContext.Default.NullableJsonElement, async _ =>
        {
            if (Initialized is { } f) await f().ConfigureAwait(false);
        });
        rpc.OnRequest("shutdown", LspJsonContext.Default.NullableJsonElement, LspJsonContext.Default.NullableJsonElement, async (_, _) =>
        {
            Volatile.Write(ref _state, ShuttingDown);
            if (Shutdown is { } f) await f().ConfigureAwait(false);
            return null;
        }, HandlerKind.Serial);
        rpc.OnNotification("exit", LspJsonContext.Default.NullableJsonElement, p =>
        {
            _exitAfterShutdown = Volatile.Read(ref _state) == ShuttingDown;
            // Not awaited: disposing waits for the dispatch loop this handler runs on.
            _ = Task.Run(() => rpc.DisposeAsync().AsTask());
            return Task.CompletedTask;
        });
    }

    /// <summary>Serves until the input ends or <c>exit</c> arrives; returns the process exit code.</summary>
    public async Task<int> RunAsync()
    {
        Rpc.Start();
        await Rpc.Completion.ConfigureAwait(false);
        return _exitAfterShutdown ? 0 : 1;
    }

    public Task LogAsync(int type, string message) =>
        _rpc is null ? Task.CompletedTask : SafeSend("window/logMessage", new LogMessageParams(type, message), LspJsonContext.Default.LogMessageParams);

    public Task TraceAsync(string message) =>
        _rpc is null ? Task.CompletedTask : SafeSend("$/logTrace", new LogTraceParams(message), LspJsonContext.Default.LogTraceParams);

    public Task ShowAsync(int type, string message) =>
        _rpc is null ? Task.CompletedTask : SafeSend("window/showMessage", new ShowMessageParams(type, message), LspJsonContext.Default.ShowMessageParams);

    private async Task SafeSend<T>(string method, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
    {
        try { await Rpc.SendNotificationAsync(method, value, info).ConfigureAwait(false); }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or OperationCanceledException or IOException) { }
    }

    private LspError? Gate(string method, bool isRequest)
    {
        int state = Volatile.Read(ref _state);
        if (method == "exit") return null;
        if (method == "initialize")
        {
            if (state != Uninitialized) return new LspError(ErrorCodes.InvalidRequest, "initialize was already received");
            Volatile.Write(ref _state, Initializing);
            return null;
        }
        if (state == Uninitialized)
            return new LspError(ErrorCodes.ServerNotInitialized, $"{method} before initialize");
        if (state == ShuttingDown && isRequest)
            return new LspError(ErrorCodes.InvalidRequest, $"{method} after shutdown");
        if (state == ShuttingDown) return new LspError(ErrorCodes.InvalidRequest, "dropped after shutdown");
        return null;
    }

    private async Task<InitializeResult> OnInitialize(InitializeParams p, RequestContext ctx)
    {
        PositionEncoding = PositionEncodings.Negotiate(p.Capabilities?.General?.PositionEncodings);
        var caps = Initialize is { } f ? await f(p, ctx.CancellationToken).ConfigureAwait(false) : new ServerCapabilities();
        Volatile.Write(ref _state, Running);
        return new InitializeResult(caps with { PositionEncoding = PositionEncoding }, Info);
    }
}

public static class PositionEncodings
{
    public const string Utf8 = "utf-8", Utf16 = "utf-16", Utf32 = "utf-32";

    /// <summary>The client's most preferred encoding that we support; utf-16 when the client offers none.</summary>
    public static string Negotiate(IEnumerable<string>? offered)
    {
        foreach (var e in offered ?? [])
            if (e is Utf8 or Utf16 or Utf32) return e;
        return Utf16;
    }
}
