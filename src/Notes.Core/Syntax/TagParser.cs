using System.Globalization;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Notes.Core.Syntax;

/// <summary>An inline <c>#tag</c> found by <see cref="TagParser"/>.</summary>
internal sealed class TagInline : LeafInline
{
    public TagInline(string name) => Name = name;
    public string Name { get; }
}

/// <summary>
/// Markdig inline parser for <c>#tag</c>, <c>#nested/tag</c>. A tag starts at the start of a line, after whitespace or
/// after an opening bracket; it is not all digits and does not end in <c>/</c>. Code, math, HTML and link destinations
/// are consumed by their own parsers first, so no tag is found inside them.
/// </summary>
internal sealed class TagParser : InlineParser
{
    public TagParser() => OpeningCharacters = ['#'];

    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        int start = slice.Start;
        if (!CanStartAfter(slice.PeekCharExtra(-1))) return false;
        int length = MatchName(slice.Text.AsSpan(start + 1, slice.End - start));
        if (length == 0) return false;
        int sourceStart = processor.GetSourcePosition(start, out int line, out int column);
        processor.Inline = new TagInline(slice.Text.Substring(start + 1, length))
        {
            Span = new SourceSpan(sourceStart, sourceStart + length),
            Line = line,
            Column = column,
        };
        slice.Start = start + 1 + length;
        return true;
    }

    /// <summary>True when a <c>#</c> after <paramref name="previous"/> ('\0' at the start of the text) may open a tag.</summary>
    public static bool CanStartAfter(char previous) =>
        previous == '\0' || char.IsWhiteSpace(previous) || previous is '(' or '[' or '{';

    /// <summary>The length of the tag name at the start of <paramref name="s"/> (just after <c>#</c>), or 0 when there is none.</summary>
    public static int MatchName(ReadOnlySpan<char> s)
    {
        int n = 0;
        while (n < s.Length && IsNameChar(s[n])) n++;
        while (n > 0 && s[n - 1] == '/') n--;
        if (n == 0) return 0;
        foreach (var c in s[..n])
            if (!char.IsDigit(c)) return n;
        return 0; // #1, #2024: numbers, not tags
    }

    private static bool IsNameChar(char c) =>
        char.IsLetterOrDigit(c) || c is '_' or '-' or '/' || char.IsSurrogate(c) ||
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}
