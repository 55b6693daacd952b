using Notes.Core.Text;

namespace Notes.Core.Syntax;

/// <summary>
/// The fallback when Markdig cannot parse a note: one pass over the lines for ATX headings, wikilinks, tags, fenced code
/// and code spans. Less exact than the Markdig walk, but linear and unable to fail.
/// </summary>
internal static class LineScanner
{
    public static void Scan(NoteParser.Builder b)
    {
        var text = b.Text;
        int fenceStart = -1;
        char fenceChar = '\0';
        for (int line = 0; line < b.Lines.LineCount; line++)
        {
            int start = b.Lines.LineStart(line), end = b.Lines.LineEnd(line);
            if (b.InFrontMatter(start)) continue;
            int indent = start;
            while (indent < end && indent - start < 4 && text[indent] == ' ') indent++;
            bool fenceLine = end - indent >= 3 && text[indent] is '`' or '~' && text[indent + 1] == text[indent] && text[indent + 2] == text[indent];
            if (fenceStart >= 0)
            {
                if (fenceLine && text[indent] == fenceChar) { b.CodeAndMath.Add(new TextSpan(fenceStart, end)); fenceStart = -1; }
                continue;
            }
            if (fenceLine) { fenceStart = start; fenceChar = text[indent]; continue; }
            if (LineSyntax.TryAtxHeading(text, start, end, out int level, out int ts, out int te, out int id))
                b.AddHeading(level, new TextSpan(start, end), ts, te, id);
            ScanInline(b, start, end);
        }
        if (fenceStart >= 0) b.CodeAndMath.Add(new TextSpan(fenceStart, text.Length));
    }

    /// <summary>
    /// True when some line opens more nested blocks (indentation, <c>&gt;</c>, list markers) than Markdig allows. Markdig
    /// throws there anyway, after spending time quadratic in the depth, so such notes go straight to the line scan.
    /// </summary>
    public static bool ExceedsNesting(string text, int maxDepth)
    {
        int i = 0;
        while (i < text.Length)
        {
            int columns = 0, markers = 0;
            while (i < text.Length)
            {
                char c = text[i];
                if (c == ' ') columns++;
                else if (c == '\t') columns = (columns / 4 + 1) * 4;
                else if (c == '>') markers++;
                else if (c is '-' or '*' or '+' && i + 1 < text.Length && text[i + 1] is ' ' or '\t') markers++;
                else break;
                i++;
            }
            if (markers + columns / 2 > maxDepth) return true;
            int nl = text.AsSpan(i).IndexOfAny('\r', '\n');
            if (nl < 0) break;
            i += nl + 1;
        }
        return false;
    }

    private static void ScanInline(NoteParser.Builder b, int start, int end)
    {
        var text = b.Text;
        int noCloseBefore = -1;
        int i = start;
        while (i < end)
        {
            char c = text[i];
            if (c == '`')
            {
                int run = i;
                while (run < end && text[run] == '`') run++;
                int close = FindRun(text, run, end, run - i);
                if (close >= 0) { b.CodeAndMath.Add(new TextSpan(i, close)); i = close; }
                else i = run;
                continue;
            }
            if ((c == '[' || c == '!') && i >= noCloseBefore)
            {
                int rel = -1;
                if (WikiLinkParser.TryMatch(text.AsSpan(i, end - i), out var parts, ref rel))
                {
                    b.AddWikiLink(i, parts);
                    i += parts.Length;
                    continue;
                }
                if (rel >= 0) noCloseBefore = i + rel;
            }
            if (c == '#' && TagParser.CanStartAfter(i == start ? '\0' : text[i - 1]))
            {
                int n = TagParser.MatchName(text.AsSpan(i + 1, end - i - 1));
                if (n > 0) { b.AddTag(i, n); i += n + 1; continue; }
            }
            i++;
        }
    }

    /// <summary>The end of the next run of exactly <paramref name="length"/> backticks at or after <paramref name="from"/>, or -1.</summary>
    private static int FindRun(string text, int from, int end, int length)
    {
        int i = from;
        while (i < end)
        {
            int k = text.AsSpan(i, end - i).IndexOf('`');
            if (k < 0) return -1;
            int s = i + k, e = s;
            while (e < end && text[e] == '`') e++;
            if (e - s == length) return e;
            i = e;
        }
        return -1;
    }
}
