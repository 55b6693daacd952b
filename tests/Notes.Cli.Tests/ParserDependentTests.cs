using Notes.Core.Syntax;

namespace Notes.Cli.Tests;

/// <summary>
/// A fact that needs the real parser (tags): skipped, with the reason, while <see cref="NoteParser"/> is the
/// placeholder that finds only wikilinks; it runs (and can fail) as soon as the parser finds a tag.
/// </summary>
public sealed class ParserFactAttribute : FactAttribute
{
    public static readonly bool ParserFindsTags = NoteParser.Parse("#tag\n", "probe").Tags.Count > 0;
    public const string Reason = "needs the real parser (the placeholder NoteParser finds no tags)";

    public ParserFactAttribute()
    {
        if (!ParserFindsTags) Skip = Reason;
    }
}

/// <summary>The theory form of <see cref="ParserFactAttribute"/>.</summary>
public sealed class ParserTheoryAttribute : TheoryAttribute
{
    public ParserTheoryAttribute()
    {
        if (!ParserFactAttribute.ParserFindsTags) Skip = ParserFactAttribute.Reason;
    }
}

/// <summary>
/// Commands that need tags (and the Markdig parser that finds them). Select them with <c>--filter needs=parser</c>.
/// </summary>
[Trait("needs", "parser")]
public class ParserDependentTests
{
    private const string Variants = """
        //- /a.md
        About #bert and #bert again.
        //- /b.md
        Notes on #BERT here.
        """;

    /// <summary>Exact output of check (a tag-variant), tags (counts, variants, fixes) and a fix dry run.</summary>
    public static TheoryData<string[], int, string[]> Outputs => new()
    {
        {
            ["check"], 1,
            [
                "b.md",
                "  1:10  warning      #BERT is a variant of #bert (used 2 times)  tag-variant",
                "",
                "1 problem (1 warning) in 1 file, 2 notes indexed in N ms",
            ]
        },
        {
            ["tags"], 0,
            [
                "#bert     3  (#bert 2, #BERT 1)",
                "  fix: #BERT → #bert (1 use)  tag-variant",
                "1 tag, 3 uses, 1 proposed fix",
            ]
        },
        {
            ["fix", "--tags"], 0, // a dry run by default
            ["b.md:1 #BERT → #bert", "1 tag in 1 file would change; run with --write to apply."]
        },
    };

    [ParserTheory]
    [MemberData(nameof(Outputs))]
    public void Command_prints_expected_lines(string[] args, int exitCode, string[] expected)
    {
        using var vault = new TestVault(Variants);
        var result = vault.Run(args);
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(expected, result.Lines);
        Assert.Equal("Notes on #BERT here.\n", vault.Read("b.md")); // none of these writes
    }

    [ParserFact]
    public void Fix_write_rewrites_variants_and_the_vault_checks_clean_afterwards()
    {
        using var vault = new TestVault(Variants);
        var result = vault.Run("fix", "--tags", "--write");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["b.md:1 #BERT → #bert", "Changed 1 tag in 1 file."], result.Lines);
        Assert.Equal("Notes on #bert here.\n", vault.Read("b.md"));
        Assert.Equal("About #bert and #bert again.\n", vault.Read("a.md"));
        Assert.Equal(0, vault.Run("check").ExitCode);
    }

    [ParserFact]
    public void Stats_count_tags()
    {
        using var vault = new TestVault(Variants);
        var result = vault.Run("stats");
        Assert.Contains("tags         2 (3 uses)", result.Lines);
    }

    [ParserFact]
    public void The_example_vault_reports_its_tag_variants()
    {
        var result = TestVault.RunIn(Repo.Root, ["check", "examples/research-notes", "-f", "github"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.Lines, l => l.StartsWith("::warning file=examples/research-notes/gpt3.md,line=6,", StringComparison.Ordinal) && l.Contains("#BERT is a variant of #bert", StringComparison.Ordinal));
    }
}
