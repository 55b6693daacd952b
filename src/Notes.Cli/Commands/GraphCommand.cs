using System.CommandLine;
using Notes.Cli.Output;
using Notes.Core.Features;

namespace Notes.Cli.Commands;

/// <summary><c>notes graph [DIR]</c>: the link graph of the vault or of a note's neighbourhood.</summary>
public static class GraphCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var dir = CommonOptions.Dir();
        var format = CommonOptions.Format(GraphFormatters.Names);
        var around = new Option<string?>("--around") { Description = "Only the notes within --depth links of this note (path or name)", HelpName = "NOTE" };
        var depth = CommonOptions.Depth("With --around: how many links away, either direction");
        var exclude = CommonOptions.Exclude();
        var command = new Command("graph", "Print the link graph (broken links as missing nodes)") { dir, format, around, depth, exclude };
        command.SetAction((parse, ct) => Task.FromResult(Run(env, parse.GetValue(dir)!, parse.GetValue(format)!, parse.GetValue(around), parse.GetValue(depth), parse.GetValue(exclude) ?? [], ct)));
        return command;
    }

    /// <summary>Builds the graph with the core's <see cref="LinkGraph"/> and writes it.</summary>
    public static int Run(CliEnvironment env, string dir, string format, string? around, int depth, string[] exclude, CancellationToken ct = default)
    {
        var vault = VaultLoader.Load(env, dir, exclude, ct);
        var center = around is null ? null : CommonOptions.FindNote(env, vault, around);
        GraphFormatters.Write(LinkGraph.Build(vault.Snapshot, center, depth, ct), format, env.Out);
        return ExitCodes.Ok;
    }
}
