using System.Collections.Concurrent;
using System.Text.Json;

namespace Notes.Lsp.Protocol.JsonRpc;

/// <summary>
/// The peer's requests from arrival to answer: queued (read, not yet dispatched), then in flight (running), then done.
/// A <c>$/cancelRequest</c> finds a request in one of the two tables; a document change cancels only the reads of
/// that document (<see cref="CancelStaleReads"/>).
/// </summary>
internal sealed class IncomingRequests
{
    // Read but not yet dispatched → whether a $/cancelRequest for it arrived meanwhile.
    private readonly ConcurrentDictionary<string, bool> _queued = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, InFlight> _inFlight = new(StringComparer.Ordinal);

    internal sealed class InFlight(HandlerKind kind, string? documentUri, CancellationToken connectionStopping) : IDisposable
    {
        private readonly CancellationTokenSource _linked = CancellationTokenSource.CreateLinkedTokenSource(connectionStopping);
        private volatile int _code = ErrorCodes.RequestCancelled;

        public HandlerKind Kind { get; } = kind;
        /// <summary>The <c>textDocument.uri</c> of the request's params, if it has one: the document it reads.</summary>
        public string? DocumentUri { get; } = documentUri;
        public CancellationToken Token => _linked.Token;
        /// <summary>The error code a cancelled request answers: -32800 (cancelled by the peer) or -32801 (content modified).</summary>
        public int CancelCode => _code;

        public void Cancel(int code)
        {
            _code = code;
            try { _linked.Cancel(); } catch (ObjectDisposedException) { }
        }

        public void Dispose() => _linked.Dispose();
    }

    public static string Key(JsonElement id) =>
        id.ValueKind == JsonValueKind.String ? "s:" + id.GetString() : "n:" + id.GetRawText();

    /// <summary>A request was read; it waits for dispatch.</summary>
    public void Queue(JsonElement id) => _queued.TryAdd(Key(id), false);

    /// <summary>A request will not run (refused at dispatch).</summary>
    public void Dequeue(JsonElement id) => _queued.TryRemove(Key(id), out _);

    /// <summary>A request starts; null when its id is already in use by a request in flight.</summary>
    public InFlight? Start(JsonElement id, HandlerKind kind, string? documentUri, CancellationToken stopping)
    {
        var key = Key(id);
        var flight = new InFlight(kind, documentUri, stopping);
        if (!_inFlight.TryAdd(key, flight)) { flight.Dispose(); return null; }
        // In flight first, then out of the queue: a cancellation racing with this finds the request in one of them.
        if (_queued.TryRemove(key, out var cancelledWhileQueued) && cancelledWhileQueued) flight.Cancel(ErrorCodes.RequestCancelled);
        return flight;
    }

    public void Finish(JsonElement id, InFlight flight)
    {
        _inFlight.TryRemove(new KeyValuePair<string, InFlight>(Key(id), flight));
        flight.Dispose();
    }

    /// <summary><c>$/cancelRequest</c>: a queued request is marked (answered cancelled when dispatched), one in flight is cancelled.</summary>
    public void CancelByPeer(JsonElement id)
    {
        var key = Key(id);
        if (!_queued.TryUpdate(key, true, false) && _inFlight.TryGetValue(key, out var flight)) flight.Cancel(ErrorCodes.RequestCancelled);
    }

    /// <summary>
    /// A document changed: reads of that document in flight would answer for a text that is gone, so they answer
    /// ContentModified. Reads of other documents, workspace-wide reads and refactorings run on: their snapshot is
    /// still a true state of the workspace, and the specification asks not to cancel merely because content changed.
    /// </summary>
    public int CancelStaleReads(string documentUri)
    {
        int n = 0;
        foreach (var f in _inFlight.Values)
            if (f.Kind == HandlerKind.Read && f.DocumentUri is { } uri && string.Equals(uri, documentUri, StringComparison.Ordinal))
            {
                f.Cancel(ErrorCodes.ContentModified);
                n++;
            }
        return n;
    }

    /// <summary>The connection closes: everything in flight is cancelled.</summary>
    public void CancelAll()
    {
        foreach (var f in _inFlight.Values) f.Cancel(ErrorCodes.RequestCancelled);
    }
}
