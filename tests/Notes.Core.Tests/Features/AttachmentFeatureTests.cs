using Notes.Core.Config;
using Notes.Core.Features;
using Notes.Core.Index;
using Notes.Testing;

namespace Notes.Core.Tests.Features;

/// <summary>What the editor does with links to attachments: open, list users, preview, complete, rewrite on a move, report unused.</summary>
public class AttachmentFeatureTests
{
    private const string Vault = """
        //- /notes/loss.md
        # Loss
        The curve: ![[loss-curve.png]] and the paper ![[paper.pdf#page=3]].
        Again: ![curve](../figures/loss-curve.png) and [[loss-curve.png|the figure]].
        //- /notes/other.md
        # Other
        ![](figs/unused.svg) is broken here; [[paper.pdf]] is fine.
        //- /figures/loss-curve.png
        PNG bytes
        //- /figures/unused.svg
        <svg/>
        //- /papers/paper.pdf
        %PDF-1.7
        //- /data/run.csv
        a,b
        """;

    private static (WorkspaceSnapshot Ws, NoteDocument Note, int Offset) At(string vault, string path, string marker)
    {
        var f = Fixture.Parse(vault);
        var ws = f.Snapshot();
        var note = ws[Fixture.FullPath(path)]!;
        int offset = note.Syntax.Text.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(offset >= 0, marker);
        return (ws, note, offset + 2);
    }

    [Fact]
    public void DefinitionOpensTheFile()
    {
        var (ws, note, offset) = At(Vault, "/notes/loss.md", "![[loss-curve");
        var result = Navigation.Definition(ws, note, offset);
        Assert.Equal(new NoteLocation(Fixture.FullPath("/figures/loss-curve.png"), default), Assert.Single(result));
    }

    [Fact]
    public void ReferencesListEveryLinkAndEmbedOfTheFileOnce()
    {
        var (ws, note, offset) = At(Vault, "/notes/loss.md", "![curve]");
        var refs = Navigation.References(ws, note, offset, includeDeclaration: true);
        Assert.Equal(
            ["notes/loss.md:1 ![[loss-curve.png]]", "notes/loss.md:2 ![curve](../figures/loss-curve.png)", "notes/loss.md:2 [[loss-curve.png|the figure]]"],
            refs.Select(r => $"{ws[r.Location.Path]!.RelativePath}:{r.Source.Lines.LineOf(r.Location.Span.Start)} {r.Source.Text.Substring(r.Location.Span.Start, r.Location.Span.Length)}"));
    }

    [Fact]
    public void ReferencesOfAPdfComeFromEveryNote()
    {
        var ws = Fixture.Parse(Vault).Snapshot();
        var pdf = ws.Attachments[Fixture.FullPath("/papers/paper.pdf")]!;
        Assert.Equal(["/vault/notes/loss.md", "/vault/notes/other.md"], Navigation.FileRefs(ws, pdf).Select(r => r.Location.Path));
    }

    [Fact]
    public void HoverOnAnImageShowsIt()
    {
        var (ws, note, offset) = At(Vault, "/notes/loss.md", "![[loss-curve");
        var hover = Hover.At(ws, note, offset, fileUri: p => "file://" + p)!;
        Assert.Equal("""
            **loss-curve.png**  
            `figures/loss-curve.png` · image · 10 B · 1 note uses it

            ![loss-curve.png](file:///vault/figures/loss-curve.png)

            """.ReplaceLineEndings("\n"), hover.Markdown);
    }

    [Fact]
    public void HoverOnAPdfSaysWhatItIsWithoutAnImage()
    {
        var (ws, note, offset) = At(Vault, "/notes/other.md", "[[paper.pdf");
        var hover = Hover.At(ws, note, offset, fileUri: p => "file://" + p)!;
        Assert.Equal("**paper.pdf**  \n`papers/paper.pdf` · PDF · 9 B · 2 notes use it\n", hover.Markdown);
    }

    [Fact]
    public void BrokenFileLinkSaysFile()
    {
        var ws = Fixture.Parse(Vault).Snapshot();
        var note = ws[Fixture.FullPath("/notes/other.md")]!;
        var diagnostics = NoteDiagnostics.Compute(ws, note, NotesConfig.Default);
        Assert.Equal(["broken-link: No file at 'figs/unused.svg'"], diagnostics.Select(d => $"{d.Code}: {d.Message}"));
    }

    private static string Complete(string vault, string path, int limit = 10)
    {
        var f = Fixture.Parse(vault);
        var ws = f.Snapshot();
        var note = f.CursorNote(ws);
        var result = Completion.Complete(ws, note, f.CursorOffset, NotesConfig.Default, limit);
        return string.Join("\n", result.Items.Select(i => $"{i.Kind} {i.Label} → {i.InsertText}"));
    }

    [Fact]
    public void AfterDoubleBracketNotesComeFirstThenFiles() => Assert.Equal("""
        Note Loss → loss]]
        File loss.png → loss.png]]
        File loss.pdf → loss.pdf]]
        """.ReplaceLineEndings("\n"), Complete("""
        //- /a.md
        [[los$0
        //- /loss.md
        # Loss
        //- /figs/loss.png
        1
        //- /papers/loss.pdf
        1
        """, "/a.md"));

    [Fact]
    public void AfterAnEmbedImagesComeFirst() => Assert.Equal("""
        File loss.png → loss.png]]
        Note Loss → loss]]
        File loss.pdf → loss.pdf]]
        """.ReplaceLineEndings("\n"), Complete("""
        //- /a.md
        ![[los$0
        //- /loss.md
        # Loss
        //- /figs/loss.png
        1
        //- /papers/loss.pdf
        1
        """, "/a.md"));

    [Fact]
    public void AFileNameTwoFoldersShareIsWrittenAsItsPath() => Assert.Equal("""
        File loss.png → run1/loss.png]]
        File loss.png → run2/loss.png]]
        """.ReplaceLineEndings("\n"), Complete("""
        //- /a.md
        ![[loss.p$0
        //- /run1/loss.png
        1
        //- /run2/loss.png
        1
        """, "/a.md"));

    [Fact]
    public void AfterAParenthesisAnyFileByRelativePath() => Assert.Equal("""
        File ../data/run 1.csv → ../data/run%201.csv
        """.ReplaceLineEndings("\n"), Complete("""
        //- /notes/a.md
        [data](run$0
        //- /data/run 1.csv
        1
        //- /notes/b.md
        # B
        """, "/notes/a.md"));

    [Fact]
    public void MovingAFileRewritesEveryLinkInItsOwnForm()
    {
        var f = Fixture.Parse("""
            //- /notes/a.md
            ![[loss.png]] and ![x](../figs/loss.png) and ![y](<../figs/loss.png>) and [[figs/loss.png|L]] and ![[/figs/loss.png]]
            //- /figs/loss.png
            1
            """);
        var ws = f.Snapshot();
        var plan = Rename.ForMovedFiles(ws, [new FileMove(Fixture.FullPath("/figs/loss.png"), Fixture.FullPath("/assets/curves/loss curve.png"))]);
        Assert.Equal("""
            move figs/loss.png → assets/curves/loss curve.png
            //- notes/a.md
            ![[loss curve.png]] and ![x](../assets/curves/loss%20curve.png) and ![y](<../assets/curves/loss curve.png>) and [[curves/loss curve.png|L]] and ![[/assets/curves/loss curve.png]]
            """.ReplaceLineEndings("\n"), RenameTests.ApplyPlan(f, ws, plan));
    }

    [Fact]
    public void MovingAFolderMovesItsAttachmentsAndANoteMovedKeepsItsRelativeImages()
    {
        var f = Fixture.Parse("""
            //- /notes/a.md
            ![x](figs/loss.png) and ![[loss.png]]
            //- /notes/figs/loss.png
            1
            //- /b.md
            ![z](notes/figs/loss.png)
            """);
        var ws = f.Snapshot();
        var plan = Rename.ForMovedFiles(ws, [new FileMove(Fixture.FullPath("/notes"), Fixture.FullPath("/archive/notes"))]);
        Assert.Equal("""
            move notes/a.md → archive/notes/a.md
            move notes/figs/loss.png → archive/notes/figs/loss.png
            //- b.md
            ![z](archive/notes/figs/loss.png)
            """.ReplaceLineEndings("\n"), RenameTests.ApplyPlan(f, ws, plan));
    }

    [Fact]
    public void UnusedAttachmentsAreTheFilesNoNoteUses()
    {
        var ws = Fixture.Parse(Vault).Snapshot();
        Assert.Equal(["data/run.csv", "figures/unused.svg"], Queries.UnusedAttachments(ws).Select(f => f.RelativePath));
    }
}
