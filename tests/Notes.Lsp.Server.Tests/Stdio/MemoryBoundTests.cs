using System.Text;
using System.Text.Json.Nodes;
using Notes.Lsp.Stdio;
using Xunit.Abstractions;

namespace Notes.Lsp.Server.Tests.Stdio;

/// <summary>
/// The published server's memory under hostile input, read from /proc: a Content-Length of 10^16 allocates nothing,
/// and a thousand edits of a 20 KB note with completions between them leave no trail of old versions; the buffer then
/// equals a replay of the edits.
/// </summary>
public sealed class MemoryBoundTests(ITestOutputHelper output)
{
    private static async Task<double> SettledRssMb(LspProcess lsp)
    {
        await lsp.Call("workspace/symbol", new JsonObject { ["query"] = "alpha" }, StdioServer.Wait);
        await Task.Delay(300);
        return ProcStats.RssMb(lsp.Pid) ?? 0;
    }

    [Fact]
    public async Task AHugeContentLengthAllocatesNothing()
    {
        if (!OperatingSystem.IsLinux()) return;
        var (lsp, root) = StdioServer.Start();
        try
        {
            await lsp.InitializeAsync(root, StdioServer.Wait);
            var before = await SettledRssMb(lsp);
            foreach (var length in new[] { "9999999999999999", "67108865", "2147483648" })
                lsp.SendRaw(Encoding.ASCII.GetBytes($"Content-Length: {length}\r\n\r\n{{}}"));
            await Task.Delay(500); // no request: it would be read as part of the refused body
            var after = ProcStats.RssMb(lsp.Pid) ?? 0;
            output.WriteLine($"RSS {before:F0} MB -> {after:F0} MB");
            Assert.True(after - before < 32, $"RSS grew from {before:F0} to {after:F0} MB");
            Assert.Contains(lsp.Stderr, l => l.Contains("exceeds the limit", StringComparison.Ordinal));
            // The first body is skipped by its length (the later headers are inside it): the input ends inside it.
            lsp.CloseInput();
            Assert.True(await lsp.WaitForExitAsync(StdioServer.Wait));
            Assert.Equal(1, lsp.ExitCode);
        }
        finally
        {
            await lsp.DisposeAsync();
            FuzzVault.Delete(root);
        }
    }

    [Fact]
    public async Task AThousandEditsWithCompletionsBetweenKeepMemoryBoundedAndEqualAReplay()
    {
        if (!OperatingSystem.IsLinux()) return;
        var (lsp, root) = StdioServer.Start();
        try
        {
            await lsp.InitializeAsync(root, StdioServer.Wait);
            var uri = LspProcess.FileUri(Path.Combine(root, "big.md"));
            var text = string.Concat(Enumerable.Range(0, 400).Select(i => $"## Part {i}\nSee [[alpha]] and [[beta]] #tag{i % 7} 😀\n"));
            lsp.Notify("textDocument/didOpen", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "markdown", ["version"] = 1, ["text"] = text } });
            var before = await SettledRssMb(lsp);

            var rng = new Random(10);
            var completions = new List<Task<JsonObject>>();
            for (int v = 2; v <= 1001; v++)
            {
                var starts = TextModel.LineStarts(text);
                int line = rng.Next(starts.Count), ch = rng.Next(TextModel.LineLength(text, starts, line) + 1);
                var insert = rng.Next(3) switch { 0 => "[[al", 1 => "x\n", _ => "😀" };
                text = TextModel.Apply(text, line, ch, line, ch, insert)!;
                lsp.Notify("textDocument/didChange", new JsonObject
                {
                    ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = v },
                    ["contentChanges"] = new JsonArray(new JsonObject
                    {
                        ["range"] = new JsonObject { ["start"] = Pos(line, ch), ["end"] = Pos(line, ch) }, ["text"] = insert,
                    }),
                });
                if (v % 5 == 0)
                    completions.Add(lsp.Request("textDocument/completion", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri }, ["position"] = Pos(line, ch + insert.Length) }, StdioServer.Wait));
            }
            foreach (var response in await Task.WhenAll(completions))
            {
                // A stale read is cancelled (-32801) or answered fresh; never an internal error.
                var code = response["error"]?["code"]?.GetValue<int>();
                Assert.True(code is null or -32801 or -32800, response.ToJsonString());
            }
            var after = await SettledRssMb(lsp);
            output.WriteLine($"RSS {before:F0} MB -> {after:F0} MB after 1,000 edits of a {text.Length / 1024} K note; peak {ProcStats.PeakRssMb(lsp.Pid):F0} MB");
            Assert.True(after - before < 100, $"RSS grew from {before:F0} to {after:F0} MB: old versions kept?");

            // The buffer equals the replay: the same text opened fresh answers the same.
            var replay = LspProcess.FileUri(Path.Combine(root, "replay.md"));
            lsp.Notify("textDocument/didOpen", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = replay, ["languageId"] = "markdown", ["version"] = 1, ["text"] = text } });
            foreach (var method in new[] { "textDocument/documentSymbol", "textDocument/foldingRange", "textDocument/semanticTokens/full", "textDocument/documentLink" })
            {
                var edited = await lsp.Call(method, new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } }, StdioServer.Wait);
                var fresh = await lsp.Call(method, new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = replay } }, StdioServer.Wait);
                Assert.Equal(fresh?.ToJsonString().Replace("replay.md", "big.md", StringComparison.Ordinal), edited?.ToJsonString());
            }
            Assert.Equal(0, lsp.UnhandledExceptions);
            Assert.Equal(0, await lsp.ShutdownAsync(StdioServer.Wait));
        }
        finally
        {
            await lsp.DisposeAsync();
            FuzzVault.Delete(root);
        }

        static JsonObject Pos(int line, int character) => new() { ["line"] = line, ["character"] = character };
    }
}
