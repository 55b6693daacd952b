using System.Buffers;
using System.Text;
using System.Text.Json.Serialization;

namespace Notes.Lsp.Protocol.Tests;

internal sealed record Point(int X, int Y);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(Point))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(JsonElement?))]
internal sealed partial class TestJsonContext : JsonSerializerContext;

/// <summary>Raw LSP frames in and out, and a structural comparison of JSON values.</summary>
internal static class Wire
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    public static byte[] Frame(string json) => Frame(json, Encoding.UTF8.GetByteCount(json));

    public static byte[] Frame(string json, int declaredLength) =>
        [.. Encoding.ASCII.GetBytes($"Content-Length: {declaredLength}\r\n\r\n"), .. Encoding.UTF8.GetBytes(json)];

    public static byte[] Ascii(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>The next frame the connection wrote (it always writes <c>Content-Length: N\r\n\r\n</c>), or null at the end.</summary>
    public static async Task<JsonElement?> ReadFrameAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            var buffer = result.Buffer;
            if (TryTakeFrame(ref buffer, out var frame))
            {
                reader.AdvanceTo(buffer.Start);
                return frame;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                Assert.True(buffer.IsEmpty, $"output ended inside a frame ({buffer.Length} bytes)");
                return null;
            }
        }
    }

    private static bool TryTakeFrame(ref ReadOnlySequence<byte> buffer, out JsonElement frame)
    {
        frame = default;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> header, "\r\n\r\n"u8)) return false;
        var text = Encoding.ASCII.GetString(header);
        Assert.StartsWith("Content-Length: ", text);
        int length = int.Parse(text["Content-Length: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        if (reader.Remaining < length) return false;
        var body = buffer.Slice(reader.Position, length);
        using (var doc = JsonDocument.Parse(body.ToArray())) frame = doc.RootElement.Clone();
        buffer = buffer.Slice(body.End);
        return true;
    }

    public static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    /// <summary>Properties sorted, no whitespace; an error's message and data are left out (their wording is free).</summary>
    public static string Canonical(JsonElement e)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) Write(w, e, inError: false);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Canonical(string json) => Canonical(Parse(json));

    private static void Write(Utf8JsonWriter w, JsonElement e, bool inError)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    if (inError && p.Name is "message" or "data") continue;
                    w.WritePropertyName(p.Name);
                    Write(w, p.Value, p.Name == "error");
                }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in e.EnumerateArray()) Write(w, item, false);
                w.WriteEndArray();
                break;
            default:
                e.WriteTo(w);
                break;
        }
    }

    public static void AssertSameMessages(IEnumerable<string> expected, IEnumerable<JsonElement> actual) =>
        Assert.Equal(expected.Select(Canonical).Order(StringComparer.Ordinal), actual.Select(Canonical).Order(StringComparer.Ordinal));

    public static int? ErrorCode(JsonElement response) =>
        response.TryGetProperty("error", out var e) ? e.GetProperty("code").GetInt32() : null;

    public static string IdText(JsonElement response) => response.GetProperty("id").GetRawText();
}

/// <summary>A server connection driven through raw pipes: the test writes bytes and reads the frames it answers.</summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private readonly Pipe _toServer = new(), _fromServer = new();

    public RawPeer(JsonRpcOptions? options = null)
    {
        Server = new JsonRpcConnection(_toServer.Reader, _fromServer.Writer, options);
        Server.Log += Logs.Enqueue;
    }

    public JsonRpcConnection Server { get; }
    public ConcurrentQueue<string> Logs { get; } = new();

    public async Task WriteAsync(byte[] bytes) => await _toServer.Writer.WriteAsync(bytes);

    public Task SendAsync(string json) => WriteAsync(Wire.Frame(json));

    public async Task<JsonElement> ReceiveAsync() =>
        await Wire.ReadFrameAsync(_fromServer.Reader).WaitAsync(Wire.Limit) ?? throw new Xunit.Sdk.XunitException("the server's output ended");

    /// <summary>Reads responses until the one with this id; returns all of them, that one included.</summary>
    public async Task<List<JsonElement>> ReceiveUntilAsync(string idJson)
    {
        var all = new List<JsonElement>();
        while (true)
        {
            var r = await ReceiveAsync();
            all.Add(r);
            if (r.TryGetProperty("id", out var id) && id.GetRawText() == idJson) return all;
        }
    }

    public async Task EndInputAsync() => await _toServer.Writer.CompleteAsync();

    /// <summary>After the input ended and the connection completed: everything it wrote.</summary>
    public async Task<List<JsonElement>> DrainAsync()
    {
        await Server.Completion.WaitAsync(Wire.Limit);
        await Server.DisposeAsync();
        var all = new List<JsonElement>();
        while (await Wire.ReadFrameAsync(_fromServer.Reader).WaitAsync(Wire.Limit) is { } f) all.Add(f);
        return all;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await _toServer.Writer.CompleteAsync();
    }
}
