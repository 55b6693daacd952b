namespace Notes.Lsp.Protocol.Tests;

/// <summary>Raw byte transcripts fed to a server connection, and the exact set of responses it must write.</summary>
public sealed class FramingTests
{
    private sealed record Case(byte[][] Writes, string[] Expected, string? Log = null, int Notes = 0);

    private const string Echo1 = """{"jsonrpc":"2.0","id":1,"method":"echo","params":{"a":1}}""";
    private const string Echo2 = """{"jsonrpc":"2.0","id":2,"method":"echo","params":{"b":[true,null]}}""";
    private const string Answer1 = """{"jsonrpc":"2.0","id":1,"result":{"a":1}}""";
    private const string Answer2 = """{"jsonrpc":"2.0","id":2,"result":{"b":[true,null]}}""";
    private static readonly int Echo1Length = System.Text.Encoding.UTF8.GetByteCount(Echo1);

    private static string Error(string id, int code) => $$$"""{"jsonrpc":"2.0","id":{{{id}}},"error":{"code":{{{code}}}}}""";
    private static byte[] Join(params byte[][] parts) => [.. parts.SelectMany(p => p)];
    private static byte[][] One(params byte[][] parts) => [Join(parts)];

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["missing Content-Length"] = new(One(Ascii("Content-Type: application/vscode-jsonrpc\r\n\r\n" + Echo1), Frame(Echo2)), [Answer2], "without Content-Length"),
        ["non-numeric Content-Length"] = new(One(Ascii("Content-Length: twelve\r\n\r\n" + Echo1), Frame(Echo2)), [Answer2], "bad Content-Length"),
        ["negative Content-Length"] = new(One(Ascii("Content-Length: -5\r\n\r\n" + Echo1), Frame(Echo2)), [Answer2], "bad Content-Length"),
        // Over the cap: refused (its id is in its first bytes), and skipped by its length: what follows is its body.
        ["huge Content-Length"] = new(One(Ascii("Content-Length: 9999999999999999\r\n\r\n" + Echo1), Frame(Echo2)), [Error("1", ErrorCodes.InvalidRequest)], "exceeds the limit"),
        ["huge notification: refused, no answer"] = new(One(Ascii("Content-Length: 9999999999999999\r\n\r\n" + """{"jsonrpc":"2.0","method":"note","params":{}}""")), [], "exceeds the limit"),
        ["resynchronising finds a lower-case header"] = new(One(Ascii("Content-Length: twelve\r\n\r\njunk "), Ascii($"content-length: {Echo1Length}\r\n\r\n{Echo1}")), [Answer1], "bad Content-Length"),
        ["resynchronising finds an upper-case header"] = new(One(Ascii("Content-Length: -1\r\n\r\nxx"), Ascii($"CONTENT-LENGTH: {Echo1Length}\r\n\r\n{Echo1}")), [Answer1], "bad Content-Length"),
        ["body 10 bytes short"] = new(One(Frame(Echo1, Echo1Length + 10), Frame(Echo2)), [Error("null", ErrorCodes.ParseError), Answer2], "parse error"),
        ["body 10 bytes long"] = new(One(Frame(Echo1, Echo1Length - 10), Frame(Echo2)), [Error("null", ErrorCodes.ParseError), Answer2], "parse error"),
        ["body cut off at end of input"] = new(One(Frame(Echo2), Frame(Echo1)[..^10]), [Answer2], "input ended inside a message"),
        ["not JSON at all"] = new(One(Frame("{not json"), Frame(Echo2)), [Error("null", ErrorCodes.ParseError), Answer2], "parse error"),
        ["headers in any order"] = new(One(Ascii($"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: {Echo1Length}\r\n\r\n{Echo1}")), [Answer1]),
        ["unknown header"] = new(One(Ascii($"X-Foo: bar\r\nContent-Length: {Echo1Length}\r\nX-Bar: 1\r\n\r\n{Echo1}")), [Answer1]),
        ["LF-only header lines"] = new(One(Ascii($"Content-Length: {Echo1Length}\n\n{Echo1}"), Frame(Echo2)), [Answer1, Answer2]),
        ["stray blank line between messages"] = new(One(Frame(Echo1), Ascii("\r\n"), Frame(Echo2)), [Answer1, Answer2]),
        ["two messages in one write"] = new([Join(Frame(Echo1), Frame(Echo2))], [Answer1, Answer2]),
        ["one message split byte by byte"] = new([.. Join(Frame(Echo1), Frame(Echo2)).Select(b => new[] { b })], [Answer1, Answer2]),
        ["non-ASCII body"] = new(One(Frame("""{"jsonrpc":"2.0","id":1,"method":"echo","params":{"s":"żółw 🐢"}}""")), ["""{"jsonrpc":"2.0","id":1,"result":{"s":"żółw 🐢"}}"""]),
        ["params an array for an object type"] = new(One(Frame("""{"jsonrpc":"2.0","id":5,"method":"point","params":[1,2]}"""), Frame(Echo2)), [Error("5", ErrorCodes.InvalidParams), Answer2]),
        ["params of the right shape"] = new(One(Frame("""{"jsonrpc":"2.0","id":5,"method":"point","params":{"x":1,"y":2}}""")), ["""{"jsonrpc":"2.0","id":5,"result":{"x":2,"y":1}}"""]),
        ["params a string"] = new(One(Frame("""{"jsonrpc":"2.0","id":5,"method":"point","params":"x"}""")), [Error("5", ErrorCodes.InvalidParams)]),
        ["params null for an object type"] = new(One(Frame("""{"jsonrpc":"2.0","id":5,"method":"point","params":null}"""), Frame(Echo2)), [Error("5", ErrorCodes.InvalidParams), Answer2]),
        ["params missing for an object type"] = new(One(Frame("""{"jsonrpc":"2.0","id":5,"method":"point"}"""), Frame(Echo2)), [Error("5", ErrorCodes.InvalidParams), Answer2]),
        ["a null element in an array"] = new(One(Frame("""{"jsonrpc":"2.0","id":5,"method":"reverse","params":{"points":[{"x":1,"y":2},null]}}"""), Frame(Echo2)), [Error("5", ErrorCodes.InvalidParams), Answer2]),
        ["a null string in a nested array"] = new(One(Frame("""{"jsonrpc":"2.0","id":5,"method":"reverse","params":{"points":[],"names":["a",null]}}"""), Frame(Echo2)), [Error("5", ErrorCodes.InvalidParams), Answer2]),
        ["an array without nulls"] = new(One(Frame("""{"jsonrpc":"2.0","id":5,"method":"reverse","params":{"points":[{"x":1,"y":2},{"x":3,"y":4}]}}""")), ["""{"jsonrpc":"2.0","id":5,"result":{"points":[{"x":3,"y":4},{"x":1,"y":2}],"names":null}}"""]),
        ["id an object"] = new(One(Frame("""{"jsonrpc":"2.0","id":{"x":1},"method":"echo","params":{}}"""), Frame(Echo2)), [Error("null", ErrorCodes.InvalidRequest), Answer2]),
        ["request without method"] = new(One(Frame("""{"jsonrpc":"2.0","id":7,"params":{}}"""), Frame(Echo2)), [Error("7", ErrorCodes.InvalidRequest), Answer2]),
        ["a JSON array as the body"] = new(One(Frame("""[{"jsonrpc":"2.0","id":1,"method":"echo"}]"""), Frame(Echo2)), [Error("null", ErrorCodes.InvalidRequest), Answer2]),
        ["a JSON number as the body"] = new(One(Frame("42"), Frame(Echo2)), [Error("null", ErrorCodes.InvalidRequest), Answer2]),
        ["unknown request"] = new(One(Frame("""{"jsonrpc":"2.0","id":8,"method":"nope","params":{}}"""), Frame(Echo2)), [Error("8", ErrorCodes.MethodNotFound), Answer2]),
        ["unknown notifications ignored"] = new(One(Frame("""{"jsonrpc":"2.0","method":"$/foo","params":{}}"""), Frame("""{"jsonrpc":"2.0","method":"foo"}"""), Frame(Echo2)), [Answer2], "unknown notification foo"),
        ["notification handled, no answer"] = new(One(Frame("""{"jsonrpc":"2.0","method":"note","params":{"n":1}}"""), Frame("""{"jsonrpc":"2.0","method":"note","params":{"n":2}}"""), Frame(Echo2)), [Answer2], Notes: 2),
        ["ids echoed exactly"] = new(One(
            Frame("""{"jsonrpc":"2.0","id":"abc","method":"echo","params":{}}"""),
            Frame("""{"jsonrpc":"2.0","id":"1","method":"echo","params":{}}"""),
            Frame("""{"jsonrpc":"2.0","id":1,"method":"echo","params":{}}"""),
            Frame("""{"jsonrpc":"2.0","id":2147483648,"method":"echo","params":{}}"""),
            Frame("""{"jsonrpc":"2.0","id":"","method":"echo","params":{}}""")),
            ["""{"jsonrpc":"2.0","id":"abc","result":{}}""", """{"jsonrpc":"2.0","id":"1","result":{}}""", """{"jsonrpc":"2.0","id":1,"result":{}}""",
             """{"jsonrpc":"2.0","id":2147483648,"result":{}}""", """{"jsonrpc":"2.0","id":"","result":{}}"""]),
        ["null result written explicitly"] = new(One(Frame("""{"jsonrpc":"2.0","id":9,"method":"nothing"}""")), ["""{"jsonrpc":"2.0","id":9,"result":null}"""]),
        ["a response to an unknown request"] = new(One(Frame("""{"jsonrpc":"2.0","id":99,"result":1}"""), Frame(Echo2)), [Answer2], "unknown request"),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Transcript(string name)
    {
        var c = Cases[name];
        var notes = new ConcurrentQueue<JsonElement?>();
        await using var peer = new RawPeer();
        peer.Server.OnRequest("echo", LspJsonContext.Default.NullableJsonElement, LspJsonContext.Default.NullableJsonElement,
            (p, _) => Task.FromResult(p), HandlerKind.Serial);
        peer.Server.OnRequest("point", TestJsonContext.Default.Point, TestJsonContext.Default.Point,
            (p, _) => Task.FromResult(new Point(p.Y, p.X)), HandlerKind.Serial);
        peer.Server.OnRequest("reverse", TestJsonContext.Default.Polyline, TestJsonContext.Default.Polyline,
            (p, _) => Task.FromResult(p with { Points = [.. p.Points.Reverse()] }), HandlerKind.Serial);
        peer.Server.OnRequest("nothing", LspJsonContext.Default.NullableJsonElement, TestJsonContext.Default.String,
            (_, _) => Task.FromResult<string>(null!), HandlerKind.Serial);
        peer.Server.OnNotification("note", LspJsonContext.Default.NullableJsonElement, p => { notes.Enqueue(p); return Task.CompletedTask; });
        peer.Server.Start();

        foreach (var chunk in c.Writes) await peer.WriteAsync(chunk);
        await peer.EndInputAsync();
        var responses = await peer.DrainAsync();

        AssertSameMessages(c.Expected, responses);
        if (c.Log is { } log) Assert.Contains(peer.Logs, l => l.Contains(log, StringComparison.Ordinal));
        Assert.Equal(c.Notes, notes.Count);
    }

    [Fact]
    public async Task NullResultIsWrittenAsAProperty()
    {
        await using var peer = new RawPeer();
        peer.Server.OnRequest("nothing", LspJsonContext.Default.NullableJsonElement, TestJsonContext.Default.String,
            (_, _) => Task.FromResult<string>(null!), HandlerKind.Read);
        peer.Server.Start();
        await peer.SendAsync("""{"jsonrpc":"2.0","id":9,"method":"nothing"}""");
        var response = await peer.ReceiveAsync();
        Assert.True(response.TryGetProperty("result", out var result), response.GetRawText());
        Assert.Equal(JsonValueKind.Null, result.ValueKind);
        Assert.False(response.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task AnOversizedBodyIsSkippedByItsLengthSoTextInsideItCannotPoseAsAFrame()
    {
        await using var peer = new RawPeer(new JsonRpcOptions { MaxMessageBytes = 1000 });
        peer.Server.OnRequest("echo", LspJsonContext.Default.NullableJsonElement, LspJsonContext.Default.NullableJsonElement,
            (p, _) => Task.FromResult(p), HandlerKind.Read);
        peer.Server.Start();
        // A note pasted into a didChange could hold a whole frame; inside an oversized body it must stay text.
        var fake = Echo1.Replace("\"id\":1", "\"id\":666");
        var head = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"echo\",\"params\":{\"text\":\"";
        var inner = $"Content-Length: {System.Text.Encoding.UTF8.GetByteCount(fake)}\r\n\r\n{fake}".Replace("\"", "'");
        var body = head + inner + new string('x', 2000 - head.Length - inner.Length - 3) + "\"}}";
        Assert.Equal(2000, body.Length);
        // The input stays open: a framer that waited for the body would never answer; one that searched it would answer 666.
        await peer.WriteAsync(Join(Frame(body), Frame(Echo2)));
        Assert.Equal(Canonical(Parse(Error("7", ErrorCodes.InvalidRequest))), Canonical(await peer.ReceiveAsync()));
        Assert.Equal(Canonical(Parse(Answer2)), Canonical(await peer.ReceiveAsync()));
        Assert.Contains(peer.Logs, l => l.Contains("exceeds the limit", StringComparison.Ordinal));
    }
}
