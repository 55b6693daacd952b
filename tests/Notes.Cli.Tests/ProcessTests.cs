using Notes.Testing;

namespace Notes.Cli.Tests;

/// <summary>Where the repository and the built tool are.</summary>
public static class Repo
{
    /// <summary>The folder holding Notes.Lsp.sln, found upwards from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Notes.Lsp.sln"))) return dir.FullName;
        throw new InvalidOperationException("Notes.Lsp.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>The built tool run as a real process on the example vault.</summary>
public class ProcessTests
{
    /// <summary>The tool <c>NOTES_CLI</c> names, else the <c>notes.dll</c> built beside the tests.</summary>
    private static (int Code, string Out, string Err) RunTool(params string[] args)
    {
        var tool = ExternalTool.Path ?? typeof(Cli).Assembly.Location; // notes.dll is copied here with its runtimeconfig
        var r = ExternalTool.Run(tool, Repo.Root, args);
        return (r.ExitCode, r.Out, r.Error);
    }

    [Fact]
    public void Check_on_the_example_vault_reports_the_broken_link_and_exits_1()
    {
        var (code, stdout, stderr) = RunTool("check", "examples/research-notes");
        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("examples/research-notes/deep-learning-next-steps.md", stdout);
        Assert.Contains("No note named 'project-fairness'  broken-link", stdout);
        Assert.DoesNotContain('\u001b', stdout); // piped: plain text
        Assert.Matches(@"\d+ notes and 5 attachments indexed in \d+ ms", stdout); // the figures, the PDF and refs.bib
        Assert.DoesNotContain("No file", stdout); // every embedded figure is found
    }

    [Fact]
    public void A_missing_folder_exits_2_with_one_line_on_stderr()
    {
        var (code, stdout, stderr) = RunTool("check", "no/such/folder");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal("notes: error: folder not found: no/such/folder", stderr.TrimEnd());
    }

    [Fact]
    public void Version_names_the_build_that_runs()
    {
        var (code, stdout, _) = RunTool("--version");
        Assert.Equal(0, code);
        bool native = ExternalTool.Path is { } p && !BuiltProgram.IsPortable(p);
        Assert.Matches(native ? @"^0\.1\.0 \(native [a-z]+-[a-z0-9]+\)$" : @"^0\.1\.0 \(portable \.NET 10\.\d+\.\d+\)$", stdout.Trim());
    }
}
