using Notes.FileSystem;

namespace Notes.Cli.Tests;

/// <summary>Usage and IO errors: one clear line each on standard error, nothing on standard output, exit code 2.</summary>
public class ErrorTests
{
    public static TheoryData<string[], string> UsageErrors => new()
    {
        { ["check", "--format", "xml"], "xml" },
        { ["check", "--fail-on", "fatal"], "fatal" },
        { ["check", "--bogus"], "Unrecognized option '--bogus'" },
        { ["frobnicate"], "frobnicate" },
        { [], "Required command was not provided" },
        { ["backlinks"], "NOTE" },
        { ["cites"], "KEY" },
        { ["cites", "k", "--format", "xml"], "xml" },
        { ["graph", "--depth", "0"], "--depth must be at least 1" },
        { ["graph", "--format", "png"], "png" },
        { ["fix"], "pass --tags" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public void Usage_errors_exit_2_with_a_message_on_stderr(string[] args, string expected)
    {
        using var vault = new TestVault("//- /a.md\nok\n");
        var result = vault.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.StartsWith("notes: error: ", result.Error);
        Assert.Equal("", result.Out);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("stats")]
    [InlineData("tags")]
    [InlineData("graph")]
    [InlineData("fix", "--tags")]
    public void A_missing_folder_is_one_line_and_exit_2(string command, string? extra = null)
    {
        using var vault = new TestVault("//- /a.md\nok\n");
        string[] args = extra is null ? [command, "no-such-folder"] : [command, extra, "no-such-folder"];
        var result = vault.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("notes: error: folder not found: no-such-folder\n", result.Error.Replace("\r\n", "\n"));
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void A_file_given_as_folder_is_an_error()
    {
        using var vault = new TestVault("//- /a.md\nok\n");
        var result = vault.Run("check", "a.md");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("notes: error: not a folder: a.md", result.Error.TrimEnd());
    }

    public static TheoryData<string, string> BadConfigurations => new()
    {
        { "{ not json", "is not valid JSON" },
        { """{ "severity": { "broken-link": "loud" } }""", "'broken-link' should be one of" },
        { """{ "colour": "blue" }""", "unknown setting 'colour'" },
        { """{ "severity": { "no-such-code": "error" } }""", "unknown diagnostic code 'no-such-code'" },
    };

    [Theory]
    [MemberData(nameof(BadConfigurations))]
    public void Bad_configuration_is_an_error(string json, string expected)
    {
        using var vault = new TestVault("//- /a.md\nok\n");
        vault.Write(".notes.json", json);
        var result = vault.Run("check");
        Assert.Equal(2, result.ExitCode);
        var lines = result.Error.TrimEnd().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("notes: error: bad configuration in ", lines[0]);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void An_unreadable_note_is_an_error_naming_the_file()
    {
        using var vault = new TestVault("//- /a.md\nok\n//- /b.md\n[[a]]\n");
        var unreadable = vault.PathOf("b.md");
        var result = TestVault.RunIn(vault.Root, ["check"], configure: env => new CliEnvironment
        {
            Out = env.Out, Error = env.Error, Console = env.Console, CurrentDirectory = env.CurrentDirectory,
            ReadNote = (path, root, options, log) =>
            {
                if (path != unreadable) return VaultScanner.ReadNote(path, root, options, log);
                log($"file skipped: {path}: Access to the path is denied.");
                return null;
            },
        });
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"notes: error: file skipped: {unreadable}: Access to the path is denied.", result.Error.TrimEnd());
    }

    [Fact]
    public void Scanner_notices_that_are_not_errors_are_warnings_on_stderr()
    {
        using var vault = new TestVault("//- /a.md\nok\n");
        File.WriteAllBytes(vault.PathOf("bin.md"), [0x41, 0x00, 0x42]);
        var result = vault.Run("check");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("notes: warning: file skipped (binary", result.Error);
        Assert.StartsWith("No problems, 1 note indexed", result.Out);
    }

    [Fact]
    public void Help_lists_every_command_and_exits_0()
    {
        using var vault = new TestVault("//- /a.md\nok\n");
        var result = vault.Run("--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var c in new[] { "check", "backlinks", "graph", "tags", "stats", "fix" })
            Assert.Contains($"  {c} ", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check", "--fail-on")]
    [InlineData("check", "--exclude")]
    [InlineData("backlinks", "--depth")]
    [InlineData("graph", "--around")]
    [InlineData("tags", "--format")]
    [InlineData("stats", "--format")]
    [InlineData("fix", "--write")]
    public void Every_command_has_help(string command, string option)
    {
        var result = TestVault.RunIn(Path.GetTempPath(), [command, "--help"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(option, result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_prints_the_package_version_and_the_build()
    {
        var result = TestVault.RunIn(Path.GetTempPath(), ["--version"]);
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("0.1.0 (", result.Out.Trim());
    }
}
