using System.Diagnostics;
using Notes.Core.Citations;
using Notes.Core.Text;

namespace Notes.Core.Tests.Citations;

/// <summary>The bibliography readers never throw and keep every span inside the text, whatever the input.</summary>
public class BibRobustnessTests
{
    private static string R(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

    private static readonly (string Name, Func<string> Make)[] Hostile =
    [
        ("100k {", () => "@misc{k, title = " + new string('{', 100_000)),
        ("100k { at top level", () => new string('{', 100_000)),
        ("100k @", () => new string('@', 100_000)),
        ("100k @ on lines", () => R("@\n", 100_000)),
        ("100k \"", () => "@misc{k, title = " + new string('"', 100_000)),
        ("100k \" at top level", () => new string('"', 100_000)),
        ("100k nested then closed", () => "@misc{k, title = " + new string('{', 100_000) + new string('}', 100_001)),
        ("100k # concatenations", () => "@misc{k, title = " + R("a # ", 100_000) + "}"),
        ("100k empty entries", () => R("@misc{}", 100_000)),
        ("100k @misc{ unclosed", () => R("@misc{", 100_000)),
        ("100k commas", () => "@misc{k" + new string(',', 100_000)),
        ("100k unknown macros", () => "@misc{k, title = " + R("x#", 100_000)),
        ("backslash at the end", () => "@misc{k, title = {\\"),
        ("backslash accent at the end", () => "@misc{k, title = {\\\"}} @misc{j, title = \"\\'\"}"),
        ("100k backslashes", () => "@misc{k, title = {" + new string('\\', 100_000) + "}}"),
        ("100k $", () => "@misc{k, title = {" + new string('$', 100_001) + "}}"),
        ("100k $ and backslashes", () => "@misc{k, title = {" + R("$\\", 50_000) + "}}"),
        ("lone surrogates", () => "@misc{k\uD800, title = {\uDC00\\\"\uD800}, author = {\uD800 and \uDFFF, \uD83D}}"),
        ("NUL", () => "@misc{k\0, title = {a\0b}, \0 = 1}\0@\0"),
        ("100k and", () => "@misc{k, author = {" + R("and ", 100_000) + "}}"),
        ("100k names", () => "@misc{k, author = {" + R("A B and ", 100_000) + "}}"),
        ("100k commas in a name", () => "@misc{k, author = {" + new string(',', 100_000) + "}}"),
        ("100k dashes", () => "@misc{k, title = {" + new string('-', 100_000) + "}}"),
        ("only a string macro", () => "@string{"),
        ("100k string macros", () => R("@string{a = a # a}\n", 100_000)),
    ];

    public static TheoryData<string> HostileNames() => new(Hostile.Select(h => h.Name));

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void HostileInputReadsQuicklyAndSafely(string name)
    {
        var text = Hostile.Single(h => h.Name == name).Make();
        var sw = Stopwatch.StartNew();
        var bib = BibTexParser.Parse(text);
        CslJson.TryParse(text, out _);
        CslYaml.ReadReferences("---\nreferences:\n" + text + "\n---\n", new TextSpan(0, text.Length + 21));
        Assert.True(sw.Elapsed.TotalSeconds < 2, $"{name}: {sw.Elapsed.TotalMilliseconds:F0} ms");
        AssertSpansInside(text, bib);
        foreach (var e in bib.Entries) BibFormat.Markdown(e);
    }

    private static readonly (string Name, Func<string> Make)[] JsonYamlHostile =
    [
        ("100k [", () => new string('[', 100_000)),
        ("100k {\"a\":", () => R("{\"a\":", 100_000)),
        ("100k nested lists, closed", () => new string('[', 100_000) + new string(']', 100_000)),
        ("unterminated string", () => "[{\"id\": \"" + new string('x', 100_000)),
        ("bad escapes", () => "[{\"id\": \"\\u12\", \"type\": \"a\"}]"),
        ("lone surrogate escape", () => "[{\"id\": \"\\ud800\", \"type\": \"book\"}]"),
        ("NUL", () => "[{\"id\": \"a\0\", \"type\": \"book\"}]\0"),
    ];

    public static TheoryData<string> JsonHostileNames() => new(JsonYamlHostile.Select(h => h.Name));

    [Theory]
    [MemberData(nameof(JsonHostileNames))]
    public void HostileJsonAndYamlReadSafely(string name)
    {
        var text = JsonYamlHostile.Single(h => h.Name == name).Make();
        var sw = Stopwatch.StartNew();
        if (CslJson.TryParse(text, out var bib)) AssertSpansInside(text, bib);
        var note = "---\nreferences:\n- id: a\n  title: " + text + "\n" + R("  ", 10_000) + "- x\n---\n";
        foreach (var e in CslYaml.ReadReferences(note, new TextSpan(0, note.Length))) Assert.True(e.Span.End <= note.Length);
        var deep = "---\n" + string.Concat(Enumerable.Range(0, 5_000).Select(i => new string(' ', i) + "- a:\n")) + "---\n";
        CslYaml.ReadReferences(deep, new TextSpan(0, deep.Length));
        Assert.True(sw.Elapsed.TotalSeconds < 2, $"{name}: {sw.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void ReadersTolerateSpansOutsideTheText()
    {
        Assert.Equal(["a"], CslYaml.ReadReferences("---\nreferences:\n- id: a\n---\n", new TextSpan(-5, 1_000)).Select(e => e.Key));
        Assert.Empty(CslYaml.ReadReferences("", new TextSpan(3, 1)));
        Assert.False(CslJson.TryParse("", out _));
        Assert.Empty(BibTexParser.Parse("").Entries);
    }

    private static void AssertSpansInside(string text, Bibliography bib)
    {
        foreach (var e in bib.Entries)
        {
            Assert.InRange(e.Span.Start, 0, text.Length);
            Assert.InRange(e.Span.End, e.Span.Start, text.Length);
            Assert.True(e.Span.Contains(e.KeySpan), $"key {e.KeySpan} outside entry {e.Span}");
            var written = text[e.KeySpan.Start..e.KeySpan.End];
            if (!written.Contains('\\')) Assert.Equal(e.Key, written); // a JSON id with escapes is its source text unescaped
        }
        foreach (var d in bib.Diagnostics)
        {
            Assert.InRange(d.Span.Start, 0, text.Length);
            Assert.InRange(d.Span.End, d.Span.Start, text.Length);
        }
    }

    /// <summary>Cuts, splices, duplicated slices and random characters in a valid file: never a throw, every span inside.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void RandomMutationsOfAValidFileNeverThrow(int seed)
    {
        var valid = BibGenerator.Generate(12, seed);
        const string alphabet = "@{}()\",=#%\\\n \t~$-'`^\"aZ0\u00e9\uD800\0";
        var rng = new Random(seed);
        for (int round = 0; round < 400; round++)
        {
            var chars = new System.Text.StringBuilder(valid);
            int mutations = 1 + rng.Next(8);
            for (int m = 0; m < mutations && chars.Length > 0; m++)
            {
                int at = rng.Next(chars.Length), len = Math.Min(rng.Next(1, 60), chars.Length - at);
                switch (rng.Next(4))
                {
                    case 0: chars.Remove(at, len); break;
                    case 1: chars.Insert(rng.Next(chars.Length), chars.ToString(at, len)); break;
                    case 2: chars[at] = alphabet[rng.Next(alphabet.Length)]; break;
                    default: chars.Length = at; break;
                }
            }
            var text = chars.ToString();
            var bib = BibTexParser.Parse(text);
            AssertSpansInside(text, bib);
            foreach (var e in bib.Entries)
            {
                BibFormat.Short(e);
                BibFormat.Markdown(e);
                BibFormat.SearchText(e);
            }
        }
    }

    [Fact]
    public void RandomMutationsOfCslJsonAndYamlNeverThrow()
    {
        const string json = """[{"id": "a\u00e9", "type": "book", "title": "T", "author": [{"family": "F", "given": "G"}], "issued": {"date-parts": [[2017, 6]]}}, {"id": 7, "type": "article"}]""";
        const string yaml = "---\nreferences:\n- id: a\n  type: book\n  author:\n  - family: F\n    given: G\n  issued:\n  - year: 2017\n  title: 'x ''y'''\n- id: \"b\"\n  issued: {date-parts: [[2001, 2]]}\n---\n";
        const string alphabet = "[]{}\",:-' \n\\u0aé\uD800";
        var rng = new Random(7);
        for (int round = 0; round < 2_000; round++)
        {
            foreach (var source in (ReadOnlySpan<string>)[json, yaml])
            {
                var chars = new System.Text.StringBuilder(source);
                for (int m = 0; m < 1 + rng.Next(4) && chars.Length > 0; m++)
                {
                    int at = rng.Next(chars.Length);
                    if (rng.Next(2) == 0) chars.Remove(at, Math.Min(rng.Next(1, 8), chars.Length - at));
                    else chars.Insert(at, alphabet[rng.Next(alphabet.Length)]);
                }
                var text = chars.ToString();
                if (CslJson.TryParse(text, out var bib)) AssertSpansInside(text, bib);
                foreach (var e in CslYaml.ReadReferences(text, new TextSpan(0, text.Length)))
                {
                    Assert.InRange(e.KeySpan.Start, 0, text.Length);
                    Assert.InRange(e.KeySpan.End, e.KeySpan.Start, text.Length);
                    BibFormat.Markdown(e);
                }
            }
        }
    }
}
