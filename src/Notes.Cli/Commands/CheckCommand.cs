using System.CommandLine;
using Notes.Cli.Output;

namespace Notes.Cli.Commands;

/// <summary><c>notes check [DIR]</c>: every diagnostic the language server would show, for CI and terminals.</summary>
public static class CheckCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var dir = CommonOptions.Dir();
        var exclude = CommonOptions.Exclude();
        var format = CommonOptions.Format(CheckFormatters.Names);
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Exit with 1 when a problem at or above this severity exists",
            DefaultValueFactory = _ => "warning",
        };
        failOn.AcceptOnlyFromAmong(SeverityNames.FailOn);
        var unused = new Option<bool>("--unused-attachments")
        {
            Description = "Also list the attachments (images, PDFs, other files) that no note links to or embeds",
        };
        var command = new Command("check", "Report broken links, ambiguous links, tag and citation problems (bibliography files too), grouped by file")
        {
            dir, exclude, format, failOn, unused,
        };
        command.SetAction((parse, ct) => Task.FromResult(Run(env,
            parse.GetValue(dir)!, parse.GetValue(exclude) ?? [], CheckFormatters.Parse(parse.GetValue(format)!),
            SeverityNames.Parse(parse.GetValue(failOn)!), ct, parse.GetValue(unused))));
        return command;
    }

    /// <summary>
    /// Checks the vault and writes the report; 1 when a problem reaches <paramref name="failOn"/>. Unused attachments,
    /// when asked for, are reported but never fail the check (they are housekeeping, not mistakes).
    /// </summary>
    public static int Run(CliEnvironment env, string dir, string[] exclude, CheckFormat format, Core.Config.Severity failOn, CancellationToken ct = default,
        bool unusedAttachments = false)
    {
        var vault = VaultLoader.Load(env, dir, exclude, ct);
        var report = CheckReport.Build(vault, ct, unusedAttachments);
        CheckFormatters.Write(report, format, env);
        return report.Problems.Any(p => p.Severity >= failOn) ? ExitCodes.Problems : ExitCodes.Ok;
    }
}
