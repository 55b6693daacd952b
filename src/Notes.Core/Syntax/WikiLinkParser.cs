using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Notes.Core.Syntax;

/// <summary>The parts of one <c>[[target#frag|label]]</c>, as offsets relative to its first character.</summary>
internal readonly record struct WikiParts(
    bool Embed, int Length, int TargetStart, int TargetEnd,
    int FragmentStart, int FragmentEnd, bool IsBlockRef, int LabelStart, int LabelEnd)
{
    public bool HasFragment => FragmentStart >= 0;
    public bool HasLabel => LabelStart >= 0;
}

/// <summary>A wikilink or embed found by <see cref="WikiLinkParser"/>; <see cref="MarkdownObject.Span"/> is its place in the source.</summary>
internal sealed class WikiLinkInline : LeafInline
{
    public WikiLinkInline(WikiParts parts, int sourceStart)
    {
        Parts = parts;
        SourceStart = sourceStart;
    }

    public WikiParts Parts { get; }
    /// <summary>Source offset of the link's first character (<c>!</c> or <c>[</c>).</summary>
    public int SourceStart { get; }
}

/// <summary>
/// Markdig inline parser for <c>[[...]]</c> and <c>![[...]]</c>. A wikilink stays on one line and holds no <c>[[</c>.
/// Runs before the standard link parser, so an unclosed <c>[[</c> falls through to it as plain text.
/// </summary>
internal sealed class WikiLinkParser : InlineParser
{
    // Per thread (parsers are shared by the pipeline): the last failed scan, [from, until) of a text's slice ending at
    // end, in which no "[[" can close; so 50k unclosed "[[" on one line cost one scan, not 50k.
    [ThreadStatic] private static string? t_text;
    [ThreadStatic] private static int t_end, t_from, t_until;

    public WikiLinkParser() => OpeningCharacters = ['[', '!'];

    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        var text = slice.Text;
        int start = slice.Start;
        if (ReferenceEquals(text, t_text) && slice.End == t_end && start >= t_from && start < t_until) return false;
        int noClose = -1;
        if (!TryMatch(text.AsSpan(start, slice.End - start + 1), out var parts, ref noClose))
        {
            if (noClose >= 0) (t_text, t_end, t_from, t_until) = (text, slice.End, start, start + noClose);
            return false;
        }
        int sourceStart = processor.GetSourcePosition(start, out int line, out int column);
        processor.Inline = new WikiLinkInline(parts, sourceStart)
        {
            Span = new SourceSpan(sourceStart, sourceStart + parts.Length - 1),
            Line = line,
            Column = column,
        };
        slice.Start = start + parts.Length;
        return true;
    }

    /// <summary>
    /// Matches a wikilink at the start of <paramref name="s"/>. When the line ends before any <c>]]</c>,
    /// <paramref name="noCloseBefore"/> is set to that line end: no wikilink starting before it can close.
    /// </summary>
    public static bool TryMatch(ReadOnlySpan<char> s, out WikiParts parts, ref int noCloseBefore)
    {
        parts = default;
        int open = s.Length > 0 && s[0] == '!' ? 1 : 0;
        if (s.Length < open + 4 || s[open] != '[' || s[open + 1] != '[') return false;
        int inner = open + 2;
        int close = -1;
        for (int i = inner; i < s.Length; i++)
        {
            char c = s[i];
            if (c is '\n' or '\r') { noCloseBefore = i; return false; }
            if (c == ']' && i + 1 < s.Length && s[i + 1] == ']') { close = i; break; }
            if (c == '[' && i + 1 < s.Length && s[i + 1] == '[') return false; // a later "[[" gets its own try
        }
        if (close < 0) { noCloseBefore = s.Length; return false; }

        int bar = s[inner..close].IndexOf('|');
        int targetEnd = bar < 0 ? close : inner + bar;
        // "\|" separates too: Obsidian writes it inside table rows so the cell stays whole. We take it so everywhere,
        // not only in tables: the pipeline reads no tables, and a target ending in "\" names no file on any system
        // (the resolver reads "\" as a path separator). The "\" belongs to neither part, so edits keep it.
        if (bar > 0 && s[targetEnd - 1] == '\\') targetEnd--;
        int labelStart = -1, labelEnd = -1;
        if (bar >= 0) (labelStart, labelEnd) = Trim(s, inner + bar + 1, close);

        int cut = s[inner..targetEnd].IndexOfAny('#', '^');
        int fragStart = -1, fragEnd = -1;
        bool block = false;
        int tEnd = targetEnd;
        if (cut >= 0)
        {
            cut += inner;
            tEnd = cut;
            int f = cut + 1;
            block = s[cut] == '^';
            if (!block && f < targetEnd && s[f] == '^') { block = true; f++; }
            (fragStart, fragEnd) = Trim(s, f, targetEnd);
        }
        var (tStart, tTrimEnd) = Trim(s, inner, tEnd);
        if (tStart == tTrimEnd && cut < 0) return false; // [[]] and [[ |x]] name nothing
        parts = new WikiParts(open == 1, close + 2, tStart, tTrimEnd, fragStart, fragEnd, block, labelStart, labelEnd);
        return true;
    }

    private static (int, int) Trim(ReadOnlySpan<char> s, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(s[start])) start++;
        while (end > start && char.IsWhiteSpace(s[end - 1])) end--;
        return (start, end);
    }
}
