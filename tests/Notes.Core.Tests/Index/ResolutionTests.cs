using Notes.Core.Features;
using Notes.Core.Index;
using Notes.Testing;

namespace Notes.Core.Tests.Index;

/// <summary>Each resolution rule, as a fixture with the cursor on a link and the verdict written inline.</summary>
public partial class ResolutionTests
{
    internal static void Check(string fixture, string expected)
    {
        var f = Fixture.Parse(fixture);
        var ws = f.Snapshot();
        var note = f.CursorNote(ws);
        var link = note.Syntax.Links.Single(l => l.Span.Touches(f.CursorOffset));
        var r = LinkResolver.Resolve(ws, note, link);
        var actual = r.Status.ToString();
        if (r.File is { } file) actual += " " + file.RelativePath;
        if (!r.Candidates.IsDefaultOrEmpty)
            actual += " " + string.Join(", ", r.Candidates.Select(c => $"{c.Note.RelativePath} ({c.Reason})"));
        if (r.FragmentStatus != FragmentStatus.None)
            actual += " #" + r.FragmentStatus + (r.Heading is { } h ? " " + h.Text : "") + (r.Block is { } b ? " ^" + b.Id : "");
        Assert.Equal(expected, actual);
    }

    [Fact] public void Stem() => Check("""
        //- /a.md
        See [[bitter-lesson$0]].
        //- /bitter-lesson.md
        The bitter lesson
        """, "Resolved bitter-lesson.md (Stem)");

    [Fact] public void StemIgnoresCaseSpacesDashesUnderscores() => Check("""
        //- /a.md
        See [[Bitter Lesson$0]] and more.
        //- /bitter_lesson.md
        text
        """, "Resolved bitter_lesson.md (Stem)");

    [Fact] public void ExtensionIsOptional() => Check("""
        //- /a.md
        [[gpt3.md$0]]
        //- /gpt3.md
        text
        """, "Resolved gpt3.md (Stem)");

    [Fact] public void TitleSlugFromHeading() => Check("""
        //- /a.md
        [[discretization-of-gradient-flow$0]]
        //- /notes/dgf.md
        # Discretization of Gradient Flow
        """, "Resolved notes/dgf.md (Title)");

    [Fact] public void TitleFromFrontMatter() => Check("""
        //- /a.md
        [[My Great Note$0]]
        //- /x.md
        ---
        title: My great note!
        ---
        body
        """, "Resolved x.md (Title)");

    [Fact] public void Alias() => Check("""
        //- /a.md
        [[GPT-3$0]]
        //- /gpt3.md
        ---
        aliases: [GPT-3, "Generative Pretrained Transformer 3"]
        ---
        body
        """, "Resolved gpt3.md (Alias)");

    [Fact] public void PathSuffix() => Check("""
        //- /a.md
        [[papers/bert$0]]
        //- /papers/bert.md
        x
        //- /bert.md
        y
        """, "Resolved papers/bert.md (Path)");

    [Fact] public void RelativePath() => Check("""
        //- /dir/a.md
        [[../other/b$0]]
        //- /other/b.md
        x
        //- /dir/b.md
        y
        """, "Resolved other/b.md (Path)");

    [Fact] public void RootRelativePath() => Check("""
        //- /dir/a.md
        [[/other/b$0]]
        //- /other/b.md
        x
        """, "Resolved other/b.md (Path)");

    [Fact] public void DotDotBeyondRootResolvesToNothing() => Check("""
        //- /a.md
        [[../../etc/passwd$0]]
        """, "OutsideWorkspace");

    [Fact] public void Broken() => Check("""
        //- /a.md
        [[project-fairness$0]]
        """, "Broken");

    [Fact] public void AmbiguousStemsNearestFirst() => Check("""
        //- /x/deep/a.md
        [[b$0]]
        //- /y/b.md
        one
        //- /x/b.md
        two
        """, "Ambiguous x/b.md (Stem), y/b.md (Stem)");

    // Two notes share a file name: the one in the linking note's own folder is meant, silently (Obsidian's choice).
    private const string SharedName = """
        //- /a/Security and privacy.md
        # Security and privacy (a)
        //- /b/Security and privacy.md
        # Security and privacy (b)
        """;

    [Fact] public void SharedNameResolvesToTheNoteBesideTheLink() => Check("""
        //- /a/threat model.md
        See [[Security and privacy$0]].
        """ + "\n" + SharedName, "Resolved a/Security and privacy.md (Neighbour)");

    [Fact] public void SharedNameFromTheOtherFolderResolvesToItsNeighbour() => Check("""
        //- /b/notes.md
        See [[security-and-privacy$0#Security and privacy (b)]].
        """ + "\n" + SharedName, "Resolved b/Security and privacy.md (Neighbour) #Found Security and privacy (b)");

    [Fact] public void SharedNameFromTheRootIsAmbiguous() => Check("""
        //- /index.md
        See [[Security and privacy$0]].
        """ + "\n" + SharedName, "Ambiguous a/Security and privacy.md (Stem), b/Security and privacy.md (Stem)");

    [Fact] public void SharedNameFromAThirdFolderIsAmbiguous() => Check("""
        //- /c/index.md
        See [[Security and privacy$0]].
        """ + "\n" + SharedName, "Ambiguous a/Security and privacy.md (Stem), b/Security and privacy.md (Stem)");

    [Fact] public void SharedNameFromASubfolderIsAmbiguous_OnlyTheOwnFolderCounts() => Check("""
        //- /a/sub/index.md
        See [[Security and privacy$0]].
        """ + "\n" + SharedName, "Ambiguous a/Security and privacy.md (Stem), b/Security and privacy.md (Stem)");

    [Fact] public void TwoOfTheNameBesideTheLinkStayAmbiguous() => Check("""
        //- /a/index.md
        See [[Security and privacy$0]].
        //- /a/security-and-privacy.markdown
        other
        """ + "\n" + SharedName, "Ambiguous a/Security and privacy.md (Stem), b/Security and privacy.md (Stem), a/security-and-privacy.markdown (Stem)");

    [Fact] public void SharedTitlesAreNotResolvedByFolder() => Check("""
        //- /a/index.md
        See [[Privacy$0]].
        //- /a/p1.md
        # Privacy
        //- /b/p2.md
        # Privacy
        """, "Ambiguous a/p1.md (Title), b/p2.md (Title)");

    [Fact] public void OneNoteOfTheNameIsResolvedByStemAsBefore() => Check("""
        //- /a/index.md
        See [[Security and privacy$0]].
        //- /a/Security and privacy.md
        text
        """, "Resolved a/Security and privacy.md (Stem)");

    // Template syntax is filled in when a template is used: never checked, in any note.
    [Fact] public void DoubleBraceTargetIsTemplateSyntax() => Check("""
        //- /a.md
        Up: [[{{title}}$0]]
        """, "TemplateSyntax");

    [Fact] public void TemplaterTargetIsTemplateSyntax() => Check("""
        //- /a.md
        Up: [[<% tp.file.title %>$0]]
        """, "TemplateSyntax");

    [Fact] public void TemplateSyntaxInAPathTarget() => Check("""
        //- /a.md
        Yesterday: [[Daily/{{date:YYYY-MM-DD}}$0]]
        """, "TemplateSyntax");

    [Fact] public void TemplateSyntaxInAMarkdownLink() => Check("""
        //- /a.md
        Source: [paper]({{citekey}}.md$0)
        """, "TemplateSyntax");

    [Fact] public void UnclosedBracesAreAName() => Check("""
        //- /a.md
        Up: [[{{title$0]]
        """, "Broken");

    [Fact] public void StemOutranksTitleAndAlias() => Check("""
        //- /a.md
        [[transformers$0]]
        //- /transformers.md
        x
        //- /attention.md
        ---
        aliases: [Transformers]
        ---
        """, "Resolved transformers.md (Stem)");

    [Fact] public void AmbiguousAliases() => Check("""
        //- /a.md
        [[nn$0]]
        //- /b.md
        ---
        aliases: [NN]
        ---
        //- /c.md
        ---
        aliases: [nn]
        ---
        """, "Ambiguous b.md (Alias), c.md (Alias)");

    [Fact] public void HeadingBySlugOrText() => Check("""
        //- /a.md
        [[b#key ideas$0]]
        //- /b.md
        # B
        ## Key Ideas
        """, "Resolved b.md (Stem) #Found Key Ideas");

    [Fact] public void UnknownHeading() => Check("""
        //- /a.md
        [[b#nope$0]]
        //- /b.md
        # B
        """, "Resolved b.md (Stem) #UnknownHeading");

    [Fact] public void BlockIdExact() => Check("""
        //- /a.md
        [[b#^key-claim$0]]
        //- /b.md
        A claim worth citing. ^key-claim
        """, "Resolved b.md (Stem) #Found ^key-claim");

    [Fact] public void BlockIdWithoutHash() => Check("""
        //- /a.md
        [[b^key-claim$0]]
        //- /b.md
        A claim worth citing. ^key-claim
        """, "Resolved b.md (Stem) #Found ^key-claim");

    [Fact] public void UnknownBlock() => Check("""
        //- /a.md
        [[b#^Key-Claim$0]]
        //- /b.md
        A claim worth citing. ^key-claim
        """, "Resolved b.md (Stem) #UnknownBlock");

    [Fact] public void SameNoteHeading() => Check("""
        //- /a.md
        # A
        ## Later
        see [[#later$0]]
        """, "Resolved a.md (SameNote) #Found Later");

    [Fact] public void MarkdownRelativeLink() => Check("""
        //- /dir/a.md
        see [the note]($0../b.md#intro)
        //- /b.md
        # B
        ## Intro
        """, "Resolved b.md (Path) #Found Intro");

    [Fact] public void MarkdownLinkWithoutExtensionPercentDecoded() => Check("""
        //- /a.md
        see [x]($0my%20note)
        //- /my note.md
        text
        """, "Resolved my note.md (Path)");

    [Fact] public void MarkdownLinkOutsideRoot() => Check("""
        //- /a.md
        see [x]($0/../../etc/shadow)
        """, "OutsideWorkspace");

    [Fact] public void MarkdownLinkToMissingImageIsBroken() => Check("""
        //- /a.md
        see [x]($0figure.png)
        """, "Broken");
}
