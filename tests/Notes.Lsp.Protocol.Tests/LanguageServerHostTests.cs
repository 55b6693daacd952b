namespace Notes.Lsp.Protocol.Tests;

/// <summary>The LSP lifecycle, driven over raw pipes.</summary>
public sealed class LanguageServerHostTests : IAsyncDisposable
{
    private const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"capabilities":{}}}""";
    private const string Shutdown = """{"jsonrpc":"2.0","id":"s","method":"shutdown"}""";
    private const string Exit = """{"jsonrpc":"2.0","method":"exit"}""";

    private readonly LanguageServerHost _host = new();
    private readonly Pipe _in = new(), _out = new();
    private readonly Task<int> _run;
    private int _pings;

    public LanguageServerHostTests()
    {
        _host.Attach(new JsonRpcConnection(_in.Reader, _out.Writer, _host.Options));
        _host.Rpc.OnRequest("ping", LspJsonContext.Default.NullableJsonElement, TestJsonContext.Default.String, (_, _) => Task.FromResult("pong"));
        _host.Rpc.OnNotification("poke", LspJsonContext.Default.NullableJsonElement, _ => { Interlocked.Increment(ref _pings); return Task.CompletedTask; });
        _run = _host.RunAsync();
    }

    private async Task SendAsync(string json) => await _in.Writer.WriteAsync(Frame(json));

    private async Task<JsonElement> ReceiveAsync() =>
        await ReadFrameAsync(_out.Reader).WaitAsync(Limit) ?? throw new Xunit.Sdk.XunitException("the server's output ended");

    private async Task<JsonElement> AskAsync(string json)
    {
        await SendAsync(json);
        return await ReceiveAsync();
    }

    private static string Ping(string id) => $$"""{"jsonrpc":"2.0","id":{{id}},"method":"ping"}""";

    private async Task InitializeAsync()
    {
        var init = await AskAsync(Initialize);
        Assert.True(init.TryGetProperty("result", out _), init.GetRawText());
        await SendAsync("""{"jsonrpc":"2.0","method":"initialized","params":{}}""");
    }

    public async ValueTask DisposeAsync()
    {
        await _in.Writer.CompleteAsync();
        await _run.WaitAsync(Limit);
    }

    [Fact]
    public async Task RequestsBeforeInitializeAreRefusedAndNotificationsDropped()
    {
        await SendAsync("""{"jsonrpc":"2.0","method":"poke"}""");
        var early = await AskAsync(Ping("10"));
        Assert.Equal(("10", ErrorCodes.ServerNotInitialized), (IdText(early), ErrorCode(early)));
        await InitializeAsync();
        Assert.Equal("pong", (await AskAsync(Ping("11"))).GetProperty("result").GetString());
        Assert.Equal(0, _pings);
    }

    [Fact]
    public async Task ASecondInitializeIsRefused()
    {
        await InitializeAsync();
        var again = await AskAsync(Initialize.Replace("\"id\":1", "\"id\":2", StringComparison.Ordinal));
        Assert.Equal(("2", ErrorCodes.InvalidRequest), (IdText(again), ErrorCode(again)));
        Assert.Equal("pong", (await AskAsync(Ping("3"))).GetProperty("result").GetString());
    }

    [Fact]
    public async Task AfterShutdownRequestsAreRefusedAndExitReturnsZero()
    {
        bool shutdownCalled = false;
        _host.Shutdown = () => { shutdownCalled = true; return Task.CompletedTask; };
        await InitializeAsync();
        await SendAsync("""{"jsonrpc":"2.0","method":"poke"}""");
        var shutdown = await AskAsync(Shutdown);
        Assert.Equal(Canonical("""{"jsonrpc":"2.0","id":"s","result":null}"""), Canonical(shutdown));
        Assert.True(shutdownCalled);
        var late = await AskAsync(Ping("4"));
        Assert.Equal(("4", ErrorCodes.InvalidRequest), (IdText(late), ErrorCode(late)));
        await SendAsync("""{"jsonrpc":"2.0","method":"poke"}""");
        await SendAsync(Exit);
        Assert.Equal(0, await _run.WaitAsync(Limit));
        Assert.Equal(1, _pings);
    }

    [Fact]
    public async Task ExitWithoutShutdownReturnsOne()
    {
        await InitializeAsync();
        await SendAsync(Exit);
        Assert.Equal(1, await _run.WaitAsync(Limit));
    }

    [Fact]
    public async Task ExitBeforeInitializeReturnsOne()
    {
        await SendAsync(Exit);
        Assert.Equal(1, await _run.WaitAsync(Limit));
    }

    [Fact]
    public async Task InputEndingWithoutExitReturnsOne()
    {
        await InitializeAsync();
        Assert.Equal("s", IdText(await AskAsync(Shutdown)).Trim('"'));
        await _in.Writer.CompleteAsync();
        Assert.Equal(1, await _run.WaitAsync(Limit));
    }

    [Theory]
    [InlineData("""["utf-8","utf-16"]""", "utf-8")]
    [InlineData("""["utf-16","utf-8"]""", "utf-16")]
    [InlineData("""["utf-32"]""", "utf-32")]
    [InlineData("""["latin-1","utf-8"]""", "utf-8")]
    [InlineData("""["latin-1"]""", "utf-16")]
    [InlineData("[]", "utf-16")]
    [InlineData(null, "utf-16")]
    public async Task PositionEncodingIsNegotiated(string? offered, string expected)
    {
        var general = offered is null ? "" : $$"""
            "general":{"positionEncodings":{{offered}} }
            """;
        var init = await AskAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{""" + general + "}}}");
        Assert.True(init.TryGetProperty("result", out var result), init.GetRawText());
        Assert.Equal(expected, result.GetProperty("capabilities").GetProperty("positionEncoding").GetString());
        Assert.Equal("notes-lsp", result.GetProperty("serverInfo").GetProperty("name").GetString());
        Assert.Equal(expected, _host.PositionEncoding);
    }

    [Fact]
    public async Task InitializeCallbackCapabilitiesAreAnswered()
    {
        _host.Initialize = (p, _) => Task.FromResult(new ServerCapabilities { HoverProvider = p.ClientInfo?.Name == "test-client" });
        var init = await AskAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{},"clientInfo":{"name":"test-client"}}}""");
        var caps = init.GetProperty("result").GetProperty("capabilities");
        Assert.True(caps.GetProperty("hoverProvider").GetBoolean());
        Assert.Equal("utf-16", caps.GetProperty("positionEncoding").GetString());
    }
}
