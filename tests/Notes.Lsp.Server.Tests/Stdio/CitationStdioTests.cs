using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Notes.Lsp.Stdio;
using Notes.Testing;

namespace Notes.Lsp.Server.Tests.Stdio;

/// <summary>
/// Citations against the published server over stdio, on a real disk with the server's own watcher: completion and
/// hover of a key, a definition that opens the .bib, and diagnostics (on the note and on the .bib) that follow Zotero
/// rewriting the whole library while the note is being typed in.
/// </summary>
public sealed class CitationStdioTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly Sandbox _box = new("notes-cite");
    private readonly ConcurrentDictionary<string, string> _diagnostics = new();

    public void Dispose() => _box.Dispose();

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

    private static string Library(int entries, string extra = "") =>
        string.Concat(Enumerable.Range(0, entries).Select(i => $"@article{{paper{i},\n  author = {{M{"\\\""}uller, J{"\\'"}er{"\\^"}ome and Smith, Ann}},\n  title = {{Paper number {i}}},\n  journal = {{J}}, year = {{{2000 + i % 25}}}\n}}\n\n")) + extra;

    [Fact]
    public async Task CompletionHoverAndDiagnosticsFollowTheLibrary()
    {
        var bib = _box.Write("library.bib", Library(300));
        var note = _box.Write("notes/a.md", "# A\nAs shown [@paper7] and [@zzz999].\n");
        var uri = LspProcess.FileUri(note);
        var bibUri = LspProcess.FileUri(bib);
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

        Assert.Equal("No entry 'zzz999' in the bibliography", await DiagnosticsOf(uri, d => d.Length > 0));

        JsonObject At(int line, int ch) => new() { ["textDocument"] = new JsonObject { ["uri"] = uri }, ["position"] = new JsonObject { ["line"] = line, ["character"] = ch } };
        var hover = (await lsp.Call("textDocument/hover", At(1, 13), Wait))!["contents"]!["value"]!.GetValue<string>();
        Assert.StartsWith("Müller, J., & Smith, A. (2007). *Paper number 7*. J.", hover, StringComparison.Ordinal);
        var definition = Assert.Single((await lsp.Call("textDocument/definition", At(1, 13), Wait))!.AsArray());
        Assert.Equal(bibUri, definition!["uri"]!.GetValue<string>());
        Assert.Equal("""{"start":{"line":42,"character":9},"end":{"line":42,"character":15}}""", definition["range"]!.ToJsonString());

        // The editor opens the note and types a new citation while Zotero rewrites the library (the same keys plus one).
        lsp.Notify("textDocument/didOpen", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "markdown", ["version"] = 1, ["text"] = File.ReadAllText(note) } });
        var typing = Task.Run(async () =>
        {
            int version = 1;
            foreach (var ch in " See [@paper9")
            {
                lsp.Notify("textDocument/didChange", new JsonObject
                {
                    ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = ++version },
                    ["contentChanges"] = new JsonArray(new JsonObject
                    {
                        ["range"] = new JsonObject { ["start"] = new JsonObject { ["line"] = 2, ["character"] = version - 2 }, ["end"] = new JsonObject { ["line"] = 2, ["character"] = version - 2 } },
                        ["text"] = ch.ToString(),
                    }),
                });
                await Task.Delay(5);
            }
        });
        for (int i = 0; i < 3; i++)
        {
            File.WriteAllText(bib + ".tmp", Library(300, "@misc{zzz999, title = {Now here}}\n@article{broken, title = {unclosed\n"));
            File.Move(bib + ".tmp", bib, overwrite: true); // Better BibTeX writes a temporary file and renames it
            await Task.Delay(30);
        }
        await typing;
        Assert.Equal("", await DiagnosticsOf(uri, d => d.Length == 0));
        Assert.Contains("is not closed", await DiagnosticsOf(bibUri, d => d.Length > 0), StringComparison.Ordinal);

        var list = (await lsp.Call("textDocument/completion", At(2, 13), Wait))!;
        var labels = list["items"]!.AsArray().Select(i => i!["label"]!.GetValue<string>()).ToList();
        Assert.Equal("paper9", labels[0]);
        Assert.Equal(labels.Count, labels.Distinct().Count());
        Assert.Equal(0, await lsp.ShutdownAsync(Wait));
    }
}
