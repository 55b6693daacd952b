using System.Diagnostics;

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

/// <summary>The built <c>notes.dll</c> run as a real process on the example vault.</summary>
public class ProcessTests
{
    private static (int Code, string Out, string Err) RunTool(params string[] args)
    {
        var dll = typeof(Cli).Assembly.Location; // notes.dll, copied next to the tests with its runtimeconfig
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = Repo.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), "notes did not finish in 60 s");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Check_on_the_example_vault_reports_the_broken_link_and_exits_1()
    {
        var (code, stdout, stderr) = RunTool("check", "examples/research-notes");
        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("examples/research-notes/deep-learning-next-steps.md", stdout);
        Assert.Contains("No note named 'project-fairness'  broken-link", stdout);
        Assert.DoesNotContain('\u001b', stdout); // piped: plain text
        Assert.Matches(@"\d+ notes and 4 attachments indexed in \d+ ms", stdout); // the figures and the PDF
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
}
