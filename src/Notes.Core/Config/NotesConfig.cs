using System.Collections.Immutable;

namespace Notes.Core.Config;

public enum Severity { Off, Hint, Information, Warning, Error }

/// <summary>How completion writes a link target.</summary>
public enum LinkStyle { Stem, TitleSlug, RelativePath }

/// <summary>The naming style the tag-format rule checks.</summary>
public enum TagStyle { Any, KebabCase, SnakeCase, CamelCase }

/// <summary>The stable diagnostic codes; each has a configurable severity.</summary>
public static class DiagnosticCodes
{
    public const string BrokenLink = "broken-link";
    public const string AmbiguousLink = "ambiguous-link";
    public const string UnknownHeading = "unknown-heading";
    public const string UnknownBlock = "unknown-block";
    public const string OutsideWorkspace = "outside-workspace";
    public const string TagVariant = "tag-variant";
    public const string TagUnknown = "tag-unknown";
    public const string TagOneOff = "tag-one-off";
    public const string TagFormat = "tag-format";
    public const string UnlinkedMention = "unlinked-mention";
    public const string Syntax = "syntax";
    public const string Config = "config";
    public const string UnknownCitation = "unknown-citation";
    public const string UnknownCiteKey = "unknown-citekey";
    public const string DuplicateCitationKey = "duplicate-citation-key";
    public const string BibliographySyntax = "bibliography-syntax";

    public static readonly ImmutableArray<string> Configurable =
        [BrokenLink, AmbiguousLink, UnknownHeading, UnknownBlock, OutsideWorkspace, TagVariant, TagUnknown, TagOneOff, TagFormat, UnlinkedMention,
         UnknownCitation, UnknownCiteKey, DuplicateCitationKey, BibliographySyntax];
}

/// <summary>
/// The workspace configuration: from <c>.notes.json</c> at a root, overlaid by the editor's <c>notes</c> settings.
/// Immutable; a bad value keeps its default (and the loader reports it).
/// </summary>
public sealed record NotesConfig
{
    public LinkStyle LinkStyle { get; init; } = LinkStyle.Stem;
    public ImmutableArray<string> Exclude { get; init; } = [];
    public long MaxFileSize { get; init; } = 5 * 1024 * 1024;
    public TagStyle TagStyle { get; init; } = TagStyle.Any;
    /// <summary>Deepest nesting allowed (<c>a/b/c</c> is 3); 0 for no limit.</summary>
    public int TagMaxDepth { get; init; }
    /// <summary>Allowed tags; empty means no vocabulary (unless <see cref="TagVocabularyFile"/> names an existing note).</summary>
    public ImmutableArray<string> TagVocabulary { get; init; } = [];
    /// <summary>A note whose tags form the vocabulary (relative to the root).</summary>
    public string TagVocabularyFile { get; init; } = "tags.md";
    /// <summary>A one-off tag is reported when a tag at least this common is within edit distance 2.</summary>
    public int OneOffMinCommonCount { get; init; } = 3;
    /// <summary>Globs (relative to the root) of template files, from <c>.notes.json</c> or the editor's settings.</summary>
    public ImmutableArray<string> Templates { get; init; } = [];
    /// <summary>
    /// Globs of the template folders and files the vault's own app settings name (Obsidian's Templates core plugin,
    /// Templater, Zotero Integration), read by the loader beside <c>.notes.json</c>.
    /// </summary>
    public ImmutableArray<string> AppTemplates { get; init; } = [];
    public ImmutableDictionary<string, Severity> Severities { get; init; } = DefaultSeverities;
    /// <summary>
    /// The bibliographies (paths relative to the root) whose keys count for every note that names none itself; empty:
    /// every <c>.bib</c> and CSL JSON file of the vault.
    /// </summary>
    public ImmutableArray<string> Bibliographies { get; init; } = [];
    /// <summary>Renaming a citation key also renames its entry in the bibliography files (off: only the notes change).</summary>
    public bool RenameKeysInBibliography { get; init; }

    public static readonly ImmutableDictionary<string, Severity> DefaultSeverities = new Dictionary<string, Severity>
    {
        [DiagnosticCodes.BrokenLink] = Severity.Warning,
        [DiagnosticCodes.AmbiguousLink] = Severity.Warning,
        [DiagnosticCodes.UnknownHeading] = Severity.Warning,
        [DiagnosticCodes.UnknownBlock] = Severity.Warning,
        [DiagnosticCodes.OutsideWorkspace] = Severity.Warning,
        [DiagnosticCodes.TagVariant] = Severity.Warning,
        [DiagnosticCodes.TagUnknown] = Severity.Information,
        [DiagnosticCodes.TagOneOff] = Severity.Information,
        [DiagnosticCodes.TagFormat] = Severity.Information,
        [DiagnosticCodes.UnlinkedMention] = Severity.Off,
        [DiagnosticCodes.Syntax] = Severity.Warning,
        [DiagnosticCodes.Config] = Severity.Error,
        [DiagnosticCodes.UnknownCitation] = Severity.Warning,
        [DiagnosticCodes.UnknownCiteKey] = Severity.Information,
        [DiagnosticCodes.DuplicateCitationKey] = Severity.Warning,
        [DiagnosticCodes.BibliographySyntax] = Severity.Warning,
    }.ToImmutableDictionary();

    // Declared after DefaultSeverities: static initialisers run in textual order.
    public static readonly NotesConfig Default = new();

    /// <summary>Every template glob: the app's and the configured ones.</summary>
    public Index.PathPatterns TemplatePatterns => Index.PathPatterns.Of(AppTemplates.Concat(Templates));

    public Severity SeverityOf(string code) => Severities.GetValueOrDefault(code, DefaultSeverities.GetValueOrDefault(code, Severity.Warning));
}
