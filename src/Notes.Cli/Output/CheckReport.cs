using Notes.Core.Text;
using Notes.Core.Citations;
using Notes.Core.Config;
using Notes.Core.Features;
using Notes.Core.Index;

namespace Notes.Cli.Output;

/// <summary>One diagnostic with one-based positions, ready for any output format.</summary>
public sealed record CheckProblem(string Code, Severity Severity, string Message, int Line, int Column, int EndLine, int EndColumn);

/// <summary>The problems of one note or bibliography file. <see cref="Path"/> is relative to the vault root, <see cref="DisplayPath"/> to the current folder.</summary>
public sealed record CheckFile(string Path, string DisplayPath, IReadOnlyList<CheckProblem> Problems);

/// <summary>The result of <c>notes check</c>: every diagnostic the server would show, grouped by file.</summary>
/// <param name="UnusedAttachments">Attachments no note links to or embeds (relative paths), when asked for; else null.</param>
public sealed record CheckReport(string Root, IReadOnlyList<CheckFile> Files, int NotesIndexed, TimeSpan Elapsed,
    int AttachmentsIndexed = 0, IReadOnlyList<string>? UnusedAttachments = null)
{
    /// <summary>All problems of all files.</summary>
    public IEnumerable<CheckProblem> Problems => Files.SelectMany(f => f.Problems);

    /// <summary>How many problems have exactly this severity.</summary>
    public int Count(Severity severity) => Problems.Count(p => p.Severity == severity);

    /// <summary>
    /// Computes the diagnostics of every note with the core's <see cref="NoteDiagnostics"/>, and each bibliography
    /// file's own (<see cref="CitationFeatures.ForFile"/>: malformed entries, duplicate keys); files in path order.
    /// </summary>
    public static CheckReport Build(Vault vault, CancellationToken ct = default, bool unusedAttachments = false)
    {
        var notes = vault.Notes
            .AsParallel().AsOrdered().WithCancellation(ct)
            .Select(note => new CheckFile(note.RelativePath, vault.DisplayPath(note.Path), ProblemsOf(vault, note, ct)))
            .ToList();
        var bibliographies = vault.Snapshot.Citations.Files.Values
            .Select(bib => new CheckFile(NotePath.Relative(bib.Path, vault.Root), vault.DisplayPath(bib.Path), ProblemsOf(vault, bib)));
        var files = notes.Concat(bibliographies)
            .Where(f => f.Problems.Count > 0)
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        var unused = unusedAttachments ? UnusedAttachmentFiles(vault, ct).Select(f => f.RelativePath).ToList() : null;
        return new CheckReport(vault.Root, files, vault.Snapshot.Notes.Count, vault.Elapsed, vault.Snapshot.Attachments.Count, unused);
    }

    private static List<CheckProblem> ProblemsOf(Vault vault, NoteDocument note, CancellationToken ct) =>
        Positioned(NoteDiagnostics.Compute(vault.Snapshot, note, vault.Config, ct), note.Syntax.Lines);

    /// <summary>Diagnostics in text order (then end, then code), with one-based positions in the file they are about.</summary>
    private static List<CheckProblem> Positioned(IEnumerable<NoteDiagnostic> diagnostics, LineIndex lines) =>
        diagnostics
            .OrderBy(d => d.Span.Start).ThenBy(d => d.Span.End).ThenBy(d => d.Code, StringComparer.Ordinal)
            .Select(d =>
            {
                var (line, col) = Vault.Position(lines, d.Span.Start);
                var (endLine, endCol) = Vault.Position(lines, d.Span.End);
                return new CheckProblem(d.Code, d.Severity, d.Message, line, col, endLine, endCol);
            })
            .ToList();

    /// <summary>The attachments no note links to or embeds, without the bibliography files (notes cite their entries, not the file).</summary>
    public static IEnumerable<AttachmentFile> UnusedAttachmentFiles(Vault vault, CancellationToken ct = default) =>
        Queries.UnusedAttachments(vault.Snapshot, ct);

    private static List<CheckProblem> ProblemsOf(Vault vault, BibliographyFile file) =>
        Positioned(CitationFeatures.ForFile(vault.Snapshot, file, vault.Config), file.Lines);
}

/// <summary>Severity names as the command line and the JSON output spell them.</summary>
public static class SeverityNames
{
    /// <summary>The names accepted by <c>--fail-on</c>.</summary>
    public static readonly string[] FailOn = ["error", "warning", "information", "hint"];

    /// <summary>Lower-case name: error, warning, information, hint.</summary>
    public static string Name(Severity s) => s switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Information => "information",
        Severity.Hint => "hint",
        _ => "off",
    };

    /// <summary>Parses a name from <see cref="FailOn"/>.</summary>
    public static Severity Parse(string name) => name.ToLowerInvariant() switch
    {
        "error" => Severity.Error,
        "warning" => Severity.Warning,
        "information" or "info" => Severity.Information,
        "hint" => Severity.Hint,
        _ => throw new CliException($"unknown severity '{name}' (use one of {string.Join(", ", FailOn)})"),
    };
}
