namespace Notes.Core.Tests.Features;

/// <summary>Issue 17: definition of heading paths, escaped-pipe links and block ids after embeds.</summary>
public partial class NavigationTests
{
    [Fact] public void DefinitionOfAHeadingPathIsItsDeepestHeading() => Definition("""
        //- /a.md
        [[settings#General#Acc$0ount]]
        //- /settings.md
        # Settings
        ## Profile
        ### Account
        ## General
        ### Account
        """, "settings.md:4:0 ### Account");

    [Fact] public void DefinitionOfALinkWithAnEscapedPipe() => Definition("""
        //- /a.md
        | [[settings#Gen$0eral\|g]] |
        //- /settings.md
        # Settings
        ## General
        """, "settings.md:1:0 ## General");

    [Fact] public void DefinitionOfABlockIdAfterAnEmbed() => Definition("""
        //- /a.md
        [[figures#^fig$01]]
        //- /figures.md
        The setup:
        ![[diagram.png]] ^fig1
        *Figure 1*
        """, "figures.md:1:0 ![[diagram.png]] ^fig1");
}
