using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Tests.Harness;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Tests;

/// <summary>The mission's features through the real server over in-memory pipes: fixture in, rendered answer out.</summary>
public partial class FeatureTests
{
    private static async Task Check(string fixture, Func<LspHarness, Task<string>> ask, string expected)
    {
        await using var h = await LspHarness.StartAsync(fixture);
        Assert.Equal(Render.Trimmed(expected), Render.Trimmed(await ask(h)));
    }

    private static async Task<string> Definition(LspHarness h)
    {
        var (doc, pos) = h.Cursor();
        var result = await h.Request("textDocument/definition", new TextDocumentPositionParams(doc, pos), Default.TextDocumentPositionParams, Default.LocationArray);
        return Render.Lines(result.Select(Render.Of));
    }

    private static async Task<string> References(LspHarness h)
    {
        var (doc, pos) = h.Cursor();
        var result = await h.Request("textDocument/references", new ReferenceParams(doc, pos, new ReferenceContext(false)), Default.ReferenceParams, Default.LocationArray);
        return Render.Lines(result.Select(Render.Of).Order(StringComparer.Ordinal));
    }

    private static async Task<string> Completion(LspHarness h)
    {
        var (doc, pos) = h.Cursor();
        var list = await h.Request("textDocument/completion", new CompletionParams(doc, pos, null), Default.CompletionParams, Default.CompletionList);
        return Render.Lines(list.Items.OrderBy(i => i.SortText, StringComparer.Ordinal).Select(i => $"{i.Label} -> '{i.TextEdit!.NewText}' {Render.Of(i.TextEdit.Range)}"));
    }

    private static async Task<string> Rename(LspHarness h, string newName)
    {
        var (doc, pos) = h.Cursor();
        var edit = await h.Request("textDocument/rename", new RenameParams(doc, pos, newName), Default.RenameParams, Default.WorkspaceEdit);
        return Render.Of(edit);
    }

    [Fact]
    public Task DefinitionOfAWikilink() => Check("""
        //- /a.md
        See [[tra$0nsformers]].
        //- /transformers.md
        # Transformers
        """, Definition, "transformers.md 0:0-0:14");

    [Fact]
    public Task DefinitionOfALabelledLinkToAHeading() => Check("""
        //- /a.md
        See [[transformers#Self attention|the tri$0ck]].
        //- /transformers.md
        # Transformers
        Intro.
        ## Self attention
        """, Definition, "transformers.md 2:0-2:17");

    [Fact]
    public Task AmbiguousLinkReturnsEveryCandidate() => Check("""
        //- /a.md
        [[no$0te]]
        //- /x/note.md
        # Note X
        //- /y/note.md
        # Note Y
        """, async h => Render.Lines((await Definition(h)).Split('\n').Order(StringComparer.Ordinal)), """
        x/note.md 0:0-0:8
        y/note.md 0:0-0:8
        """);

    [Fact]
    public Task BacklinksFromTheTitle() => Check("""
        //- /transformers.md
        # Trans$0formers
        //- /a.md
        See [[transformers]] and [[transformers|them]].
        //- /b.md
        Also [the paper](transformers.md).
        """, References, """
        a.md 0:25-0:46
        a.md 0:4-0:20
        b.md 0:5-0:33
        """);

    [Fact]
    public Task CompletionAfterDoubleBracketReplacesTheTypedPart() => Check("""
        //- /a.md
        See [[tra$0
        //- /transformers.md
        # Transformers
        //- /attention.md
        # Attention
        """, Completion, "Transformers -> 'transformers]]' 0:6-0:9");

    [Fact]
    public Task RenameANoteFromALinkMovesTheFileAndKeepsLabels() => Check("""
        //- /a.md
        See [[gp$0t3|GPT-3]] and [[gpt3#Results]].
        //- /gpt3.md
        # GPT-3
        ## Results
        """, h => Rename(h, "gpt-3"), """
        a.md@null 0:6-0:10 'gpt-3'
        a.md@null 0:25-0:29 'gpt-3'
        rename gpt3.md -> gpt-3.md
        """);
}
