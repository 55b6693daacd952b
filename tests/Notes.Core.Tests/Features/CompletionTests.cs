using Notes.Core.Config;
using Notes.Core.Features;
using Notes.Testing;

namespace Notes.Core.Tests.Features;

/// <summary>Completion as data: a fixture with $0 and the items as "label → insert [replaced text]" lines.</summary>
public class CompletionTests
{
    private static void Check(string fixture, string expected, NotesConfig? config = null, int limit = 10)
    {
        var f = Fixture.Parse(fixture);
        var ws = f.Snapshot();
        var note = f.CursorNote(ws);
        var result = Completion.Complete(ws, note, f.CursorOffset, config ?? NotesConfig.Default, limit);
        var lines = result.Items.Select(i => $"{i.Kind} {i.Label} → {i.InsertText} [{note.Syntax.Text.Substring(i.Replace.Start, i.Replace.Length)}]");
        Assert.Equal(expected.ReplaceLineEndings("\n").Trim(), string.Join("\n", lines) + (result.IsIncomplete ? "\n(incomplete)" : ""));
    }

    [Fact] public void NotesAfterDoubleBracket() => Check("""
        //- /a.md
        See [[tra$0
        //- /transformers.md
        # Transformers
        //- /attention.md
        # Attention
        //- /gpt3.md
        # GPT-3
        Uses [[transformers]].
        """, """
        Note Transformers → transformers]] [tra]
        """);

    [Fact] public void ReplacesOnlyTheTypedTargetAndKeepsAnExistingClose() => Check("""
        //- /a.md
        See [[att$0ention]] now.
        //- /attention.md
        # Attention
        """, """
        Note Attention → attention [attention]
        """);

    [Fact] public void AliasesAreItemsOfTheirOwn() => Check("""
        //- /a.md
        [[gen$0
        //- /gpt3.md
        ---
        title: GPT-3
        aliases: [Generative Pretrained Transformer]
        ---
        """, """
        Alias Generative Pretrained Transformer → gpt3|Generative Pretrained Transformer]] [gen]
        """);

    [Fact] public void AmbiguousStemInsertsAPathSuffix() => Check("""
        //- /a.md
        [[not$0
        //- /x/notes.md
        one
        //- /y/notes.md
        two
        """, """
        Note notes → y/notes]] [not]
        Note notes → x/notes]] [not]
        """); // equal scores: the newer note (larger Stamp; fixture files are stamped in order) ranks first

    [Fact] public void HeadingsAfterHash() => Check("""
        //- /a.md
        [[b#ke$0]]
        //- /b.md
        # B
        ## Key Ideas
        ## Other
        """, """
        Heading Key Ideas → Key Ideas [ke]
        """);

    [Fact] public void BlocksAfterCaret() => Check("""
        //- /a.md
        [[b#^$0
        //- /b.md
        A claim. ^key-claim
        """, """
        Block ^key-claim → key-claim]] []
        """);

    [Fact] public void LabelsAfterBar() => Check("""
        //- /a.md
        [[gpt3|$0]]
        //- /gpt3.md
        ---
        title: GPT-3
        aliases: [GPT3 paper]
        ---
        """, """
        Label GPT-3 → GPT-3 []
        Label GPT3 paper → GPT3 paper []
        """);

    [Fact] public void TagsByFrequency() => Check("""
        //- /a.md
        #att$0
        //- /b.md
        #attention #attention #atention
        """, """
        Tag #attention → attention [att]
        Tag #atention → atention [att]
        """);

    [Fact] public void NoTagsInsideMath() => Check("""
        //- /a.md
        \(K #att$0 \)
        //- /b.md
        #attention
        """, "");

    [Fact] public void NoLinksInsideCode() => Check("""
        //- /a.md
        `[[tra$0`
        //- /transformers.md
        x
        """, "");

    [Fact] public void MarkdownPathCompletion() => Check("""
        //- /dir/a.md
        [text](tra$0)
        //- /notes/transformers.md
        # Transformers
        """, """
        Path ../notes/transformers.md → ../notes/transformers.md [tra]
        """);

    [Fact] public void CapAndIncomplete() => Check("""
        //- /a.md
        [[n$0
        //- /n1.md
        //- /n2.md
        //- /n3.md
        """, """
        Note n3 → n3]] [n]
        Note n2 → n2]] [n]
        (incomplete)
        """, limit: 2); // equal scores: newest (last in the fixture) first
}
