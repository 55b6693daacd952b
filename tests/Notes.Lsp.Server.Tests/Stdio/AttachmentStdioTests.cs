using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Notes.Lsp.Stdio;
using Notes.Testing;

namespace Notes.Lsp.Server.Tests.Stdio;

/// <summary>
/// Attachments against the published server over stdio, on a real disk with the server's own watcher: the figure an
/// embed opens, the hover that shows it, and diagnostics that follow files appearing and vanishing.
/// </summary>
public sealed class AttachmentStdioTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly Sandbox _box = new("notes-attach");
    private readonly ConcurrentDictionary<string, string> _diagnostics = new();

    public void Dispose() => _box.Dispose();

    private string Write(string relative, string text) => _box.Write(relative, text);

    private async Task<string> DiagnosticsOf(string uri, Func<string, bool> until)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            if (_diagnostics.TryGetValue(uri, out var d) && until(d)) return d;
            Assert.True(DateTime.UtcNow < deadline, $"diagnostics of {uri}: last were [{d}]");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task EmbedsOpenTheirFilesAndDiagnosticsFollowTheDisk()
    {
        var note = Write("notes/loss.md", "# Loss\n![[loss.png]] and ![plot](../figures/plot%201.svg) and ![[missing.png]]\n");
        var png = Write("figures/loss.png", "not really a png");
        Write("figures/plot 1.svg", "<svg/>");
        Write(".obsidian/ignored.png", "hidden");
        var uri = LspProcess.FileUri(note);
        await using var lsp = LspProcess.Start(StdioServer.Path(), _box.Vault);
        lsp.OnNotification = (method, p) =>
        {
            if (method != "textDocument/publishDiagnostics") return;
            _diagnostics[p!["uri"]!.GetValue<string>()] = string.Join("|", p["diagnostics"]!.AsArray().Select(d => d!["message"]!.GetValue<string>()));
        };
        var init = LspProcess.InitializeParams(_box.Vault);
        init["capabilities"]!["workspace"]!["didChangeWatchedFiles"] = new JsonObject { ["dynamicRegistration"] = false }; // the server watches itself
        await lsp.Call("initialize", init, Wait);
        lsp.Notify("initialized", new JsonObject());

        Assert.Equal("No file named 'missing.png'", await DiagnosticsOf(uri, d => d.Length > 0));

        var position = new JsonObject { ["line"] = 1, ["character"] = 4 };
        var definition = (await lsp.Call("textDocument/definition", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri }, ["position"] = position }, Wait))!.AsArray();
        Assert.Equal(LspProcess.FileUri(png), Assert.Single(definition)!["uri"]!.GetValue<string>());
        Assert.Equal("""{"start":{"line":0,"character":0},"end":{"line":0,"character":0}}""", definition[0]!["range"]!.ToJsonString());

        position = new JsonObject { ["line"] = 1, ["character"] = 4 };
        var hover = await lsp.Call("textDocument/hover", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri }, ["position"] = position }, Wait);
        Assert.Contains($"![loss.png]({LspProcess.FileUri(png)})", hover!["contents"]!["value"]!.GetValue<string>(), StringComparison.Ordinal);

        // The missing figure is saved: the problem goes. The found one is deleted: it comes.
        Write("attachments/missing.png", "now here");
        await DiagnosticsOf(uri, d => d.Length == 0);
        File.Delete(png);
        Assert.Equal("No file named 'loss.png'", await DiagnosticsOf(uri, d => d.Length > 0));
        // A folder moved away whole: its figure goes with it.
        Directory.Move(Path.Combine(_box.Vault, "figures"), Path.Combine(_box.Vault, "..", "moved-away"));
        Assert.Equal("No file named 'loss.png'|No file at '../figures/plot%201.svg'".Replace("%20", " "),
            await DiagnosticsOf(uri, d => d.Contains("plot", StringComparison.Ordinal)));
        Assert.Equal(0, await lsp.ShutdownAsync(Wait));
    }
}
