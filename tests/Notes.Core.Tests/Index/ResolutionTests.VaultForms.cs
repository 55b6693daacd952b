using Notes.Core.Index;
using Notes.Testing;

namespace Notes.Core.Tests.Index;

/// <summary>Issue 17: heading paths, escaped pipes and block ids after embeds, resolved as Obsidian resolves them.</summary>
public partial class ResolutionTests
{
    /// <summary>Headings by line: two <c>Account</c>s at different depths under <c>General</c>, one under <c>Profile</c>.</summary>
    private const string Settings = """
        //- /settings.md
        # Settings
        ## Profile
        ### Account
        ## General
        ### Display
        #### Account
        ### Account
        ## C# tips
        ## Advanced
        """;

    /// <summary>The link (in a note linking to settings.md) and the heading it finds, as <c>Text@line</c>, or the fragment verdict.</summary>
    [Theory]
    [InlineData("[[settings#Account]]", "Found Account@2")] // one part: the first such heading, as before
    [InlineData("[[settings#General#Account]]", "Found Account@5")] // a descendant, not only a child; the first in the note
    [InlineData("[[settings#Profile#Account]]", "Found Account@2")]
    [InlineData("[[settings#Display#Account]]", "Found Account@5")]
    [InlineData("[[settings#Settings#General#Display#Account]]", "Found Account@5")] // the whole chain
    [InlineData("[[settings#Settings#Account]]", "Found Account@2")] // parts may skip levels
    [InlineData("[[settings#general # display#account|x]]", "Found Account@5")] // slugs or text, any case, parts trimmed
    [InlineData("[[settings#General##Account]]", "Found Account@5")] // empty parts skipped
    [InlineData("[[settings#General#]]", "Found General@3")]
    [InlineData("[[settings#Display#General]]", "UnknownHeading")] // in order: General is not under Display
    [InlineData("[[settings#Advanced#Account]]", "UnknownHeading")] // an Account exists, not under Advanced
    [InlineData("[[settings#Profile#Display]]", "UnknownHeading")]
    [InlineData("[[settings#General#Nope]]", "UnknownHeading")]
    [InlineData("[[settings#C# tips]]", "Found C# tips@7")] // no chain C > tips: the whole fragment names a heading with a #
    [InlineData("[x](settings.md#general#account)", "Found Account@5")] // Markdown links too
    public void HeadingPath(string link, string expected)
    {
        var f = Fixture.Parse(Settings + "\n//- /a.md\n" + link + "\n");
        var ws = f.Snapshot();
        var a = ws[Fixture.FullPath("a.md")]!;
        var r = LinkResolver.Resolve(ws, a, a.Syntax.Links.Single());
        Assert.Equal(LinkStatus.Resolved, r.Status);
        var actual = r.Heading is { } h ? $"{r.FragmentStatus} {h.Text}@{r.Target!.Syntax.Lines.LineOf(h.Span.Start)}" : r.FragmentStatus.ToString();
        Assert.Equal(expected, actual);
    }

    [Fact] public void SameNoteHeadingPath() => Check("""
        //- /a.md
        # A
        ## Later
        ### Sub
        see [[#later#sub$0]]
        """, "Resolved a.md (SameNote) #Found Sub");

    [Fact] public void EscapedPipeInATableRowSeparatesTargetAndLabel() => Check("""
        //- /a.md
        | Paper | Claim |
        |---|---|
        | [[bitter-lesson$0\|the lesson]] | scale wins |
        //- /bitter-lesson.md
        # The bitter lesson
        """, "Resolved bitter-lesson.md (Stem)");

    [Fact] public void EscapedPipeAfterAHeadingInATableRow() => Check("""
        //- /a.md
        | [[settings#General#Account$0\|account]] |
        //- /settings.md
        ## General
        ### Account
        """, "Resolved settings.md (Stem) #Found Account");

    [Fact] public void BlockIdAfterAnEmbedMidParagraph() => Check("""
        //- /a.md
        [[figures#^fig1$0]]
        //- /figures.md
        The setup:
        ![[diagram.png]] ^fig1
        *Figure 1: the setup.*
        """, "Resolved figures.md (Stem) #Found ^fig1");

    [Fact] public void BlockIdAfterAnEmbedEndingAParagraph() => Check("""
        //- /a.md
        [[figures^fig2$0]]
        //- /figures.md
        ![[plot.png|300]] ^fig2
        """, "Resolved figures.md (Stem) #Found ^fig2");
}
