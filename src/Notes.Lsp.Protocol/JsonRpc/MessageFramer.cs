using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;

namespace Notes.Lsp.Protocol.JsonRpc;

/// <summary>One frame read from the input: a parsed JSON body, or a body that is not JSON.</summary>
internal readonly record struct Frame(JsonDocument? Body, string? ParseError);

/// <summary>
/// The LSP base protocol on a <see cref="PipeReader"/>: header lines (CRLF or bare LF, any order, unknown ones
/// ignored), a blank line, then exactly <c>Content-Length</c> bytes of UTF-8 JSON. A bad header, an oversized length
/// or a body that is not one JSON value is reported and the reader resynchronises on the next <c>Content-Length:</c>.
/// </summary>
internal sealed class MessageFramer(PipeReader input, long maxMessageBytes, Action<string> log)
{
    private const int MaxHeaderBytes = 8 * 1024;
    private static readonly byte[] ContentLength = "Content-Length:"u8.ToArray();
    private bool _resync;

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
        if (_resync)
        {
            var reader = new SequenceReader<byte>(buffer);
            if (!reader.TryAdvanceTo(ContentLength[0], advancePastDelimiter: false)) { buffer = buffer.Slice(buffer.End); return Outcome.NeedMore; }
            while (true)
            {
                if (reader.Remaining < ContentLength.Length)
                {
                    buffer = buffer.Slice(reader.Position);
                    return Outcome.NeedMore;
                }
                if (reader.IsNext(ContentLength, advancePast: false)) break;
                reader.Advance(1);
                if (!reader.TryAdvanceTo(ContentLength[0], advancePastDelimiter: false)) { buffer = buffer.Slice(buffer.End); return Outcome.NeedMore; }
            }
            buffer = buffer.Slice(reader.Position);
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
            log($"Content-Length {length} exceeds the limit of {maxMessageBytes} bytes; message refused");
            buffer = afterHeaders;
            _resync = true;
            return Outcome.Again;
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
