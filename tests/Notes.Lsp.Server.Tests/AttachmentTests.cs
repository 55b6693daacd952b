using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Tests.Harness;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Tests;

/// <summary>Attachments through the real server in memory: open, backlinks, hover, completion, diagnostics that follow the disk, moves.</summary>
public class AttachmentTests
{
    private const string Vault = """
        //- /notes/loss.md
        # Loss
        The curve ![[loss-c$0urve.png]] and ![fig](../figures/loss-curve.png).
        See ![[paper.pdf#page=3]] and ![[missing.png]].
        //- /notes/other.md
        # Other
        [[loss-curve.png|the curve]]
        //- /figures/loss-curve.png
        PNG
        //- /papers/paper.pdf
        %PDF
        """;

    [Fact]
    public async Task DefinitionOpensTheImageAtItsStart()
    {
        await using var h = await LspHarness.StartAsync(Vault);
        var (doc, pos) = h.Cursor();
        var result = await h.Request("textDocument/definition", new TextDocumentPositionParams(doc, pos), Default.TextDocumentPositionParams, Default.LocationArray);
        Assert.Equal("figures/loss-curve.png 0:0-0:0", Render.Lines(result.Select(Render.Of)));
    }

    [Fact]
    public async Task ReferencesFromALinkAndFromTheFileItselfListEveryUse()
    {
        await using var h = await LspHarness.StartAsync(Vault);
        var (doc, pos) = h.Cursor();
        var fromLink = await h.Request("textDocument/references", new ReferenceParams(doc, pos, new ReferenceContext(true)), Default.ReferenceParams, Default.LocationArray);
        var expected = """
            notes/loss.md 1:10-1:29
            notes/loss.md 1:34-1:67
            notes/other.md 1:0-1:28
            """;
        Assert.Equal(Render.Trimmed(expected), Render.Lines(fromLink.Select(Render.Of)));
        var fromFile = await h.Request("textDocument/references",
            new ReferenceParams(new TextDocumentIdentifier(LspHarness.Uri("figures/loss-curve.png")), new Position(0, 0), new ReferenceContext(false)),
            Default.ReferenceParams, Default.LocationArray);
        Assert.Equal(Render.Trimmed(expected), Render.Lines(fromFile.Select(Render.Of)));
    }

    [Fact]
    public async Task HoverOnAnEmbeddedImageShowsTheImage()
    {
        await using var h = await LspHarness.StartAsync(Vault);
        var (doc, pos) = h.Cursor();
        var hover = await h.Request("textDocument/hover", new TextDocumentPositionParams(doc, pos), Default.TextDocumentPositionParams, Default.Hover);
        Assert.Equal("""
            **loss-curve.png**  
            `figures/loss-curve.png` · image · 4 B · 2 notes use it

            ![loss-curve.png](file:///vault/figures/loss-curve.png)

            """.ReplaceLineEndings("\n"), hover.Contents.Value);
        Assert.Equal("1:10-1:29", Render.Of(hover.Range!));
    }

    [Fact]
    public async Task OnlyTheMissingFileIsAProblemAndItFollowsTheDisk()
    {
        await using var h = await LspHarness.StartAsync(Vault);
        var ds = await h.Diagnostics("notes/loss.md", d => d.Length == 1);
        Assert.Equal("broken-link No file named 'missing.png' 2:30-2:46", $"{ds[0].Code} {ds[0].Message} {Render.Of(ds[0].Range)}");

        // the figure appears: the problem goes
        h.Vault.Files[Notes.Testing.Fixture.FullPath("/attachments/missing.png")] = "PNG";
        await Watched(h, ("attachments/missing.png", FileChangeType.Created));
        await h.Diagnostics("notes/loss.md", d => d.Length == 0);

        // the paper is deleted: its embed is broken now
        h.Vault.Files.TryRemove(Notes.Testing.Fixture.FullPath("/papers/paper.pdf"), out _);
        await Watched(h, ("papers/paper.pdf", FileChangeType.Deleted));
        ds = await h.Diagnostics("notes/loss.md", d => d.Length == 1);
        Assert.Equal("broken-link No file named 'paper.pdf' 2:4-2:25", $"{ds[0].Code} {ds[0].Message} {Render.Of(ds[0].Range)}");

        // a folder deleted whole (one event for the folder): what it held goes with it
        h.Vault.Files.TryRemove(Notes.Testing.Fixture.FullPath("/figures/loss-curve.png"), out _);
        await Watched(h, ("figures", FileChangeType.Deleted));
        ds = await h.Diagnostics("notes/loss.md", d => d.Length == 3);
        Assert.Equal(["No file named 'loss-curve.png'", "No file at '../figures/loss-curve.png'", "No file named 'paper.pdf'"], ds.Select(d => d.Message));

        // a folder moved in (one event for the folder): its files are found
        h.Vault.Files[Notes.Testing.Fixture.FullPath("/restored/figures/loss-curve.png")] = "PNG";
        h.Vault.Files[Notes.Testing.Fixture.FullPath("/restored/papers/paper.pdf")] = "%PDF";
        await Watched(h, ("restored", FileChangeType.Created));
        ds = await h.Diagnostics("notes/loss.md", d => d.Length == 1);
        Assert.Equal("No file at '../figures/loss-curve.png'", ds[0].Message);
    }

    [Fact]
    public async Task HiddenFilesAreNeverAttachments()
    {
        await using var h = await LspHarness.StartAsync("""
            //- /a.md
            ![[.cache.png]]
            //- /.obsidian/x.png
            1
            """);
        h.Vault.Files[Notes.Testing.Fixture.FullPath("/.cache.png")] = "1";
        await Watched(h, (".cache.png", FileChangeType.Created));
        var ds = await h.Diagnostics("a.md", d => d.Length == 1);
        Assert.Equal("No file named '.cache.png'", ds[0].Message);
        Assert.Empty(h.Server.Session.Workspace.View.Index.Attachments.ByPath);
    }

    [Fact]
    public async Task CompletionOffersImagesFirstAfterAnEmbed()
    {
        await using var h = await LspHarness.StartAsync("""
            //- /a.md
            ![[lo$0
            //- /loss.md
            # Loss
            //- /figs/loss.png
            1
            //- /loss.csv
            1
            """);
        var (doc, pos) = h.Cursor();
        var list = await h.Request("textDocument/completion", new CompletionParams(doc, pos, null), Default.CompletionParams, Default.CompletionList);
        Assert.Equal("""
            loss.png -> 'loss.png]]' 17 image · figs/loss.png
            Loss -> 'loss]]' 17 loss.md
            loss.csv -> 'loss.csv]]' 17 file · loss.csv
            """.ReplaceLineEndings("\n"),
            string.Join("\n", list.Items.OrderBy(i => i.SortText, StringComparer.Ordinal).Select(i => $"{i.Label} -> '{i.TextEdit!.NewText}' {i.Kind} {i.Detail}")));
    }

    [Fact]
    public async Task RenamingAnAttachmentOrItsFolderRewritesEveryLink()
    {
        await using var h = await LspHarness.StartAsync(Vault);
        var edit = await h.Request("workspace/willRenameFiles",
            new RenameFilesParams([new FileRename(LspHarness.Uri("figures/loss-curve.png"), LspHarness.Uri("figures/loss.png"))]),
            Default.RenameFilesParams, Default.WorkspaceEdit);
        Assert.Equal(Render.Trimmed("""
            notes/loss.md@null 1:13-1:27 'loss.png'
            notes/loss.md@null 1:41-1:66 '../figures/loss.png'
            notes/other.md@null 1:2-1:16 'loss.png'
            """), Render.Of(edit));
        edit = await h.Request("workspace/willRenameFiles",
            new RenameFilesParams([new FileRename(LspHarness.Uri("figures"), LspHarness.Uri("assets/img"))]),
            Default.RenameFilesParams, Default.WorkspaceEdit);
        Assert.Equal(Render.Trimmed("""
            notes/loss.md@null 1:41-1:66 '../assets/img/loss-curve.png'
            """), Render.Of(edit));
    }

    private static async Task Watched(LspHarness h, params (string Relative, int Type)[] events)
    {
        await h.Notify("workspace/didChangeWatchedFiles", new DidChangeWatchedFilesParams([.. events.Select(e => new FileEvent(LspHarness.Uri(e.Relative), e.Type))]),
            Default.DidChangeWatchedFilesParams);
    }
}
