using Notes.Core.Features;
using Notes.Core.Index;
using Notes.Testing;

namespace Notes.Core.Tests.Features;

/// <summary>Definition and references as data: results rendered as "path:line:col text".</summary>
public partial class NavigationTests
{
    private static string Render(WorkspaceSnapshot ws, NoteLocation l)
    {
        var n = ws[l.Path]!;
        var p = n.Syntax.Lines.ToPosition(l.Span.Start);
        return $"{n.RelativePath}:{p.Line}:{p.Character} {n.Syntax.Text.Substring(l.Span.Start, l.Span.Length).Trim()}";
    }

    private static void Definition(string fixture, string expected)
    {
        var f = Fixture.Parse(fixture);
        var ws = f.Snapshot();
        var result = Navigation.Definition(ws, f.CursorNote(ws), f.CursorOffset);
        Assert.Equal(expected.ReplaceLineEndings("\n").Trim(), string.Join("\n", result.Select(l => Render(ws, l))));
    }

    private static void References(string fixture, string expected, bool includeDeclaration = false)
    {
        var f = Fixture.Parse(fixture);
        var ws = f.Snapshot();
        var result = Navigation.References(ws, f.CursorNote(ws), f.CursorOffset, includeDeclaration);
        Assert.Equal(expected.ReplaceLineEndings("\n").Trim(), string.Join("\n", result.Select(r => Render(ws, r.Location))));
    }

    // The visible title (the first H1) answers with the note's backlinks, whether or not the front matter names a title.
    [Theory]
    [InlineData("---\ntitle: GPT-3\n---\n")]
    [InlineData("")]
    public void ReferencesOnTheTitleHeadingAreTheNotesBacklinks(string frontMatter) => References($$"""
        //- /gpt3.md
        {{frontMatter}}# GP$0T-3
        Text.
        ## Scaling
        //- /a.md
        See [[gpt3]].
        //- /b.md
        See [[gpt3#Scaling]] and [[GPT-3]].
        """, """
        a.md:0:4 [[gpt3]]
        b.md:0:4 [[gpt3#Scaling]]
        b.md:0:25 [[GPT-3]]
        """);

    [Fact]
    public void TheTitleHeadingsLensCountsWhatItsReferencesList()
    {
        var f = Fixture.Parse("""
            //- /gpt3.md
            ---
            title: GPT-3
            ---
            # GPT-3
            ## Scaling
            //- /a.md
            See [[gpt3]].
            //- /b.md
            See [[gpt3#Scaling]].
            """);
        var ws = f.Snapshot();
        var note = ws[Fixture.FullPath("gpt3.md")]!;
        var lenses = Structure.Lenses(ws, note).Select(l => $"{note.Syntax.Lines.ToPosition(l.Span.Start).Line} {l.Title}");
        Assert.Equal(["3 2 backlinks", "4 1 backlink"], lenses);
    }

    [Fact]
    public void HoverOnTheTitleHeadingCountsTheNotesThatLinkHere()
    {
        var f = Fixture.Parse("""
            //- /gpt3.md
            ---
            title: GPT-3
            ---
            # GP$0T-3
            //- /a.md
            See [[gpt3]].
            //- /b.md
            [[GPT-3]] twice: [[gpt3]].
            """);
        var ws = f.Snapshot();
        var hover = Hover.At(ws, f.CursorNote(ws), f.CursorOffset);
        Assert.NotNull(hover);
        Assert.Contains("2 notes link here", hover.Markdown, StringComparison.Ordinal);
        Assert.Contains("(`a.md`)", hover.Markdown, StringComparison.Ordinal);
        Assert.Contains("(`b.md`)", hover.Markdown, StringComparison.Ordinal);
    }

    [Fact] public void DefinitionOfNoteLinkIsItsTitle() => Definition("""
        //- /a.md
        See [[bitter-le$0sson]].
        //- /bitter-lesson.md
        # The Bitter Lesson
        Text.
        """, "bitter-lesson.md:0:0 # The Bitter Lesson");

    [Fact] public void DefinitionOfHeadingLink() => Definition("""
        //- /a.md
        See [[b#Second$0]].
        //- /b.md
        # B
        ## Second
        """, "b.md:1:0 ## Second");

    [Fact] public void DefinitionOfBlockLink() => Definition("""
        //- /a.md
        See [[b#^cl$0aim]].
        //- /b.md
        First.

        The claim. ^claim
        """, "b.md:2:0 The claim. ^claim");

    [Fact] public void AmbiguousDefinitionListsEveryCandidate() => Definition("""
        //- /a.md
        [[no$0te]]
        //- /x/note.md
        # X
        //- /y/note.md
        # Y
        """, """
        x/note.md:0:0 # X
        y/note.md:0:0 # Y
        """);

    [Fact] public void BrokenLinkHasNoDefinition() => Definition("""
        //- /a.md
        [[nowh$0ere]]
        """, "");

    [Fact] public void BacklinksFromTheTitle() => References("""
        //- /b.md
        # B$0
        //- /a.md
        one [[b]] two [B](b.md)
        //- /c.md
        [[B|label]] and [[b#B]]
        """, """
        a.md:0:4 [[b]]
        a.md:0:14 [B](b.md)
        c.md:0:0 [[B|label]]
        c.md:0:16 [[b#B]]
        """);

    [Fact] public void BacklinksWithDeclaration() => References("""
        //- /a.md
        [[b$0]]
        //- /b.md
        # B
        """, """
        b.md:0:0 # B
        a.md:0:0 [[b]]
        """, includeDeclaration: true);

    [Fact] public void ReferencesOfAHeading() => References("""
        //- /b.md
        # B
        ## Part$0
        //- /a.md
        [[b#Part]] [[b]] [[b#part]]
        """, """
        a.md:0:0 [[b#Part]]
        a.md:0:17 [[b#part]]
        """);

    [Fact] public void ReferencesOfATagIncludeChildren() => References("""
        //- /a.md
        #ml$0 text
        //- /b.md
        #ML and #ml/nlp and #mlops
        """, """
        a.md:0:0 #ml
        b.md:0:0 #ML
        b.md:0:8 #ml/nlp
        """);
}
