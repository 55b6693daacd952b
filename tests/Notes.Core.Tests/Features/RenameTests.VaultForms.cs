namespace Notes.Core.Tests.Features;

/// <summary>Issue 17: a heading inside a heading path is renamed in its own part only; an escaped pipe stays.</summary>
public partial class RenameTests
{
    [Fact] public void HeadingInsideHeadingPathsRewritesOnlyItsPart() => Check("""
        //- /settings.md
        # Settings
        ## Profile
        ### Account
        ## Gen$0eral
        ### Account
        //- /a.md
        [[settings#General#Account]] [[settings#general#account]] [[settings#Settings # General#Account|x]]
        [[settings#General]] [[settings#Profile#Account]] [x](settings.md#general#account) | [[settings#General\|g]] |
        """, "Preferences", """
        //- a.md
        [[settings#Preferences#Account]] [[settings#preferences#account]] [[settings#Settings # Preferences#Account|x]]
        [[settings#Preferences]] [[settings#Profile#Account]] [x](settings.md#preferences#account) | [[settings#Preferences\|g]] |
        //- settings.md
        # Settings
        ## Profile
        ### Account
        ## Preferences
        ### Account
        """);

    [Fact] public void FromTheLastPartOfAHeadingPathRenamesThatHeading() => Check("""
        //- /settings.md
        # Settings
        ## Profile
        ### Account
        ## General
        ### Account
        //- /a.md
        [[settings#General#Acc$0ount]] [[settings#Profile#Account]] [[settings#Account]] [[settings#Settings#General#Account]]
        """, "Login", """
        //- a.md
        [[settings#General#Login]] [[settings#Profile#Account]] [[settings#Account]] [[settings#Settings#General#Login]]
        //- settings.md
        # Settings
        ## Profile
        ### Account
        ## General
        ### Login
        """);

    [Fact] public void FromAnEarlierPartOfAHeadingPathRenamesThatHeading() => Check("""
        //- /settings.md
        ## General
        ### Account
        //- /a.md
        [[settings#Gene$0ral#Account]]
        """, "Preferences", """
        //- a.md
        [[settings#Preferences#Account]]
        //- settings.md
        ## Preferences
        ### Account
        """);

    [Fact] public void NoteFromALinkWithAnEscapedPipeKeepsIt() => Check("""
        //- /a.md
        | [[old-na$0me\|label]] | [[old-name#Part\|p]] |
        //- /old-name.md
        ## Part
        """, "new-name", """
        move old-name.md → new-name.md
        //- a.md
        | [[new-name\|label]] | [[new-name#Part\|p]] |
        """);
}
