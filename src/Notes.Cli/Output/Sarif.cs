using System.Text.Json.Serialization;
using Notes.Core.Config;

namespace Notes.Cli.Output;

/// <summary>A SARIF 2.1.0 log of a check, for code-scanning services (only the parts we fill).</summary>
public sealed record Sarif(
    [property: JsonPropertyName("$schema")] string Schema,
    string Version,
    IReadOnlyList<Sarif.Run> Runs)
{
    /// <summary>One run of one tool.</summary>
    public sealed record Run(Tool Tool, IReadOnlyList<Result> Results, IReadOnlyList<Artifact> Artifacts);
    /// <summary>The tool that ran.</summary>
    public sealed record Tool(Driver Driver);
    /// <summary>Name, version and the rules (diagnostic codes).</summary>
    public sealed record Driver(string Name, string Version, string InformationUri, IReadOnlyList<Rule> Rules);
    /// <summary>A diagnostic code.</summary>
    public sealed record Rule(string Id, Message ShortDescription, RuleConfiguration DefaultConfiguration);
    /// <summary>The severity a rule has by default.</summary>
    public sealed record RuleConfiguration(string Level);
    /// <summary>A plain message.</summary>
    public sealed record Message(string Text);
    /// <summary>One problem.</summary>
    public sealed record Result(string RuleId, int RuleIndex, string Level, Message Message, IReadOnlyList<Location> Locations);
    /// <summary>Where a problem is.</summary>
    public sealed record Location(PhysicalLocation PhysicalLocation);
    /// <summary>A file and a region in it.</summary>
    public sealed record PhysicalLocation(ArtifactLocation ArtifactLocation, Region Region);
    /// <summary>A file, relative to the folder the check ran in.</summary>
    public sealed record ArtifactLocation(string Uri);
    /// <summary>One-based lines and columns.</summary>
    public sealed record Region(int StartLine, int StartColumn, int EndLine, int EndColumn);
    /// <summary>A file that was analysed and has results.</summary>
    public sealed record Artifact(ArtifactLocation Location);

    /// <summary>The schema every SARIF 2.1.0 log names.</summary>
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>Converts a report.</summary>
    public static Sarif From(CheckReport report)
    {
        var codes = DiagnosticCodes.Configurable.Append(DiagnosticCodes.Syntax).ToList();
        foreach (var extra in report.Problems.Select(p => p.Code).Distinct().Where(c => !codes.Contains(c)).Order(StringComparer.Ordinal).ToList())
            codes.Add(extra);
        var rules = codes.Select(c => new Rule(c, new Message(Describe(c)), new RuleConfiguration(Level(NotesConfig.Default.SeverityOf(c))))).ToList();
        var results = report.Files.SelectMany(f => f.Problems.Select(p => new Result(
            p.Code, codes.IndexOf(p.Code), Level(p.Severity), new Message(p.Message),
            [new Location(new PhysicalLocation(new ArtifactLocation(Uri(f.DisplayPath)), new Region(p.Line, p.Column, p.EndLine, p.EndColumn)))]))).ToList();
        return new Sarif(SchemaUri, "2.1.0",
        [
            new Run(new Tool(new Driver("notes", Cli.Version, "https://github.com/notes-lsp/notes-lsp", rules)), results,
                [.. report.Files.Select(f => new Artifact(new ArtifactLocation(Uri(f.DisplayPath))))]),
        ]);
    }

    /// <summary>SARIF levels: error, warning, note (information and hints).</summary>
    public static string Level(Severity s) => s switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Off => "none",
        _ => "note",
    };

    private static string Uri(string path) => string.Join('/', path.Split('/').Select(System.Uri.EscapeDataString));

    private static string Describe(string code) => code switch
    {
        DiagnosticCodes.BrokenLink => "A link to a note that does not exist",
        DiagnosticCodes.AmbiguousLink => "A link that matches several notes",
        DiagnosticCodes.UnknownHeading => "A link to a heading the target note does not have",
        DiagnosticCodes.UnknownBlock => "A link to a block id the target note does not have",
        DiagnosticCodes.OutsideWorkspace => "A link that leaves the vault",
        DiagnosticCodes.TagVariant => "A tag written differently from its most used form",
        DiagnosticCodes.TagUnknown => "A tag not in the tag vocabulary",
        DiagnosticCodes.TagOneOff => "A tag used once that looks like a typo of a common tag",
        DiagnosticCodes.TagFormat => "A tag that breaks the configured naming style or depth",
        DiagnosticCodes.UnlinkedMention => "A note's name mentioned without a link",
        DiagnosticCodes.UnknownCitation => "A citation of a key no bibliography of the note defines",
        DiagnosticCodes.UnknownCiteKey => "A literature note whose citekey is in no bibliography",
        DiagnosticCodes.DuplicateCitationKey => "A citation key defined twice in the bibliographies",
        DiagnosticCodes.BibliographySyntax => "A malformed bibliography entry",
        DiagnosticCodes.Syntax => "A Markdown syntax problem",
        _ => code,
    };
}
