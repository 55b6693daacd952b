using System.Text.RegularExpressions;
using Notes.Testing;

namespace Notes.Cli.Tests;

/// <summary>What one in-process run of the command line printed, and its exit code.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>Standard output lines, with timings ("12 ms") replaced by "N ms" so expectations are stable.</summary>
    public string[] Lines => Normalise(Out).TrimEnd('\n').Split('\n');

    /// <summary>Timings replaced, line endings made '\n'.</summary>
    public static string Normalise(string text) => Regex.Replace(text.Replace("\r\n", "\n"), @"\d+ ms\b", "N ms");

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}--- stderr\n{Error}";
}

/// <summary>A fixture (<c>//- /path</c> sections) written to a temporary folder, deleted on dispose.</summary>
public sealed class TestVault : IDisposable
{
    private readonly Sandbox _sandbox = new("notes-cli");

    /// <summary>The vault, inside a sandbox whose files outside the vault must not change.</summary>
    public string Root => _sandbox.Vault;

    public TestVault(string fixture)
    {
        foreach (var (rel, text) in Fixture.Parse(fixture).Files) Write(rel, text);
    }

    public string PathOf(string relative) => Path.Combine(Root, relative.TrimStart('/'));

    public void Write(string relative, string text)
    {
        var full = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>Runs <c>notes args</c> in-process with the vault as the current folder.</summary>
    public CliResult Run(params string[] args) => RunIn(Root, args);

    /// <summary>
    /// Runs with captured writers; <paramref name="configure"/> may adjust the environment (terminal, seams). When
    /// <c>NOTES_CLI</c> names a built tool (the native <c>notes</c>, as <c>scripts/test.sh</c> sets it), every run that
    /// needs neither a terminal nor a seam runs that program as a process instead, so the suite tests that build.
    /// </summary>
    public static CliResult RunIn(string cwd, string[] args, bool terminal = false, Func<CliEnvironment, CliEnvironment>? configure = null)
    {
        if (ExternalTool.Path is not null && !terminal && configure is null) return ExternalTool.Run(cwd, args);
        var output = new StringWriter();
        var error = new StringWriter();
        var env = CliEnvironment.Capture(output, error, terminal, cwd);
        if (configure is not null) env = configure(env);
        int code = Cli.Run(args, env);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Fails the test if anything outside the vault was written, then removes the sandbox.</summary>
    public void Dispose()
    {
        try { _sandbox.AssertOutsideUnchanged(); }
        finally { _sandbox.Dispose(); }
    }
}

/// <summary>The tool named by <c>NOTES_CLI</c> (a native <c>notes</c> or a <c>notes.dll</c>), run as a process.</summary>
public static class ExternalTool
{
    public static string? Path { get; } = Environment.GetEnvironmentVariable("NOTES_CLI") is { Length: > 0 } p ? System.IO.Path.GetFullPath(p) : null;

    public static CliResult Run(string cwd, string[] args) => Run(Path!, cwd, args);

    /// <summary>Runs <paramref name="tool"/> (through <c>dotnet</c> for a <c>.dll</c>) in <paramref name="cwd"/>.</summary>
    public static CliResult Run(string tool, string cwd, string[] args)
    {
        var psi = BuiltProgram.StartInfo(tool, args);
        psi.WorkingDirectory = cwd;
        psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        psi.StandardOutputEncoding = psi.StandardErrorEncoding = System.Text.Encoding.UTF8;
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', args)} did not finish in 120 s");
        }
        return new CliResult(p.ExitCode, stdout.Result, stderr.Result);
    }
}
