namespace Notes.Lsp.Protocol.JsonRpc;

/// <summary>How a connection treats its input.</summary>
public sealed class JsonRpcOptions
{
    /// <summary>A <c>Content-Length</c> above this is refused before anything is allocated; the stream resynchronises.</summary>
    public long MaxMessageBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Called on the dispatch loop when a read request is dispatched: the state it will run on.</summary>
    public Func<object?>? SnapshotProvider { get; init; }

    /// <summary>How long a request we send waits for the peer's answer unless the call names its own limit.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>(method, isRequest) → an error to answer instead of dispatching (notifications are then dropped).</summary>
    public Func<string, bool, LspError?>? Precheck { get; init; }

    /// <summary>A request whose answer is written this long or longer after it was read gets a log line saying where the time went (<see cref="RequestTiming"/>).</summary>
    public TimeSpan SlowRequest { get; init; } = DefaultSlowRequest;

    public static readonly TimeSpan DefaultSlowRequest = TimeSpan.FromMilliseconds(500);
}

/// <summary>How a request runs, and what may cancel it besides <c>$/cancelRequest</c>.</summary>
public enum HandlerKind
{
    /// <summary>Concurrently, on the snapshot taken at dispatch; a change to the document it names cancels it (ContentModified).</summary>
    Read,
    /// <summary>Alone, in arrival order (state changes).</summary>
    Serial,
    /// <summary>
    /// Concurrently, on the snapshot taken at dispatch, and never cancelled by a change: its answer is an edit the user
    /// asked for (rename, file moves, code actions), and a client that gets an error applies no edit at all.
    /// </summary>
    Refactor,
}

/// <summary>What a request handler gets besides its params.</summary>
public sealed class RequestContext(string method, CancellationToken ct, object? snapshot, System.Text.Json.JsonElement? rawParams)
{
    public string Method { get; } = method;
    /// <summary>Cancelled by <c>$/cancelRequest</c>, by a document change (reads), or when the connection closes.</summary>
    public CancellationToken CancellationToken { get; } = ct;
    public object? Snapshot { get; } = snapshot;
    /// <summary>The params as received; for a <see cref="HandlerKind.Serial"/> handler, valid only until its task completes (they are read in place).</summary>
    public System.Text.Json.JsonElement? RawParams { get; } = rawParams;
}
