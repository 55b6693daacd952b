using Notes.Core.Config;
using Notes.Core.Features;
using Notes.Core.Index;
using Notes.Testing;

namespace Notes.Core.Tests.Features;

/// <summary>Rename as data: the plan is applied to the fixture and the changed files are printed.</summary>
public partial class RenameTests
{
    internal static string ApplyPlan(Fixture f, WorkspaceSnapshot ws, RenamePlan plan)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var m in plan.Moves) sb.Append("move ").Append(ws[m.OldPath]?.RelativePath ?? ws.Attachments[m.OldPath]!.RelativePath).Append(" → ").Append(NotePath.Relative(m.NewPath, Fixture.Root)).Append('\n');
        foreach (var (path, edits) in plan.Edits.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var text = ws[path]!.Syntax.Text;
            foreach (var e in edits.OrderByDescending(e => e.Span.Start))
                text = text[..e.Span.Start] + e.NewText + text[e.Span.End..];
            sb.Append("//- ").Append(ws[path]!.RelativePath).Append('\n').Append(text.TrimEnd('\n')).Append('\n');
        }
        return sb.ToString().Trim();
    }

    private static void Check(string fixture, string newName, string expected)
    {
        var f = Fixture.Parse(fixture);
        var ws = f.Snapshot();
        var outcome = Rename.Apply(ws, f.CursorNote(ws), f.CursorOffset, newName);
        var actual = outcome.Error is { } e ? "error: " + e : ApplyPlan(f, ws, outcome.Plan!);
        Assert.Equal(expected.ReplaceLineEndings("\n").Trim(), actual);
    }

    [Fact] public void NoteFromALinkKeepsLabelsFragmentsAndStyles() => Check("""
        //- /a.md
        [[old-na$0me]] and [[old-name|Label]] and [[old-name#Part]] and [x](old-name.md#part) and [[dir/old-name]]
        //- /dir/old-name.md
        # Old
        ## Part
        """, "new-name", """
        move dir/old-name.md → dir/new-name.md
        //- a.md
        [[new-name]] and [[new-name|Label]] and [[new-name#Part]] and [x](dir/new-name.md#part) and [[dir/new-name]]
        """);

    [Fact] public void NoteFromItsTitleRetitlesAndMoves() => Check("""
        //- /gf.md
        # Gradient Fl$0ow
        //- /a.md
        [[gf]] and [[gradient-flow]]
        """, "Discretized Flow", """
        move gf.md → discretized-flow.md
        //- a.md
        [[discretized-flow]] and [[discretized-flow]]
        //- gf.md
        # Discretized Flow
        """);

    [Fact] public void HeadingAndItsLinks() => Check("""
        //- /b.md
        # B
        ## Key Id$0eas
        //- /a.md
        [[b#Key Ideas]] and [[b#key-ideas]]
        """, "Main Ideas", """
        //- a.md
        [[b#Main Ideas]] and [[b#main-ideas]]
        //- b.md
        # B
        ## Main Ideas
        """);

    [Fact] public void TagWithNestedChildren() => Check("""
        //- /a.md
        #m$0l and #ML
        //- /b.md
        #ml/nlp and #mlops
        """, "machine-learning", """
        //- a.md
        #machine-learning and #machine-learning
        //- b.md
        #machine-learning/nlp and #mlops
        """);

    [Fact] public void AliasAndTheLinksThatUseIt() => Check("""
        //- /gpt3.md
        ---
        aliases: [GPT-3$0]
        ---
        //- /a.md
        [[GPT-3]] and [[gpt3]]
        """, "GPT Three", """
        //- a.md
        [[GPT Three]] and [[gpt3]]
        //- gpt3.md
        ---
        aliases: [GPT Three]
        ---
        """);

    [Theory]
    [InlineData("../../outside")]
    [InlineData("/etc/passwd")]
    [InlineData("a\0b")]
    [InlineData("a:b")]
    [InlineData("CON")]
    public void HostileNoteNamesAreRefused(string name)
    {
        var f = Fixture.Parse("""
            //- /a.md
            [[b$0]]
            //- /b.md
            # B
            """);
        var ws = f.Snapshot();
        var outcome = Rename.Apply(ws, f.CursorNote(ws), f.CursorOffset, name);
        Assert.Null(outcome.Plan);
        Assert.NotNull(outcome.Error);
    }

    [Fact]
    public void FolderMoveRewritesPathLinksAndRelativeLinksInside()
    {
        var f = Fixture.Parse("""
            //- /a.md
            [[papers/bert]] and [x](papers/bert.md) and [[bert]]
            //- /papers/bert.md
            See [y](../a.md) and [[a]].
            """);
        var ws = f.Snapshot();
        var plan = Rename.ForMovedFiles(ws, [new FileMove(Fixture.FullPath("/papers"), Fixture.FullPath("/archive/papers"))]);
        Assert.Equal("""
            move papers/bert.md → archive/papers/bert.md
            //- a.md
            [[papers/bert]] and [x](archive/papers/bert.md) and [[bert]]
            //- papers/bert.md
            See [y](../../a.md) and [[a]].
            """.ReplaceLineEndings("\n"), ApplyPlan(f, ws, plan));
    }

    [Fact]
    public void RenameWithAThousandBacklinksIsOneEditPerLink()
    {
        var files = new System.Text.StringBuilder("//- /target.md\n# Target\n");
        for (int i = 0; i < 1000; i++) files.Append($"//- /n{i}.md\nsee [[target]] and [[target|T]]\n");
        var f = Fixture.Parse(files.ToString());
        var ws = f.Snapshot();
        var target = ws[Fixture.FullPath("/target.md")]!;
        var outcome = Rename.Apply(ws, target, 3, "renamed"); // on the title
        Assert.Null(outcome.Error);
        Assert.Equal(2001, outcome.Plan!.EditCount); // one edit per link, plus the retitled heading
        Assert.Single(outcome.Plan.Moves);
    }
}
