using Notes.Core.Text;

namespace Notes.Core.Syntax;

/// <summary>
/// The fallback when Markdig cannot parse a note: one pass over the lines for ATX headings, wikilinks, tags, citations, fenced code
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
        int nextParen = -1, destinationEnd = -1;
        List<CiteItem>? cites = null;
        // "[label]: destination" at the line's start defines a reference (Markdig reads no inlines in it): no citation there.
        int lead = start;
        while (lead < end && lead - start < 3 && text[lead] == ' ') lead++;
        bool definition = lead < end && text[lead] == '[' && text.AsSpan(lead, end - lead).IndexOf("]:", StringComparison.Ordinal) > 0;
        BacktickRuns? runs = null;
        while (i < end)
        {
            char c = text[i];
            if (c == '`')
            {
                runs ??= new BacktickRuns(text, start, end);
                var (runEnd, close) = runs.At(i);
                if (close >= 0) { b.CodeAndMath.Add(new TextSpan(i, close)); i = close; }
                else i = runEnd;
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
            if (c == ']' && i + 1 < end && text[i + 1] == '(')
            {
                // A link destination "](...)": no citation in it, as Markdig's link parser consumes it (the searches for ")" read each line once).
                if (nextParen < i) nextParen = text.AsSpan(i, end - i).IndexOf(')') is >= 0 and var k ? i + k : end;
                destinationEnd = nextParen;
            }
            if ((c == '[' || c == '@') && i > destinationEnd && !definition)
            {
                cites ??= [];
                cites.Clear();
                var rest = text.AsSpan(i, end - i);
                char previous = i == start ? '\0' : text[i - 1];
                int n = c == '@' ? CitationSyntax.MatchInText(rest, previous, cites) : CitationSyntax.MatchGroup(rest, previous, cites);
                if (n > 0) { b.AddCitations(i, n, c == '@', cites); i += n; continue; }
            }
            i++;
        }
    }

    /// <summary>
    /// The backtick runs of one line, each linked to the next run of the same length (its closer): one pass, so a line
    /// of thousands of runs of different lengths (cmark's "backticks") stays linear instead of searching to the end for each.
    /// </summary>
    private sealed class BacktickRuns
    {
        private readonly List<(int Start, int End)> _runs = [];
        private readonly int[] _next;
        private int _cursor;

        public BacktickRuns(string text, int start, int end)
        {
            for (int i = start; i < end;)
            {
                int k = text.AsSpan(i, end - i).IndexOf('`');
                if (k < 0) break;
                int s = i + k, e = s;
                while (e < end && text[e] == '`') e++;
                _runs.Add((s, e));
                i = e;
            }
            _next = new int[_runs.Count];
            var last = new Dictionary<int, int>();
            for (int j = _runs.Count - 1; j >= 0; j--)
            {
                int length = _runs[j].End - _runs[j].Start;
                _next[j] = last.GetValueOrDefault(length, -1);
                last[length] = j;
            }
        }

        /// <summary>The run starting at <paramref name="position"/> (positions only grow): its end, and the end of its closer or -1.</summary>
        public (int End, int Close) At(int position)
        {
            while (_runs[_cursor].End <= position) _cursor++;
            int j = _cursor;
            return (_runs[j].End, _next[j] >= 0 ? _runs[_next[j]].End : -1);
        }
    }
}
