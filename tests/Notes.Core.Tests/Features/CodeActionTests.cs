using Notes.Core.Config;
using Notes.Core.Features;
using Notes.Core.Text;
using Notes.Testing;

namespace Notes.Core.Tests.Features;

public class CodeActionTests
{
    private static string Titles(string fixture)
    {
        var f = Fixture.Parse(fixture);
        var ws = f.Snapshot();
        var actions = CodeActions.At(ws, f.CursorNote(ws), new TextSpan(f.CursorOffset, f.CursorOffset), NotesConfig.Default);
        return string.Join("\n", actions.Select(a => a.Title + (a.Creates.IsEmpty ? "" : " +" + string.Join(",", a.Creates.Select(c => c.Path + ":" + c.Content.Trim())))));
    }

    [Fact] public void CreateMissingNoteWithTitleFromTheLink() => Assert.Equal(
        "Create note 'bitter-lesson.md' +/vault/bitter-lesson.md:# Bitter lesson\nPoint link at 'bitter-lessons'",
        Titles("""
        //- /a.md
        [[bitter-le$0sson]]
        //- /bitter-lessons.md
        # Lessons
        """));

    [Fact] public void FixTagVariantHereOrEverywhere() => Assert.Equal(
        "Change #BERT to #bert\nChange every #BERT to #bert (2 uses)",
        Titles("""
        //- /a.md
        #BE$0RT
        //- /b.md
        #BERT #bert #bert #bert
        """));

    [Fact] public void PickACandidateOfAnAmbiguousLink() => Assert.Equal(
        "Make link unambiguous: x/note\nLink to y/note.md",
        Titles("""
        //- /z/a.md
        [[no$0te]]
        //- /x/note.md
        //- /y/note.md
        """));

    [Fact] public void LinkAnUnlinkedMention() => Assert.Equal(
        "Link 'Gradient Flow' to Gradient Flow",
        Titles("""
        //- /a.md
        About Gradient F$0low here.
        //- /gf.md
        # Gradient Flow
        """));
}
