using Notes.Core.Config;
using Spectre.Console;

namespace Notes.Cli.Output;

/// <summary>The output formats of <c>notes check</c>.</summary>
public enum CheckFormat { Text, Json, Sarif, GitHub }

/// <summary>Writes a <see cref="CheckReport"/> in one of the <see cref="CheckFormat"/>s.</summary>
public static class CheckFormatters
{
    /// <summary>The names accepted by <c>--format</c>.</summary>
    public static readonly string[] Names = ["text", "json", "sarif", "github"];

    /// <summary>Parses a <c>--format</c> value.</summary>
    public static CheckFormat Parse(string name) => name.ToLowerInvariant() switch
    {
        "json" => CheckFormat.Json,
        "sarif" => CheckFormat.Sarif,
        "github" => CheckFormat.GitHub,
        _ => CheckFormat.Text,
    };

    /// <summary>Writes the report: text to the styled console, the machine formats to the plain writer.</summary>
    public static void Write(CheckReport report, CheckFormat format, CliEnvironment env)
    {
        switch (format)
        {
            case CheckFormat.Json: Json.Write(env.Out, CheckJson.From(report)); break;
            case CheckFormat.Sarif: Json.Write(env.Out, Sarif.From(report)); break;
            case CheckFormat.GitHub: WriteGitHub(report, env.Out); break;
            default: WriteText(report, env.Console); break;
        }
    }

    /// <summary>Grouped by file: the path, then one indented line per problem; a summary line at the end.</summary>
    public static void WriteText(CheckReport report, IAnsiConsole console)
    {
        foreach (var file in report.Files)
        {
            console.MarkupLine($"[bold underline]{Markup.Escape(file.DisplayPath)}[/]");
            int width = file.Problems.Max(p => $"{p.Line}:{p.Column}".Length);
            foreach (var p in file.Problems)
            {
                var sev = SeverityNames.Name(p.Severity);
                console.MarkupLine(
                    $"  [dim]{$"{p.Line}:{p.Column}".PadRight(width)}[/]  [{Colour(p.Severity)}]{sev,-11}[/]  {Markup.Escape(p.Message)}  [dim]{Markup.Escape(p.Code)}[/]");
            }
            console.WriteLine();
        }
        if (report.UnusedAttachments is { } unused)
        {
            console.MarkupLine(unused.Count == 0 ? "[green]No unused attachments[/]" : $"[bold underline]Unused attachments ({unused.Count})[/]");
            foreach (var path in unused) console.MarkupLine($"  {Markup.Escape(path)}");
            console.WriteLine();
        }
        console.MarkupLine(Summary(report));
    }

    /// <summary>"N problems (…) in M files, K notes indexed in T ms", with markup.</summary>
    public static string Summary(CheckReport report)
    {
        int n = report.Problems.Count();
        var counts = new[] { Severity.Error, Severity.Warning, Severity.Information, Severity.Hint }
            .Select(s => (s, c: report.Count(s))).Where(x => x.c > 0)
            .Select(x => $"{x.c} {SeverityNames.Name(x.s)}{(x.c == 1 || x.s == Severity.Information ? "" : "s")}");
        var head = n == 0
            ? "[green]No problems[/]"
            : $"[bold]{Plural(n, "problem")}[/] ({string.Join(", ", counts)}) in {Plural(report.Files.Count, "file")}";
        var indexed = report.AttachmentsIndexed == 0 ? Plural(report.NotesIndexed, "note")
            : $"{Plural(report.NotesIndexed, "note")} and {Plural(report.AttachmentsIndexed, "attachment")}";
        return $"{head}, {indexed} indexed in {report.Elapsed.TotalMilliseconds:0} ms";
    }

    private static string Plural(int n, string word) => $"{n} {word}{(n == 1 ? "" : "s")}";

    private static string Colour(Severity s) => s switch
    {
        Severity.Error => "red",
        Severity.Warning => "yellow",
        Severity.Information => "blue",
        _ => "grey",
    };

    /// <summary>GitHub Actions workflow commands: <c>::warning file=…,line=…,col=…::message</c>.</summary>
    public static void WriteGitHub(CheckReport report, TextWriter w)
    {
        foreach (var file in report.Files)
            foreach (var p in file.Problems)
            {
                var kind = p.Severity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "notice" };
                w.WriteLine($"::{kind} file={Property(file.DisplayPath)},line={p.Line},col={p.Column},endLine={p.EndLine},endColumn={p.EndColumn},title={Property(p.Code)}::{Data(p.Message)}");
            }
    }

    // https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts (escapeData / escapeProperty)
    private static string Data(string s) => s.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");
    private static string Property(string s) => Data(s).Replace(":", "%3A").Replace(",", "%2C");
}

/// <summary>The JSON output of <c>notes check</c>; its schema is <c>Schemas/check.schema.json</c> (version 1).</summary>
public sealed record CheckJson(int Version, string Root, CheckJson.SummaryJson Summary, IReadOnlyList<CheckJson.FileJson> Files,
    IReadOnlyList<string>? UnusedAttachments = null)
{
    /// <summary>Counts and timing.</summary>
    public sealed record SummaryJson(int Problems, int Files, int Notes, int Errors, int Warnings, int Information, int Hints, long ElapsedMs, int Attachments);
    /// <summary>One file with problems.</summary>
    public sealed record FileJson(string Path, string DisplayPath, IReadOnlyList<ProblemJson> Problems);
    /// <summary>One problem; positions are one-based, columns in UTF-16 code units.</summary>
    public sealed record ProblemJson(string Code, string Severity, string Message, int Line, int Column, int EndLine, int EndColumn);

    /// <summary>The schema version written in <see cref="Version"/>.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Converts a report.</summary>
    public static CheckJson From(CheckReport r) => new(
        SchemaVersion,
        r.Root,
        new SummaryJson(r.Problems.Count(), r.Files.Count, r.NotesIndexed,
            r.Count(Severity.Error), r.Count(Severity.Warning), r.Count(Severity.Information), r.Count(Severity.Hint),
            (long)r.Elapsed.TotalMilliseconds, r.AttachmentsIndexed),
        [.. r.Files.Select(f => new FileJson(f.Path, f.DisplayPath,
            [.. f.Problems.Select(p => new ProblemJson(p.Code, SeverityNames.Name(p.Severity), p.Message, p.Line, p.Column, p.EndLine, p.EndColumn))]))],
        r.UnusedAttachments);
}

/// <summary>The JSON Schemas of the machine outputs, embedded in the tool.</summary>
public static class Schemas
{
    /// <summary>The schema of <c>notes check --format json</c>.</summary>
    public const string Check = "Notes.Cli.Schemas.check.schema.json";

    /// <summary>The text of an embedded schema.</summary>
    public static string Read(string name)
    {
        using var stream = typeof(Schemas).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"no embedded schema {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
