using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Parsers.Inlines;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Notes.Core.Syntax;

/// <summary>LaTeX math written <c>\(...\)</c> or <c>\[...\]</c>, which Markdig's math extension does not know.</summary>
internal sealed class LatexMathInline : LeafInline
{
}

/// <summary>
/// Markdig inline parser for <c>\(...\)</c> and <c>\[...\]</c> (within one paragraph). Must run before
/// <see cref="EscapeInlineParser"/>, which would otherwise take <c>\(</c> as an escaped parenthesis.
/// </summary>
internal sealed class LatexMathParser : InlineParser
{
    // Per thread: for the text (and slice end) last scanned, the offset from which no "\)" / "\]" follows (keeps unclosed openers linear).
    [ThreadStatic] private static string? t_text;
    [ThreadStatic] private static int t_end, t_noParenFrom, t_noBracketFrom;

    public LatexMathParser() => OpeningCharacters = ['\\'];

    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        char next = slice.PeekChar();
        if (next is not ('(' or '[')) return false;
        var text = slice.Text;
        if (!ReferenceEquals(text, t_text) || slice.End != t_end) { t_text = text; t_end = slice.End; t_noParenFrom = t_noBracketFrom = int.MaxValue; }
        int start = slice.Start;
        ref int noCloseFrom = ref next == '(' ? ref t_noParenFrom : ref t_noBracketFrom;
        if (start >= noCloseFrom) return false;
        string closer = next == '(' ? "\\)" : "\\]";
        int from = start + 2;
        int close = from <= slice.End ? text.AsSpan(from, slice.End - from + 1).IndexOf(closer, StringComparison.Ordinal) : -1;
        if (close < 0) { noCloseFrom = Math.Min(noCloseFrom, start); return false; }
        int end = from + close + 2; // exclusive
        int sourceStart = processor.GetSourcePosition(start, out int line, out int column);
        int sourceEnd = processor.GetSourcePosition(end - 1);
        processor.Inline = new LatexMathInline { Span = new SourceSpan(sourceStart, sourceEnd), Line = line, Column = column };
        slice.Start = end;
        return true;
    }
}
