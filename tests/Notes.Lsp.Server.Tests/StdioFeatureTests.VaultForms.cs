using Notes.Lsp.Protocol.Lsp;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Tests;

/// <summary>Issue 17 over stdio: escaped pipes in a table row, heading paths, a block id after an embed.</summary>
public sealed partial class StdioFeatureTests
{
    [Fact]
    public async Task VaultFormsOverStdio()
    {
        // Two notes the editor has open and the disk has not; bitter-lesson.md is the example vault's.
        const string target = "# Settings\n## Profile\n### Account\n## General\n### Account\n\nThe setup:\n![[diagram.png]] ^fig1\n*Figure 1*\n";
        const string links = "| Paper | Where |\n|---|---|\n| [[bitter-lesson\\|the lesson]] | [[issue17-settings#General#Account]] |\n" +
                             "[[issue17-settings#^fig1]] [[issue17-settings#Profile#General]]\n[[issue17-settings#General#";
        var settings = Doc("issue17-settings.md");
        var doc = Doc("issue17-links.md");
        await _rpc.SendNotificationAsync("textDocument/didOpen", new DidOpenTextDocumentParams(new TextDocumentItem(settings.Uri, "markdown", 1, target)), Default.DidOpenTextDocumentParams);
        await _rpc.SendNotificationAsync("textDocument/didOpen", new DidOpenTextDocumentParams(new TextDocumentItem(doc.Uri, "markdown", 1, links)), Default.DidOpenTextDocumentParams);

        async Task<Location> DefinitionAt(int line, int character)
        {
            var defs = await _rpc.SendRequestAsync("textDocument/definition", new TextDocumentPositionParams(doc, new Position(line, character)),
                Default.TextDocumentPositionParams, Default.LocationArray).WaitAsync(Timeout);
            return Assert.Single(defs);
        }

        // 1. [[bitter-lesson\|the lesson]] in a table row goes to bitter-lesson.md.
        Assert.EndsWith("/bitter-lesson.md", (await DefinitionAt(2, 6)).Uri, StringComparison.Ordinal);
        // 2. [[issue17-settings#General#Account]] goes to the Account under General (line 4), not the first (line 2).
        var account = await DefinitionAt(2, 60);
        Assert.EndsWith("/issue17-settings.md", account.Uri, StringComparison.Ordinal);
        Assert.Equal((4, 0), (account.Range.Start.Line, account.Range.Start.Character));
        // 3. [[issue17-settings#^fig1]] goes to the line of the embed.
        var fig = await DefinitionAt(3, 22);
        Assert.Equal((7, 0, 7, 22), (fig.Range.Start.Line, fig.Range.Start.Character, fig.Range.End.Line, fig.Range.End.Character));

        // Completion after [[issue17-settings#General#: General's sub-headings only.
        var list = await _rpc.SendRequestAsync("textDocument/completion", new CompletionParams(doc, new Position(4, 27), null),
            Default.CompletionParams, Default.CompletionList).WaitAsync(Timeout);
        Assert.Equal(["Account"], list.Items.Select(i => i.Label));

        // The path that leads nowhere is the one unknown heading; the escaped pipe and the block id raise nothing.
        var deadline = DateTime.UtcNow + Timeout;
        Diagnostic[]? ds;
        while (!(_diagnostics.TryGetValue("issue17-links.md", out ds) && ds.Any(d => d.Code == "unknown-heading")))
        {
            Assert.True(DateTime.UtcNow < deadline, "no unknown-heading diagnostic for issue17-links.md");
            await Task.Delay(50);
        }
        var problems = ds.Where(d => d.Code is "broken-link" or "unknown-heading" or "unknown-block").Select(d => $"{d.Range.Start.Line}:{d.Range.Start.Character} {d.Code}");
        Assert.Equal(["3:46 unknown-heading"], problems);
    }
}
