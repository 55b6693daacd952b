using System.CommandLine;
using Notes.Cli.Output;
using Notes.Core.Index;
using Spectre.Console;

namespace Notes.Cli.Commands;

/// <summary><c>notes stats [DIR]</c>: counts of notes, links, broken links, orphans, dead ends and tags.</summary>
public static class StatsCommand
{
    /// <summary>The numbers <c>notes stats</c> prints.</summary>
    public sealed record VaultStats(int Notes, int Links, int BrokenLinks, int Orphans, int DeadEnds, int Tags, int TagUses, long ElapsedMs,
        int Attachments, int UnusedAttachments);

    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env) =>
        CommonOptions.VaultCommand("stats", "Count notes, attachments, links, broken links, orphans, dead ends and tags", ["text", "json"], (dir, format, exclude, ct) => Run(env, dir, format, exclude, ct));

    /// <summary>Computes the numbers with the core's queries.</summary>
    public static VaultStats Compute(Vault vault)
    {
        var ws = vault.Snapshot;
        var resolutions = ws.All.SelectMany(n => Queries.LinksFrom(ws, n)).ToList();
        return new VaultStats(
            ws.Notes.Count,
            resolutions.Count,
            resolutions.Count(r => r.Status == LinkStatus.Broken),
            Queries.Orphans(ws).Count(),
            Queries.DeadEnds(ws).Count(),
            ws.TagCounts.Count,
            ws.TagCounts.Values.Sum(),
            (long)vault.Elapsed.TotalMilliseconds,
            ws.Attachments.Count,
            Queries.UnusedAttachments(ws).Count());
    }

    /// <summary>Writes the numbers as aligned text or JSON.</summary>
    public static int Run(CliEnvironment env, string dir, string format, string[] exclude, CancellationToken ct = default)
    {
        var vault = VaultLoader.Load(env, dir, exclude, ct);
        var s = Compute(vault);
        if (format == "json")
        {
            Json.Write(env.Out, s);
            return ExitCodes.Ok;
        }
        foreach (var (label, value) in new[]
        {
            ("notes", $"{s.Notes}"), ("attachments", $"{s.Attachments} ({s.UnusedAttachments} unused)"), ("links", $"{s.Links}"), ("broken links", $"{s.BrokenLinks}"), ("orphans", $"{s.Orphans}"),
            ("dead ends", $"{s.DeadEnds}"), ("tags", $"{s.Tags} ({s.TagUses} uses)"), ("indexed in", $"{s.ElapsedMs} ms"),
        })
            env.Console.MarkupLine($"{label,-13}[bold]{value}[/]");
        return ExitCodes.Ok;
    }
}
