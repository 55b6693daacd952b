using Notes.Lsp.Server.Tests.Harness;

namespace Notes.Lsp.Server.Tests;

/// <summary>Issue 17 through the real server in memory: escaped pipes, heading paths, block ids after embeds.</summary>
public partial class FeatureTests
{
    private const string Settings = """
        //- /settings.md
        # Settings
        ## Profile
        ### Account
        ## General
        ### Display
        ### Account
        """;

    [Fact]
    public Task DefinitionThroughAnEscapedPipeInATableRow() => Check("""
        //- /a.md
        | Paper | Claim |
        |---|---|
        | [[bitter-le$0sson\|the lesson]] | scale |
        //- /bitter-lesson.md
        # The bitter lesson
        """, Definition, "bitter-lesson.md 0:0-0:19");

    [Fact]
    public Task CompletionOfATargetBeforeAnEscapedPipeKeepsIt() => Check("""
        //- /a.md
        | [[bitter-le$0\|the lesson]] |
        //- /bitter-lesson.md
        # The bitter lesson
        """, Completion, "The bitter lesson -> 'bitter-lesson' 0:4-0:13");

    [Fact]
    public Task RenameFromALinkWithAnEscapedPipeKeepsIt() => Check("""
        //- /a.md
        | [[gp$0t3\|GPT-3]] |
        //- /gpt3.md
        # GPT-3
        """, h => Rename(h, "gpt-3"), """
        a.md@null 0:4-0:8 'gpt-3'
        rename gpt3.md -> gpt-3.md
        """);

    [Fact]
    public Task DefinitionOfAHeadingPathIsItsDeepestHeading() => Check("""
        //- /a.md
        See [[settings#General#Acc$0ount]].
        """ + "\n" + Settings, Definition, "settings.md 5:0-5:11");

    [Fact]
    public Task CompletionInAHeadingPathOffersTheSubHeadings() => Check("""
        //- /a.md
        See [[settings#General#$0
        """ + "\n" + Settings, Completion, """
        Account -> 'Account]]' 0:23-0:23
        Display -> 'Display]]' 0:23-0:23
        """);

    [Fact]
    public Task RenameOfAHeadingRewritesOnlyItsPartOfEachPath() => Check("""
        //- /a.md
        [[settings#General#Account]] [[settings#Profile#Account]] [[settings#Gen$0eral]]
        """ + "\n" + Settings, h => Rename(h, "Preferences"), """
        a.md@null 0:11-0:18 'Preferences'
        a.md@null 0:69-0:76 'Preferences'
        settings.md@null 3:3-3:10 'Preferences'
        """);

    [Fact]
    public async Task AHeadingPathThatLeadsNowhereIsAnUnknownHeading()
    {
        await using var h = await LspHarness.StartAsync("""
            //- /a.md
            [[settings#Profile#Display]] [[settings#General#Display]]
            """ + "\n" + Settings);
        var ds = await h.Diagnostics("a.md", d => d.Length > 0);
        Assert.Equal("0:11-0:26 unknown-heading", Render.Lines(ds.Select(d => $"{Render.Of(d.Range)} {d.Code}")));
    }

    [Fact]
    public Task DefinitionOfABlockIdAfterAnEmbed() => Check("""
        //- /a.md
        See [[figures#^fi$0g1]].
        //- /figures.md
        The setup:
        ![[diagram.png]] ^fig1
        *Figure 1: the setup.*
        """, Definition, "figures.md 1:0-1:22");

    [Fact]
    public Task ReferencesOfABlockIdAfterAnEmbed() => Check("""
        //- /figures.md
        The setup:
        ![[diagram.png]] ^fi$0g1
        *Figure 1*
        //- /a.md
        See [[figures#^fig1]] and [[figures^fig1|the figure]].
        """, References, """
        a.md 0:26-0:53
        a.md 0:4-0:21
        """);
}
