using System.Text.Json;
using Notes.Cli.Output;

namespace Notes.Cli.Tests;

/// <summary>Citations on the command line: the bibliography files' own problems in every check format, <c>notes cites</c>, and the citation counts of <c>stats</c>.</summary>
public class CitationCommandTests
{
    // refs.bib: smith2020 twice (and once more in more.bib, which comes first), an entry left open.
    // a.md cites smith2020, jones2019 (bracketed and in text) and an unknown key; b.md and jones.md (its literature note) cite jones2019.
    public const string Vault = """
        //- /refs.bib
        @article{smith2020,
          author = {Smith, Jane},
          title = {One},
          year = {2020}
        }

        @article{smith2020,
          title = {Again},
          year = {2021}
        }

        @article{broken,
          title = {No closing brace
        //- /more.bib
        @book{jones2019, title = {Book}, author = {Jones, Tom and Lee, Ann}, year = {2019}}
        @misc{smith2020, title = {Elsewhere}}
        //- /jones.md
        ---
        citekey: jones2019
        ---
        # Jones 2019

        The book [@jones2019, p. 3].
        //- /a.md
        First [@smith2020; @jones2019] and
        later @jones2019 again, [@nope].
        //- /b.md
        Only [see @jones2019].
        """;

    public static readonly string[] CheckText =
    [
        "a.md",
        "  2:27  warning      No entry 'nope' in the bibliography  unknown-citation",
        "",
        "refs.bib",
        "  1:10  warning      'smith2020' is also defined in more.bib  duplicate-citation-key",
        "  7:10  warning      The key 'smith2020' is defined twice in this file.  duplicate-citation-key",
        "  7:10  warning      'smith2020' is also defined in more.bib  duplicate-citation-key",
        "  13:3  warning      The value of 'title =' is not closed.  bibliography-syntax",
        "",
        "5 problems (5 warnings) in 2 files, 3 notes and 2 attachments indexed in N ms",
    ];

    [Fact]
    public void Check_reports_the_bibliography_files_own_problems_with_their_positions()
    {
        using var vault = new TestVault(Vault);
        var result = vault.Run("check");
        Assert.Equal(CheckText, result.Lines);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void Bibliography_problems_alone_fail_the_check_and_respect_configured_severities()
    {
        using var vault = new TestVault("//- /refs.bib\n@article{a, title = {A}}\n@article{a, title = {B}}\n//- /n.md\n[@a]\n");
        var result = vault.Run("check");
        Assert.Equal(["refs.bib", "  2:10  warning      The key 'a' is defined twice in this file.  duplicate-citation-key", "",
            "1 problem (1 warning) in 1 file, 1 note and 1 attachment indexed in N ms"], result.Lines);
        Assert.Equal(1, result.ExitCode);
        vault.Write(".notes.json", """{ "severity": { "duplicate-citation-key": "off" } }""");
        var off = vault.Run("check");
        Assert.Equal(["No problems, 1 note and 1 attachment indexed in N ms"], off.Lines);
        Assert.Equal(0, off.ExitCode);
    }

    [Fact]
    public void Check_json_carries_the_bibliography_problems_and_validates()
    {
        using var vault = new TestVault(Vault);
        var result = vault.Run("check", "--format", "json");
        Assert.Equal(1, result.ExitCode);
        Assert.Empty(JsonSchemaValidator.Validate(Schemas.Read(Schemas.Check), result.Out));
        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        Assert.Equal((5, 2), (root.GetProperty("summary").GetProperty("problems").GetInt32(), root.GetProperty("summary").GetProperty("files").GetInt32()));
        var files = root.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["a.md", "refs.bib"], files.Select(f => f.GetProperty("path").GetString()));
        var problems = files[1].GetProperty("problems").EnumerateArray()
            .Select(p => (p.GetProperty("code").GetString(), p.GetProperty("line").GetInt32(), p.GetProperty("column").GetInt32(), p.GetProperty("endLine").GetInt32(), p.GetProperty("endColumn").GetInt32()))
            .ToList();
        Assert.Equal(
        [
            ("duplicate-citation-key", 1, 10, 1, 19),
            ("duplicate-citation-key", 7, 10, 7, 19),
            ("duplicate-citation-key", 7, 10, 7, 19),
            ("bibliography-syntax", 13, 3, 14, 1),
        ], problems);
    }

    [Fact]
    public void Check_sarif_and_github_name_the_bib_file()
    {
        using var vault = new TestVault(Vault);
        var sarif = vault.Run("check", "--format", "sarif");
        Assert.Equal(1, sarif.ExitCode);
        Assert.Empty(JsonSchemaValidator.Validate(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", "sarif-2.1.0.reduced.schema.json")), sarif.Out));
        using var doc = JsonDocument.Parse(sarif.Out);
        var run = doc.RootElement.GetProperty("runs")[0];
        var last = run.GetProperty("results").EnumerateArray().Last();
        Assert.Equal("bibliography-syntax", last.GetProperty("ruleId").GetString());
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        Assert.Equal("A malformed bibliography entry", rules[last.GetProperty("ruleIndex").GetInt32()].GetProperty("shortDescription").GetProperty("text").GetString());
        var loc = last.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("refs.bib", loc.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal((13, 3), (loc.GetProperty("region").GetProperty("startLine").GetInt32(), loc.GetProperty("region").GetProperty("startColumn").GetInt32()));
        Assert.Contains(run.GetProperty("artifacts").EnumerateArray(), a => a.GetProperty("location").GetProperty("uri").GetString() == "refs.bib");

        var github = vault.Run("check", "-f", "github");
        Assert.Contains("::warning file=refs.bib,line=13,col=3,endLine=14,endColumn=1,title=bibliography-syntax::The value of 'title =' is not closed.", github.Lines);
    }

    public static TheoryData<string[], string[]> Cites => new()
    {
        {
            ["cites", "jones2019"],
            [
                "@jones2019: Jones & Lee (2019) Book  more.bib:1",
                "  literature note: jones.md",
                "4 citations in 3 notes",
                "  a.md:1:20  First [@smith2020; @jones2019] and",
                "  a.md:2:7  later @jones2019 again, [@nope].",
                "  b.md:1:11  Only [see @jones2019].",
                "  jones.md:6:11  The book [@jones2019, p. 3].",
            ]
        },
        {
            ["cites", "@smith2020"], // every definition, files in path order
            [
                "@smith2020: (n.d.) Elsewhere  more.bib:2",
                "@smith2020: Smith (2020) One  refs.bib:1",
                "@smith2020: (2021) Again  refs.bib:7",
                "1 citation in 1 note",
                "  a.md:1:8  First [@smith2020; @jones2019] and",
            ]
        },
        {
            ["cites", "nope"],
            [
                "@nope: no entry in any bibliography",
                "1 citation in 1 note",
                "  a.md:2:26  later @jones2019 again, [@nope].",
            ]
        },
        { ["cites", "broken"], ["@broken: (n.d.)  refs.bib:12", "0 citations in 0 notes"] }, // defined, cited nowhere: found; its title never closed
    };

    [Theory]
    [MemberData(nameof(Cites))]
    public void Cites_lists_the_entry_the_literature_notes_and_each_citing_line(string[] args, string[] expected)
    {
        using var vault = new TestVault(Vault);
        var result = vault.Run(args);
        Assert.Equal(expected, result.Lines);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
    }

    [Theory]
    [InlineData("unheard2024")]
    [InlineData("@unheard2024")]
    public void Cites_of_a_key_neither_defined_nor_cited_is_an_error(string key)
    {
        using var vault = new TestVault(Vault);
        var result = vault.Run("cites", key);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("notes: error: no citation key 'unheard2024' in .: no entry in any bibliography and no note cites it", result.Error.TrimEnd());
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void Cites_in_a_missing_folder_is_one_line_and_exit_2()
    {
        using var vault = new TestVault(Vault);
        var result = vault.Run("cites", "jones2019", "--dir", "no-such-folder");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("notes: error: folder not found: no-such-folder", result.Error.TrimEnd());
    }

    [Fact]
    public void Cites_as_json()
    {
        using var vault = new TestVault(Vault);
        var result = vault.Run("cites", "jones2019", "-f", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var r = doc.RootElement;
        Assert.Equal("jones2019", r.GetProperty("key").GetString());
        var entry = r.GetProperty("entries")[0];
        Assert.Equal(("more.bib", 1, 7, "book", "Jones & Lee (2019) Book"), (entry.GetProperty("path").GetString(), entry.GetProperty("line").GetInt32(),
            entry.GetProperty("column").GetInt32(), entry.GetProperty("type").GetString(), entry.GetProperty("reference").GetString()));
        Assert.Equal(["jones.md"], r.GetProperty("literatureNotes").EnumerateArray().Select(n => n.GetProperty("path").GetString()));
        Assert.Equal(3, r.GetProperty("notes").GetInt32());
        Assert.Equal(["a.md:1:20", "a.md:2:7", "b.md:1:11", "jones.md:6:11"], r.GetProperty("citations").EnumerateArray()
            .Select(c => $"{c.GetProperty("path").GetString()}:{c.GetProperty("line").GetInt32()}:{c.GetProperty("column").GetInt32()}"));
    }

    [Fact]
    public void Cites_takes_the_vault_from_dir()
    {
        using var vault = new TestVault(Vault);
        var result = TestVault.RunIn(Path.GetDirectoryName(vault.Root)!, ["cites", "nope", "--dir", Path.GetFileName(vault.Root)]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"  {Path.GetFileName(vault.Root)}/a.md:2:26  later @jones2019 again, [@nope].", result.Lines[^1]);
    }

    [Fact]
    public void Stats_count_citations_keys_bibliographies_entries_and_literature_notes()
    {
        using var vault = new TestVault(Vault);
        var text = vault.Run("stats");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("attachments  2 (0 unused)", text.Lines); // a bibliography is no unused attachment
        Assert.Contains("citations    6 in 3 notes (3 keys, 1 unknown)", text.Lines);
        Assert.Contains("bibliography 2 files (5 entries, 1 literature note)", text.Lines);

        using var doc = JsonDocument.Parse(vault.Run("stats", "-f", "json").Out);
        var r = doc.RootElement;
        Assert.Equal((6, 3, 3, 1, 2, 5, 1), (r.GetProperty("citations").GetInt32(), r.GetProperty("citedKeys").GetInt32(), r.GetProperty("citingNotes").GetInt32(),
            r.GetProperty("unknownKeys").GetInt32(), r.GetProperty("bibliographies").GetInt32(), r.GetProperty("entries").GetInt32(), r.GetProperty("literatureNotes").GetInt32()));
    }

    [Fact]
    public void An_in_text_at_word_no_bibliography_defines_is_no_citation()
    {
        using var vault = new TestVault("//- /refs.bib\n@book{known, title = {K}}\n//- /a.md\nMail @someone about [@known].\n");
        Assert.Contains("citations    1 in 1 note (1 key, 0 unknown)", vault.Run("stats").Lines);
        var result = vault.Run("cites", "someone");
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public void The_example_vault_cites_its_bibliography()
    {
        var stats = TestVault.RunIn(Repo.Root, ["stats", "examples/research-notes"]);
        Assert.Contains("citations    13 in 11 notes (12 keys, 1 unknown)", stats.Lines);
        Assert.Contains("bibliography 1 file (11 entries, 1 literature note)", stats.Lines);

        var cites = TestVault.RunIn(Repo.Root, ["cites", "@vaswani2017", "--dir", "examples/research-notes"]);
        Assert.Equal(0, cites.ExitCode);
        Assert.Equal(
        [
            "@vaswani2017: Vaswani et al. (2017) Attention Is All You Need  examples/research-notes/refs.bib:4",
            "  literature note: examples/research-notes/papers/attention-is-all-you-need.md",
            "2 citations in 2 notes",
            "  examples/research-notes/papers/attention-is-all-you-need.md:11:7  src: [-@vaswani2017], NeurIPS 2017, https://arxiv.org/abs/1706.03762",
            "  examples/research-notes/transformers.md:10:135  - an encoder-decoder (or decoder-only) stack built entirely from [[attention]] and position-wise MLPs; no recurrence, no convolution [@vaswani2017]",
        ], cites.Lines);

        var unknown = TestVault.RunIn(Repo.Root, ["cites", "hoffman2022", "--dir", "examples/research-notes"]);
        Assert.Equal(["@hoffman2022: no entry in any bibliography", "1 citation in 1 note"], unknown.Lines[..2]);
        Assert.StartsWith("  examples/research-notes/scaling-laws.md:11:103  ", unknown.Lines[2]);
    }
}
