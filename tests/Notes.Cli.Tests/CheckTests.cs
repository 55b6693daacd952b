namespace Notes.Cli.Tests;

/// <summary><c>notes check</c> on fixture vaults: expected text output (timings normalised) and exit code.</summary>
public class CheckTests
{
    public static TheoryData<string, string, string[], int, string> Cases => new()
    {
        {
            "templates named by the vault's app settings are not checked; template syntax is never broken; a shared name resolves beside the link",
            """
            //- /.obsidian/templates.json
            {"folder": "Templates"}
            //- /.notes.json
            {"templates": ["daily.md"]}
            //- /Templates/Paper.md
            # {{title}}
            See [[missing]] and #todo.
            //- /daily.md
            [[also missing]]
            //- /a/index.md
            Up: [[{{title}}]] and [[<% tp.file.title %>]]; [[Security]] is beside me.
            //- /a/Security.md
            # Security (a)
            //- /b/Security.md
            # Security (b)
            //- /c/index.md
            [[Security]] has no neighbour here.
            """,
            [], 1,
            """
            c/index.md
              1:1  warning      'Security' matches 2 notes: a/Security.md, b/Security.md  ambiguous-link

            1 problem (1 warning) in 1 file, 6 notes indexed in N ms
            """
        },
        {
            "broken link",
            """
            //- /a.md
            See [[b]] and [[missing]].
            //- /b.md
            # B
            """,
            [], 1,
            """
            a.md
              1:15  warning      No note named 'missing'  broken-link

            1 problem (1 warning) in 1 file, 2 notes indexed in N ms
            """
        },
        {
            "attachments: embeds of figures and PDFs resolve, a missing one is broken, unused ones are listed when asked",
            """
            //- /notes/loss.md
            ![[loss.png]] ![[paper.pdf#page=2]] ![plot](../figs/plot%201.svg) ![[gone.png]] [table](<../data/run 1.csv>)
            //- /attachments/loss.png
            png
            //- /papers/paper.pdf
            pdf
            //- /figs/plot 1.svg
            <svg/>
            //- /data/run 1.csv
            a,b
            //- /data/old.csv
            a,b
            //- /attachments/unused.png
            png
            """,
            ["--unused-attachments"], 1,
            """
            notes/loss.md
              1:67  warning      No file named 'gone.png'  broken-link

            Unused attachments (2)
              attachments/unused.png
              data/old.csv

            1 problem (1 warning) in 1 file, 1 note and 6 attachments indexed in N ms
            """
        },
        {
            "clean vault",
            """
            //- /a.md
            See [[b]].
            //- /b.md
            Back to [[a]].
            """,
            [], 0,
            "No problems, 2 notes indexed in N ms"
        },
        {
            "grouped by file in path order, several problems per file, subfolders",
            """
            //- /z.md
            [[nope]]
            //- /sub/m.md
            first [[x1]]
            second [[x2]] and [[a]]
            //- /a.md
            fine
            """,
            [], 1,
            """
            sub/m.md
              1:7  warning      No note named 'x1'  broken-link
              2:8  warning      No note named 'x2'  broken-link

            z.md
              1:1  warning      No note named 'nope'  broken-link

            3 problems (3 warnings) in 2 files, 3 notes indexed in N ms
            """
        },
        {
            "--fail-on error: warnings are printed but do not fail",
            """
            //- /a.md
            [[missing]]
            """,
            ["--fail-on", "error"], 0,
            """
            a.md
              1:1  warning      No note named 'missing'  broken-link

            1 problem (1 warning) in 1 file, 1 note indexed in N ms
            """
        },
        {
            "configured severity error, --fail-on error fails",
            """
            //- /.notes.json
            { "severity": { "broken-link": "error" } }
            //- /a.md
            [[missing]]
            """,
            ["--fail-on", "error"], 1,
            """
            a.md
              1:1  error        No note named 'missing'  broken-link

            1 problem (1 error) in 1 file, 1 note indexed in N ms
            """
        },
        {
            "configured severity information, default --fail-on warning passes",
            """
            //- /.notes.json
            { "severity": { "broken-link": "info" } }
            //- /a.md
            [[missing]]
            """,
            [], 0,
            """
            a.md
              1:1  information  No note named 'missing'  broken-link

            1 problem (1 information) in 1 file, 1 note indexed in N ms
            """
        },
        {
            "--fail-on hint fails on information",
            """
            //- /.notes.json
            { "severity": { "broken-link": "information" } }
            //- /a.md
            [[missing]]
            """,
            ["--fail-on", "hint"], 1,
            """
            a.md
              1:1  information  No note named 'missing'  broken-link

            1 problem (1 information) in 1 file, 1 note indexed in N ms
            """
        },
        {
            "configured off",
            """
            //- /.notes.json
            // comments are allowed
            { "severity": { "broken-link": "off" } }
            //- /a.md
            [[missing]]
            """,
            [], 0,
            "No problems, 1 note indexed in N ms"
        },
        {
            "ambiguous link",
            """
            //- /a.md
            [[c]]
            //- /x/c.md
            one
            //- /y/c.md
            two
            """,
            [], 1,
            """
            a.md
              1:1  warning      'c' matches 2 notes: x/c.md, y/c.md  ambiguous-link

            1 problem (1 warning) in 1 file, 3 notes indexed in N ms
            """
        },
        {
            ".gitignore is honoured",
            """
            //- /.gitignore
            drafts/
            //- /a.md
            ok
            //- /drafts/d.md
            [[missing]]
            """,
            [], 0,
            "No problems, 1 note indexed in N ms"
        },
        {
            "--exclude GLOB is honoured (repeatable)",
            """
            //- /a.md
            ok
            //- /drafts/d.md
            [[missing]]
            //- /old/o.md
            [[gone]]
            """,
            ["--exclude", "drafts/**", "--exclude", "old/**"], 0,
            "No problems, 1 note indexed in N ms"
        },
        {
            "configured exclude is honoured",
            """
            //- /.notes.json
            { "exclude": ["drafts/**"] }
            //- /a.md
            [[missing]]
            //- /drafts/d.md
            [[gone]]
            """,
            [], 1,
            """
            a.md
              1:1  warning      No note named 'missing'  broken-link

            1 problem (1 warning) in 1 file, 1 note indexed in N ms
            """
        },
        {
            "hidden folders are skipped",
            """
            //- /.trash/t.md
            [[missing]]
            //- /a.md
            ok
            """,
            [], 0,
            "No problems, 1 note indexed in N ms"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_prints_expected_report(string name, string fixture, string[] args, int exitCode, string expected)
    {
        using var vault = new TestVault(fixture);
        var result = vault.Run(["check", .. args]);
        var expectedLines = expected.Replace("\r\n", "\n").Split('\n');
        if (!expectedLines.SequenceEqual(result.Lines))
            Assert.Fail($"{name}\n--- expected\n{string.Join('\n', expectedLines)}\n{result}");
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void Check_takes_the_folder_as_argument_and_shows_paths_relative_to_the_current_folder()
    {
        using var vault = new TestVault("//- /notes/a.md\n[[missing]]\n");
        var result = TestVault.RunIn(vault.Root, ["check", "notes"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("notes/a.md", result.Lines[0]);
    }

    [Fact]
    public void Piped_output_is_plain_and_terminal_output_is_coloured()
    {
        using var vault = new TestVault("//- /a.md\n[[missing]]\n");
        var piped = TestVault.RunIn(vault.Root, ["check"]);
        var terminal = TestVault.RunIn(vault.Root, ["check"], terminal: true);
        Assert.DoesNotContain('\u001b', piped.Out);
        Assert.Contains("\u001b[", terminal.Out);
        Assert.Contains("No note named 'missing'", terminal.Out);
        Assert.Equal(1, terminal.ExitCode);
    }

    [Fact]
    public void Long_messages_are_not_wrapped_when_piped()
    {
        var name = string.Concat(Enumerable.Repeat("very-long-name-", 20));
        using var vault = new TestVault($"//- /a.md\n[[{name}]]\n");
        var result = vault.Run("check");
        Assert.Contains(result.Lines, l => l.Contains($"No note named '{name}'  broken-link", StringComparison.Ordinal));
    }
}

/// <summary>Paths of a vault outside the current folder are shown absolute, not as ../../ chains.</summary>
public class DisplayPathTests
{
    [Fact]
    public void A_vault_outside_the_current_folder_is_shown_with_absolute_paths()
    {
        using var vault = new TestVault("//- /a.md\n[[missing]]\n");
        using var elsewhere = new TestVault("//- /x.md\nx\n");
        var result = TestVault.RunIn(elsewhere.Root, ["check", vault.Root]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(vault.Root.Replace('\\', '/') + "/a.md", result.Lines[0]);
    }
}
