using System.Text.Json;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Protocol;
using Notes.Lsp.Server.Tests.Harness;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Tests;

/// <summary>Issue 6's features through the server: hover, symbols, code actions, lenses, links, folds, tokens, hierarchy, file moves.</summary>
public class BeyondTests
{
    private const string Vault = """
        //- /a.md
        # A
        See [[transformers|the paper]] and [[missing]] with #bert.
        ## Later
        More.
        //- /transformers.md
        ---
        aliases: [Transformer]
        ---
        # Transformers
        Attention is all you need: the first paragraph.
        ## Self attention
        Text.
        //- /b.md
        [[transformers]] #bert #BERT
        //- /c.md
        #bert
        """;

    private static TextDocumentIdentifier Doc(string rel) => new(LspHarness.Uri(rel));

    [Fact]
    public async Task HoverOnALinkShowsTitleReasonBacklinksAndPreview()
    {
        await using var h = await LspHarness.StartAsync(Vault);
        var hover = await h.Request("textDocument/hover", new TextDocumentPositionParams(Doc("a.md"), new Position(1, 8)), Default.TextDocumentPositionParams, Default.Hover);
        Assert.Contains("**Transformers**", hover.Contents.Value, StringComparison.Ordinal);
        Assert.Contains("2 backlinks", hover.Contents.Value, StringComparison.Ordinal);
        Assert.Contains("first paragraph", hover.Contents.Value, StringComparison.Ordinal);
        Assert.Equal("1:4-1:30", Render.Of(hover.Range!));
    }

    [Fact]
    public async Task OutlineAndWorkspaceSymbols()
    {
        await using var h = await LspHarness.StartAsync(Vault);
        var outline = await h.Request("textDocument/documentSymbol", new DocumentSymbolParams(Doc("a.md")), Default.DocumentSymbolParams, Default.DocumentSymbolArray);
        Assert.Equal("A > Later", string.Join(" > ", outline.Select(s => s.Name).Concat(outline.SelectMany(s => s.Children ?? []).Select(c => c.Name))));
        var found = await h.Request("workspace/symbol", new WorkspaceSymbolParams("transf"), Default.WorkspaceSymbolParams, Default.SymbolInformationArray);
        Assert.Contains(found, s => s.Name == "Transformers" && Render.Path(s.Location.Uri) == "transformers.md");
        Assert.Contains(found, s => s.Name == "Transformer"); // the alias
    }

    [Fact]
    public async Task CodeActionsCreateTheMissingNoteAndFixTheTagVariant()
    {
        await using var h = await LspHarness.StartAsync(Vault);
        var actions = await h.Request("textDocument/codeAction",
            new CodeActionParams(Doc("a.md"), new Notes.Lsp.Protocol.Lsp.Range(new Position(1, 36), new Position(1, 36)), new CodeActionContext([])),
            Default.CodeActionParams, Default.CodeActionArray);
        var create = Assert.Single(actions, a => a.Title.Contains("missing", StringComparison.Ordinal) && a.Edit!.DocumentChanges!.Any(c => c.Kind == "create"));
        Assert.Contains(create.Edit!.DocumentChanges!, c => c.Kind == "create" && Render.Path(c.Uri!) == "missing.md");
        var tagFix = await h.Request("textDocument/codeAction",
            new CodeActionParams(Doc("b.md"), new Notes.Lsp.Protocol.Lsp.Range(new Position(0, 24), new Position(0, 24)), new CodeActionContext([])),
            Default.CodeActionParams, Default.CodeActionArray);
        Assert.Contains(tagFix, a => a.Kind == "quickfix" && Render.Of(a.Edit!).Contains("b.md@null 0:24-0:28 'bert'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LensesLinksFoldsTokensAndHierarchy()
    {
        await using var h = await LspHarness.StartAsync(Vault);
        var lenses = await h.Request("textDocument/codeLens", new CodeLensParams(Doc("transformers.md")), Default.CodeLensParams, Default.CodeLensArray);
        Assert.Contains(lenses, l => l.Command!.Title == "2 backlinks");
        var links = await h.Request("textDocument/documentLink", new DocumentLinkParams(Doc("a.md")), Default.DocumentLinkParams, Default.DocumentLinkArray);
        Assert.Contains(links, l => l.Target!.Contains("transformers.md", StringComparison.Ordinal));
        var folds = await h.Request("textDocument/foldingRange", new FoldingRangeParams(Doc("transformers.md")), Default.FoldingRangeParams, Default.FoldingRangeArray);
        Assert.Contains(folds, f => f.StartLine == 0 && f.Kind == "imports");
        var tokens = await h.Request("textDocument/semanticTokens/full", new SemanticTokensParams(Doc("a.md")), Default.SemanticTokensParams, Default.SemanticTokens);
        Assert.True(tokens.Data.Length >= 15 && tokens.Data.Length % 5 == 0, string.Join(",", tokens.Data));
        Assert.Equal([1, 4, 26, 0, 0], tokens.Data[..5]); // [[transformers|the paper]] on line 1 as a wikilink
        var items = await h.Request("textDocument/prepareCallHierarchy", new CallHierarchyPrepareParams(Doc("transformers.md"), new Position(3, 2)),
            Default.CallHierarchyPrepareParams, Default.CallHierarchyItemArray);
        var incoming = await h.Request("callHierarchy/incomingCalls", new CallHierarchyIncomingCallsParams(Assert.Single(items)),
            Default.CallHierarchyIncomingCallsParams, Default.CallHierarchyIncomingCallArray);
        Assert.Equal(["a.md", "b.md"], incoming.Select(c => Render.Path(c.From.Uri)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task BacklinksAndGraphRequests()
    {
        await using var h = await LspHarness.StartAsync(Vault);
        var backlinks = await h.Request("notes/backlinks", new BacklinksParams(Doc("transformers.md")), NotesJsonContext.Default.BacklinksParams, NotesJsonContext.Default.BacklinksResult);
        Assert.Equal(["A", "b"], backlinks.Items.Select(i => i.SourceTitle).Order(StringComparer.Ordinal));
        Assert.Contains(backlinks.Items, i => i.Context.Contains("the paper", StringComparison.Ordinal));
        var graph = await h.Request("notes/graph", new GraphParams(Doc("a.md"), 1), NotesJsonContext.Default.GraphParams, NotesJsonContext.Default.GraphResult);
        Assert.Contains(graph.Nodes, n => n.Missing && n.Label == "missing");
        Assert.Contains(graph.Edges, e => graph.Nodes.Single(n => n.Id == e.To).Label == "Transformers");
    }

    [Fact]
    public async Task MovingANoteInTheExplorerRewritesItsLinks()
    {
        await using var h = await LspHarness.StartAsync(Vault);
        var edit = await h.Request("workspace/willRenameFiles",
            new RenameFilesParams([new FileRename(LspHarness.Uri("transformers.md"), LspHarness.Uri("papers/attention-paper.md"))]),
            Default.RenameFilesParams, Default.WorkspaceEdit);
        Assert.Equal(Render.Trimmed("""
            a.md@null 1:6-1:18 'attention-paper'
            b.md@null 0:2-0:14 'attention-paper'
            """), Render.Of(edit));
    }

    [Fact]
    public async Task CreateNoteCommandAsksTheEditorToApplyTheEdit()
    {
        await using var h = await LspHarness.StartAsync(Vault);
        var args = JsonSerializer.SerializeToElement(new CreateNoteArgs(LspHarness.Uri("c.md"),
            new Notes.Lsp.Protocol.Lsp.Range(new Position(0, 0), new Position(0, 5)), "Bert notes"), NotesJsonContext.Default.CreateNoteArgs);
        await h.Request("workspace/executeCommand", new ExecuteCommandParams("notes.createNote", [args]), Default.ExecuteCommandParams, Default.NullableJsonElement);
        var deadline = DateTime.UtcNow + LspHarness.Timeout;
        while (true)
        {
            lock (h.AppliedEdits) if (h.AppliedEdits.Count > 0) break;
            Assert.True(DateTime.UtcNow < deadline, "no workspace/applyEdit");
            await Task.Delay(20);
        }
        lock (h.AppliedEdits) Assert.Contains("create bert-notes.md", Render.Of(h.AppliedEdits[0].Edit), StringComparison.Ordinal);
    }
}
