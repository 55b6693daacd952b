using Markdig;
using Markdig.Syntax;
using Notes.Core.Text;

namespace Notes.Core.Syntax;

/// <summary>
/// Incremental reparsing: an edit reparses only the top-level blocks it touches, and the rest of the previous parse is
/// kept (shifted past the edit). The result equals <see cref="Parse"/> of the new text, field by field; the oracle
/// (<c>IncrementalParseOracleTests</c>) holds it to that on random notes and random edits. Whenever the window logic is
/// unsure it parses the whole note.
/// </summary>
/// <remarks>
/// <para>The window is [start, end) of whole lines around the edit. Both ends are <b>block boundaries</b>: lines where
/// a top-level block of the old parse starts (<see cref="ParsedNote.TopLevelStarts"/>), so Markdig's block parser is
/// back at the document's top level there and what comes before cannot change how what follows is read, nor the
/// reverse. The start is such a line wholly before the edit (the same in the new text); the end such a line wholly
/// after it, checked in the new text by the window's own parse: the window is parsed with the end line, and one of
/// its top-level blocks must start there. An edit that opens a code fence, a <c>$$</c> block or an HTML block makes
/// that check fail (the block swallows the line); the window then grows, and after a few tries the whole note is
/// parsed. Neither end may lie in (or at the end of) a code or math span: Markdig's spans of fences left open inside
/// lists reach past their block.</para>
/// <para>Note-wide facts are recomputed or checked: heading slugs (unique within the note) and sections over every
/// heading, the title, the first paragraph (from where the previous one was found), the inline cost that sends a note
/// to the line scan. Reference and footnote definitions are used by links anywhere: a note whose text holds
/// <c>]:</c> is parsed whole. So is an edit in or before the front matter, a note the line scan read, and a note
/// whose front matter Markdig read differently from us.</para>
/// </remarks>
public static partial class NoteParser
{
    /// <summary>
    /// Markdig places the inlines of an ATX heading whose <c>#</c> is followed by a tab relative to the line, not the
    /// note (and so differently in a window): a note holding <c>#</c> + tab is always parsed whole.
    /// </summary>
    private const string HeadingTab = "#\t";

    /// <summary>How many times the window may grow (×4) before the whole note is parsed.</summary>
    private const int MaxWindowTries = 3;

    /// <summary>
    /// The parse of <paramref name="newText"/>, computed from <paramref name="old"/> (the parse of the text before an
    /// edit, with the same <paramref name="fileStem"/>): only the blocks the edit touches are parsed again. Equal to
    /// <see cref="Parse"/> of <paramref name="newText"/>. The edit is found by comparing the texts (common prefix and
    /// suffix), so any number of changes may lie between them; the closer together, the less is parsed.
    /// </summary>
    public static ParsedNote Reparse(ParsedNote old, string newText, string fileStem) => Reparse(old, newText, fileStem, out _);

    /// <summary>As <see cref="Reparse(ParsedNote, string, string)"/>; <paramref name="fullParse"/> says why the whole note was parsed, or is null.</summary>
    internal static ParsedNote Reparse(ParsedNote old, string newText, string fileStem, out string? fullParse)
    {
        newText ??= "";
        fullParse = WhyNotIncremental(old, newText, fileStem);
        if (fullParse is not null) return Parse(newText, fileStem);
        var result = TryReparse(old, newText, fileStem, out fullParse);
        return result ?? Parse(newText, fileStem);
    }

    private static string? WhyNotIncremental(ParsedNote old, string newText, string fileStem)
    {
        if (!old.CanReparse) return "the note was read by the line scan, or Markdig read its front matter differently";
        if (old.MayHaveDefinitions) return "the note may define references or footnotes ([x]: ...), which links anywhere use";
        if (old.Title.Source == TitleSource.FileName && old.Title.Text != fileStem) return "another file name";
        if (old.FrontMatter is null && (FrontMatterReader.OpensFrontMatter(old.Text) || FrontMatterReader.OpensFrontMatter(newText)))
            return "the front matter is not closed, or the edit opens one";
        return null;
    }

    private static ParsedNote? TryReparse(ParsedNote old, string newText, string fileStem, out string? fullParse)
    {
        fullParse = null;
        var oldText = old.Text;
        int oldLength = oldText.Length, newLength = newText.Length, delta = newLength - oldLength;
        int start = oldText.AsSpan().CommonPrefixLength(newText);
        if (start == oldLength && start == newLength) return old;
        int suffix = CommonSuffixLength(oldText.AsSpan(start), newText.AsSpan(start));
        int oldEnd = oldLength - suffix, newEnd = newLength - suffix;

        int from = Math.Max(0, start - 1), to = Math.Min(newLength, newEnd + 1);
        if (newText.AsSpan(from, to - from).IndexOf("]:", StringComparison.Ordinal) >= 0)
            return Full(out fullParse, "the edit may write a reference or footnote definition");
        if (HasLoneCarriageReturn(newText, from, to)) return Full(out fullParse, "the edit writes a lone CR line break");
        if (newText.AsSpan(from, to - from).IndexOf(HeadingTab, StringComparison.Ordinal) >= 0) return Full(out fullParse, "the edit writes a tab after '#'");
        int bodyStart = old.FrontMatter is { } fm ? FrontMatterReader.NextLine(oldText, fm.Span.End) : 0;
        if (start < bodyStart || (old.FrontMatter is { } closed && start <= closed.Span.End)) return Full(out fullParse, "the edit touches the front matter");
        if (old.Diagnostics.Any(d => d.Span.Start >= bodyStart)) return Full(out fullParse, "the note has a diagnostic outside its front matter");

        int windowStart = WindowStart(old, newText, start, bodyStart);
        if (windowStart < 0) return Full(out fullParse, "no block boundary before the edit");

        var lines = old.Lines.WithEdit(newText, start, oldEnd, newEnd);
        int firstLine = lines.LineOf(windowStart);
        int endLine = lines.LineOf(newEnd) + 1;
        for (int attempt = 0; ; attempt++)
        {
            endLine = NextWindowEnd(old, lines, endLine, delta);
            bool toTheEnd = endLine >= lines.LineCount;
            int windowEnd = toTheEnd ? newLength : lines.LineStart(endLine);
            int windowEndOld = windowEnd - delta;
            var window = newText.Substring(windowStart, (toTheEnd ? newLength : lines.LineEnd(endLine)) - windowStart);
            var wb = ParseWindow(window, toTheEnd ? -1 : windowEnd - windowStart);
            if (wb is not null)
                return Splice(old, newText, lines, wb, fileStem, windowStart, windowEnd, windowEndOld, firstLine, endLine, out fullParse);
            if (toTheEnd) return Full(out fullParse, "Markdig could not read the window");
            if (attempt + 1 == MaxWindowTries) return Full(out fullParse, "the edit changed the structure after it (an opened fence, math or HTML block)");
            // Grow: the next boundary at least four times as far from the window start.
            int farther = windowStart + 4 * Math.Max(1, windowEnd - windowStart);
            endLine = farther >= newLength ? lines.LineCount : Math.Max(endLine + 1, lines.LineOf(farther));
        }
    }

    /// <summary>True when [<paramref name="from"/>, <paramref name="to"/>) holds a CR not followed by an LF (looking one past the range).</summary>
    private static bool HasLoneCarriageReturn(string text, int from, int to)
    {
        for (int i = text.IndexOf('\r', from, to - from); i >= 0; i = i + 1 < to ? text.IndexOf('\r', i + 1, to - i - 1) : -1)
            if (i + 1 >= text.Length || text[i + 1] != '\n') return true;
        return false;
    }

    private static ParsedNote? Full(out string? reason, string why)
    {
        reason = why;
        return null;
    }

    /// <summary>The longest common suffix of two spans, compared a block at a time from the end.</summary>
    private static int CommonSuffixLength(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        int max = Math.Min(a.Length, b.Length), n = 0;
        const int Block = 256;
        while (n + Block <= max && a.Slice(a.Length - n - Block, Block).SequenceEqual(b.Slice(b.Length - n - Block, Block))) n += Block;
        while (n < max && a[a.Length - n - 1] == b[b.Length - n - 1]) n++;
        return n;
    }

    /// <summary>
    /// The nearest block boundary (the start of a line where a top-level block of the old parse starts) whose line
    /// ends, with its break, before <paramref name="editStart"/>; else the body's start; -1 when that cannot start a window.
    /// </summary>
    private static int WindowStart(ParsedNote old, string newText, int editStart, int bodyStart)
    {
        var text = old.Text;
        var lines = old.Lines;
        var tops = old.TopLevelStarts;
        int before = lines.LineStart(Math.Max(0, lines.LineOf(editStart) - 1)); // the last line wholly before the edit starts here
        int i = Array.BinarySearch(tops, before);
        for (i = i >= 0 ? i : ~i - 1; i >= 0; i--)
        {
            int s = tops[i];
            if (s <= bodyStart) break;
            if (!StartsWithDashes(text, s) && !InOrAtEndOfCode(old, s)) return s;
        }
        // The body's start is at the top level whatever its line holds (the edit may be on it).
        return bodyStart > 0 && StartsWithDashes(newText, bodyStart) ? -1 : bodyStart;
    }

    /// <summary>A window must not begin with <c>---</c>, which Markdig would read as front matter.</summary>
    private static bool StartsWithDashes(string text, int s) => text.AsSpan(s).StartsWith("---", StringComparison.Ordinal);

    /// <summary>
    /// The first line at or after <paramref name="line"/> (in the new text) where a top-level block of the old parse
    /// starts (its break and first character lie past the edit, so it is the same line there). The line count when none.
    /// </summary>
    private static int NextWindowEnd(ParsedNote old, LineIndex lines, int line, int delta)
    {
        if (line >= lines.LineCount) return lines.LineCount;
        var tops = old.TopLevelStarts;
        int i = Array.BinarySearch(tops, lines.LineStart(line) - delta);
        for (i = i >= 0 ? i : ~i; i < tops.Length; i++)
            if (!InOrAtEndOfCode(old, tops[i])) return lines.LineOf(tops[i] + delta);
        return lines.LineCount;
    }

    /// <summary>
    /// True when a code or math span holds <paramref name="offset"/> or ends there: Markdig's spans of fences left open
    /// inside lists can reach past the block that holds them, and spans that touch are merged.
    /// </summary>
    private static bool InOrAtEndOfCode(ParsedNote note, int offset) => note.IsInCodeOrMath(offset) || note.IsInCodeOrMath(offset - 1);

    /// <summary>
    /// Parses a window alone. With <paramref name="endLineStart"/> ≥ 0 the window's last line is the boundary after it,
    /// included so that the window's blocks close as in the whole note; one of the window's top-level blocks must start
    /// there, or the window does not end on a boundary in the new text (null). Null too when Markdig gives up.
    /// </summary>
    private static Builder? ParseWindow(string window, int endLineStart)
    {
        var b = new Builder(window);
        try
        {
            if (LineScanner.ExceedsNesting(window, MaxNesting)) return null;
            var doc = Markdown.Parse(window, Pipeline);
            if (endLineStart >= 0)
            {
                int endLine = b.Lines.LineOf(endLineStart);
                if (!doc.Any(block => b.Lines.LineOf(Math.Max(0, block.Span.Start)) == endLine)) return null;
            }
            if (!new MarkdownWalker(b).Walk(doc)) return null; // Markdig read front matter at the window's start
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
        return b;
    }

    /// <summary>The old parse before the window, the window's, and the old parse after it shifted; then the note-wide steps.</summary>
    private static ParsedNote? Splice(ParsedNote old, string newText, LineIndex lines, Builder wb, string fileStem,
        int windowStart, int windowEnd, int windowEndOld, int firstLine, int endLine, out string? fullParse)
    {
        fullParse = null;
        int delta = windowEnd - windowEndOld;
        // The inline cost that sends a note to the line scan is note-wide: the old one, less the old window's lines, plus the new.
        int oldFirst = old.Lines.LineOf(windowStart), oldEndLine = windowEndOld >= old.Text.Length ? old.Lines.LineCount : old.Lines.LineOf(windowEndOld);
        if (LongestLine(lines, firstLine, endLine) > MaxLineLength) return Full(out fullParse, "a line too long for Markdig");
        long cost = old.InlineCost - InlineCost(old.Text, old.Lines, oldFirst, oldEndLine) + InlineCost(newText, lines, firstLine, endLine);
        if (cost > MaxInlineCost) return Full(out fullParse, "the note is now too costly for Markdig");

        var body = wb.Collect();
        int localEnd = windowEnd - windowStart;
        if (body.Code.Any(c => c.Start < localEnd && c.End >= localEnd)) return Full(out fullParse, "a code span of the window reaches its end");
        var links = Join(old.Links, body.Links, l => l.Span.Start, Shift);
        var external = Join(old.ExternalLinks, body.ExternalLinks, l => l.Span.Start, Shift);
        var tags = Join(old.Tags, body.Tags, t => t.Span.Start, Shift);
        var citations = Join(old.Citations, body.Citations, c => c.Span.Start, Shift);
        var blocks = Join(old.Blocks, body.Blocks, x => x.Span.Start, Shift);
        var tasks = Join(old.Tasks, body.Tasks, t => t.Span.Start, Shift);
        var footnotes = Join(old.Footnotes, body.Footnotes, f => f.Span.Start, Shift);
        var code = Join(old.CodeAndMath, body.Code, s => s.Start, Shift);
        var tops = Join(old.TopLevelStarts, body.TopLevel, s => s, (s, d) => s + d);
        var raw = Join(old.Headings.Select(h => new RawHeading(h.Level, h.Span, h.TextSpan, h.Text)).ToArray(), body.Headings, h => h.Span.Start, Shift);
        var headings = Builder.Outline(raw, newText.Length);
        var (title, titleHeading) = Builder.TitleOf(old.FrontMatter, headings, fileStem);

        // The first paragraph after the title heading: kept from the old parse where the window cannot have changed it.
        int after = titleHeading?.Span.End ?? 0;
        int oldAfter = old.Title is { Source: TitleSource.Heading, Span: { } ts } ? ts.End : 0;
        int oldFirstStart = old.FirstParagraphStart;
        (int Start, string? Text) first;
        if (after < windowStart && oldAfter != after) return Full(out fullParse, "the title heading moved");
        if (after < windowStart && oldFirstStart >= 0 && oldFirstStart < windowStart) first = (oldFirstStart, old.FirstParagraph);
        else if (after >= windowEnd)
        {
            if (oldAfter != after - delta) return Full(out fullParse, "the title heading moved");
            first = oldFirstStart >= 0 ? (oldFirstStart + delta, old.FirstParagraph) : (-1, null);
        }
        else
        {
            // Nothing before the window qualifies: the window's first, else the first after it, which the old parse knows
            // only when it found its first paragraph past the window (or none at all) searching from before the window's end.
            var w = wb.FirstParagraph(Math.Max(0, after - windowStart));
            if (w.Start >= 0 && w.Start < localEnd) first = (w.Start + windowStart, w.Text);
            else if (oldAfter > windowEndOld) return Full(out fullParse, "the title heading moved");
            else if (oldFirstStart < 0) first = (-1, null);
            else if (oldFirstStart >= windowEndOld) first = (oldFirstStart + delta, old.FirstParagraph);
            else return Full(out fullParse, "the first paragraph was in the window, and the window has none now");
        }

        return new ParsedNote(lines, title, old.FrontMatter, headings, links, external, tags, citations, blocks, tasks, footnotes, first.Text, code, old.Diagnostics)
        {
            FirstParagraphStart = first.Start,
            TopLevelStarts = tops,
            InlineCost = cost,
            CanReparse = true,
            MayHaveDefinitions = false,
        };

        // Old items before the window, the window's (those before its boundary line, moved to the note's offsets), old items after it shifted.
        T[] Join<T>(IReadOnlyList<T> before, T[] inWindow, Func<T, int> startOf, Func<T, int, T> shift)
        {
            int i0 = FirstAtOrAfter(before, startOf, windowStart), i1 = FirstAtOrAfter(before, startOf, windowEndOld);
            int kept = 0;
            while (kept < inWindow.Length && startOf(inWindow[kept]) < localEnd) kept++;
            var result = new T[i0 + kept + before.Count - i1];
            for (int i = 0; i < i0; i++) result[i] = before[i];
            for (int i = 0; i < kept; i++) result[i0 + i] = shift(inWindow[i], windowStart);
            for (int i = i1; i < before.Count; i++) result[i0 + kept + i - i1] = delta == 0 ? before[i] : shift(before[i], delta);
            return result;
        }
    }

    /// <summary>The index of the first item (sorted by start) starting at or after <paramref name="offset"/>.</summary>
    private static int FirstAtOrAfter<T>(IReadOnlyList<T> sorted, Func<T, int> startOf, int offset)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (startOf(sorted[mid]) < offset) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static TextSpan Shift(TextSpan s, int d) => new(s.Start + d, s.End + d);
    private static TextSpan? Shift(TextSpan? s, int d) => s is { } x ? Shift(x, d) : null;
    private static NoteLink Shift(NoteLink l, int d) =>
        l with { Span = Shift(l.Span, d), TargetSpan = Shift(l.TargetSpan, d), FragmentSpan = Shift(l.FragmentSpan, d), LabelSpan = Shift(l.LabelSpan, d) };
    private static ExternalLink Shift(ExternalLink l, int d) => l with { Span = Shift(l.Span, d), UrlSpan = Shift(l.UrlSpan, d) };
    private static Tag Shift(Tag t, int d) => t with { Span = Shift(t.Span, d), NameSpan = Shift(t.NameSpan, d) };
    private static Citation Shift(Citation c, int d) => c with { Span = Shift(c.Span, d), KeySpan = Shift(c.KeySpan, d), Group = Shift(c.Group, d) };
    private static BlockAnchor Shift(BlockAnchor b, int d) => b with { Span = Shift(b.Span, d), Block = Shift(b.Block, d) };
    private static TaskItem Shift(TaskItem t, int d) => t with { Span = Shift(t.Span, d) };
    private static Footnote Shift(Footnote f, int d) => f with { Span = Shift(f.Span, d) };
    private static RawHeading Shift(RawHeading h, int d) => h with { Span = Shift(h.Span, d), TextSpan = Shift(h.TextSpan, d) };
}
