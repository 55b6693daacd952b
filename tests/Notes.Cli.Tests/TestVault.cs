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

    /// <summary>Runs with captured writers; <paramref name="configure"/> may adjust the environment (terminal, seams).</summary>
    public static CliResult RunIn(string cwd, string[] args, bool terminal = false, Func<CliEnvironment, CliEnvironment>? configure = null)
    {
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
