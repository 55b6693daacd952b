using System.CommandLine;
using Notes.Cli.Output;
using Notes.Core.Features;
using Notes.Core.Index;
using Spectre.Console;

namespace Notes.Cli.Commands;

/// <summary><c>notes stats [DIR]</c>: counts of notes, links, broken links, orphans, dead ends, tags and citations.</summary>
public static class StatsCommand
{
    /// <summary>
    /// The numbers <c>notes stats</c> prints. Citations: the citation items that count (bracketed, or in-text with a
    /// defined key; templates left out), the distinct keys they cite, the notes with at least one, and the distinct
    /// keys cited where no bibliography of the citing note (nor its own references) defines them. Bibliographies: the
    /// <c>.bib</c> and CSL JSON files, their entries (a key defined twice counts twice), and the literature notes.
    /// </summary>
    public sealed record VaultStats(int Notes, int Links, int BrokenLinks, int Orphans, int DeadEnds, int Tags, int TagUses, long ElapsedMs,
        int Attachments, int UnusedAttachments,
        int Citations, int CitedKeys, int CitingNotes, int UnknownKeys, int Bibliographies, int Entries, int LiteratureNotes);

    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env) =>
        CommonOptions.VaultCommand("stats", "Count notes, attachments, links, broken links, orphans, dead ends, tags and citations", ["text", "json"], (dir, format, exclude, ct) => Run(env, dir, format, exclude, ct));

    /// <summary>Computes the numbers with the core's queries.</summary>
    public static VaultStats Compute(Vault vault)
    {
        var ws = vault.Snapshot;
        var resolutions = ws.All.SelectMany(n => Queries.LinksFrom(ws, n)).ToList();
        var citations = ws.All.Where(n => !ws.IsTemplate(n))
            .SelectMany(n => n.Syntax.Citations.Where(c => CitationFeatures.Counts(ws, n, c)).Select(c => (Note: n, Citation: c)))
            .ToList();
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
            CheckReport.UnusedAttachmentFiles(vault).Count(),
            citations.Count,
            citations.Select(x => x.Citation.Key).Distinct(StringComparer.Ordinal).Count(),
            citations.Select(x => x.Note.Path).Distinct(StringComparer.Ordinal).Count(),
            citations.Where(x => ws.Citations.DefinitionsFor(x.Note, x.Citation.Key).IsEmpty).Select(x => x.Citation.Key).Distinct(StringComparer.Ordinal).Count(),
            ws.Citations.Files.Count,
            ws.Citations.Files.Values.Sum(f => f.Bibliography.Entries.Count),
            ws.All.Count(n => !ws.IsTemplate(n) && CitationFeatures.LiteratureKeyOf(ws, n) is not null));
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
            ("dead ends", $"{s.DeadEnds}"), ("tags", $"{s.Tags} ({s.TagUses} uses)"),
            ("citations", $"{s.Citations} in {Plural(s.CitingNotes, "note")} ({Plural(s.CitedKeys, "key")}, {s.UnknownKeys} unknown)"),
            ("bibliography", $"{Plural(s.Bibliographies, "file")} ({Plural(s.Entries, "entry", "entries")}, {Plural(s.LiteratureNotes, "literature note")})"),
            ("indexed in", $"{s.ElapsedMs} ms"),
        })
            env.Console.MarkupLine($"{label,-13}[bold]{value}[/]");
        return ExitCodes.Ok;
    }

    private static string Plural(int n, string one, string? many = null) => $"{n} {(n == 1 ? one : many ?? one + "s")}";
}
