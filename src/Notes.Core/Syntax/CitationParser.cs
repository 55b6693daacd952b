using System.Globalization;
using System.Text;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Notes.Core.Syntax;

/// <summary>
/// One citation of a match, as offsets relative to the match's first character (<c>[</c> of a group, <c>@</c> of an
/// in-text citation): the item [<see cref="Start"/>, <see cref="End"/>) (<c>-@key</c>, <c>@{key}</c>), its key, the
/// prefix [<see cref="PrefixStart"/>, <see cref="Start"/>) and the suffix [<see cref="SuffixStart"/>, <see cref="SuffixEnd"/>).
/// </summary>
internal readonly record struct CiteItem(int Start, int KeyStart, int KeyEnd, int End, bool Suppress, int PrefixStart, int SuffixStart, int SuffixEnd);

/// <summary>A citation group or an in-text citation found by <see cref="CitationParser"/>.</summary>
internal sealed class CitationInline : LeafInline
{
    public CitationInline(int sourceStart, int length, bool inText, CiteItem[] items)
    {
        SourceStart = sourceStart;
        Length = length;
        InText = inText;
        Items = items;
    }

    /// <summary>Source offset of the match's first character.</summary>
    public int SourceStart { get; }
    public int Length { get; }
    public bool InText { get; }
    public CiteItem[] Items { get; }
}

/// <summary>
/// Markdig inline parser for Pandoc citations: groups <c>[see @a, p. 5; -@b]</c> (on <c>[</c>, before the link parser)
/// and in-text citations <c>@a</c>, <c>@a [p. 33]</c> (on <c>@</c>). The rules are <see cref="CitationSyntax"/>'s,
/// shared with the line scan. Code, math, HTML, autolinks, wikilinks, escapes and link destinations are consumed by
/// their own parsers first, so no citation is found inside them.
/// </summary>
internal sealed class CitationParser : InlineParser
{
    public CitationParser() => OpeningCharacters = ['[', '@'];

    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        int start = slice.Start;
        var s = slice.Text.AsSpan(start, slice.End - start + 1);
        char previous = slice.PeekCharExtra(-1);
        var items = new List<CiteItem>(1);
        bool inText = slice.CurrentChar == '@';
        int length = inText ? CitationSyntax.MatchInText(s, previous, items) : CitationSyntax.MatchGroup(s, previous, items);
        if (length == 0) return false;
        int sourceStart = processor.GetSourcePosition(start, out int line, out int column);
        processor.Inline = new CitationInline(sourceStart, length, inText, items.ToArray())
        {
            Span = new SourceSpan(sourceStart, sourceStart + length - 1),
            Line = line,
            Column = column,
        };
        slice.Start = start + length;
        return true;
    }
}

/// <summary>
/// Pandoc's citation syntax (the manual's "Citation syntax"), on one line of text. Keys start with a letter, digit or
/// <c>_</c> and hold letters, digits, <c>_</c> and single internal punctuation <c>:.#$%&amp;-+?&lt;&gt;~/</c> followed by
/// a letter, digit or <c>_</c> (so <c>@key.</c> ends before the period); or are written <c>@{any but braces}</c>.
/// A citation starts where a tag may (<see cref="TagParser.CanStartAfter"/>): never inside a word (<c>jane@example.com</c>).
/// </summary>
internal static class CitationSyntax
{
    /// <summary>
    /// The key at the start of <paramref name="s"/> (just after <c>@</c>): its characters [<paramref name="keyStart"/>,
    /// <paramref name="keyEnd"/>) and where it ends (after <c>}</c> for a braced key); false when there is none.
    /// </summary>
    public static bool MatchKey(ReadOnlySpan<char> s, out int keyStart, out int keyEnd, out int end)
    {
        keyStart = keyEnd = end = 0;
        if (s.Length == 0) return false;
        if (s[0] == '{')
        {
            int close = s[1..].IndexOfAny("{}\r\n");
            if (close < 0 || s[1 + close] != '}' || s.Slice(1, close).IsWhiteSpace()) return false;
            (keyStart, keyEnd, end) = (1, 1 + close, 2 + close);
            return true;
        }
        int n = KeyChar(s, 0);
        if (n == 0 || IsMark(s[0])) return false;
        int i = n;
        while (i < s.Length)
        {
            int k = KeyChar(s, i);
            if (k > 0) { i += k; continue; }
            if (IsInternalPunctuation(s[i]) && i + 1 < s.Length && KeyChar(s, i + 1) is > 0 and var m && !IsMark(s[i + 1])) { i += 1 + m; continue; }
            break;
        }
        (keyStart, keyEnd, end) = (0, i, i);
        return true;
    }

    /// <summary>The length of the key character at <paramref name="i"/> (a letter, digit, <c>_</c>, combining mark; 2 for a surrogate pair), or 0.</summary>
    private static int KeyChar(ReadOnlySpan<char> s, int i)
    {
        char c = s[i];
        if (char.IsLetterOrDigit(c) || c == '_' || IsMark(c)) return 1;
        if (char.IsHighSurrogate(c) && Rune.DecodeFromUtf16(s[i..], out var rune, out int used) == System.Buffers.OperationStatus.Done && Rune.IsLetterOrDigit(rune))
            return used;
        return 0;
    }

    private static bool IsMark(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static bool IsInternalPunctuation(char c) => c is ':' or '.' or '#' or '$' or '%' or '&' or '-' or '+' or '?' or '<' or '>' or '~' or '/';

    /// <summary>
    /// The bracket at the start of <paramref name="s"/> (<c>[</c>) up to its <c>]</c> on the same line, or -1: none when
    /// a line break, <c>[</c>, <c>`</c>, <c>\</c> or <c>&lt;</c> comes first (so a group never swallows code, HTML, an
    /// autolink, an escape or a wikilink), or when a <c>(</c> or <c>[</c> follows it (a link, a reference link).
    /// </summary>
    private static int Bracket(ReadOnlySpan<char> s)
    {
        int close = s.Length > 1 ? s[1..].IndexOfAny("]\r\n[`\\<") : -1;
        if (close < 0 || s[1 + close] != ']') return -1;
        close++;
        if (close + 1 < s.Length && s[close + 1] is '(' or '[') return -1;
        return close;
    }

    /// <summary>
    /// A citation group at the start of <paramref name="s"/> (which starts with <c>[</c>, after <paramref name="previous"/>):
    /// its length, its items added to <paramref name="items"/>; 0 when the brackets are no group (each <c>;</c>-separated
    /// part must hold a key). After <c>!</c> brackets open an image, not a group.
    /// </summary>
    public static int MatchGroup(ReadOnlySpan<char> s, char previous, List<CiteItem> items)
    {
        if (s.Length < 3 || s[0] != '[' || previous is '!' or '\\') return 0;
        int close = Bracket(s);
        if (close < 0 || s[1..close].IndexOf('@') < 0) return 0;
        int first = items.Count;
        int i = 1;
        while (true)
        {
            int partStart = i, at = -1, keyStart = 0, keyEnd = 0, end = 0;
            bool suppress = false;
            for (; i < close && s[i] != ';'; i++)
            {
                if (s[i] != '@') continue;
                bool dash = i - 1 >= partStart && s[i - 1] == '-';
                int from = dash ? i - 1 : i;
                if (from > partStart && !TagParser.CanStartAfter(s[from - 1])) continue;
                if (!MatchKey(s[(i + 1)..close], out keyStart, out keyEnd, out end)) continue;
                (at, suppress) = (from, dash);
                break;
            }
            if (at < 0) { items.RemoveRange(first, items.Count - first); return 0; }
            int keyBase = i + 1;
            i = keyBase + end;
            int suffixStart = i;
            while (i < close && s[i] != ';') i++;
            items.Add(new CiteItem(at, keyBase + keyStart, keyBase + keyEnd, keyBase + end, suppress, partStart, suffixStart, i));
            if (i == close) return close + 1;
            i++; // past ';'
        }
    }

    /// <summary>
    /// An in-text citation at the start of <paramref name="s"/> (which starts with <c>@</c>, after <paramref name="previous"/>),
    /// with the locator in brackets that may follow it (<c>@a [p. 33]</c>; not a group, a link or empty): the length matched, 0 when none.
    /// </summary>
    public static int MatchInText(ReadOnlySpan<char> s, char previous, List<CiteItem> items)
    {
        if (s.Length < 2 || s[0] != '@' || !TagParser.CanStartAfter(previous)) return 0;
        if (!MatchKey(s[1..], out int keyStart, out int keyEnd, out int end)) return 0;
        int keyEndAt = 1 + end, length = keyEndAt, suffixStart = keyEndAt, suffixEnd = keyEndAt;
        int open = keyEndAt;
        while (open < s.Length && s[open] is ' ' or '\t') open++;
        if (open < s.Length && s[open] == '[')
        {
            var rest = s[open..];
            int close = Bracket(rest);
            if (close > 1 && !rest[1..close].IsWhiteSpace() && MatchGroup(rest, s[open - 1], new List<CiteItem>()) == 0)
                (length, suffixStart, suffixEnd) = (open + close + 1, open + 1, open + close);
        }
        items.Add(new CiteItem(0, 1 + keyStart, 1 + keyEnd, keyEndAt, false, 0, suffixStart, suffixEnd));
        return length;
    }
}
