using System.CommandLine;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.CommandLine.Invocation;
using Notes.Cli.Commands;

namespace Notes.Cli;

/// <summary>The <c>notes</c> command line: builds the command tree and runs it against an environment.</summary>
public static class Cli
{
    /// <summary>The root command with every subcommand, writing to <paramref name="env"/>.</summary>
    public static RootCommand Create(CliEnvironment env)
    {
        var root = new RootCommand("Check, query and fix a Markdown research-notes vault.")
        {
            CheckCommand.Create(env),
            BacklinksCommand.Create(env),
            CitesCommand.Create(env),
            GraphCommand.Create(env),
            TagsCommand.Create(env),
            StatsCommand.Create(env),
            FixCommand.Create(env),
        };
        // The default prints the entry assembly's version, which is the test host's when run in-process.
        foreach (var v in root.Options.OfType<VersionOption>()) v.Action = new VersionAction(env);
        return root;
    }

    /// <summary>The tool's version (informational, without the commit hash).</summary>
    public static string Version =>
        typeof(Cli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Which build runs: <c>native linux-x64</c> (NativeAOT, no runtime) or <c>portable .NET 10.0.1</c>.</summary>
    public static string Build =>
        RuntimeFeature.IsDynamicCodeSupported
            ? $"portable .NET {Environment.Version}"
            : $"native {RuntimeInformation.RuntimeIdentifier}";

    private sealed class VersionAction(CliEnvironment env) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            env.Out.WriteLine($"{Version} ({Build})");
            return ExitCodes.Ok;
        }
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static int Run(string[] args, CliEnvironment env)
    {
        // No response files: an argument starting with '@' is a citation key (`notes cites @vaswani2017`), not a file to read.
        var parse = Create(env).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Action is ParseErrorAction)
        {
            foreach (var e in parse.Errors) env.Error.WriteLine($"notes: error: {e.Message}");
            env.Error.WriteLine("Run 'notes --help' for usage.");
            return ExitCodes.UsageOrIo;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = env.Out, Error = env.Error, EnableDefaultExceptionHandler = false });
        }
        catch (CliException e)
        {
            foreach (var m in e.Messages) env.Error.WriteLine($"notes: error: {m}");
            return ExitCodes.UsageOrIo;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            env.Error.WriteLine($"notes: error: {e.Message}");
            return ExitCodes.UsageOrIo;
        }
    }
}
