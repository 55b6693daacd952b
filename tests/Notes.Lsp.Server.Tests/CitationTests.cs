using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Tests.Harness;
using Notes.Testing;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Tests;

/// <summary>Citations through the real server in memory: completion, hover, definition into the .bib, references, diagnostics on notes and on the .bib, a Zotero rewrite, rename.</summary>
public class CitationTests
{
    private const string Vault = """
        //- /refs.bib
        @article{vaswani2017,
          author = {Vaswani, Ashish and Shazeer, Noam},
          title = {Attention Is All You Need},
          journal = {NeurIPS}, year = {2017}, doi = {10.5555/3295222}
        }
        @book{goodfellow2016, author = {Goodfellow, Ian}, title = {Deep Learning}, year = 2016}
        @article{broken, title = {No closing brace}
        //- /notes/a.md
        # A
        As shown [@vasw$0ani2017, p. 3] and [@goodfelow2016].
        Thanks @jane for the tip.
        //- /notes/b.md
        # B
        Also @vaswani2017 says.
        //- /papers/attention.md
        ---
        citekey: vaswani2017
        ---
        # Attention paper
        """;

    [Fact]
    public async Task CompletionAfterBracketAtOffersKeysWithTheirReference()
    {
        await using var h = await LspHarness.StartAsync(Vault);
        var list = await h.Request("textDocument/completion", new CompletionParams(new TextDocumentIdentifier(LspHarness.Uri("notes/a.md")), new Position(1, 13), null),
            Default.CompletionParams, Default.CompletionList);
        var item = Assert.Single(list.Items);
        Assert.Equal("vaswani2017", item.Label);
        Assert.Equal("Vaswani & Shazeer (2017) Attention Is All You Need", item.Detail);
        Assert.Equal(CompletionItemKind.Reference, item.Kind);
        Assert.Equal("1:11-1:22 vaswani2017", $"{Render.Of(item.TextEdit!.Range)} {item.TextEdit.NewText}");
        // The full reference comes through resolve, not with every item of every keystroke.
        Assert.Null(item.Documentation);
        var resolved = await h.Request("completionItem/resolve", item, Default.CompletionItem, Default.CompletionItem);
        Assert.StartsWith("Vaswani, A., & Shazeer, N. (2017). *Attention Is All You Need*.", resolved.Documentation!.Value.Split('\n')[0]);
        Assert.Equal(item.Label, resolved.Label);
    }

    [Fact]
    public async Task TheGraphHasPaperNodesOnlyWhenAskedFor()
    {
        await using var h = await LspHarness.StartAsync(Vault);
        var json = Protocol.NotesJsonContext.Default;
        var plain = await h.Request("notes/graph", new Protocol.GraphParams(null, null), json.GraphParams, json.GraphResult);
        Assert.All(plain.Nodes, n => Assert.Equal("note", n.Kind));
        var graph = await h.Request("notes/graph", new Protocol.GraphParams(null, null, Papers: true), json.GraphParams, json.GraphResult);
        var papers = graph.Nodes.Where(n => n.Kind == "paper").OrderBy(n => n.Id, StringComparer.Ordinal).Select(n => $"{n.Id} {n.Label} -> {n.Path}{(n.Missing ? " (missing)" : "")}");
        Assert.Equal(["cite:goodfelow2016 goodfelow2016 ->  (missing)", "cite:vaswani2017 Vaswani & Shazeer (2017) Attention Is All You Need -> papers/attention.md"], papers);
        Assert.Equal(["notes/a.md", "notes/b.md", "papers/attention.md"],
            graph.Edges.Where(e => e.To == "cite:vaswani2017").Select(e => graph.Nodes.Single(n => n.Id == e.From).Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task HoverDefinitionAndReferences()
    {
        await using var h = await LspHarness.StartAsync(Vault);
        var (doc, pos) = h.Cursor();
        var hover = await h.Request("textDocument/hover", new TextDocumentPositionParams(doc, pos), Default.TextDocumentPositionParams, Default.Hover);
        Assert.StartsWith("Vaswani, A., & Shazeer, N. (2017). *Attention Is All You Need*. NeurIPS.", hover.Contents.Value);
        Assert.Contains("cited by 2 notes", hover.Contents.Value);
        Assert.Contains("Literature note: **Attention paper** (`papers/attention.md`)", hover.Contents.Value);
        Assert.Equal("1:10-1:22", Render.Of(hover.Range!));

        var definition = await h.Request("textDocument/definition", new TextDocumentPositionParams(doc, pos), Default.TextDocumentPositionParams, Default.LocationArray);
        Assert.Equal(Render.Trimmed("""
            refs.bib 0:9-0:20
            papers/attention.md 1:9-1:20
            """), Render.Lines(definition.Select(Render.Of)));

        var refs = await h.Request("textDocument/references", new ReferenceParams(doc, pos, new ReferenceContext(false)), Default.ReferenceParams, Default.LocationArray);
        Assert.Equal(Render.Trimmed("""
            notes/a.md 1:10-1:22
            notes/b.md 1:5-1:17
            """), Render.Lines(refs.Select(Render.Of)));
    }

    [Fact]
    public async Task AskedOnAnEntryOfTheOpenBibTheCitingNotesTheLiteratureNoteAndTheReference()
    {
        await using var h = await LspHarness.StartAsync(Vault);
        await h.Open("refs.bib");
        var bib = new TextDocumentIdentifier(LspHarness.Uri("refs.bib"));
        // Anywhere in the entry (here its title line), not only on the key.
        var inEntry = new Position(2, 14);
        var refs = await h.Request("textDocument/references", new ReferenceParams(bib, inEntry, new ReferenceContext(false)), Default.ReferenceParams, Default.LocationArray);
        Assert.Equal(Render.Trimmed("""
            notes/a.md 1:10-1:22
            notes/b.md 1:5-1:17
            """), Render.Lines(refs.Select(Render.Of)));
        var withDeclaration = await h.Request("textDocument/references", new ReferenceParams(bib, inEntry, new ReferenceContext(true)), Default.ReferenceParams, Default.LocationArray);
        Assert.Equal("refs.bib 0:9-0:20", Render.Of(withDeclaration[0]));
        Assert.Equal(3, withDeclaration.Length);
        var definition = await h.Request("textDocument/definition", new TextDocumentPositionParams(bib, inEntry), Default.TextDocumentPositionParams, Default.LocationArray);
        Assert.Equal("papers/attention.md 1:9-1:20", Render.Of(Assert.Single(definition)));
        var hover = await h.Request("textDocument/hover", new TextDocumentPositionParams(bib, inEntry), Default.TextDocumentPositionParams, Default.Hover);
        Assert.Contains("cited by 2 notes", hover.Contents.Value);
        Assert.Equal("0:9-0:20", Render.Of(hover.Range!));
        // The book on line 5 is cited by no note; the junk after the last entry is no entry.
        Assert.Empty(await h.Request("textDocument/references", new ReferenceParams(bib, new Position(5, 3), new ReferenceContext(false)), Default.ReferenceParams, Default.LocationArray));

        // Typed in the editor, not saved: the entry the user sees is the one asked about, and the .bib is no note.
        await h.Change("refs.bib", 2, new TextDocumentContentChangeEvent("@misc{goodfellow2016x, title = {Inserted}}\n", new Notes.Lsp.Protocol.Lsp.Range(new Position(0, 0), new Position(0, 0))));
        var moved = await h.Request("textDocument/references", new ReferenceParams(bib, new Position(3, 14), new ReferenceContext(false)), Default.ReferenceParams, Default.LocationArray);
        Assert.Equal(2, moved.Length);
        Assert.DoesNotContain(h.Server.Session.Workspace.View.Index.Notes.Keys, p => p.EndsWith(".bib", StringComparison.Ordinal));
        await h.Notify("textDocument/didClose", new DidCloseTextDocumentParams(bib), Default.DidCloseTextDocumentParams);
        Assert.Empty(await h.Request("textDocument/references", new ReferenceParams(bib, inEntry, new ReferenceContext(false)), Default.ReferenceParams, Default.LocationArray));
    }

    [Fact]
    public async Task DiagnosticsOnTheNoteAndOnTheBibFollowARewrite()
    {
        await using var h = await LspHarness.StartAsync(Vault);
        var ds = await h.Diagnostics("notes/a.md", d => d.Length == 1);
        Assert.Equal("unknown-citation No entry 'goodfelow2016' in the bibliography; did you mean 'goodfellow2016'? 1:36-1:49",
            $"{ds[0].Code} {ds[0].Message} {Render.Of(ds[0].Range)}");
        var bib = await h.Diagnostics("refs.bib", d => d.Length == 1);
        Assert.Equal("bibliography-syntax", bib[0].Code);
        Assert.Equal(6, bib[0].Range.Start.Line);

        // Zotero rewrites the whole file: the typo'd key now exists, the broken entry is gone.
        h.Vault.Files[Fixture.FullPath("/refs.bib")] = h.Text("refs.bib").Replace("@article{broken, title = {No closing brace}", "@misc{goodfelow2016, title = {Typo kept}}");
        await h.Watched("refs.bib", FileChangeType.Changed);
        await h.Diagnostics("notes/a.md", d => d.Length == 0);
        await h.Diagnostics("refs.bib", d => d.Length == 0);
    }

    [Fact]
    public async Task RenameAKeyRewritesEveryCitationAndTheLiteratureNote()
    {
        await using var h = await LspHarness.StartAsync(Vault);
        var (doc, pos) = h.Cursor();
        var edit = await h.Request("textDocument/rename", new RenameParams(doc, pos, "attention2017"), Default.RenameParams, Default.WorkspaceEdit);
        Assert.Equal(Render.Trimmed("""
            notes/a.md@null 1:11-1:22 'attention2017'
            notes/b.md@null 1:6-1:17 'attention2017'
            papers/attention.md@null 1:9-1:20 'attention2017'
            """), Render.Of(edit));
    }
}
