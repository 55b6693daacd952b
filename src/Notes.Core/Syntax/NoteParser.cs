using Markdig;
using Markdig.Extensions.Footnotes;
using MdFootnote = Markdig.Extensions.Footnotes.Footnote;
using Markdig.Extensions.Mathematics;
using Markdig.Extensions.TaskLists;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Notes.Core.Text;

namespace Notes.Core.Syntax;

/// <summary>
/// Parses a note with Markdig (plus our wikilink, tag, citation and <c>\(...\)</c> math parsers) into a <see cref="ParsedNote"/>.
/// Never throws: when Markdig gives up (past its nesting limit), a line-based scan finds headings, links and tags.
/// </summary>
/// <remarks>
/// A reference-style Markdown link (<c>[text][ref]</c>) is reported where it is used (<see cref="NoteLink.Span"/>), but its
/// <see cref="NoteLink.TargetSpan"/> and <see cref="NoteLink.FragmentSpan"/> point into the definition
/// (<c>[ref]: target.md#frag</c>), because that is where a rename must rewrite the destination.
/// </remarks>
public static partial class NoteParser
{
    private const int FirstParagraphMax = 300;
    /// <summary>Below Markdig's own limit (128), so a note near it is not parsed twice.</summary>
    private const int MaxNesting = 100;
    /// <summary>
    /// Markdig's inline parsing is quadratic in the length of some unclosed runs (cmark's pathological "unclosed links B"
    /// and "backticks": 250 K characters took 20 s); a note with a line longer than this is read by the line scan.
    /// </summary>
    private const int MaxLineLength = 32_000;
    /// <summary>
    /// The same quadratic cost in lines under that length: a line of length L with k brackets or backticks costs about
    /// k·L (1 MB of 1,000-character lines of <c>[a](b</c> took 0.7 s, of 31,000-character lines 14 s). Summed over the
    /// note, above this budget (≈ 0.3 s) the note is read by the line scan. Prose with links stays far below it: a
    /// 5 MB note with five links per 1,000-character line costs 2.5·10⁷.
    /// </summary>
    private const long MaxInlineCost = 100_000_000;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePreciseSourceLocation()
        .UseYamlFrontMatter()
        .UseFootnotes()
        .UseTaskLists()
        .UseMathematics()
        .Use<NotesMarkdownExtension>()
        .Build();

    public static ParsedNote Parse(string text, string fileStem)
    {
        text ??= "";
        var b = new Builder(text);
        var frontMatter = FrontMatterReader.Read(text, b.Tags, b.Diagnostics);
        b.FrontMatterSpan = frontMatter?.Span;
        MarkdownDocument? doc = null;
        long inlineCost = 0;
        if (LongestLine(b.Lines, 0, b.Lines.LineCount) > MaxLineLength)
        {
            b.Diagnostics.Add(new SyntaxDiagnostic(new TextSpan(0, 0), "syntax",
                $"This note has a line longer than {MaxLineLength} characters, too long for the Markdown parser; links, tags and headings were found line by line."));
        }
        else if ((inlineCost = InlineCost(text, b.Lines, 0, b.Lines.LineCount)) > MaxInlineCost)
        {
            b.Diagnostics.Add(new SyntaxDiagnostic(new TextSpan(0, 0), "syntax",
                "This note has long lines crowded with brackets or backticks, too costly for the Markdown parser; links, tags and headings were found line by line."));
        }
        else
        {
            try
            {
                if (LineScanner.ExceedsNesting(text, MaxNesting)) throw new InvalidOperationException("nesting deeper than " + MaxNesting);
                doc = Markdown.Parse(text, Pipeline);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                b.Diagnostics.Add(new SyntaxDiagnostic(new TextSpan(0, 0), "syntax",
                    $"This note is too deeply nested for the Markdown parser ({ex.GetType().Name}); links, tags and headings were found line by line."));
            }
        }
        bool frontMatterAgrees = false;
        if (doc is not null)
        {
            try { frontMatterAgrees = new MarkdownWalker(b).Walk(doc); }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                b.Diagnostics.Add(new SyntaxDiagnostic(new TextSpan(0, 0), "syntax", $"Part of this note could not be read ({ex.GetType().Name})."));
                doc = null;
            }
        }
        if (doc is null)
        {
            b.ClearBody();
            LineScanner.Scan(b);
        }
        var note = b.Build(frontMatter, fileStem);
        // What an edit needs to reparse only the blocks it touches (NoteParser.Incremental.cs): the note was read by
        // Markdig, which saw the front matter where we did, and nothing in it can be a reference definition.
        return note with
        {
            InlineCost = inlineCost,
            // An empty front matter ("---" right under "---") Markdig takes as front matter or not depending on what follows.
            // Markdig maps inline positions wrongly after a lone CR line break, differently in a window than in the whole note.
            CanReparse = doc is not null && frontMatterAgrees && !(frontMatter is { } f && b.Lines.LineOf(f.Span.End) <= b.Lines.LineOf(f.Span.Start) + 1)
                && !HasLoneCarriageReturn(text, 0, text.Length) && !text.Contains(HeadingTab, StringComparison.Ordinal),
            MayHaveDefinitions = text.Contains("]:", StringComparison.Ordinal),
        };
    }

    /// <summary>The inline cost (see <see cref="MaxInlineCost"/>) of lines [<paramref name="from"/>, <paramref name="to"/>).</summary>
    private static long InlineCost(string text, LineIndex lines, int from, int to)
    {
        long cost = 0;
        for (int l = from; l < to; l++)
        {
            var line = text.AsSpan(lines.LineStart(l), lines.LineEnd(l) - lines.LineStart(l));
            cost += (long)(line.Count('[') + line.Count('`')) * line.Length;
        }
        return cost;
    }

    private static int LongestLine(LineIndex lines, int from, int to)
    {
        int longest = 0;
        for (int l = from; l < to; l++) longest = Math.Max(longest, lines.LineEnd(l) - lines.LineStart(l));
        return longest;
    }

    /// <summary>A heading as a parse finds it, before slugs and sections (which are note-wide).</summary>
    internal readonly record struct RawHeading(int Level, TextSpan Span, TextSpan TextSpan, string Text);

    /// <summary>What one parse found, every list sorted by start and filtered of code (see <see cref="Builder.Collect"/>).</summary>
    internal sealed record Body(NoteLink[] Links, ExternalLink[] ExternalLinks, Tag[] Tags, Citation[] Citations, BlockAnchor[] Blocks, TaskItem[] Tasks,
        Footnote[] Footnotes, TextSpan[] Code, RawHeading[] Headings, int[] TopLevel);

    /// <summary>The lists a parse fills in, and the finishing steps shared by the Markdig walk and the line scanner.</summary>
    internal sealed class Builder
    {
        public Builder(string text)
        {
            Text = text;
            Lines = LineIndex.Create(text);
        }

        public string Text { get; }
        public LineIndex Lines { get; }
        public TextSpan? FrontMatterSpan { get; set; }
        public List<(int Level, TextSpan Span, TextSpan TextSpan)> Headings { get; } = [];
        public List<NoteLink> Links { get; } = [];
        public List<ExternalLink> ExternalLinks { get; } = [];
        public List<Tag> Tags { get; } = [];
        public List<Citation> Citations { get; } = [];
        public List<BlockAnchor> Blocks { get; } = [];
        public List<TaskItem> Tasks { get; } = [];
        public List<Footnote> Footnotes { get; } = [];
        public List<TextSpan> CodeAndMath { get; } = [];
        public List<SyntaxDiagnostic> Diagnostics { get; } = [];
        /// <summary>Where each top-level block of the Markdig document starts (its line's start): the incremental reparse's boundaries.</summary>
        public List<int> TopLevel { get; } = [];
        /// <summary>Paragraphs: where each starts, and its inlines (plain text computed only for the first one used).</summary>
        public List<(int Start, ContainerInline? Inlines)> Paragraphs { get; } = [];

        /// <summary>Plain text of a paragraph's inlines (set by the Markdig walk, the only source of paragraphs).</summary>
        public Func<ContainerInline?, string>? PlainText { get; set; }

        public bool InFrontMatter(int offset) => FrontMatterSpan is { } fm && offset < fm.End && offset >= fm.Start;

        /// <summary>Forgets what a failed Markdig walk found in the body (front-matter tags stay).</summary>
        public void ClearBody()
        {
            Headings.Clear(); Links.Clear(); ExternalLinks.Clear(); Citations.Clear(); Blocks.Clear(); Tasks.Clear(); Footnotes.Clear();
            CodeAndMath.Clear(); Paragraphs.Clear(); TopLevel.Clear();
            Tags.RemoveAll(t => !t.InFrontMatter);
        }

        /// <summary>Adds a heading line; a trailing <c>^id</c> becomes a block anchor for the heading.</summary>
        public void AddHeading(int level, TextSpan span, int textStart, int textEnd, int blockId)
        {
            Headings.Add((level, span, new TextSpan(textStart, textEnd)));
            if (blockId >= 0) AddBlock(blockId, span);
        }

        /// <summary>The block id whose <c>^</c> is at <paramref name="caret"/>, naming <paramref name="block"/>.</summary>
        public void AddBlock(int caret, TextSpan block)
        {
            int idEnd = caret + 1;
            while (idEnd < Text.Length && (char.IsAsciiLetterOrDigit(Text[idEnd]) || Text[idEnd] == '-')) idEnd++;
            Blocks.Add(new BlockAnchor(Text[(caret + 1)..idEnd], new TextSpan(caret, idEnd), block));
        }

        /// <summary>
        /// <c>![[diagram.png]] ^fig1</c> (or <c>![[diagram.png]]^fig1</c>): a block id after an embed names that line, also where
        /// the line does not end its paragraph (a figure with its caption on the next line), and in the line scan.
        /// Where the line ends a paragraph, the walk has already named the whole paragraph, and that stands.
        /// </summary>
        private void AddEmbedBlockIds(NoteLink[] links)
        {
            HashSet<int>? known = null;
            foreach (var l in links)
            {
                if (l.Kind != LinkKind.Embed) continue;
                int line = Lines.LineOf(l.Span.Start);
                int lineEnd = Lines.LineEnd(line);
                // Forward from the embed, never back from the line end: each character is looked at for one embed only.
                int caret = l.Span.End;
                while (caret < lineEnd && Text[caret] is ' ' or '\t') caret++;
                if (caret >= lineEnd || Text[caret] != '^') continue; // "![[x.png]]^id" too: the Obsidian help vault writes it so, and links to it
                int end = caret + 1;
                while (end < lineEnd && (char.IsAsciiLetterOrDigit(Text[end]) || Text[end] == '-')) end++;
                if (end == caret + 1 || LineSyntax.TrimEnd(Text, end, lineEnd) != end) continue;
                known ??= Blocks.Select(b => b.Span.Start).ToHashSet();
                if (known.Add(caret)) AddBlock(caret, new TextSpan(Lines.LineStart(line), lineEnd));
            }
        }

        /// <summary>A wikilink from its parts, relative to <paramref name="start"/>.</summary>
        public void AddWikiLink(int start, WikiParts p)
        {
            TextSpan Abs(int s, int e) => new(start + s, start + e);
            var target = Abs(p.TargetStart, p.TargetEnd);
            TextSpan? frag = p.HasFragment ? Abs(p.FragmentStart, p.FragmentEnd) : null;
            TextSpan? label = p.HasLabel ? Abs(p.LabelStart, p.LabelEnd) : null;
            Links.Add(new NoteLink(p.Embed ? LinkKind.Embed : LinkKind.WikiLink, new TextSpan(start, start + p.Length),
                Pooled(target), target, frag is { } f ? Pooled(f) : null, frag, p.IsBlockRef, label is { } l ? Slice(l) : null, label));
        }

        public void AddTag(int hash, int nameLength) =>
            Tags.Add(new Tag(StringPool.Intern(Text.AsSpan(hash + 1, nameLength)), new TextSpan(hash, hash + 1 + nameLength), new TextSpan(hash + 1, hash + 1 + nameLength), false));

        /// <summary>
        /// The citations of a match at <paramref name="at"/> (<see cref="CitationSyntax"/>, offsets relative to it), and the
        /// tags in their prefixes and suffixes (the match is one inline, so the tag parser does not see inside it).
        /// </summary>
        public void AddCitations(int at, int length, bool inText, IReadOnlyList<CiteItem> items)
        {
            foreach (var it in items)
            {
                var span = new TextSpan(at + it.Start, at + it.End);
                var key = new TextSpan(at + it.KeyStart, at + it.KeyEnd);
                var group = inText ? new TextSpan(span.Start, at + length) : new TextSpan(at, at + length);
                string? prefix = inText ? null : Trimmed(at + it.PrefixStart, at + it.Start, comma: false);
                Citations.Add(new Citation(span, Pooled(key), key, inText, it.Suppress, prefix, Trimmed(at + it.SuffixStart, at + it.SuffixEnd, comma: true), group));
                if (!inText) AddTagsIn(at + it.PrefixStart, at + it.Start);
                AddTagsIn(at + it.SuffixStart, at + it.SuffixEnd);
            }
        }

        /// <summary>[start, end) trimmed of white space (and, with <paramref name="comma"/>, of one leading comma); null when nothing is left.</summary>
        private string? Trimmed(int start, int end, bool comma)
        {
            var s = Text.AsSpan(start, end - start).Trim();
            if (comma && s.Length > 0 && s[0] == ',') s = s[1..].Trim();
            return s.Length == 0 ? null : s.ToString();
        }

        /// <summary>The tags the tag parser would find in plain text [start, end).</summary>
        private void AddTagsIn(int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                if (Text[i] != '#' || !TagParser.CanStartAfter(i == 0 ? '\0' : Text[i - 1])) continue;
                int n = TagParser.MatchName(Text.AsSpan(i + 1, end - i - 1));
                if (n > 0) { AddTag(i, n); i += n; }
            }
        }

        public string Slice(TextSpan s) => Text.Substring(s.Start, s.Length);

        /// <summary>A name that recurs across notes (a link target, a fragment): one shared string (<see cref="StringPool"/>).</summary>
        public string Pooled(TextSpan s) => StringPool.Intern(Text.AsSpan(s.Start, s.Length));

        public ParsedNote Build(FrontMatter? frontMatter, string fileStem)
        {
            var body = Collect();
            var headings = Outline(body.Headings, Text.Length);
            var (title, titleHeading) = TitleOf(frontMatter, headings, fileStem);
            var (firstStart, first) = FirstParagraph(titleHeading?.Span.End ?? 0);
            return new ParsedNote(Lines, title, frontMatter, headings, body.Links, body.ExternalLinks, body.Tags, body.Citations, body.Blocks, body.Tasks,
                body.Footnotes, first, body.Code, Diagnostics.ToArray()) { FirstParagraphStart = firstStart, TopLevelStarts = body.TopLevel };
        }

        /// <summary>Every list sorted by start, with nothing inside code or math: what a parse found, before the note-wide steps.</summary>
        public Body Collect()
        {
            var code = Normalise(CodeAndMath);
            bool Outside(TextSpan s) => !Overlaps(code, s);
            Headings.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
            var headings = new RawHeading[Headings.Count];
            for (int i = 0; i < headings.Length; i++)
            {
                var (level, span, textSpan) = Headings[i];
                headings[i] = new RawHeading(level, span, textSpan, Slice(textSpan).ReplaceLineEndings(" "));
            }
            var links = Sorted(Links.Where(l => Outside(l.Span)), l => l.Span.Start);
            AddEmbedBlockIds(links);
            return new Body(links,
                Sorted(ExternalLinks, l => l.Span.Start),
                Sorted(Tags.Where(t => t.InFrontMatter || Outside(t.Span)), t => t.Span.Start),
                Sorted(Citations.Where(c => Outside(c.Group)), c => c.Span.Start),
                Sorted(Blocks.Where(bl => Outside(bl.Span)), bl => bl.Span.Start),
                Sorted(Tasks, t => t.Span.Start),
                Sorted(Footnotes, f => f.Span.Start),
                code.ToArray(), headings, TopLevel.Distinct().Order().ToArray());
        }

        /// <summary>The first paragraph at or after <paramref name="after"/> with any text: where it starts, and its text for previews.</summary>
        public (int Start, string? Text) FirstParagraph(int after)
        {
            Paragraphs.Sort(static (a, b) => a.Start.CompareTo(b.Start));
            foreach (var (start, inlines) in Paragraphs)
            {
                if (start < after || PlainText is null) continue;
                var t = CollapseWhitespace(PlainText(inlines));
                if (t.Length == 0) continue;
                return (start, t.Length > FirstParagraphMax ? string.Concat(t.AsSpan(0, FirstParagraphMax).TrimEnd(), "…") : t);
            }
            return (-1, null);
        }

        /// <summary>Slugs (unique within the note) and sections, from the headings in order.</summary>
        public static Heading[] Outline(IReadOnlyList<RawHeading> raw, int textLength)
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            var headings = new Heading[raw.Count];
            for (int i = 0; i < raw.Count; i++)
            {
                var h = raw[i];
                headings[i] = new Heading(h.Level, h.Text, LineSyntax.UniqueSlug(h.Text, used), h.Span, h.TextSpan, default);
            }
            // A section ends at the next heading of the same or a higher level: one pass from the end with a stack.
            var next = new Stack<int>();
            for (int i = raw.Count - 1; i >= 0; i--)
            {
                while (next.Count > 0 && raw[next.Peek()].Level > raw[i].Level) next.Pop();
                int end = next.Count > 0 ? raw[next.Peek()].Span.Start : textLength;
                headings[i] = headings[i] with { Section = new TextSpan(raw[i].Span.Start, end) };
                next.Push(i);
            }
            return headings;
        }

        /// <summary>The title: front matter's, else the first level-1 heading with text, else the file name.</summary>
        public static (NoteTitle Title, Heading? Heading) TitleOf(FrontMatter? frontMatter, IReadOnlyList<Heading> headings, string fileStem)
        {
            if (frontMatter?.Title is { Value.Length: > 0 } ft) return (new NoteTitle(ft.Value, TitleSource.FrontMatter, ft.Span), null);
            foreach (var h in headings)
                if (h.Level == 1 && h.Text.Length > 0) return (new NoteTitle(h.Text, TitleSource.Heading, h.Span), h);
            return (new NoteTitle(fileStem, TitleSource.FileName, null), null);
        }

        // Arrays, not lists: ten thousand notes hold eight of these each, most of them empty.
        private static T[] Sorted<T>(IEnumerable<T> items, Func<T, int> key) => items.OrderBy(key).ToArray();

        /// <summary>Sorted by start, overlapping or touching spans merged, empty spans dropped.</summary>
        private static List<TextSpan> Normalise(List<TextSpan> spans)
        {
            spans.Sort((a, b) => a.Start.CompareTo(b.Start));
            var result = new List<TextSpan>(spans.Count);
            foreach (var s in spans)
            {
                if (s.IsEmpty) continue;
                if (result.Count > 0 && s.Start <= result[^1].End)
                {
                    if (s.End > result[^1].End) result[^1] = new TextSpan(result[^1].Start, s.End);
                }
                else result.Add(s);
            }
            return result;
        }

        private static bool Overlaps(List<TextSpan> sorted, TextSpan s)
        {
            int lo = 0, hi = sorted.Count - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid].End <= s.Start) lo = mid + 1;
                else if (sorted[mid].Start >= Math.Max(s.End, s.Start + 1)) hi = mid - 1;
                else return true;
            }
            return false;
        }

        private static string CollapseWhitespace(string s)
        {
            var sb = new System.Text.StringBuilder(s.Length);
            bool space = false;
            foreach (var c in s)
            {
                if (char.IsWhiteSpace(c)) { space = sb.Length > 0; continue; }
                if (space) sb.Append(' ');
                space = false;
                sb.Append(c);
            }
            return sb.ToString();
        }
    }

    /// <summary>Turns a Markdig document into the builder's lists. Iterative, so deep trees cannot overflow the stack.</summary>
    private sealed class MarkdownWalker
    {
        private readonly Builder b;
        private readonly string _text;
        // Two stacks reused for every inline walk of the note (a label's plain text is read in the middle of a walk).
        private readonly Stack<Inline> _walk = new(), _plain = new();

        public MarkdownWalker(Builder builder)
        {
            b = builder;
            _text = builder.Text;
            b.PlainText = PlainText;
        }

        /// <summary>
        /// Walks the document; true when Markdig saw the front matter where <see cref="FrontMatterReader"/> did (both none,
        /// or one block ending on the same line).
        /// </summary>
        public bool Walk(MarkdownDocument doc)
        {
            bool agrees = b.FrontMatterSpan is null;
            if (doc.Count > 0 && doc[0] is YamlFrontMatterBlock yaml)
                agrees = b.FrontMatterSpan is { } fm && yaml.Span.Start == fm.Start && b.Lines.LineOf(Span(yaml.Span).End) == b.Lines.LineOf(fm.End);
            foreach (var top in doc)
                if (top is not YamlFrontMatterBlock && !b.InFrontMatter(top.Span.Start)) b.TopLevel.Add(b.Lines.LineStart(b.Lines.LineOf(Math.Max(0, top.Span.Start))));
            var stack = new Stack<Block>();
            for (int i = doc.Count - 1; i >= 0; i--) stack.Push(doc[i]);
            while (stack.TryPop(out var block))
            {
                if (block is YamlFrontMatterBlock || b.InFrontMatter(block.Span.Start)) continue;
                switch (block)
                {
                    case HeadingBlock h: Heading(h); break;
                    case MathBlock or FencedCodeBlock or CodeBlock or HtmlBlock: b.CodeAndMath.Add(Span(block.Span)); break;
                    case ParagraphBlock p: Paragraph(p); break;
                    case MdFootnote f: b.Footnotes.Add(new Footnote(FootnoteLabel(f.Label), FootnoteDefinitionSpan(f), true)); break;
                }
                if (block is LeafBlock { Inline: { } inline }) Inlines(inline, block);
                if (block is ContainerBlock container)
                    for (int i = container.Count - 1; i >= 0; i--) stack.Push(container[i]);
            }
            return agrees;
        }

        private static string FootnoteLabel(string? label) => (label ?? "").TrimStart('^');

        /// <summary>The <c>[^label]</c> that opens a footnote definition (the whole block when the label's place is unknown).</summary>
        private TextSpan FootnoteDefinitionSpan(MdFootnote f)
        {
            int start = Math.Max(0, f.Span.Start);
            int line = b.Lines.LineOf(start);
            int open = _text.IndexOf("[^", b.Lines.LineStart(line), StringComparison.Ordinal);
            int close = open < 0 ? -1 : _text.IndexOf(']', open);
            return open >= 0 && close >= 0 && close < b.Lines.LineEnd(line) ? new TextSpan(open, close + 1) : Span(f.Span);
        }

        /// <summary>Markdig's inclusive span as ours, clamped to the text (a fence left open can reach one past the end).</summary>
        private TextSpan Span(SourceSpan s)
        {
            int start = Math.Clamp(s.Start, 0, _text.Length);
            return new TextSpan(start, s.IsEmpty ? start : Math.Clamp(s.End + 1, start, _text.Length));
        }

        private void Heading(HeadingBlock h)
        {
            int firstLine = b.Lines.LineOf(h.Span.Start);
            int lastLine = b.Lines.LineOf(Math.Max(h.Span.Start, h.Span.End));
            var span = new TextSpan(b.Lines.LineStart(firstLine), b.Lines.LineEnd(lastLine));
            if (!h.IsSetext)
            {
                if (LineSyntax.TryAtxHeading(_text, span.Start, span.End, out _, out int ts, out int te, out int id))
                    b.AddHeading(h.Level, span, ts, te, id);
                return;
            }
            // Setext: the text is the content lines above the underline.
            int start = span.Start;
            while (start < span.End && char.IsWhiteSpace(_text[start])) start++;
            int end = Math.Max(start, b.Lines.LineEnd(Math.Max(firstLine, lastLine - 1)));
            end = LineSyntax.TrimBlockId(_text, start, end, out int blockId);
            b.AddHeading(h.Level, span, start, end, blockId);
        }

        private void Paragraph(ParagraphBlock p)
        {
            var span = Span(p.Span);
            if (p.Parent is not MdFootnote) b.Paragraphs.Add((span.Start, p.Inline));
            LineSyntax.TrimBlockId(_text, span.Start, Math.Min(span.End, _text.Length), out int caret);
            if (caret < 0) return;
            b.AddBlock(caret, p.Parent is ListItemBlock li ? Span(li.Span) : span);
        }

        /// <summary>Starts a pre-order walk of <paramref name="root"/>'s inlines on <paramref name="stack"/> (see <see cref="Next"/>).</summary>
        private static void Begin(Stack<Inline> stack, ContainerInline root)
        {
            stack.Clear();
            if (root.FirstChild is { } first) stack.Push(first);
        }

        /// <summary>The next inline in document order; no allocation per walk (this ran once per paragraph, 10,000 notes at a time).</summary>
        private static bool Next(Stack<Inline> stack, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Inline? n)
        {
            if (!stack.TryPop(out n)) return false;
            if (n.NextSibling is { } next) stack.Push(next);
            if (n is ContainerInline { FirstChild: { } child }) stack.Push(child);
            return true;
        }

        private void Inlines(ContainerInline root, Block block)
        {
            Begin(_walk, root);
            while (Next(_walk, out var inline))
            {
                switch (inline)
                {
                    case WikiLinkInline w: b.AddWikiLink(w.SourceStart, w.Parts); break;
                    case TagInline t: b.AddTag(t.Span.Start, t.Name.Length); break;
                    case CitationInline c: b.AddCitations(c.SourceStart, c.Length, c.InText, c.Items); break;
                    case CodeInline or MathInline or LatexMathInline: b.CodeAndMath.Add(Span(inline.Span)); break;
                    case LinkInline l: Link(l); break;
                    case AutolinkInline a: b.ExternalLinks.Add(new ExternalLink(Span(a.Span), a.Url, new TextSpan(a.Span.Start + 1, a.Span.End))); break;
                    case FootnoteLink { IsBackLink: false } f: b.Footnotes.Add(new Footnote(FootnoteLabel(f.Footnote?.Label), Span(f.Span), false)); break;
                    case TaskList task when block.Parent is ListItemBlock item:
                    {
                        int s = inline.Span.End + 1, e = Span(block.Span).End;
                        int nl = _text.AsSpan(s, Math.Max(0, e - s)).IndexOfAny('\r', '\n');
                        if (nl >= 0) e = s + nl;
                        b.Tasks.Add(new TaskItem(Span(item.Span), task.Checked, _text[s..Math.Max(s, e)].Trim()));
                        break;
                    }
                }
            }
        }

        private void Link(LinkInline l)
        {
            var span = Span(l.Span);
            SourceSpan urlSpan = l.Reference is { } def ? def.UrlSpan : l.UrlSpan;
            if (urlSpan.IsEmpty || urlSpan.Start < 0 || urlSpan.End >= _text.Length) return;
            int us = urlSpan.Start, ue = urlSpan.End + 1;
            if (_text[us] == '<' && ue - us >= 2 && _text[ue - 1] == '>') { us++; ue--; }
            var raw = _text.AsSpan(us, ue - us);
            if (HasScheme(raw) || raw.StartsWith("//"))
            {
                b.ExternalLinks.Add(new ExternalLink(span, l.Url ?? raw.ToString(), new TextSpan(us, ue)));
                return;
            }
            int hash = raw.IndexOf('#');
            int te = hash < 0 ? ue : us + hash;
            string? fragment = null;
            TextSpan? fragSpan = null;
            bool blockRef = false;
            if (hash >= 0)
            {
                int fs = te + 1;
                if (fs < ue && _text[fs] == '^') { blockRef = true; fs++; }
                fragSpan = new TextSpan(fs, ue);
                fragment = Decode(_text[fs..ue]);
            }
            var target = Decode(_text[us..te]);
            if (target.Length == 0 && fragment is null) return;
            TextSpan? labelSpan = null;
            string? label = null;
            if (l.FirstChild is { } fc && l.LastChild is { } lc && !fc.Span.IsEmpty && !lc.Span.IsEmpty)
            {
                labelSpan = new TextSpan(fc.Span.Start, lc.Span.End + 1);
                label = PlainText(l);
            }
            b.Links.Add(new NoteLink(l.IsImage ? LinkKind.Image : LinkKind.Markdown, span, StringPool.Intern(target), new TextSpan(us, te),
                fragment is null ? null : StringPool.Intern(fragment), fragSpan, blockRef, label, labelSpan));
        }

        private static bool HasScheme(ReadOnlySpan<char> s)
        {
            int colon = s.IndexOf(':');
            if (colon < 2 || !char.IsAsciiLetter(s[0])) return false; // "C:" is a drive, not a scheme
            foreach (var c in s[..colon])
                if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')) return false;
            return true;
        }

        private static string Decode(string s)
        {
            try { return Uri.UnescapeDataString(s); }
            catch (UriFormatException) { return s; }
        }

        private string PlainText(ContainerInline? root)
        {
            if (root is null) return "";
            var sb = new System.Text.StringBuilder();
            Begin(_plain, root);
            while (Next(_plain, out var n))
            {
                switch (n)
                {
                    case LiteralInline lit: sb.Append(lit.Content.AsSpan()); break;
                    case CodeInline code: sb.Append(code.Content); break;
                    case LineBreakInline: sb.Append(' '); break;
                    case TagInline t: sb.Append('#').Append(t.Name); break;
                    case WikiLinkInline w:
                    {
                        var p = w.Parts;
                        var shown = p.HasLabel ? new TextSpan(w.SourceStart + p.LabelStart, w.SourceStart + p.LabelEnd)
                            : new TextSpan(w.SourceStart + p.TargetStart, w.SourceStart + (p.HasFragment ? p.FragmentEnd : p.TargetEnd));
                        sb.Append(_text.AsSpan(shown.Start, shown.Length));
                        break;
                    }
                    case MathInline or LatexMathInline or AutolinkInline or CitationInline:
                        sb.Append(_text.AsSpan(n.Span.Start, n.Span.Length));
                        break;
                }
            }
            return sb.ToString();
        }
    }
}
