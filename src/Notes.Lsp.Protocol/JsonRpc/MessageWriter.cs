using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Notes.Lsp.Protocol.JsonRpc;

/// <summary>
/// Writes whole frames to the output, one at a time, and knows every JSON-RPC envelope we send. The first write that
/// fails (the peer closed its end, or stopped reading) is logged once and ends the output: later writes are dropped
/// without a log line, so a log line sent to the peer about the failure cannot fail and log again, for ever.
/// </summary>
internal sealed class MessageWriter(PipeWriter output, Action<string> log)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private int _closed;

    /// <summary>Raised after each message is written, with the size of its body in bytes (outside the lock).</summary>
    public event Action<int>? Written;

    /// <summary>True once a write failed or the writer was closed: nothing more goes out.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public Task ResultAsync<T>(JsonElement id, T result, JsonTypeInfo<T> type) =>
        WriteAsync(w =>
        {
            Envelope(w, id);
            w.WritePropertyName("result");
            if (result is null) w.WriteNullValue();
            else JsonSerializer.Serialize(w, result, type);
            w.WriteEndObject();
        });

    public Task ErrorAsync(JsonElement? id, int code, string message) =>
        WriteAsync(w =>
        {
            Envelope(w, id);
            w.WriteStartObject("error");
            w.WriteNumber("code", code);
            w.WriteString("message", message);
            w.WriteEndObject();
            w.WriteEndObject();
        });

    public Task RequestAsync<T>(long id, string method, T @params, JsonTypeInfo<T> type) =>
        WriteAsync(w =>
        {
            w.WriteStartObject();
            w.WriteString("jsonrpc", "2.0");
            w.WriteNumber("id", id);
            w.WriteString("method", method);
            w.WritePropertyName("params");
            JsonSerializer.Serialize(w, @params, type);
            w.WriteEndObject();
        });

    public Task NotificationAsync<T>(string method, T @params, JsonTypeInfo<T> type) =>
        WriteAsync(w =>
        {
            w.WriteStartObject();
            w.WriteString("jsonrpc", "2.0");
            w.WriteString("method", method);
            if (@params is not null)
            {
                w.WritePropertyName("params");
                JsonSerializer.Serialize(w, @params, type);
            }
            w.WriteEndObject();
        });

    public Task CancelAsync(long id) =>
        WriteAsync(w =>
        {
            w.WriteStartObject();
            w.WriteString("jsonrpc", "2.0");
            w.WriteString("method", "$/cancelRequest");
            w.WriteStartObject("params");
            w.WriteNumber("id", id);
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static void Envelope(Utf8JsonWriter w, JsonElement? id)
    {
        w.WriteStartObject();
        w.WriteString("jsonrpc", "2.0");
        w.WritePropertyName("id");
        if (id is { } i) i.WriteTo(w); else w.WriteNullValue();
    }

    private async Task WriteAsync(Action<Utf8JsonWriter> write)
    {
        if (IsClosed) return;
        int size;
        using (var body = new ChunkedBufferWriter())
        {
            using (var w = new Utf8JsonWriter(body)) write(w);
            size = body.WrittenCount;
            if (!await WriteFrameAsync(body).ConfigureAwait(false)) return;
        }
        try { Written?.Invoke(size); }
        catch (Exception e) { log($"a MessageWritten handler failed: {e.Message}"); }
    }

    private async Task<bool> WriteFrameAsync(ChunkedBufferWriter body)
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (IsClosed) return false;
            output.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.WrittenCount}\r\n\r\n"));
            body.CopyTo(output);
            var flush = await output.FlushAsync().ConfigureAwait(false);
            if (flush.IsCompleted) Fail("the peer stopped reading");
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            Fail($"write failed: {e.Message}");
            return false;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Ends the output after a failure; logged once, outside any write, so the log line cannot come back here as a failure.</summary>
    private void Fail(string why)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0) log(why + "; nothing more is sent");
    }

    /// <summary>Completes the output; waits for a write in progress (a flush to a peer that no longer reads is cancelled first).</summary>
    public async Task CloseAsync()
    {
        Volatile.Write(ref _closed, 1);
        output.CancelPendingFlush();
        await _lock.WaitAsync().ConfigureAwait(false);
        try { await output.CompleteAsync().ConfigureAwait(false); } catch (Exception) { }
        finally { _lock.Release(); }
    }
}
