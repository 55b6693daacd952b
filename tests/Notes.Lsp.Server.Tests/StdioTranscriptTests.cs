using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Notes.Lsp.Server.Tests;

/// <summary>
/// Hostile transport input as raw bytes on the stdin of the published server (clangd's protocol tests): after each
/// transcript the process is alive and answers a fresh request, and the responses carry the expected error codes.
/// </summary>
public class StdioTranscriptTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static string Frame(string body) => $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";
    private const string Init = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}""";
    private const string MissingQuery = """{"jsonrpc":"2.0","id":7,"method":"workspace/symbol","params":{}}""";
    private const string Probe = """{"jsonrpc":"2.0","id":99,"method":"workspace/symbol","params":{"query":""}}""";

    /// <summary>Name, the bytes after initialize, and the expected (id, error code or 0 for a result) of each response, in order.</summary>
    public static TheoryData<string, string, string> Transcripts => new()
    {
        { "missing Content-Length", "Content-Type: x\r\n\r\n{}", "" },
        { "non-numeric Content-Length", "Content-Length: abc\r\n\r\n{}", "" },
        { "negative Content-Length", "Content-Length: -5\r\n\r\n{}", "" },
        { "body 10 bytes short", "Content-Length: 20\r\n\r\n" + """{"jsonrpc":"2.0","id":5,"method":"x"}""", "null:-32700" },
        { "LF-only headers, any order, unknown header", $"X-Foo: 1\nContent-Type: application/vscode-jsonrpc; charset=utf-8\nContent-Length: {Encoding.UTF8.GetByteCount(MissingQuery)}\n\n{MissingQuery}", "7:-32602" },
        { "params array", Frame("""{"jsonrpc":"2.0","id":8,"method":"textDocument/hover","params":[1,2]}"""), "8:-32602" },
        { "id object", Frame("""{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}"""), "null:-32600" },
        { "no method", Frame("""{"jsonrpc":"2.0","id":9}"""), "9:-32600" },
        { "unknown method", Frame("""{"jsonrpc":"2.0","id":10,"method":"no/such"}"""), "10:-32601" },
        { "unknown notifications", Frame("""{"jsonrpc":"2.0","method":"$/foo"}""") + Frame("""{"jsonrpc":"2.0","method":"foo"}"""), "" },
        { "cancel unknown id", Frame("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":12345}}"""), "" },
    };

    [Theory]
    [MemberData(nameof(Transcripts))]
    public async Task TheServerAnswersAndKeepsServing(string name, string transcript, string expected)
    {
        using var process = Process.Start(Stdio.StdioServer.StartInfo("--stdio"))!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        try
        {
            var stdin = process.StandardInput.BaseStream;
            await stdin.WriteAsync(Encoding.UTF8.GetBytes(Frame(Init) + Frame("""{"jsonrpc":"2.0","method":"initialized","params":{}}""") + transcript + Frame(Probe)));
            await stdin.FlushAsync();
            var responses = new List<string>();
            var stdout = process.StandardOutput.BaseStream;
            using var cts = new CancellationTokenSource(Timeout);
            while (true)
            {
                var message = await ReadFrame(stdout, cts.Token);
                using var doc = JsonDocument.Parse(message);
                var root = doc.RootElement;
                if (!root.TryGetProperty("id", out var id) || root.TryGetProperty("method", out _)) continue; // notifications and server requests
                var idText = id.ValueKind == JsonValueKind.Null ? "null" : id.GetRawText();
                if (idText == "1") continue;
                if (idText == "99")
                {
                    Assert.True(root.TryGetProperty("result", out _), $"{name}: the probe failed: {message}");
                    break;
                }
                responses.Add($"{idText}:{(root.TryGetProperty("error", out var e) ? e.GetProperty("code").GetInt32() : 0)}");
            }
            Assert.Equal(expected, string.Join(" ", responses));
            Assert.False(process.HasExited, $"{name}: the server exited");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task BodyCutOffAtEndOfInputExitsCleanly()
    {
        using var process = Process.Start(Stdio.StdioServer.StartInfo())!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(Encoding.UTF8.GetBytes("Content-Length: 100\r\n\r\n{\"jsonrpc\":"));
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(Timeout);
        Assert.Equal(1, process.ExitCode); // no shutdown came first
        Assert.Contains("input ended inside a message", await stderr, StringComparison.Ordinal);
    }

    private static async Task<string> ReadFrame(Stream s, CancellationToken ct)
    {
        var header = new StringBuilder();
        var one = new byte[1];
        while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await s.ReadAsync(one, ct) == 0) throw new EndOfStreamException("server closed stdout");
            header.Append((char)one[0]);
        }
        var length = int.Parse(header.ToString().Split("\r\n")[0]["Content-Length: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var body = new byte[length];
        await s.ReadExactlyAsync(body, ct);
        return Encoding.UTF8.GetString(body);
    }
}
