using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;

namespace Notes.Lsp.Protocol.JsonRpc;

/// <summary>
/// JSON-RPC 2.0 over the LSP base protocol, symmetric (either end may send requests and notifications).
/// A reader loop parses frames, completes responses to our requests and handles <c>$/cancelRequest</c> at once;
/// a dispatch loop runs requests and notifications in arrival order: serial ones to completion, read ones
/// concurrently on the snapshot taken at dispatch. Every request gets exactly one response.
/// </summary>
public sealed class JsonRpcConnection : IAsyncDisposable
{
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly JsonRpcOptions _options;
    private readonly Dictionary<string, Handler> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, InFlight> _inFlight = new(StringComparer.Ordinal);
    // Requests read but not yet dispatched → whether a $/cancelRequest for them has arrived meanwhile.
    private readonly ConcurrentDictionary<string, bool> _queued = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new(StringComparer.Ordinal);
    private readonly Channel<JsonDocument> _queue = Channel.CreateUnbounded<JsonDocument>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextId;
    private int _started, _disposed;
    private volatile bool _inputEnded;

    public JsonRpcConnection(PipeReader input, PipeWriter output, JsonRpcOptions? options = null)
    {
        _input = input;
        _output = output;
        _options = options ?? new JsonRpcOptions();
    }

    public static JsonRpcConnection FromStreams(Stream input, Stream output, JsonRpcOptions? options = null) =>
        new(PipeReader.Create(input), PipeWriter.Create(output), options);

    /// <summary>One line per problem: bad frames, handler faults (with their stack), dropped notifications.</summary>
    public event Action<string>? Log;

    /// <summary>Raised after each message is written, with the size of its body in bytes (outside the write lock).</summary>
    public event Action<int>? MessageWritten;

    /// <summary>Completes when the input ends, after a fatal error, or after <see cref="DisposeAsync"/>. Never faults.</summary>
    public Task Completion => _completion.Task;

    private delegate Task Handler(JsonElement? id, JsonElement? rawParams, HandlerContext hc);

    private sealed record HandlerContext(object? Snapshot);

    private sealed class InFlight(HandlerKind kind)
    {
        public HandlerKind Kind { get; } = kind;
        public CancellationTokenSource Cts { get; } = new();
        public volatile int CancelCode = ErrorCodes.RequestCancelled;
    }

    // ---- registration -------------------------------------------------------------------------------------------

    public void OnRequest<TParams, TResult>(string method, JsonTypeInfo<TParams> paramsType, JsonTypeInfo<TResult> resultType,
        Func<TParams, RequestContext, Task<TResult>> handler, HandlerKind kind = HandlerKind.Read)
    {
        _handlers[method] = async (id, raw, hc) =>
        {
            var key = Key(id!.Value);
            var flight = new InFlight(kind);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(flight.Cts.Token, _stop.Token);
            if (!_inFlight.TryAdd(key, flight))
            {
                await RefuseAsync(id.Value, ErrorCodes.InvalidRequest, $"request id {id} is already in use").ConfigureAwait(false);
                return;
            }
            // In flight first, then out of the queue: a cancellation racing with this finds the request in one of them.
            if (_queued.TryRemove(key, out var cancelledWhileQueued) && cancelledWhileQueued) flight.Cts.Cancel();
            var work = async () =>
            {
                try
                {
                    linked.Token.ThrowIfCancellationRequested();
                    TParams p;
                    try { p = Deserialize(raw, paramsType); }
                    catch (JsonException e) { throw new LspException(ErrorCodes.InvalidParams, $"{method}: {e.Message}"); }
                    var ctx = new RequestContext(method, linked.Token, hc.Snapshot, raw);
                    var result = await handler(p, ctx).ConfigureAwait(false);
                    await WriteAsync(w =>
                    {
                        Envelope(w, id);
                        w.WritePropertyName("result");
                        if (result is null) w.WriteNullValue();
                        else JsonSerializer.Serialize(w, result, resultType);
                        w.WriteEndObject();
                    }).ConfigureAwait(false);
                }
                catch (LspException e) { await SendErrorAsync(id, e.Code, e.Message).ConfigureAwait(false); }
                catch (OperationCanceledException) when (linked.IsCancellationRequested)
                {
                    await SendErrorAsync(id, flight.CancelCode, flight.CancelCode == ErrorCodes.ContentModified ? "content modified" : "request cancelled").ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    Log?.Invoke($"{method} failed: {e}");
                    await SendErrorAsync(id, ErrorCodes.InternalError, $"{method} failed: {e.Message}").ConfigureAwait(false);
                }
                finally
                {
                    _inFlight.TryRemove(key, out _);
                    flight.Cts.Dispose();
                }
            };
            if (kind == HandlerKind.Serial) await work().ConfigureAwait(false);
            else await Task.Run(work).ConfigureAwait(false);
        };
        _readKinds[method] = kind;
    }

    private readonly Dictionary<string, HandlerKind> _readKinds = new(StringComparer.Ordinal);

    public void OnNotification<TParams>(string method, JsonTypeInfo<TParams> paramsType, Func<TParams, Task> handler)
    {
        _handlers[method] = async (_, raw, _) =>
        {
            TParams p;
            try { p = Deserialize(raw, paramsType); }
            catch (JsonException e)
            {
                Log?.Invoke($"{method}: bad params, dropped ({e.Message})");
                return;
            }
            try { await handler(p).ConfigureAwait(false); }
            catch (Exception e) { Log?.Invoke($"{method} failed: {e}"); }
        };
    }

    private static T Deserialize<T>(JsonElement? raw, JsonTypeInfo<T> info)
    {
        var value = raw is { } r && r.ValueKind != JsonValueKind.Undefined ? r.Deserialize(info) : default;
        NullElementCheck.Check(value, info);
        return value!;
    }

    // ---- outgoing -----------------------------------------------------------------------------------------------

    public async Task<TResult> SendRequestAsync<TParams, TResult>(string method, TParams @params, JsonTypeInfo<TParams> paramsType,
        JsonTypeInfo<TResult> resultType, CancellationToken ct = default)
    {
        var id = Interlocked.Increment(ref _nextId);
        var key = "n:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var tcs = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[key] = tcs;
        if (Volatile.Read(ref _disposed) != 0 || _inputEnded) tcs.TrySetCanceled(); // no answer can come any more
        try
        {
            await WriteAsync(w =>
            {
                w.WriteStartObject();
                w.WriteString("jsonrpc", "2.0");
                w.WriteNumber("id", id);
                w.WriteString("method", method);
                w.WritePropertyName("params");
                JsonSerializer.Serialize(w, @params, paramsType);
                w.WriteEndObject();
            }).ConfigureAwait(false);
            using var reg = ct.Register(() =>
            {
                if (tcs.TrySetCanceled(ct))
                    _ = WriteAsync(w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("jsonrpc", "2.0");
                        w.WriteString("method", "$/cancelRequest");
                        w.WriteStartObject("params");
                        w.WriteNumber("id", id);
                        w.WriteEndObject();
                        w.WriteEndObject();
                    });
            });
            var result = await tcs.Task.ConfigureAwait(false);
            return result.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? default! : result.Deserialize(resultType)!;
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    public Task SendNotificationAsync<TParams>(string method, TParams @params, JsonTypeInfo<TParams> paramsType) =>
        WriteAsync(w =>
        {
            w.WriteStartObject();
            w.WriteString("jsonrpc", "2.0");
            w.WriteString("method", method);
            if (@params is not null)
            {
                w.WritePropertyName("params");
                JsonSerializer.Serialize(w, @params, paramsType);
            }
            w.WriteEndObject();
        });

    /// <summary>Cancels read requests in flight; they answer ContentModified (-32801).</summary>
    public void CancelPendingReads()
    {
        foreach (var f in _inFlight.Values)
        {
            if (f.Kind != HandlerKind.Read) continue;
            f.CancelCode = ErrorCodes.ContentModified;
            try { f.Cts.Cancel(); } catch (ObjectDisposedException) { }
        }
    }

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
                if (f.Body is null)
                {
                    Log?.Invoke($"parse error: {f.ParseError}");
                    await SendErrorAsync(null, ErrorCodes.ParseError, "parse error: " + f.ParseError).ConfigureAwait(false);
                    continue;
                }
                if (!await RouteAsync(f.Body).ConfigureAwait(false)) f.Body.Dispose();
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e) { Log?.Invoke($"reader stopped: {e}"); }
        finally
        {
            _inputEnded = true;
            foreach (var p in _pending.Values) p.TrySetCanceled();
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
            await SendErrorAsync(null, ErrorCodes.InvalidRequest, "a message must be a JSON object").ConfigureAwait(false);
            return false;
        }
        bool hasMethod = root.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.String;
        bool hasId = root.TryGetProperty("id", out var id) && id.ValueKind != JsonValueKind.Null;
        if (hasId && id.ValueKind is not (JsonValueKind.Number or JsonValueKind.String))
        {
            await SendErrorAsync(null, ErrorCodes.InvalidRequest, "id must be a number or a string").ConfigureAwait(false);
            return false;
        }
        if (!hasMethod)
        {
            if (hasId && (root.TryGetProperty("result", out _) || root.TryGetProperty("error", out _))) CompleteResponse(root, id);
            else if (hasId) await SendErrorAsync(id.Clone(), ErrorCodes.InvalidRequest, "a request needs a method").ConfigureAwait(false);
            else Log?.Invoke("a message with neither method nor id, dropped");
            return false;
        }
        if (!hasId && method.ValueEquals("$/cancelRequest"))
        {
            if (root.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("id", out var cancelId)
                && cancelId.ValueKind is JsonValueKind.Number or JsonValueKind.String)
            {
                var key = Key(cancelId);
                // Still queued: marked, and answered cancelled when dispatched. Otherwise cancel it if in flight.
                if (!_queued.TryUpdate(key, true, false) && _inFlight.TryGetValue(key, out var flight))
                {
                    try { flight.Cts.Cancel(); } catch (ObjectDisposedException) { }
                }
            }
            return false;
        }
        if (hasId) _queued.TryAdd(Key(id), false);
        await _queue.Writer.WriteAsync(doc).ConfigureAwait(false);
        return true;
    }

    private void CompleteResponse(JsonElement root, JsonElement id)
    {
        if (!_pending.TryRemove(Key(id), out var tcs)) { Log?.Invoke($"a response to unknown request {id}"); return; }
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            int code = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var ci) ? ci : ErrorCodes.UnknownErrorCode;
            string message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "error";
            tcs.TrySetException(new JsonRpcRemoteException(code, message, error.TryGetProperty("data", out var d) ? d.Clone() : null));
        }
        else tcs.TrySetResult(root.TryGetProperty("result", out var r) ? r.Clone() : default);
    }

    private async Task DispatchLoopAsync()
    {
        try
        {
            await foreach (var doc in _queue.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                using (doc)
                {
                    var root = doc.RootElement;
                    var method = root.GetProperty("method").GetString()!;
                    JsonElement? id = root.TryGetProperty("id", out var i) && i.ValueKind != JsonValueKind.Null ? i.Clone() : null;
                    JsonElement? raw = root.TryGetProperty("params", out var p) ? p.Clone() : null;
                    await DispatchAsync(method, id, raw).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e) { Log?.Invoke($"dispatch stopped: {e}"); }
    }

    private async Task DispatchAsync(string method, JsonElement? id, JsonElement? raw)
    {
        bool isRequest = id is not null;
        if (_options.Precheck?.Invoke(method, isRequest) is { } refused)
        {
            if (isRequest) await RefuseAsync(id!.Value, refused.Code, refused.Message).ConfigureAwait(false);
            else Log?.Invoke($"{method} dropped: {refused.Message}");
            return;
        }
        if (!_handlers.TryGetValue(method, out var handler))
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
        if (!isRequest)
        {
            await handler(null, raw, new HandlerContext(null)).ConfigureAwait(false);
            return;
        }
        var kind = _readKinds.GetValueOrDefault(method);
        var snapshot = kind == HandlerKind.Read ? _options.SnapshotProvider?.Invoke() : null;
        var task = handler(id, raw, new HandlerContext(snapshot));
        if (kind == HandlerKind.Serial) await task.ConfigureAwait(false);
    }

    // ---- writing ------------------------------------------------------------------------------------------------

    private static string Key(JsonElement id) =>
        id.ValueKind == JsonValueKind.String ? "s:" + id.GetString() : "n:" + id.GetRawText();

    private static void Envelope(Utf8JsonWriter w, JsonElement? id)
    {
        w.WriteStartObject();
        w.WriteString("jsonrpc", "2.0");
        w.WritePropertyName("id");
        if (id is { } i) i.WriteTo(w); else w.WriteNullValue();
    }

    /// <summary>Answers a request with an error instead of dispatching it.</summary>
    private Task RefuseAsync(JsonElement id, int code, string message)
    {
        _queued.TryRemove(Key(id), out _);
        return SendErrorAsync(id, code, message);
    }

    private Task SendErrorAsync(JsonElement? id, int code, string message) =>
        WriteAsync(w =>
        {
            Envelope(w, id);
            w.WriteStartObject("error");
            w.WriteNumber("code", code);
            w.WriteString("message", message);
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private async Task WriteAsync(Action<Utf8JsonWriter> write)
    {
        int size;
        using (var body = new ChunkedBufferWriter())
        {
            using (var w = new Utf8JsonWriter(body)) write(w);
            size = body.WrittenCount;
            if (!await WriteFrameAsync(body).ConfigureAwait(false)) return;
        }
        try { MessageWritten?.Invoke(size); }
        catch (Exception e) { Log?.Invoke($"a MessageWritten handler failed: {e.Message}"); }
    }

    private async Task<bool> WriteFrameAsync(ChunkedBufferWriter body)
    {
        if (Volatile.Read(ref _disposed) != 0) return false;
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _disposed) != 0) return false;
            var header = Encoding.ASCII.GetBytes($"Content-Length: {body.WrittenCount}\r\n\r\n");
            _output.Write(header);
            body.CopyTo(_output);
            var flush = await _output.FlushAsync().ConfigureAwait(false);
            if (flush.IsCompleted) Log?.Invoke("the peer stopped reading");
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            Log?.Invoke($"write failed: {e.Message}");
            return false;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stop.Cancel();
        foreach (var f in _inFlight.Values) { try { f.Cts.Cancel(); } catch (ObjectDisposedException) { } }
        foreach (var p in _pending.Values) p.TrySetCanceled();
        _queue.Writer.TryComplete();
        _output.CancelPendingFlush(); // a write waiting for a peer that no longer reads holds the lock
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try { await _output.CompleteAsync().ConfigureAwait(false); } catch (Exception) { }
        finally { _writeLock.Release(); }
        if (Volatile.Read(ref _started) == 0) { try { await _input.CompleteAsync().ConfigureAwait(false); } catch (Exception) { } }
        _completion.TrySetResult();
    }
}

/// <summary>A client and a server connection on two cross-wired in-memory pipes (for tests).</summary>
public static class InMemoryDuplex
{
    public static (JsonRpcConnection Client, JsonRpcConnection Server) CreatePair(JsonRpcOptions? clientOptions = null, JsonRpcOptions? serverOptions = null)
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        return (new JsonRpcConnection(toClient.Reader, toServer.Writer, clientOptions), new JsonRpcConnection(toServer.Reader, toClient.Writer, serverOptions));
    }
}
