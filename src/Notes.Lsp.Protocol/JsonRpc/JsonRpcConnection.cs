using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;

namespace Notes.Lsp.Protocol.JsonRpc;

/// <summary>
/// JSON-RPC 2.0 over the LSP base protocol, symmetric (either end may send requests and notifications).
/// A reader loop parses frames, completes answers to our requests and handles <c>$/cancelRequest</c> at once;
/// a dispatch loop runs requests and notifications in arrival order: serial ones to completion, reads
/// concurrently on the snapshot taken at dispatch. Every request gets exactly one response.
/// The parts: <see cref="MessageFramer"/> reads, <see cref="MessageWriter"/> writes, <see cref="IncomingRequests"/>
/// tracks the peer's requests, <see cref="OutgoingRequests"/> ours.
/// </summary>
public sealed class JsonRpcConnection : IAsyncDisposable
{
    private readonly PipeReader _input;
    private readonly JsonRpcOptions _options;
    private readonly MessageWriter _writer;
    private readonly IncomingRequests _incoming = new();
    private readonly OutgoingRequests _outgoing = new();
    private readonly Dictionary<string, Registered> _handlers = new(StringComparer.Ordinal);
    private readonly Channel<(JsonDocument Doc, long ReadAt)> _queue = Channel.CreateUnbounded<(JsonDocument, long)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started, _disposed;

    public JsonRpcConnection(PipeReader input, PipeWriter output, JsonRpcOptions? options = null)
    {
        _input = input;
        _options = options ?? new JsonRpcOptions();
        _writer = new MessageWriter(output, m => Log?.Invoke(m));
        _writer.Written += size => MessageWritten?.Invoke(size);
    }

    public static JsonRpcConnection FromStreams(Stream input, Stream output, JsonRpcOptions? options = null) =>
        new(PipeReader.Create(input), PipeWriter.Create(output), options);

    /// <summary>One line per problem: bad frames, handler faults (with their stack), dropped notifications.</summary>
    public event Action<string>? Log;

    /// <summary>Raised after each message is written, with the size of its body in bytes (outside the write lock).</summary>
    public event Action<int>? MessageWritten;

    /// <summary>Completes when the input ends, after a fatal error, or after <see cref="DisposeAsync"/>. Never faults.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Our requests still waiting for the peer's answer.</summary>
    public int PendingOutgoing => _outgoing.Count;

    /// <summary>The id of the last request we sent (ids are 1, 2, 3, ...): lets a caller match the peer's log lines to its requests.</summary>
    public long LastRequestId => _outgoing.LastId;

    private delegate Task Handler(JsonElement? id, JsonElement? rawParams, object? snapshot, long readAt);

    private sealed record Registered(Handler Run, HandlerKind Kind, bool IsRequest);

    // ---- registration -------------------------------------------------------------------------------------------

    public void OnRequest<TParams, TResult>(string method, JsonTypeInfo<TParams> paramsType, JsonTypeInfo<TResult> resultType,
        Func<TParams, RequestContext, Task<TResult>> handler, HandlerKind kind = HandlerKind.Read)
    {
        _handlers[method] = new Registered(async (id, raw, snapshot, readAt) =>
        {
            var timing = RequestTiming.Begin(readAt);
            var flight = _incoming.Start(id!.Value, kind, DocumentUri(raw), _stop.Token);
            if (flight is null)
            {
                await _writer.ErrorAsync(id.Value, ErrorCodes.InvalidRequest, $"request id {id} is already in use").ConfigureAwait(false);
                return;
            }
            async Task Work()
            {
                timing.Started();
                try
                {
                    flight.Token.ThrowIfCancellationRequested();
                    TParams p;
                    try { p = Deserialize(raw, paramsType); }
                    catch (JsonException e) { throw new LspException(ErrorCodes.InvalidParams, $"{method}: {e.Message}"); }
                    var result = await handler(p, new RequestContext(method, flight.Token, snapshot, raw)).ConfigureAwait(false);
                    timing.Computed();
                    await _writer.ResultAsync(id.Value, result, resultType).ConfigureAwait(false);
                }
                catch (LspException e) { await _writer.ErrorAsync(id, e.Code, e.Message).ConfigureAwait(false); }
                catch (OperationCanceledException) when (flight.Token.IsCancellationRequested)
                {
                    await _writer.ErrorAsync(id, flight.CancelCode, flight.CancelCode == ErrorCodes.ContentModified ? "content modified" : "request cancelled").ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    Log?.Invoke($"{method} failed: {e}");
                    await _writer.ErrorAsync(id, ErrorCodes.InternalError, $"{method} failed: {e.Message}").ConfigureAwait(false);
                }
                finally
                {
                    _incoming.Finish(id.Value, flight);
                    if (timing.End(_options.SlowRequest) is { } slow) Log?.Invoke($"slow request {IncomingRequests.Key(id.Value)[2..]} {method}: {slow}");
                }
            }
            if (kind == HandlerKind.Serial) await Work().ConfigureAwait(false);
            else await Task.Run(Work).ConfigureAwait(false);
        }, kind, IsRequest: true);
    }

    public void OnNotification<TParams>(string method, JsonTypeInfo<TParams> paramsType, Func<TParams, Task> handler) =>
        OnNotification(method, paramsType, (p, _) => handler(p));

    /// <summary>A notification handler that is also given when the message's frame was read and parsed (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), before its params were deserialized.</summary>
    public void OnNotification<TParams>(string method, JsonTypeInfo<TParams> paramsType, Func<TParams, long, Task> handler)
    {
        _handlers[method] = new Registered(async (_, raw, _, readAt) =>
        {
            TParams p;
            try { p = Deserialize(raw, paramsType); }
            catch (JsonException e)
            {
                Log?.Invoke($"{method}: bad params, dropped ({e.Message})");
                return;
            }
            try { await handler(p, readAt).ConfigureAwait(false); }
            catch (Exception e) { Log?.Invoke($"{method} failed: {e}"); }
        }, HandlerKind.Serial, IsRequest: false);
    }

    private static T Deserialize<T>(JsonElement? raw, JsonTypeInfo<T> info)
    {
        var value = raw is { } r && r.ValueKind != JsonValueKind.Undefined ? r.Deserialize(info) : default;
        NullElementCheck.Check(value, info);
        return value!;
    }

    /// <summary>The document a request is about (<c>params.textDocument.uri</c>), if it names one.</summary>
    private static string? DocumentUri(JsonElement? raw) =>
        raw is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("textDocument", out var td) && td.ValueKind == JsonValueKind.Object
        && td.TryGetProperty("uri", out var uri) && uri.ValueKind == JsonValueKind.String ? uri.GetString() : null;

    // ---- outgoing -----------------------------------------------------------------------------------------------

    /// <summary>
    /// Sends a request and waits for its answer, at most <paramref name="timeout"/> (default
    /// <see cref="JsonRpcOptions.RequestTimeout"/>); then a <c>$/cancelRequest</c> goes out and
    /// <see cref="JsonRpcTimeoutException"/> is thrown. An error answer throws <see cref="JsonRpcRemoteException"/>;
    /// the end of the connection, <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<TResult> SendRequestAsync<TParams, TResult>(string method, TParams @params, JsonTypeInfo<TParams> paramsType,
        JsonTypeInfo<TResult> resultType, CancellationToken ct = default, TimeSpan? timeout = null)
    {
        var limit = timeout ?? _options.RequestTimeout;
        var (id, answer) = _outgoing.Add();
        try
        {
            await _writer.RequestAsync(id, method, @params, paramsType).ConfigureAwait(false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(limit);
            using (deadline.Token.Register(() =>
            {
                if (answer.TrySetCanceled(deadline.Token)) _ = _writer.CancelAsync(id);
            }))
            {
                try
                {
                    var result = await answer.Task.ConfigureAwait(false);
                    return result.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? default! : result.Deserialize(resultType)!;
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
                {
                    throw new JsonRpcTimeoutException(method, limit);
                }
            }
        }
        finally
        {
            _outgoing.Remove(id);
        }
    }

    public Task SendNotificationAsync<TParams>(string method, TParams @params, JsonTypeInfo<TParams> paramsType) =>
        _writer.NotificationAsync(method, @params, paramsType);

    /// <summary>
    /// A document changed: reads of that document still running answer ContentModified (-32801). Reads of other
    /// documents, workspace-wide reads and <see cref="HandlerKind.Refactor"/> requests are not cancelled.
    /// </summary>
    public int CancelStaleReads(string documentUri) => _incoming.CancelStaleReads(documentUri);

    // ---- loops --------------------------------------------------------------------------------------------------

    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("already started");
        var reader = Task.Run(ReadLoopAsync);
        var dispatch = Task.Run(DispatchLoopAsync);
        _ = Task.WhenAll(reader, dispatch).ContinueWith(_ => _completion.TrySetResult(), TaskScheduler.Default);
    }

    private async Task ReadLoopAsync()
    {
        var framer = new MessageFramer(_input, _options.MaxMessageBytes, m => Log?.Invoke(m));
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var frame = await framer.ReadAsync(_stop.Token).ConfigureAwait(false);
                if (frame is not { } f) break;
                if (f.Refused is { } refused)
                {
                    // Skipped unread by its length; answered when its id was seen in the part we looked at.
                    if (refused.Id is { } rid) await _writer.ErrorAsync(rid, ErrorCodes.InvalidRequest, refused.Message).ConfigureAwait(false);
                    continue;
                }
                if (f.Body is null)
                {
                    Log?.Invoke($"parse error: {f.ParseError}");
                    await _writer.ErrorAsync(null, ErrorCodes.ParseError, "parse error: " + f.ParseError).ConfigureAwait(false);
                    continue;
                }
                if (!await RouteAsync(f.Body).ConfigureAwait(false)) f.Body.Dispose();
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e) { Log?.Invoke($"reader stopped: {e}"); }
        finally
        {
            _outgoing.Close();
            _queue.Writer.TryComplete();
            try { await _input.CompleteAsync().ConfigureAwait(false); } catch (Exception) { }
        }
    }

    /// <summary>Responses and cancellations act at once; everything else queues for dispatch. True when queued.</summary>
    private async Task<bool> RouteAsync(JsonDocument doc)
    {
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            await _writer.ErrorAsync(null, ErrorCodes.InvalidRequest, "a message must be a JSON object").ConfigureAwait(false);
            return false;
        }
        bool hasMethod = root.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.String;
        bool hasId = root.TryGetProperty("id", out var id) && id.ValueKind != JsonValueKind.Null;
        if (hasId && id.ValueKind is not (JsonValueKind.Number or JsonValueKind.String))
        {
            await _writer.ErrorAsync(null, ErrorCodes.InvalidRequest, "id must be a number or a string").ConfigureAwait(false);
            return false;
        }
        if (!hasMethod)
        {
            if (hasId && (root.TryGetProperty("result", out _) || root.TryGetProperty("error", out _)))
            {
                if (!_outgoing.Complete(root, id)) Log?.Invoke($"a response to unknown request {id} (answered late, or never asked)");
            }
            else if (hasId) await _writer.ErrorAsync(id.Clone(), ErrorCodes.InvalidRequest, "a request needs a method").ConfigureAwait(false);
            else Log?.Invoke("a message with neither method nor id, dropped");
            return false;
        }
        if (!hasId && method.ValueEquals("$/cancelRequest"))
        {
            if (root.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("id", out var cancelId)
                && cancelId.ValueKind is JsonValueKind.Number or JsonValueKind.String)
                _incoming.CancelByPeer(cancelId);
            return false;
        }
        if (hasId) _incoming.Queue(id);
        await _queue.Writer.WriteAsync((doc, System.Diagnostics.Stopwatch.GetTimestamp())).ConfigureAwait(false);
        return true;
    }

    private async Task DispatchLoopAsync()
    {
        try
        {
            await foreach (var (doc, readAt) in _queue.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                using (doc)
                {
                    var root = doc.RootElement;
                    var method = root.GetProperty("method").GetString()!;
                    JsonElement? id = root.TryGetProperty("id", out var i) && i.ValueKind != JsonValueKind.Null ? i.Clone() : null;
                    // A serial handler has finished with its params before the document is disposed, so it reads them in
                    // place; any other runs on while the next messages are read, and gets a copy (a 180 KB publishDiagnostics
                    // or a 700 KB didOpen was copied once more for nothing).
                    bool inPlace = _handlers.TryGetValue(method, out var h) && h.Kind == HandlerKind.Serial;
                    JsonElement? raw = root.TryGetProperty("params", out var p) ? inPlace ? p : p.Clone() : null;
                    await DispatchAsync(method, id, raw, readAt).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e) { Log?.Invoke($"dispatch stopped: {e}"); }
    }

    private async Task DispatchAsync(string method, JsonElement? id, JsonElement? raw, long readAt)
    {
        bool isRequest = id is not null;
        if (_options.Precheck?.Invoke(method, isRequest) is { } refused)
        {
            if (isRequest) await RefuseAsync(id!.Value, refused.Code, refused.Message).ConfigureAwait(false);
            else Log?.Invoke($"{method} dropped: {refused.Message}");
            return;
        }
        if (!_handlers.TryGetValue(method, out var handler) || handler.IsRequest != isRequest)
        {
            if (isRequest) await RefuseAsync(id!.Value, ErrorCodes.MethodNotFound, $"unknown method {method}").ConfigureAwait(false);
            else if (!method.StartsWith("$/", StringComparison.Ordinal)) Log?.Invoke($"unknown notification {method}, ignored");
            return;
        }
        if (raw is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null) })
        {
            if (isRequest) await RefuseAsync(id!.Value, ErrorCodes.InvalidParams, "params must be an object or an array").ConfigureAwait(false);
            else Log?.Invoke($"{method}: params are not structured, dropped");
            return;
        }
        var snapshot = handler.Kind != HandlerKind.Serial ? _options.SnapshotProvider?.Invoke() : null;
        var task = handler.Run(id, raw, snapshot, readAt);
        if (handler.Kind == HandlerKind.Serial) await task.ConfigureAwait(false);
    }

    /// <summary>Answers a request with an error instead of dispatching it.</summary>
    private Task RefuseAsync(JsonElement id, int code, string message)
    {
        _incoming.Dequeue(id);
        return _writer.ErrorAsync(id, code, message);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stop.Cancel();
        _incoming.CancelAll();
        _outgoing.Close();
        _queue.Writer.TryComplete();
        await _writer.CloseAsync().ConfigureAwait(false);
        if (Volatile.Read(ref _started) == 0) { try { await _input.CompleteAsync().ConfigureAwait(false); } catch (Exception) { } }
        _completion.TrySetResult();
    }
}
