using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;

namespace Notes.Lsp.Protocol.JsonRpc;

/// <summary>One frame read from the input: a parsed JSON body, a body that is not JSON, or a body refused unread.</summary>
internal readonly record struct Frame(JsonDocument? Body, string? ParseError, RefusedFrame? Refused = null);

/// <summary>A body over the size cap, skipped by its length; <see cref="Id"/> is its request id when the first bytes showed one.</summary>
internal sealed record RefusedFrame(JsonElement? Id, string Message);

/// <summary>
/// The LSP base protocol on a <see cref="PipeReader"/>: header lines (CRLF or bare LF, any order, unknown ones
/// ignored), a blank line, then exactly <c>Content-Length</c> bytes of UTF-8 JSON. A bad header, an oversized length
/// or a body that is not one JSON value is reported and the reader resynchronises on the next <c>Content-Length:</c>
/// (in any case, as header names are read). A body over the size cap is skipped by its declared length, never
/// buffered and never searched (its text could hold <c>Content-Length:</c> and pose as the next frame); its first
/// bytes are read for a request id, so that the request can be answered.
/// </summary>
internal sealed class MessageFramer(PipeReader input, long maxMessageBytes, Action<string> log)
{
    private const int MaxHeaderBytes = 8 * 1024;
    /// <summary>How much of a refused body is read to find its id.</summary>
    internal const int RefusedPrefixBytes = 4 * 1024;
    private static readonly byte[] ContentLength = "content-length:"u8.ToArray();
    private bool _resync;
    private long _skip; // bytes of a refused body still to pass over

    /// <summary>The next frame, or null at the end of input.</summary>
    public async ValueTask<Frame?> ReadAsync(CancellationToken ct)
    {
        while (true)
        {
            var result = await input.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            var outcome = TryReadFrame(ref buffer, out var frame);
            // Only "need more" has examined everything; otherwise what is left may already hold the next message.
            if (outcome == Outcome.NeedMore) input.AdvanceTo(buffer.Start, buffer.End);
            else input.AdvanceTo(buffer.Start);
            if (outcome == Outcome.Frame) return frame;
            if (outcome == Outcome.Again) continue;
            if (result.IsCompleted)
            {
                if (!buffer.IsEmpty && !IsWhitespace(buffer)) log($"input ended inside a message ({buffer.Length} bytes unread)");
                return null;
            }
        }
    }

    private enum Outcome { Frame, NeedMore, Again }

    private Outcome TryReadFrame(ref ReadOnlySequence<byte> buffer, out Frame frame)
    {
        frame = default;
        if (_skip > 0)
        {
            long n = Math.Min(_skip, buffer.Length);
            buffer = buffer.Slice(n);
            _skip -= n;
            return _skip > 0 ? Outcome.NeedMore : Outcome.Again;
        }
        if (_resync)
        {
            if (FindContentLength(buffer) is not { } at)
            {
                // Keep a tail that may be the start of the header name.
                buffer = buffer.Slice(Math.Max(0, buffer.Length - (ContentLength.Length - 1)));
                return Outcome.NeedMore;
            }
            buffer = buffer.Slice(at);
            _resync = false;
        }

        // Headers.
        long? length = null;
        bool bad = false;
        var headers = new SequenceReader<byte>(buffer);
        while (true)
        {
            if (!headers.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
            {
                if (headers.Remaining > MaxHeaderBytes) return Refuse(ref buffer, "header block too long");
                return Outcome.NeedMore;
            }
            var text = Encoding.ASCII.GetString(line).TrimEnd('\r');
            if (text.Length == 0)
            {
                if (length is null && !bad && headers.Consumed <= 2) { buffer = buffer.Slice(headers.Position); return Outcome.Again; } // stray blank line
                break;
            }
            int colon = text.IndexOf(':');
            if (colon <= 0) { bad = true; continue; }
            var name = text[..colon].Trim();
            var value = text[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)) length = n;
                else { log($"bad Content-Length '{value}'"); bad = true; }
            }
        }
        var afterHeaders = buffer.Slice(headers.Position);
        if (bad || length is null)
        {
            buffer = afterHeaders;
            if (length is null && !bad) log("a message without Content-Length");
            _resync = true;
            return Outcome.Again;
        }
        if (length > maxMessageBytes)
        {
            // Refused at once, without waiting for the body: its id is looked for in what has arrived (a client
            // writes a frame in one go, so that is almost always the start of the body).
            long prefix = Math.Min(Math.Min(length.Value, RefusedPrefixBytes), afterHeaders.Length);
            var id = PeekId(afterHeaders.Slice(0, prefix));
            var message = $"Content-Length {length} exceeds the limit of {maxMessageBytes} bytes; message refused";
            log(message + (id is { } i ? $" (request {i.GetRawText()})" : ""));
            buffer = afterHeaders;
            _skip = length.Value;
            frame = new Frame(null, null, new RefusedFrame(id, message));
            return Outcome.Frame;
        }
        if (afterHeaders.Length < length.Value) return Outcome.NeedMore;

        var body = afterHeaders.Slice(0, length.Value);
        try
        {
            var doc = JsonDocument.Parse(body.ToArray()); // a copy: the pipe reuses its memory
            buffer = afterHeaders.Slice(length.Value);
            frame = new Frame(doc, null);
            return Outcome.Frame;
        }
        catch (JsonException e)
        {
            // A complete value followed by more bytes means the declared length was too long: the surplus is the
            // start of the next message, so resynchronise right after the value.
            var r = new Utf8JsonReader(body, new JsonReaderOptions { AllowTrailingCommas = false });
            long end = length.Value;
            try
            {
                if (r.Read() && r.TrySkip()) end = r.BytesConsumed;
            }
            catch (JsonException) { }
            buffer = afterHeaders.Slice(end);
            _resync = true;
            frame = new Frame(null, e.Message);
            return Outcome.Frame;
        }
    }

    /// <summary>Where the next <c>Content-Length:</c> starts (any case), or null.</summary>
    private static long? FindContentLength(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        Span<byte> window = stackalloc byte[ContentLength.Length];
        while (reader.Remaining >= ContentLength.Length)
        {
            if (reader.TryPeek(out var b) && (b | 0x20) == 'c' && reader.TryCopyTo(window) && EqualsIgnoreCase(window))
                return reader.Consumed;
            reader.Advance(1);
        }
        return null;
    }

    private static bool EqualsIgnoreCase(ReadOnlySpan<byte> s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            byte b = s[i];
            if (b is >= (byte)'A' and <= (byte)'Z') b = (byte)(b | 0x20);
            if (b != ContentLength[i]) return false;
        }
        return true;
    }

    /// <summary>The top-level <c>"id"</c> of a JSON object's first bytes (a number or a string), if they show it.</summary>
    internal static JsonElement? PeekId(ReadOnlySequence<byte> prefix)
    {
        var reader = new Utf8JsonReader(prefix, isFinalBlock: false, state: default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0) return null;
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1) continue;
                bool isId = reader.ValueTextEquals("id"u8);
                if (!reader.Read()) return null;
                if (isId)
                {
                    if (reader.TokenType is not (JsonTokenType.Number or JsonTokenType.String)) return null;
                    var copy = new ArrayBufferWriter<byte>();
                    using (var w = new Utf8JsonWriter(copy))
                    {
                        if (reader.TokenType == JsonTokenType.String) w.WriteStringValue(reader.GetString());
                        else w.WriteRawValue(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray());
                    }
                    using var doc = JsonDocument.Parse(copy.WrittenMemory);
                    return doc.RootElement.Clone();
                }
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip()) return null;
            }
        }
        catch (JsonException) { }
        return null;
    }

    private Outcome Refuse(ref ReadOnlySequence<byte> buffer, string why)
    {
        log(why);
        buffer = buffer.Slice(1);
        _resync = true;
        return Outcome.Again;
    }

    private static bool IsWhitespace(ReadOnlySequence<byte> buffer)
    {
        foreach (var segment in buffer)
            foreach (var b in segment.Span)
                if (b is not ((byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t')) return false;
        return true;
    }
}
