using System.Text;
using System.Text.Json.Nodes;
using Notes.Lsp.Stdio;
using static Notes.Lsp.Server.Tests.Stdio.StdioServer;

namespace Notes.Lsp.Server.Tests.Stdio;

/// <summary>
/// Raw byte transcripts written to the stdin of the published server, in the manner of clangd's protocol tests: each
/// names the responses it must get (by id, or null id, and error code), the ids that must get none, and either the exit
/// code or — after the transcript — a live process that answers a fresh request correctly and shuts down cleanly.
/// </summary>
public sealed class TransportTranscriptTests
{
    /// <summary>A response the transcript must get: <paramref name="Id"/> as JSON text (null: a null id); <paramref name="Code"/> null for a result, 0 for any error.</summary>
    public sealed record Expect(string? Id, int? Code);

    /// <param name="Log">A fragment the server's log (stderr) must hold afterwards.</param>
    public sealed record Case(bool Initialize, string Input, Expect[] Responses, string[]? Silent = null, int? ExitCode = null, bool CloseInput = false, bool NoOtherErrors = false, string? Log = null);

    private const string Symbols = "workspace/symbol";
    private const string Query = """{"query":"alpha"}""";
    private static readonly string Body1 = Request(1, Symbols, Query);
    private static readonly int Body1Length = Encoding.UTF8.GetByteCount(Body1);
    private static readonly string Valid2 = Frame(Request(2, Symbols, Query));

    public static readonly Dictionary<string, Case> Cases = new()
    {
        ["missing Content-Length"] = new(true, $"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{Body1}{Valid2}", [new("2", null)], ["1"], Log: "without Content-Length"),
        ["non-numeric Content-Length"] = new(true, $"Content-Length: abc\r\n\r\n{Body1}{Valid2}", [new("2", null)], ["1"], Log: "bad Content-Length"),
        ["negative Content-Length"] = new(true, $"Content-Length: -{Body1Length}\r\n\r\n{Body1}{Valid2}", [new("2", null)], ["1"], Log: "bad Content-Length"),
        // Over the cap: answered by the id in its first bytes, and skipped by its length (what follows is its body).
        ["Content-Length 9999999999999999"] = new(true, $"Content-Length: 9999999999999999\r\n\r\n{Body1}{Valid2}", [new("1", -32600)], ["2"], ExitCode: 1, CloseInput: true, Log: "exceeds the limit"),
        ["lower-case header after a bad one"] = new(true, $"Content-Length: abc\r\n\r\n{Body1}content-length: {Body1Length}\r\n\r\n{Request(2, Symbols, Query)}", [new("2", null)], ["1"], Log: "bad Content-Length"),
        ["body 10 bytes short"] = new(true, $"Content-Length: {Body1Length - 10}\r\n\r\n{Body1}{Valid2}", [new(null, -32700), new("2", null)], ["1"]),
        ["body 10 bytes long"] = new(true, $"Content-Length: {Body1Length + 10}\r\n\r\n{Body1}{Valid2}", [new(null, -32700), new("2", null)]),
        ["body cut at end of input"] = new(true, $"Content-Length: {Body1Length}\r\n\r\n{Body1[..20]}", [], ExitCode: 1, CloseInput: true, Log: "input ended inside a message"),
        ["headers in any order and an unknown header"] = new(true,
            $"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nX-Whatever: 1\r\nContent-Length: {Body1Length}\r\n\r\n{Body1}", [new("1", null)], NoOtherErrors: true),
        ["LF-only header lines"] = new(true, $"Content-Length: {Body1Length}\n\n{Body1}", [new("1", null)], NoOtherErrors: true),
        ["two messages split across three writes"] = new(true, Frame(Body1) + Valid2, [new("1", null), new("2", null)], NoOtherErrors: true),
        ["params an array"] = new(true, Frame(Request(3, Symbols, "[]")), [new("3", -32602)]),
        ["params a string"] = new(true, Frame(Request(3, Symbols, "\"alpha\"")), [new("3", -32602)]),
        ["id an object"] = new(true, Frame($$"""{"jsonrpc":"2.0","id":{},"method":"{{Symbols}}","params":{{Query}}}"""), [new(null, -32600)]),
        ["no method"] = new(true, Frame("""{"jsonrpc":"2.0","id":4,"params":{}}"""), [new("4", -32600)]),
        ["a JSON array, a number and a string as messages"] = new(true, Frame("[]") + Frame("1") + Frame("\"x\""), [new(null, -32600), new(null, -32600), new(null, -32600)]),
        ["notifications of the wrong shape are dropped"] = new(true,
            Frame(Notification("textDocument/didOpen", "[1,2]")) + Frame(Notification("textDocument/didChange", "\"x\"")) + Frame(Notification("textDocument/didClose", "{\"textDocument\":7}")),
            [], NoOtherErrors: true, Log: "bad params, dropped"),
        ["a notification with params of the wrong kind is dropped"] = new(true, Frame(Notification("textDocument/didOpen", "7")), [], NoOtherErrors: true, Log: "params are not structured, dropped"),
        ["a notification missing a required member is dropped"] = new(true, Frame(Notification("textDocument/didOpen", "{}")), [], NoOtherErrors: true, Log: "missing required properties"),
        ["unknown method"] = new(true, Frame(Request(5, "notes/noSuchMethod")), [new("5", -32601)]),
        ["unknown $/ notification ignored"] = new(true, Frame(Notification("$/foo")) + Frame(Notification("$/bar", "[]")), [], NoOtherErrors: true),
        ["request before initialize"] = new(false, Frame(Request(1, Symbols, Query)), [new("1", -32002)]),
        ["second initialize"] = new(true, Frame(Request(6, "initialize", "{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}")), [new("6", 0)]),
        ["exit without shutdown"] = new(true, Frame(Notification("exit")), [], ExitCode: 1),
        ["shutdown then exit"] = new(true, Frame(Request(7, "shutdown", "null")) + Frame(Notification("exit")), [new("7", null)], ExitCode: 0),
    };

    public static TheoryData<string> Names() => new(Cases.Keys);

    private static void AssertLogged(Case c, string name, LspProcess lsp)
    {
        if (c.Log is { } log) Assert.True(lsp.Stderr.Any(l => l.Contains(log, StringComparison.Ordinal)), $"{name}: no log line with '{log}':\n{lsp.StderrTail()}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Transcript(string name)
    {
        var c = Cases[name];
        var (lsp, root) = StdioServer.Start();
        try
        {
            if (c.Initialize)
            {
                await lsp.InitializeAsync(root, Wait);
                // The server's start-up requests end with workDoneProgress/create; raw bytes go in after its answer.
                await lsp.WaitForAnsweredAsync("window/workDoneProgress/create", Wait);
            }
            var bytes = Encoding.UTF8.GetBytes(c.Input);
            if (name.Contains("split across three writes", StringComparison.Ordinal))
            {
                // Three writes cutting the first header ("Content" | "-Length: …{" | the rest), made once the start-up
                // conversation is over (above): an answer written between the pieces would land inside the frame.
                await lsp.Call(Symbols, JsonNode.Parse(Query), Wait);
                lsp.SendRaw(bytes.AsSpan(0, 7));
                await Task.Delay(50);
                lsp.SendRaw(bytes.AsSpan(7, 30));
                await Task.Delay(50);
                lsp.SendRaw(bytes.AsSpan(37));
            }
            else
            {
                lsp.SendRaw(bytes);
            }
            if (c.CloseInput) lsp.CloseInput();

            foreach (var expect in c.Responses)
            {
                var response = expect.Id is null ? await lsp.NextNullIdResponse(Wait) : await lsp.ResponseTo(JsonNode.Parse(expect.Id)!, Wait);
                var code = response["error"]?["code"]?.GetValue<int>();
                if (expect.Code is null) Assert.True(code is null, $"{name}: expected a result for id {expect.Id}, got {response.ToJsonString()}");
                else if (expect.Code == 0) Assert.True(code is not null, $"{name}: expected an error for id {expect.Id}, got {response.ToJsonString()}");
                else Assert.True(code == expect.Code, $"{name}: expected error {expect.Code} for id {expect.Id ?? "null"}, got {response.ToJsonString()}");
            }

            if (c.ExitCode is int exit)
            {
                Assert.True(await lsp.WaitForExitAsync(Wait), $"{name}: the server did not exit");
                if (exit >= 0) Assert.Equal(exit, lsp.ExitCode);
                Assert.Equal(0, lsp.UnhandledExceptions);
                await Task.Delay(100); // the last stderr lines
                AssertLogged(c, name, lsp);
                return;
            }

            // Alive, and a fresh request gets a correct answer.
            Assert.False(lsp.HasExited, $"{name}: the server exited:\n{lsp.StderrTail()}");
            if (!c.Initialize) await lsp.InitializeAsync(root, Wait);
            var symbols = await lsp.Call(Symbols, new JsonObject { ["query"] = "alpha" }, Wait);
            Assert.Contains(Assert.IsType<JsonArray>(symbols), s => s!.ToJsonString().Contains("alpha", StringComparison.OrdinalIgnoreCase));
            await Task.Delay(100);
            foreach (var id in c.Silent ?? []) Assert.False(lsp.ResponseCounts.ContainsKey(id), $"{name}: id {id} was answered though its frame was bad");
            if (c.NoOtherErrors) Assert.Empty(lsp.ErrorResponses);
            Assert.DoesNotContain(lsp.ErrorResponses, e => e["error"]?["code"]?.GetValue<int>() == -32603);
            Assert.All(lsp.ResponseCounts, kv => Assert.Equal(1, kv.Value));
            Assert.Equal(0, lsp.UnhandledExceptions);
            AssertLogged(c, name, lsp);
            Assert.Equal(0, await lsp.ShutdownAsync(Wait));
        }
        finally
        {
            await lsp.DisposeAsync();
            FuzzVault.Delete(root);
        }
    }
}
