using Notes.Core.Text;

namespace Notes.Core.Tests.Text;

public class LineIndexTests
{
    // a, 😀 (surrogate pair), b + combining acute, 中, newline
    private const string Mixed = "a😀b\u0301中\n";

    [Theory]
    [InlineData(PositionEncoding.Utf16, new[] { 0, 1, 3, 4, 5, 6 })]
    [InlineData(PositionEncoding.Utf8, new[] { 0, 1, 5, 6, 8, 11 })]
    [InlineData(PositionEncoding.Utf32, new[] { 0, 1, 2, 3, 4, 5 })]
    public void CharactersCountedPerEncoding(PositionEncoding enc, int[] expected)
    {
        var idx = LineIndex.Create(Mixed);
        int[] offsets = [0, 1, 3, 4, 5, 6];
        Assert.Equal(expected, offsets.Select(o => idx.ToPosition(o, enc).Character).ToArray());
        // and back
        for (int i = 0; i < offsets.Length; i++)
        {
            Assert.True(idx.TryGetOffset(new LinePosition(0, expected[i]), enc, out var back));
            Assert.Equal(offsets[i], back);
        }
    }

    [Fact]
    public void InsideSurrogatePairSnapsToItsStart()
    {
        var idx = LineIndex.Create(Mixed);
        Assert.True(idx.TryGetOffset(new LinePosition(0, 2), PositionEncoding.Utf16, out var o));
        Assert.Equal(1, o);
        Assert.True(idx.TryGetOffset(new LinePosition(0, 3), PositionEncoding.Utf8, out o)); // inside the 4-byte emoji
        Assert.Equal(1, o);
    }

    [Fact]
    public void LineTerminatorsAsTheSpecificationDefinesThem()
    {
        var idx = LineIndex.Create("a\r\nb\rc\nd");
        Assert.Equal(4, idx.LineCount);
        Assert.Equal(new LinePosition(1, 0), idx.ToPosition(3));
        Assert.Equal(new LinePosition(2, 0), idx.ToPosition(5));
        Assert.Equal(new LinePosition(3, 0), idx.ToPosition(7));
        Assert.Equal(1, idx.LineEnd(0));
    }

    [Fact]
    public void ColumnPastTheEndClampsAndLinePastTheEndFails()
    {
        var idx = LineIndex.Create("ab\r\ncd");
        Assert.True(idx.TryGetOffset(new LinePosition(0, 99), PositionEncoding.Utf16, out var o));
        Assert.Equal(2, o);
        Assert.False(idx.TryGetOffset(new LinePosition(5, 0), PositionEncoding.Utf16, out _));
        Assert.False(idx.TryGetOffset(new LinePosition(-1, 0), PositionEncoding.Utf16, out _));
    }

    [Fact]
    public void LoneSurrogatesAndNulDoNotCrash()
    {
        var idx = LineIndex.Create("a\uD800b\0\uDC00");
        Assert.Equal(5, idx.ToPosition(5, PositionEncoding.Utf16).Character);
        Assert.Equal(1 + 3 + 1 + 1 + 3, idx.ToPosition(5, PositionEncoding.Utf8).Character);
    }

    [Fact]
    public void IncrementalChangesKeepLineEndings()
    {
        var text = "one\r\ntwo\r\nthree";
        var result = TextChanges.Apply(text, [new TextChange(new(1, 0), new(1, 3), "2"), new TextChange(new(2, 5), new(2, 5), "!")], PositionEncoding.Utf16, out var error);
        Assert.Null(error);
        Assert.Equal("one\r\n2\r\nthree!", result);
    }

    [Theory]
    [InlineData(1, 2, 1, 0)]   // end before start
    [InlineData(9, 0, 9, 1)]   // line past the end
    [InlineData(-1, 0, 0, 0)]  // negative
    public void InvalidRangesAreRefused(int sl, int sc, int el, int ec)
    {
        Assert.Null(TextChanges.Apply("ab\ncd", [new TextChange(new(sl, sc), new(el, ec), "x")], PositionEncoding.Utf16, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void RandomEditsEqualAReplay()
    {
        var rng = new Random(7);
        string text = "start\n";
        string[] pieces = ["a", "😀", "\r\n", "\n", "中", "e\u0301", "[[x]]", " #tag", ""];
        for (int i = 0; i < 2000; i++)
        {
            var idx = LineIndex.Create(text);
            int s = rng.Next(text.Length + 1), e = rng.Next(s, text.Length + 1);
            // keep surrogate pairs and CRLF whole
            while (s > 0 && s < text.Length && (char.IsLowSurrogate(text[s]) || (text[s] == '\n' && text[s - 1] == '\r'))) s--;
            while (e > 0 && e < text.Length && (char.IsLowSurrogate(text[e]) || (text[e] == '\n' && text[e - 1] == '\r'))) e++;
            var insert = pieces[rng.Next(pieces.Length)];
            var expected = string.Concat(text.AsSpan(0, s), insert, text.AsSpan(e));
            var enc = (PositionEncoding)rng.Next(3);
            var change = new TextChange(idx.ToPosition(s, enc), idx.ToPosition(e, enc), insert);
            var actual = TextChanges.Apply(text, [change], enc, out var error);
            Assert.Null(error);
            Assert.Equal(expected, actual);
            text = actual!;
        }
    }
}
