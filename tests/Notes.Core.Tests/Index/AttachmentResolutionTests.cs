using static Notes.Core.Tests.Index.ResolutionTests;

namespace Notes.Core.Tests.Index;

/// <summary>
/// Links and embeds to files that are not notes (figures, PDFs, recordings, data), resolved as Obsidian, Foam and
/// plain Markdown resolve them. A file's text in a fixture stands for its bytes.
/// </summary>
public class AttachmentResolutionTests
{
    [Fact] public void EmbedByFileName() => Check("""
        //- /notes/a.md
        ![[loss$0.png]]
        //- /attachments/loss.png
        PNG
        """, "File attachments/loss.png");

    [Fact] public void FileNameIsCaseInsensitive() => Check("""
        //- /a.md
        ![[Loss-Curve$0.PNG]]
        //- /figures/loss-curve.png
        PNG
        """, "File figures/loss-curve.png");

    [Fact] public void ExtensionIsNeededForAFile() => Check("""
        //- /a.md
        [[loss$0]]
        //- /figures/loss.png
        PNG
        """, "Broken");

    [Fact] public void WikilinkToPdfWithPageFragmentIsNotCheckedAsAHeading() => Check("""
        //- /a.md
        ![[paper.pdf#page=3$0]]
        //- /papers/paper.pdf
        %PDF
        """, "File papers/paper.pdf");

    [Fact] public void VideoWithADigitInItsExtension() => Check("""
        //- /a.md
        ![[cli.mp4#interface$0]]
        //- /media/cli.mp4
        mp4
        """, "File media/cli.mp4");

    [Fact] public void AVersionNumberIsNoExtension() => Check("""
        //- /a.md
        [[gpt-3.5$0]]
        //- /gpt-3.5.md
        # GPT-3.5
        """, "Resolved gpt-3.5.md (Stem)");

    [Fact] public void AudioWithTimeFragment() => Check("""
        //- /a.md
        ![[talk.ogg#t=10$0]]
        //- /talk.ogg
        OggS
        """, "File talk.ogg");

    [Fact] public void PathSuffixPicksTheFileInThatFolder() => Check("""
        //- /a.md
        ![[run2/loss.png$0]]
        //- /runs/run1/loss.png
        1
        //- /runs/run2/loss.png
        2
        """, "File runs/run2/loss.png");

    [Fact] public void SameNameInTwoFoldersPrefersTheLinkingNotesFolder() => Check("""
        //- /b/a.md
        ![[loss.png$0]]
        //- /a/loss.png
        1
        //- /b/loss.png
        2
        """, "File b/loss.png");

    [Fact] public void SameNameElsewherePrefersTheNearestThenTheShortestPath() => Check("""
        //- /proj/x/a.md
        ![[loss.png$0]]
        //- /other/deep/loss.png
        1
        //- /proj/figs/loss.png
        2
        """, "File proj/figs/loss.png");

    [Fact] public void RelativeWikilink() => Check("""
        //- /notes/a.md
        ![[../figs/loss.png$0]]
        //- /figs/loss.png
        1
        """, "File figs/loss.png");

    [Fact] public void RelativeWikilinkToAMissingFileIsBrokenEvenIfTheNameExistsElsewhere() => Check("""
        //- /notes/a.md
        ![[./loss.png$0]]
        //- /figs/loss.png
        1
        """, "Broken");

    [Fact] public void MarkdownImageRelativeToTheNote() => Check("""
        //- /notes/a.md
        ![loss]($0figures/loss.svg)
        //- /notes/figures/loss.svg
        <svg/>
        """, "File notes/figures/loss.svg");

    [Fact] public void MarkdownImageWrittenFromTheVaultRoot() => Check("""
        //- /notes/a.md
        ![loss]($0figures/loss.svg)
        //- /figures/loss.svg
        <svg/>
        """, "File figures/loss.svg");

    [Fact] public void MarkdownImageRootRelative() => Check("""
        //- /notes/deep/a.md
        ![loss]($0/figures/loss.svg)
        //- /figures/loss.svg
        <svg/>
        """, "File figures/loss.svg");

    [Fact] public void MarkdownLinkPercentEncoded() => Check("""
        //- /a.md
        [data]($0data/run%201.csv)
        //- /data/run 1.csv
        a,b
        """, "File data/run 1.csv");

    [Fact] public void MarkdownLinkInAngleBrackets() => Check("""
        //- /a.md
        [data]($0<data/run 1.csv>)
        //- /data/run 1.csv
        a,b
        """, "File data/run 1.csv");

    [Fact] public void MarkdownBareFileNameFoundElsewhere() => Check("""
        //- /notes/a.md
        ![]($0loss.png)
        //- /attachments/loss.png
        1
        """, "File attachments/loss.png");

    [Fact] public void MarkdownImageOutsideTheRoot() => Check("""
        //- /a.md
        ![]($0../../etc/x.png)
        """, "OutsideWorkspace");

    [Fact] public void MissingFileIsBroken() => Check("""
        //- /a.md
        ![[nowhere$0.png]]
        //- /elsewhere.png
        1
        """, "Broken");

    [Fact] public void AFileWithoutExtensionIsFoundWhenNoNoteHasItsName() => Check("""
        //- /a.md
        [[LICENSE$0]]
        //- /LICENSE
        MIT
        """, "File LICENSE");

    [Fact] public void ANoteStillWinsOverAFileWithoutExtension() => Check("""
        //- /a.md
        [[license$0]]
        //- /license.md
        # License
        //- /LICENSE
        MIT
        """, "Resolved license.md (Stem)");

    [Fact] public void ADottedNoteNameStillFindsTheNote() => Check("""
        //- /a.md
        [[e.g$0]]
        //- /e.g.md
        # e.g.
        """, "Resolved e.g.md (Stem)");

    [Fact] public void HiddenFilesAreNotAttachments() => Check("""
        //- /a.md
        [[.secret$0.png]]
        //- /.secret.png
        1
        """, "Broken");
}
