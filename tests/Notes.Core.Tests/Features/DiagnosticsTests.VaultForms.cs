using Notes.Core.Config;
using Notes.Core.Features;
using Notes.Core.Index;
using Notes.Testing;

namespace Notes.Core.Tests.Features;

/// <summary>Issue 17: heading paths that lead nowhere are unknown headings; the other forms raise nothing.</summary>
public partial class DiagnosticsTests
{
    [Fact] public void HeadingPathsEscapedPipesAndEmbedBlockIds() => Check("""
        //- /a.md
        [[settings#General#Account]] [[settings#Profile#Account]] [[settings#Account#General]]
        | [[settings\|s]] | [[figures#^fig1]] |
        //- /settings.md
        # Settings
        ## Profile
        ## General
        ### Account
        //- /figures.md
        ![[diagram.png]] ^fig1
        caption
        """, """
        0:40 unknown-heading: No heading 'Profile#Account' in settings.md
        0:69 unknown-heading: No heading 'Account#General' in settings.md
        """);

    [Fact]
    public void AHeadingLevelChangeReachesTheNotesWhosePathsGoThroughIt()
    {
        var a = Fixture.Document("/a.md", "[[settings#General#Account]]\n", 0);
        var nested = Fixture.Document("/settings.md", "## General\n### Account\n", 1);
        var flat = Fixture.Document("/settings.md", "## General\n## Account\n", 2); // same slugs and texts
        var before = WorkspaceSnapshot.Build([Fixture.Root], [a, nested]);
        var after = before.WithNote(flat);
        Assert.Empty(NoteDiagnostics.Compute(before, before[a.Path]!, NotesConfig.Default));
        Assert.Equal(DiagnosticCodes.UnknownHeading, Assert.Single(NoteDiagnostics.Compute(after, after[a.Path]!, NotesConfig.Default)).Code);
        Assert.Contains(a.Path, DiagnosticsScope.Affected(before, after, nested, flat, NotesConfig.Default));
    }
}
