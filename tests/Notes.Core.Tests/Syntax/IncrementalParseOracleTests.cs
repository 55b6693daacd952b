using System.Text;
using Notes.Core.Syntax;
using Notes.Core.Text;

namespace Notes.Core.Tests.Syntax;

/// <summary>
/// The oracle of incremental reparsing: random notes mixing every construct, random edits (typing, deleting, pasting
/// fences, <c>$$</c>, <c>---</c>, list markers, headings, links, tags, citations, block ids, CRLF, emoji and CJK), and after each
/// edit <see cref="NoteParser.Reparse(ParsedNote, string, string)"/> (chained: each from the previous incremental
/// result) equals <see cref="NoteParser.Parse"/> of the new text in every field, its line index included.
/// </summary>
public class IncrementalParseOracleTests
{
    private const int Notes = 500, EditsPerNote = 50;

    private static readonly string[] Blocks =
    [
        "# Title {n}", "## Part {n}", "### Sub {n} ^h{n}", "Setext {n}\n---", "Setext {n}\n===",
        "A paragraph with [[note {n}]] and #tag{n} and [[other#Part {n}|label]].",
        "Lazy paragraph\ncontinued here [[x{n}]]\nand here #lazy",
        "- item one [[a{n}]]\n- item two #list\n  - nested [[b{n}#^id{n}]]\n- [ ] task {n}\n- [x] done #t{n}",
        "1. first [[c{n}]]\n2. second ^blk{n}",
        "> quoted [[q{n}]] #quote\n> more",
        "```\ncode [[not{n}]] #no\n```", "~~~python\n# not a heading\n~~~", "    indented [[code]] #no",
        "$$\n#math [[no]]\n$$", "Inline `code [[no]]` and $#m$ and \\(x [[y]]\\) here [[z{n}]].",
        "<div>\n#html [[in html]]\n</div>", "<!-- comment\n\n[[hidden]]\n-->",
        "A claim. ^claim{n}", "![[figure{n}.png]] ^fig{n}\ncaption", "[md](note{n}.md#part) and ![img](i{n}.png) and https://x.org/a#b",
        "<https://example.com/{n}>", "🚀 emoji [[émoji 🚀]] #日本 and 中文 [[中文#标题|标签]]",
        "***", "___", "| a | [[t{n}\\|b]] |\n|---|---|", "Text with C# and a#b and #1 and #ok{n}",
        "As shown [@vaswani{n}, p. 5; see -@brown{n}] and @smith{n} [ch. 2] says #cite{n}.",
        "@doe{n} argues [see @{odd key {n}}, pp. 3-4] - mail jane@example.com, `@code{n}`, $@math$ [[at@{n}]]",
        "- item [@k{n}]\n> quote @q{n}.\n\n[text @in{n}](x{n}.md) [@a;] [email @ home]",
    ];

    private static readonly string[] Rare = ["Text[^1] with a footnote.\n\n[^1]: The note.", "See [ref] here.\n\n[ref]: target.md#frag"];

    private static readonly string[] Pastes =
    [
        "```", "```\n", "\n```\n", "~~~", "$$", "\n$$\n", "---", "---\n", "\n---\n", "- ", "\n- ", "* ", "1. ", "> ", "# ", "## ", "\n# H\n",
        "[[", "]]", "[[note]]", "#tag", " #t ", "^blockid", " ^b1", "\n", "\n\n", "\r\n", "\r", "\r\n\r\n", "🚀", "日本", "é", "\u0301",
        "<div>", "</div>", "<!--", "-->", "`", "``", "$", "\\(", "\\)", "    ", "\t", "===", "\n===\n", "|", "\\|", "[x](y.md)", "![[a.png]]",
        "title: T\n", "[", "]", "!", "(", ")", "https://x.org", "<", ">",
        "@", "[@", "@key", " @k ", "[@a]", "[see @a, p. 1; -@b]", ";", "{", "}", "@{", "-@", ", p. 5", "bibliography: x.bib\n",
    ];

    internal static string RandomNote(Random rng)
    {
        var sb = new StringBuilder();
        string nl = rng.Next(6) == 0 ? "\r\n" : "\n";
        if (rng.Next(3) == 0)
        {
            sb.Append("---\n");
            if (rng.Next(2) == 0) sb.Append("title: Note ").Append(rng.Next(9)).Append('\n');
            if (rng.Next(2) == 0) sb.Append("tags: [a, b/c]\n");
            if (rng.Next(3) == 0) sb.Append(rng.Next(2) == 0 ? "bibliography: refs.bib\n" : "bibliography:\n  - a.bib\n  - b.json\n");
            if (rng.Next(4) == 0) sb.Append("citekey: me").Append(rng.Next(9)).Append('\n');
            if (rng.Next(4) == 0) sb.Append("references:\n- id: r1\n  title: R\n");
            if (rng.Next(4) == 0) sb.Append("aliases: [unclosed\n");
            if (rng.Next(8) != 0) sb.Append("---\n");
        }
        int blocks = rng.Next(1, 25);
        for (int i = 0; i < blocks; i++)
        {
            var block = rng.Next(40) == 0 ? Rare[rng.Next(Rare.Length)] : Blocks[rng.Next(Blocks.Length)];
            sb.Append(block.Replace("{n}", rng.Next(5).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            sb.Append(rng.Next(4) == 0 ? "\n" : "\n\n");
        }
        return nl == "\n" ? sb.ToString() : sb.ToString().Replace("\n", nl);
    }

    internal static string RandomEdit(Random rng, string text)
    {
        int at = rng.Next(text.Length + 1);
        // Mostly at line starts and ends, where the structure changes, and at the end, where people type.
        if (rng.Next(3) == 0) { int nl = text.IndexOf('\n', at); at = nl < 0 ? text.Length : nl + (rng.Next(2) == 0 ? 1 : 0); }
        if (rng.Next(6) == 0) at = text.Length;
        switch (rng.Next(6))
        {
            case 0:
            case 1:
            {
                const string Letters = "abcxyz #[]^-!`$ @;{";
                return text.Insert(at, Letters[rng.Next(Letters.Length)].ToString());
            }
            case 2:
            {
                int length = Math.Min(text.Length - at, rng.Next(1, rng.Next(2) == 0 ? 4 : 60));
                return text.Remove(at, length);
            }
            case 3:
            {
                // Replace a range with a paste (an editor's selection replaced).
                int length = Math.Min(text.Length - at, rng.Next(0, 8));
                return text.Remove(at, length).Insert(at, Pastes[rng.Next(Pastes.Length)]);
            }
            default: return text.Insert(at, Pastes[rng.Next(Pastes.Length)]);
        }
    }

    /// <summary>Everything a parse holds, the internal state an edit starts from and the line starts included.</summary>
    internal static string Dump(ParsedNote n)
    {
        var sb = new StringBuilder(SyntaxDump.Of(n)).Append('\n');
        foreach (var d in n.Diagnostics) sb.Append($"diagnostic {d.Span} {d.Message}\n");
        foreach (var h in n.Headings) sb.Append($"heading {h.Text}|{h.Slug}|{h.Span}|{h.TextSpan}|{h.Section}\n");
        foreach (var t in n.Tasks) sb.Append($"task {t.Text}|{t.Span}|{t.Done}\n");
        sb.Append($"state first@{n.FirstParagraphStart} cost={n.InlineCost} reparse={n.CanReparse} defs={n.MayHaveDefinitions} length={n.Lines.Length}\n");
        sb.Append("lines");
        for (int l = 0; l < n.Lines.LineCount; l++) sb.Append(' ').Append(n.Lines.LineStart(l));
        return sb.ToString();
    }

    /// <summary>Runs one seed; returns how many edits were reparsed incrementally.</summary>
    internal static int RunSeed(int seed, int edits = EditsPerNote)
    {
        var rng = new Random(seed);
        var text = RandomNote(rng);
        var note = NoteParser.Parse(text, "stem");
        int incremental = 0;
        for (int e = 0; e < edits; e++)
        {
            var before = text;
            text = RandomEdit(rng, text);
            var next = NoteParser.Reparse(note, text, "stem", out var fullParse);
            if (fullParse is null) incremental++;
            var expected = Dump(NoteParser.Parse(text, "stem"));
            var actual = Dump(next);
            if (expected != actual)
            {
                Assert.Fail($"seed {seed}, edit {e} ({(fullParse is null ? "incremental" : "full: " + fullParse)}):\n" +
                    $"before: {Escape(before)}\nafter:  {Escape(text)}\n--- expected\n{expected}\n--- actual\n{actual}");
            }
            note = next;
        }
        return incremental;
    }

    private static string Escape(string s) => s.Replace("\r", "\\r").Replace("\n", "\\n");

    [Fact]
    public void ReparseEqualsParseOnRandomNotesAndEdits()
    {
        // NOTES_ORACLE_SEEDS=N runs more seeds (a longer hunt); every seed that once failed is also a case below.
        int notes = int.TryParse(Environment.GetEnvironmentVariable("NOTES_ORACLE_SEEDS"), out var n) ? n : Notes;
        int incremental = 0;
        for (int seed = 0; seed < notes; seed++) incremental += RunSeed(seed);
        // Not a vacuous oracle: many edits take the incremental path (about 45%: the random edits soon write "]:", a lone
        // CR or "#" + tab, after which every edit of that note parses it whole).
        Assert.True(incremental > notes * EditsPerNote / 3, $"only {incremental} of {notes * EditsPerNote} edits were incremental");
    }

    /// <summary>Seeds that once failed, each kept as its own case.</summary>
    [Theory]
    [InlineData(1)]   // an unclosed "~~~" fence: Markdig's span of it ends on its first line, so code spans cannot tell the top level
    [InlineData(80)]  // "---\n---": Markdig takes an empty front matter as one or not depending on a "---" far below
    [InlineData(456)] // a fence left open in a list item: its span reaches past the list, across the next top-level block's start
    [InlineData(516)] // typing at the very end of a note whose front matter closes on its last line
    [InlineData(1680)] // a lone CR line break: Markdig maps inline positions after it wrongly, differently in a window
    [InlineData(2886)] // "#" + tab: Markdig places that heading's inlines relative to its line
    public void SeedThatOnceFailed(int seed) => RunSeed(seed);

    [Fact]
    public void TypingInTheMiddleOfALongNoteReparsesOnlyItsBlock()
    {
        var sb = new StringBuilder("# Daily\n\n");
        for (int i = 0; i < 300; i++) sb.Append($"## Day {i}\n\n- met [[person {i}]] about #project{i % 7}\n- [ ] follow up ^t{i}\n\n");
        var text = sb.ToString();
        var note = NoteParser.Parse(text, "daily");
        int at = text.IndexOf("## Day 150", StringComparison.Ordinal) + 12;
        foreach (var typed in new[] { "[", "[", "x", "]", "]", "\n", "```", "\n" })
        {
            text = text.Insert(at, typed);
            at += typed.Length;
            var next = NoteParser.Reparse(note, text, "daily", out var fullParse);
            Assert.Equal(Dump(NoteParser.Parse(text, "daily")), Dump(next));
            if (typed != "```" && typed != "\n") Assert.Null(fullParse);
            note = next;
        }
    }

    [Fact]
    public void LineIndexWithEditEqualsCreate()
    {
        var rng = new Random(7);
        for (int i = 0; i < 2000; i++)
        {
            var text = RandomNote(rng);
            var edited = RandomEdit(rng, text);
            int start = text.AsSpan().CommonPrefixLength(edited);
            int suffix = 0;
            while (suffix < Math.Min(text.Length, edited.Length) - start && text[^(suffix + 1)] == edited[^(suffix + 1)]) suffix++;
            var spliced = LineIndex.Create(text).WithEdit(edited, start, text.Length - suffix, edited.Length - suffix);
            var created = LineIndex.Create(edited);
            Assert.Equal(created.LineCount, spliced.LineCount);
            for (int l = 0; l < created.LineCount; l++) Assert.Equal(created.LineStart(l), spliced.LineStart(l));
        }
    }
}
