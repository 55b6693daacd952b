namespace Notes.Core.Tests.Features;

/// <summary>Issue 17: completion in heading paths and around escaped pipes.</summary>
public partial class CompletionTests
{
    private const string Settings = """
        //- /settings.md
        # Settings
        ## Profile
        ### Account
        ## General
        ### Display
        #### Scale
        ### Sound
        ## Advanced
        """;

    [Fact] public void AfterASingleHashEveryHeading() => Check("""
        //- /a.md
        [[settings#$0
        """ + "\n" + Settings, """
        Heading Account → Account]] []
        Heading Advanced → Advanced]] []
        Heading Display → Display]] []
        Heading General → General]] []
        Heading Profile → Profile]] []
        Heading Scale → Scale]] []
        Heading Settings → Settings]] []
        Heading Sound → Sound]] []
        """);

    [Fact] public void AfterAHeadingPathTheSubHeadingsOfItsLastHeading() => Check("""
        //- /a.md
        [[settings#General#$0
        """ + "\n" + Settings, """
        Heading Display → Display]] []
        Heading Scale → Scale]] []
        Heading Sound → Sound]] []
        """);

    [Fact] public void InAHeadingPathOnlyTheLastPartIsReplaced() => Check("""
        //- /a.md
        [[settings#Settings#general#so$0u]] and more
        """ + "\n" + Settings, """
        Heading Sound → Sound [sou]
        """);

    [Fact] public void AnEarlierPartOfAHeadingPathIsReplacedAloneAndNotClosedAgain() => Check("""
        //- /a.md
        [[settings#Gen$0#Display]]
        """ + "\n" + Settings, """
        Heading General → General [Gen]
        """);

    [Fact] public void AHeadingPathThatLeadsNowhereOffersNothing() => Check("""
        //- /a.md
        [[settings#Advanced#$0
        """ + "\n" + Settings, "");

    [Fact] public void EscapedPipeStaysWhenTheTargetIsReplaced() => Check("""
        //- /a.md
        | [[bitter-l$0esson\|the lesson]] |
        //- /bitter-lesson.md
        # Bitter Lesson
        """, """
        Note Bitter Lesson → bitter-lesson [bitter-lesson]
        """);

    [Fact] public void EscapedPipeStaysWhenAHeadingIsReplaced() => Check("""
        //- /a.md
        | [[settings#Gen$0\|general]] |
        """ + "\n" + Settings, """
        Heading General → General [Gen]
        """);

    [Fact] public void LabelsAfterAnEscapedPipe() => Check("""
        //- /a.md
        | [[bitter-lesson\|Bit$0]] |
        //- /bitter-lesson.md
        # Bitter Lesson
        """, """
        Label Bitter Lesson → Bitter Lesson [Bit]
        """);
}
