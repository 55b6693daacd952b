namespace Notes.Lsp.Protocol.JsonRpc;

/// <summary>How a connection treats its input.</summary>
public sealed class JsonRpcOptions
{
    /// <summary>A <c>Content-Length</c> above this is refused before anything is allocated; the stream resynchronises.</summary>
    public long MaxMessageBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Called on the dispatch loop when a read request is dispatched: the state it will run on.</summary>
    public Func<object?>? SnapshotProvider { get; init; }

    /// <summary>(method, isRequest) → an error to answer instead of dispatching (notifications are then dropped).</summary>
    public Func<string, bool, LspError?>? Precheck { get; init; }
}

/// <summary>Read requests run concurrently on the snapshot taken at arrival; serial ones run alone, in order.</summary>
public enum HandlerKind { Read, Serial }

/// <summary>What a request handler gets besides its params.</summary>
public sealed class RequestContext(string method, CancellationToken ct, object? snapshot, System.Text.Json.JsonElement? rawParams)
{
    public string Method { get; } = method;
    /// <summary>Cancelled by <c>$/cancelRequest</c>, by a document change (reads), or when the connection closes.</summary>
    public CancellationToken CancellationToken { get; } = ct;
    public object? Snapshot { get; } = snapshot;
    public System.Text.Json.JsonElement? RawParams { get; } = rawParams;
}
