using System.Collections.Immutable;
using Notes.Core.Config;
using Notes.Core.Features;
using Notes.Testing;

namespace Notes.Core.Tests.Features;

/// <summary>Diagnostics as data: every diagnostic of the cursor's note (or the first file) as "line:col code: message".</summary>
public partial class DiagnosticsTests
{
    private static void Check(string fixture, string expected, NotesConfig? config = null, string? file = null)
    {
        var f = Fixture.Parse(fixture);
        var ws = f.Snapshot(config?.TemplatePatterns);
        var note = ws[Fixture.FullPath(file ?? f.CursorPath ?? f.Files.Keys.First())]!;
        var ds = NoteDiagnostics.Compute(ws, note, config ?? NotesConfig.Default);
        var lines = ds.Select(d =>
        {
            var p = note.Syntax.Lines.ToPosition(d.Span.Start);
            return $"{p.Line}:{p.Character} {d.Code}: {d.Message}";
        });
        Assert.Equal(expected.ReplaceLineEndings("\n").Trim(), string.Join("\n", lines));
    }

    [Fact] public void BrokenAndAmbiguousLinks() => Check("""
        //- /a.md
        [[project-fairness]] and [[note]] and [[b#nope]] and [[b#^nope]]
        //- /x/note.md
        //- /y/note.md
        //- /b.md
        # B
        """, """
        0:0 broken-link: No note named 'project-fairness'
        0:25 ambiguous-link: 'note' matches 2 notes: x/note.md, y/note.md
        0:42 unknown-heading: No heading 'nope' in b.md
        0:58 unknown-block: No block '^nope' in b.md
        """);

    [Fact] public void LinkOutsideTheWorkspace() => Check("""
        //- /a.md
        [[../../etc/passwd]]
        """, "0:0 outside-workspace: '../../etc/passwd' lies outside the workspace");

    [Fact] public void TagVariantReportedOnTheLessUsedForm() => Check("""
        //- /a.md
        #BERT and #bert
        //- /b.md
        #bert #bert
        """, "0:0 tag-variant: #BERT is a variant of #bert (used 3 times)");

    [Fact] public void SeparatorAndCaseVariantsGroup() => Check("""
        //- /a.md
        #NeuralNetworks #neural-networks
        //- /b.md
        #neural_networks #neural_networks #neural_networks
        """, """
        0:0 tag-variant: #NeuralNetworks is a variant of #neural_networks (used 3 times)
        0:16 tag-variant: #neural-networks is a variant of #neural_networks (used 3 times)
        """);

    [Fact] public void OneOffTypoOfACommonTag() => Check("""
        //- /a.md
        #atention
        //- /b.md
        #attention #attention #attention
        """, "0:0 tag-one-off: #atention is used only once; did you mean #attention (used 3 times)?");

    [Fact] public void UnknownTagOutsideTheVocabulary() => Check("""
        //- /a.md
        #ml and #cooking
        //- /tags.md
        #ml #nlp
        """, "0:8 tag-unknown: #cooking is not in the tag vocabulary");

    [Fact] public void TagFormatAndDepth() => Check("""
        //- /a.md
        #neural_networks #a/b/c/d
        """, """
        0:0 tag-format: #neural_networks is not kebab-case (expected #neural-networks)
        0:17 tag-format: #a/b/c/d nests 4 levels deep; at most 3 allowed
        """, NotesConfig.Default with { TagStyle = TagStyle.KebabCase, TagMaxDepth = 3 });

    [Fact] public void SeverityOffSilencesARule() => Check("""
        //- /a.md
        [[missing]]
        """, "", NotesConfig.Default with { Severities = NotesConfig.DefaultSeverities.SetItem(DiagnosticCodes.BrokenLink, Severity.Off) });

    private const string UnfinishedTemplate = """
        //- /Templates/daily.md
        ---
        date: {{date}}
        [[{{yesterday}}]] [[Nowhere]] #Todo #todo #todo
        """;

    [Fact] public void AnUnfinishedNoteIsReported() => Check(UnfinishedTemplate, """
        0:0 syntax: Front matter is not closed: add a '---' line after it.
        2:18 broken-link: No note named 'Nowhere'
        2:30 tag-variant: #Todo is a variant of #todo (used 2 times)
        """);

    // A template file gets nothing: its front matter, links and tags are filled in when it is used.
    [Fact] public void ATemplateFileGetsNoDiagnostics() => Check(UnfinishedTemplate, "",
        NotesConfig.Default with { Templates = ["Templates/**"] });

    [Fact] public void UnlinkedMentionsAreOffByDefault() => Check("""
        //- /a.md
        Notes on Gradient Flow and more.
        //- /gf.md
        # Gradient Flow
        """, "");

    [Fact] public void UnlinkedMentionHint() => Check("""
        //- /a.md
        Notes on Gradient Flow and more.
        //- /gf.md
        # Gradient Flow
        """, "0:9 unlinked-mention: 'Gradient Flow' names Gradient Flow but is not a link",
        NotesConfig.Default with { Severities = NotesConfig.DefaultSeverities.SetItem(DiagnosticCodes.UnlinkedMention, Severity.Hint) });
}
