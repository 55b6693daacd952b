using System.Text;
using Notes.Core.Syntax;

namespace Notes.Core.Tests.Syntax;

/// <summary>
/// The simple front-matter reader must give exactly what YamlDotNet gives whenever it accepts, and decline the rest.
/// Generated front matter mixes the forms notes use with the YAML that looks like them but is not simple: quotes with
/// escapes, colons and hashes inside values, anchors, tags, block scalars, nested lists, tabs, duplicate keys, CRLF.
/// </summary>
public class SimpleYamlTests
{
    private static readonly string[] Keys =
        ["title", "Title", "id", "aliases", "alias", "tags", "tag", "TAGS", "date", "created", "my key", "-x", "a:b", "", "title ", "\"title\""];

    private static readonly string[] Separators = [": ", ":", " : ", ":   ", ": \t"];

    private static readonly string[] Values =
    [
        "GPT-3", "Attention Is All You Need", "C# notes", "note: draft", "x #comment", "x#y", "#tag", "a, b c", "ml nlp/bert",
        "- item", "[a, b]", "[a, \"b c\", 'd']", "[ ml , nlp ]", "[]", "[ ]", "[a,]", "[a,,b]", "[a, [b]]", "[\"a, b\", c]", "[a] # c",
        "'single'", "'it''s'", "\"double\"", "\"esc\\\"aped\"", "\"\"", "''", "'a' # c", "\"a\"#c", "", " ",
        "émoji 🧠", "中文 笔记", "e\u0301", "?", "? x", "*ref", "&anchor x", "!tag x", "!!str x", "|", ">", "%x", "@x", "`x`",
        "{a: b}", "foo:", "a:b", "  padded  ", "x\ty", "null", "~", "123", "2024-01-01", "12:30", "x # y: z", "a\u00A0b", "\uFEFFx",
        "\"a'b\"", "'a\"b'", "\"a]b\"", "😀", "x 😀 y",
    ];

    private static readonly string[] SimpleKeys = ["title", "id", "aliases", "alias", "tags", "tag", "date"];
    private static readonly string[] SimpleValues =
        ["GPT-3", "Attention Is All You Need", "C# notes", "x #comment", "a, b c", "[a, b]", "[ ml , nlp ]", "[]", "'single'", "\"double\"", "émoji 🧠", "2024-01-01", ""];

    /// <summary>A line of front matter; <paramref name="tame"/> draws mostly from the forms notes use, so both paths get exercised.</summary>
    private static string Line(Random r, bool tame)
    {
        bool wild = !tame || r.Next(12) == 0;
        string Value() => wild ? Values[r.Next(Values.Length)] : SimpleValues[r.Next(SimpleValues.Length)];
        string Key() => wild ? Keys[r.Next(Keys.Length)] : SimpleKeys[r.Next(SimpleKeys.Length)];
        return r.Next(10) switch
        {
            < 5 => Key() + (wild ? Separators[r.Next(Separators.Length)] : ": ") + Value(),
            < 8 => new string(' ', wild ? r.Next(3) * 2 : 2) + (wild && r.Next(6) == 0 ? "-" : "- ") + Value(),
            8 => r.Next(2) == 0 ? "# comment" : "",
            _ => !wild ? "" : r.Next(3) switch { 0 => "  more words", 1 => "  nested: map", _ => "\t- tabbed" },
        };
    }

    private static string Note(Random r)
    {
        string nl = r.Next(4) == 0 ? "\r\n" : "\n";
        bool tame = r.Next(2) == 0;
        var sb = new StringBuilder("---").Append(nl);
        int lines = r.Next(1, 7);
        for (int i = 0; i < lines; i++) sb.Append(Line(r, tame)).Append(nl);
        return sb.Append("---").Append(nl).Append("# Heading").Append(nl).ToString();
    }

    private static string Dump(FrontMatter? fm, List<Tag> tags, List<SyntaxDiagnostic> diagnostics)
    {
        if (fm is null) return "none";
        var sb = new StringBuilder($"span={fm.Span} title={fm.Title} id={fm.Id}");
        foreach (var a in fm.Aliases) sb.Append($" alias={a}");
        foreach (var t in fm.Tags) sb.Append($" tagvalue={t}");
        foreach (var t in tags) sb.Append($" tag={t}");
        foreach (var d in diagnostics) sb.Append($" diagnostic={d}");
        return sb.ToString();
    }

    private static (string Dump, bool Simple) Read(string text, bool simpleFirst)
    {
        var tags = new List<Tag>();
        var diagnostics = new List<SyntaxDiagnostic>();
        var fm = FrontMatterReader.Read(text, tags, diagnostics, simpleFirst);
        return (Dump(fm, tags, diagnostics), simpleFirst && fm is not null);
    }

    [Fact]
    public void AcceptsOnlyWhatYamlDotNetReadsTheSame()
    {
        var r = new Random(20261126);
        int accepted = 0, cases = 20_000;
        for (int i = 0; i < cases; i++)
        {
            var text = Note(r);
            int close = text.IndexOf("---", 3, StringComparison.Ordinal);
            int contentStart = text.IndexOf('\n') + 1;
            if (SimpleYaml.TryRead(text, contentStart, close) is not null) accepted++;
            var fast = Read(text, simpleFirst: true).Dump;
            var reference = Read(text, simpleFirst: false).Dump;
            Assert.True(fast == reference, $"front matter read differently:\n{text}\nsimple:    {fast}\nYamlDotNet: {reference}");
        }
        // Not vacuous: a good share of the cases take the simple path (and a good share do not).
        Assert.InRange(accepted, cases / 10, cases * 9 / 10);
    }

    public static readonly TheoryData<string, bool> Forms = new()
    {
        { "title: My Note\naliases: [GPT-3, \"Generative Pretrained\"]\ntags: [ml, nlp/bert]\nid: 20240101\n", true },
        { "tags:\n  - attention\n  - 'neural networks'\naliases:\n- one\n- two\n", true },
        { "title: C# in practice # a comment\ncreated: 2024-01-01 10:30\n", true },
        { "title: \"Quoted: with colon\"\n", true },
        { "title: 🧠 Brain 中文\n", true },
        { "title: note: draft\n", false },            // a mapping inside a plain scalar: YamlDotNet's error to report
        { "title: >\n  folded\n", false },             // block scalar
        { "title: one\n  two\n", false },              // multi-line plain scalar
        { "title: \"esc\\\"aped\"\n", false },         // escapes
        { "title: x\ntitle: y\n", false },             // duplicate key
        { "meta:\n  nested: map\n", false },           // nested mapping
        { "title: &a x\n", false },                    // anchor
        { "title:\n", false },                         // empty title: YamlDotNet's span convention
        { "tags:\n\t- tabbed\n", false },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void SimpleFormsAreReadWithoutYamlDotNet(string yaml, bool simple)
    {
        var text = "---\n" + yaml + "---\nbody";
        Assert.Equal(simple, SimpleYaml.TryRead(text, 4, 4 + yaml.Length) is not null);
        Assert.Equal(Read(text, simpleFirst: false).Dump, Read(text, simpleFirst: true).Dump);
    }

    [Fact]
    public void SpansAreExactWithEmojiBeforeTheValue()
    {
        var text = "---\ntitle: 🧠 Brain\naliases: [😀 Smile]\n---\n";
        var fm = FrontMatterReader.Read(text, [], [], simpleFirst: true)!;
        Assert.Equal("🧠 Brain", text[fm.Title!.Span.Start..fm.Title.Span.End]);
        Assert.Equal("😀 Smile", text[fm.Aliases[0].Span.Start..fm.Aliases[0].Span.End]);
    }
}
