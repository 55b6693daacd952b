using System.Collections.Concurrent;
using System.Text.Json;

namespace Notes.Lsp.Protocol.JsonRpc;

/// <summary>Our requests to the peer, waiting for answers. Every one has a deadline; nothing waits on the peer for ever.</summary>
internal sealed class OutgoingRequests
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _pending = new();
    private long _nextId;
    private volatile bool _closed;

    public int Count => _pending.Count;

    /// <summary>The id given to the last request added (0 before the first).</summary>
    public long LastId => Interlocked.Read(ref _nextId);

    /// <summary>A new request id and the task its answer completes; already cancelled when no answer can come any more.</summary>
    public (long Id, TaskCompletionSource<JsonElement> Answer) Add()
    {
        var id = Interlocked.Increment(ref _nextId);
        var tcs = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = tcs;
        if (_closed) tcs.TrySetCanceled();
        return (id, tcs);
    }

    public void Remove(long id) => _pending.TryRemove(id, out _);

    /// <summary>An answer arrived; false when no request of ours has that id (answered twice, timed out, or never sent).</summary>
    public bool Complete(JsonElement root, JsonElement id)
    {
        if (id.ValueKind != JsonValueKind.Number || !id.TryGetInt64(out var n) || !_pending.TryRemove(n, out var tcs)) return false;
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            int code = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var ci) ? ci : ErrorCodes.UnknownErrorCode;
            string message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "error";
            tcs.TrySetException(new JsonRpcRemoteException(code, message, error.TryGetProperty("data", out var d) ? d.Clone() : null));
        }
        else tcs.TrySetResult(root.TryGetProperty("result", out var r) ? r.Clone() : default);
        return true;
    }

    /// <summary>The input ended or the connection closed: no answer can come; every waiting request is cancelled.</summary>
    public void Close()
    {
        _closed = true;
        foreach (var p in _pending.Values) p.TrySetCanceled();
    }
}

/// <summary>The peer did not answer our request in time (a <c>$/cancelRequest</c> was sent for it).</summary>
public sealed class JsonRpcTimeoutException(string method, TimeSpan timeout)
    : TimeoutException($"{method}: no answer in {timeout.TotalSeconds:0.#} s")
{
    public string Method { get; } = method;
}
