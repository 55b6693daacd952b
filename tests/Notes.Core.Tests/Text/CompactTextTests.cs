using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Notes.Core.Syntax;
using Notes.Core.Text;

namespace Notes.Core.Tests.Text;

/// <summary>A compact index (text held as UTF-8) answers exactly as the index it came from.</summary>
public class CompactTextTests
{
    private static readonly string[] Pieces =
        ["a", "é", "e\u0301", "中文", "😀", "\r\n", "\n", "\r", "\t", " ", "#tag", "[[link]]", "\uFEFF", "\0", "Z"];

    [Theory]
    [InlineData("")]
    [InlineData("plain ascii\nsecond line")]
    [InlineData("\uFEFF# Title 😀\r\nCJK 中文 and e\u0301\r\n\ttab\rlone CR\n")]
    [InlineData("ends with a break\n")]
    public void TheCompactIndexAnswersAsTheOriginal(string text) => AssertSame(text);

    [Property(MaxTest = 500)]
    public Property RandomTextsAnswerAsTheOriginal() =>
        Prop.ForAll(Gen.Elements(Pieces).ArrayOf().Select(string.Concat).ToArbitrary(), text =>
        {
            AssertSame(text);
            return true;
        });

    [Fact]
    public void ATextUtf8CannotCarryStaysAString()
    {
        var lone = "before \uD800 after";
        var index = LineIndex.Create(lone).Compact();
        Assert.False(index.IsCompact);
        Assert.Same(lone, index.Text);
    }

    [Fact]
    public void CompactHalvesTheTextAndDecodesOnDemand()
    {
        var text = string.Concat(Enumerable.Repeat("A line of a research note, with [[links]] and #tags.\n", 100));
        var index = LineIndex.Create(text).Compact();
        Assert.True(index.IsCompact);
        Assert.Equal(text, index.Text);
        Assert.Same(index.Text, index.Text); // cached between uses
        Assert.Same(index, index.Compact());
    }

    [Fact]
    public void ACompactNoteKeepsEverythingItParsed()
    {
        var note = NoteParser.Parse("# T 😀\r\n\nSee [[other#Part|x]] and #tag.\n", "t");
        var compact = note.Compact();
        Assert.True(compact.Lines.IsCompact);
        Assert.Equal(note.Text, compact.Text);
        Assert.Equal(note.Links, compact.Links);
        Assert.Equal(note.Tags, compact.Tags);
        Assert.Equal(note.Title, compact.Title);
    }

    private static void AssertSame(string text)
    {
        var plain = LineIndex.Create(text);
        var compact = plain.Compact();
        Assert.True(compact.IsCompact || text.Any(char.IsSurrogate));
        Assert.Equal(text, compact.Text);
        Assert.Equal(plain.Length, compact.Length);
        Assert.Equal(plain.LineCount, compact.LineCount);
        for (int line = 0; line < plain.LineCount; line++)
        {
            Assert.Equal(plain.LineStart(line), compact.LineStart(line));
            Assert.Equal(plain.LineEnd(line), compact.LineEnd(line));
        }
        foreach (var encoding in Enum.GetValues<PositionEncoding>())
        {
            for (int offset = -1; offset <= text.Length + 1; offset++)
                Assert.Equal(plain.ToPosition(offset, encoding), compact.ToPosition(offset, encoding));
            for (int line = -1; line <= plain.LineCount; line++)
                for (int character = 0; character < 8; character++)
                {
                    var p = new LinePosition(line, character);
                    Assert.Equal(plain.TryGetOffset(p, encoding, out var a), compact.TryGetOffset(p, encoding, out var b));
                    Assert.Equal(a, b);
                    Assert.Equal(plain.GetOffsetClamped(p, encoding), compact.GetOffsetClamped(p, encoding));
                }
        }
    }
}
