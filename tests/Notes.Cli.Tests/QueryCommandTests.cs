using System.Text.Json;

namespace Notes.Cli.Tests;

/// <summary>backlinks, graph and stats on fixture vaults (links only: these pass with the placeholder parser).</summary>
public class QueryCommandTests
{
    // d → a → c ← b, a → missing, e alone
    private const string Vault = """
        //- /a.md
        A links to [[c]] and [[missing]].
        //- /b.md
        intro
        B also links to [[c]], twice: [[c]]
        //- /c.md
        C links nowhere.
        //- /sub/d.md
        D cites [[a]].
        //- /e.md
        E is alone.
        """;

    public static TheoryData<string[], string[]> Backlinks => new()
    {
        {
            ["backlinks", "c"],
            [
                "c.md: 2 linking notes",
                "  a.md:1:12  A links to [[c]] and [[missing]].",
                "  b.md:2:17  B also links to [[c]], twice: [[c]]",
                "  b.md:2:31  B also links to [[c]], twice: [[c]]",
            ]
        },
        {
            ["backlinks", "c.md", "--depth", "2"],
            [
                "c.md: 2 linking notes, 3 within 2 levels",
                "  a.md:1:12  A links to [[c]] and [[missing]].",
                "    sub/d.md:1:9  D cites [[a]].",
                "  b.md:2:17  B also links to [[c]], twice: [[c]]",
                "  b.md:2:31  B also links to [[c]], twice: [[c]]",
            ]
        },
        { ["backlinks", "[[A]]"], ["a.md: 1 linking note", "  sub/d.md:1:9  D cites [[a]]."] },
        { ["backlinks", "e"], ["e.md: 0 linking notes"] },
    };

    [Theory]
    [MemberData(nameof(Backlinks))]
    public void Backlinks_list_linking_lines(string[] args, string[] expected)
    {
        using var vault = new TestVault(Vault);
        var result = vault.Run(args);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, result.Lines);
    }

    [Fact]
    public void Backlinks_take_the_vault_from_dir_and_a_path_relative_to_the_current_folder()
    {
        using var vault = new TestVault(Vault);
        var result = TestVault.RunIn(Path.GetDirectoryName(vault.Root)!, ["backlinks", Path.Combine(Path.GetFileName(vault.Root), "sub", "..", "a.md"), "--dir", Path.GetFileName(vault.Root)]);
        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith("/sub/d.md:1:9  D cites [[a]].", result.Lines[1]);
    }

    [Theory]
    [InlineData("nothing", "notes: error: no note named 'nothing' in .")]
    [InlineData("x", "notes: error: 'x' matches 2 notes: p/x.md, q/x.md; give a path")]
    public void Backlinks_of_an_unknown_or_ambiguous_note_are_an_error(string note, string expected)
    {
        using var vault = new TestVault(Vault + "\n//- /p/x.md\n//- /q/x.md\n");
        var result = vault.Run("backlinks", note);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected, result.Error.TrimEnd());
    }

    /// <summary>Exact output: the whole graph as DOT, a neighbourhood as Mermaid, the stats.</summary>
    public static TheoryData<string[], string[]> Outputs => new()
    {
        {
            ["graph"],
            [
                "digraph notes {",
                "  rankdir=LR;",
                "  node [shape=box];",
                "  \"a.md\" [label=\"a\"];",
                "  \"b.md\" [label=\"b\"];",
                "  \"c.md\" [label=\"c\"];",
                "  \"e.md\" [label=\"e\"];",
                "  \"sub/d.md\" [label=\"d\"];",
                "  \"missing:missing\" [label=\"missing\", shape=ellipse, style=dashed, color=red];",
                "  \"a.md\" -> \"c.md\";",
                "  \"a.md\" -> \"missing:missing\";",
                "  \"b.md\" -> \"c.md\" [label=\"2\"];",
                "  \"sub/d.md\" -> \"a.md\";",
                "}",
            ]
        },
        {
            ["graph", "--around", "a", "--depth", "1", "--format", "mermaid"],
            [
                "graph LR",
                "  n0[\"a\"]",
                "  n1[\"c\"]",
                "  n2[\"d\"]",
                "  n3[\"missing\"]:::missing",
                "  n0 --> n1",
                "  n0 --> n3",
                "  n2 --> n0",
                "  classDef missing stroke-dasharray: 5 5,stroke:#c00;",
            ]
        },
        {
            ["stats"],
            [
                "notes        5",
                "attachments  0 (0 unused)",
                "links        5",
                "broken links 1",
                "orphans      3",
                "dead ends    2",
                "tags         0 (0 uses)",
                "citations    0 in 0 notes (0 keys, 0 unknown)",
                "bibliography 0 files (0 entries, 0 literature notes)",
                "indexed in   N ms",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Command_prints_expected_lines(string[] args, string[] expected)
    {
        using var vault = new TestVault(Vault);
        var result = vault.Run(args);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, result.Lines);
    }

    [Fact]
    public void Graph_as_json()
    {
        using var vault = new TestVault(Vault);
        var result = vault.Run("graph", "-f", "json", "--around", "c.md", "--depth", "2");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal(["a.md", "b.md", "c.md", "sub/d.md", "missing:missing"],
            doc.RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
        var edge = doc.RootElement.GetProperty("edges").EnumerateArray().Single(e => e.GetProperty("from").GetString() == "b.md");
        Assert.Equal(("c.md", 2), (edge.GetProperty("to").GetString(), edge.GetProperty("count").GetInt32()));
    }

    [Fact]
    public void Stats_as_json()
    {
        using var vault = new TestVault(Vault);
        var result = vault.Run("stats", "--format", "json");
        using var doc = JsonDocument.Parse(result.Out);
        var r = doc.RootElement;
        Assert.Equal((5, 5, 1, 3, 2), (r.GetProperty("notes").GetInt32(), r.GetProperty("links").GetInt32(),
            r.GetProperty("brokenLinks").GetInt32(), r.GetProperty("orphans").GetInt32(), r.GetProperty("deadEnds").GetInt32()));
        Assert.True(r.TryGetProperty("elapsedMs", out _));
    }
}
