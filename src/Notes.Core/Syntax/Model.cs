using Notes.Core.Text;

namespace Notes.Core.Syntax;

/// <summary>What kind of link a <see cref="NoteLink"/> is, as written.</summary>
public enum LinkKind
{
    /// <summary><c>[[target#frag|label]]</c></summary>
    WikiLink,
    /// <summary><c>![[target]]</c></summary>
    Embed,
    /// <summary><c>[text](path.md#frag)</c>, reference-style links resolved to their definition, and <c>&lt;autolinks&gt;</c> to local files.</summary>
    Markdown,
    /// <summary><c>![alt](path)</c></summary>
    Image,
}

/// <summary>Where a note's title came from.</summary>
public enum TitleSource { FrontMatter, Heading, FileName }

/// <summary>
/// A link from this note to a local note (never an external URL; those are in <see cref="ParsedNote.ExternalLinks"/>).
/// Every span is exact, so completion and rename can replace exactly one part.
/// </summary>
/// <param name="Kind">How the link is written.</param>
/// <param name="Span">The whole link, brackets included (<c>[[a#b|c]]</c>, <c>![[a]]</c>, <c>[x](a.md)</c>).</param>
/// <param name="Target">The target as written, without fragment or label: <c>note</c>, <c>dir/note.md</c>, <c>../x.md</c>; percent-decoded for Markdown links; empty for a same-note link <c>[[#Heading]]</c>.</param>
/// <param name="TargetSpan">Exactly the target's characters in the source (an empty span where the target is empty).</param>
/// <param name="Fragment">The heading text (a heading path <c>General#Account</c> kept whole), or the block id (without <c>^</c>) when <paramref name="IsBlockRef"/>; null when there is none.</param>
/// <param name="FragmentSpan">Exactly the fragment's characters (after <c>#</c>, <c>#^</c> or <c>^</c>).</param>
/// <param name="IsBlockRef">The fragment names a block id: <c>[[t#^id]]</c> or <c>[[t^id]]</c>.</param>
/// <param name="Label">The label after <c>|</c> (or <c>\|</c>, whose <c>\</c> is in neither part) in a wikilink, or the link text of a Markdown link.</param>
/// <param name="LabelSpan">Exactly the label's characters.</param>
public sealed record NoteLink(
    LinkKind Kind,
    TextSpan Span,
    string Target,
    TextSpan TargetSpan,
    string? Fragment,
    TextSpan? FragmentSpan,
    bool IsBlockRef,
    string? Label,
    TextSpan? LabelSpan)
{
    public bool IsWiki => Kind is LinkKind.WikiLink or LinkKind.Embed;
}

/// <summary>A link to something outside the vault: a URL with a scheme (<c>https:</c>, <c>mailto:</c>, ...).</summary>
public sealed record ExternalLink(TextSpan Span, string Url, TextSpan UrlSpan);

/// <summary>An ATX or setext heading.</summary>
/// <param name="Span">The heading's line(s), markers included.</param>
/// <param name="TextSpan">Exactly the heading text (no <c>#</c> markers, no trailing block id).</param>
/// <param name="Slug">GitHub-style slug, unique within the note (<c>intro</c>, <c>intro-1</c>, ...).</param>
/// <param name="Section">From the heading to the next heading of the same or a higher level, or the end of the note.</param>
public sealed record Heading(int Level, string Text, string Slug, TextSpan Span, TextSpan TextSpan, TextSpan Section);

/// <summary>A tag, <c>#name</c> inline or a front-matter entry.</summary>
/// <param name="Name">Without <c>#</c>, as written (case kept): <c>neural_networks</c>, <c>ml/nlp</c>.</param>
/// <param name="Span">The tag as written, <c>#</c> included when inline; the value only in front matter.</param>
/// <param name="NameSpan">Exactly the name's characters.</param>
public sealed record Tag(string Name, TextSpan Span, TextSpan NameSpan, bool InFrontMatter);

/// <summary>
/// A Pandoc citation of one bibliography entry: an item of a bracketed group <c>[see @key, p. 5; -@other]</c>, or an
/// in-text citation <c>@key</c> (optionally followed by a locator in brackets, <c>@key [p. 33]</c>). Found exactly
/// where a tag can be: in body text, never in code, math, HTML, URLs, autolinks, wikilinks, link destinations or
/// front matter; never after a letter, digit, <c>_</c> or other punctuation than <c>( [ {</c> (so no e-mail address
/// <c>jane@example.com</c>), never escaped (<c>\@</c>). A group stays on one line and holds no <c>[</c>, <c>`</c>,
/// <c>\</c> or <c>&lt;</c>; each of its <c>;</c>-separated parts must hold a key, or the brackets are no group.
/// A social handle (<c>@jane</c>) is an in-text citation here too: the index ignores in-text citations whose key is in
/// no bibliography.
/// </summary>
/// <param name="Span">From the <c>-</c> (<see cref="SuppressAuthor"/>) or <c>@</c> to the key's end, a closing <c>}</c> included.</param>
/// <param name="Key">The key as written (Pandoc keys are case-sensitive), without <c>@</c> or braces.</param>
/// <param name="KeySpan">Exactly the key's characters.</param>
/// <param name="InText"><c>@key</c> outside brackets (author in text).</param>
/// <param name="SuppressAuthor"><c>[-@key]</c>.</param>
/// <param name="Prefix">The text before the key in its part of the group, trimmed (<c>see</c>); null when none, and for in-text citations.</param>
/// <param name="Locator">The text after the key in its part (Pandoc's locator and suffix), without the leading comma, trimmed
/// (<c>p. 5</c>); for an in-text citation the text of the brackets after it. Null when none.</param>
/// <param name="Group">The whole <c>[...]</c> of a bracketed citation (shared by the group's items); for an in-text citation its
/// <see cref="Span"/>, with the locator's brackets when it has them (<c>@key [p. 33]</c>).</param>
public sealed record Citation(TextSpan Span, string Key, TextSpan KeySpan, bool InText, bool SuppressAuthor, string? Prefix, string? Locator, TextSpan Group);

/// <summary>A block id <c>^id</c> at the end of a paragraph or list item, and the block it names.</summary>
public sealed record BlockAnchor(string Id, TextSpan Span, TextSpan Block);

/// <summary>A front-matter value with where it stands (for rename and diagnostics).</summary>
public sealed record FrontMatterValue(string Value, TextSpan Span);

/// <summary>YAML front matter between <c>---</c> lines at the very top of the note.</summary>
/// <param name="Bibliography">The <c>bibliography:</c> paths as Pandoc reads them: one scalar, or each item of a list (empty values left out).</param>
/// <param name="CiteKey">This note's own citation key: <c>citekey:</c>, <c>citation-key:</c> or <c>citationkey:</c> (the first one written).</param>
/// <param name="ReferencesSpan">The <c>references:</c> entry (inline bibliography), from its key to the end of its block's last
/// line (the lines under it that are indented or list items); null when there is none. Its content is read elsewhere.</param>
public sealed record FrontMatter(
    TextSpan Span,
    FrontMatterValue? Title,
    IReadOnlyList<FrontMatterValue> Aliases,
    IReadOnlyList<FrontMatterValue> Tags,
    FrontMatterValue? Id,
    IReadOnlyList<FrontMatterValue> Bibliography,
    FrontMatterValue? CiteKey,
    TextSpan? ReferencesSpan)
{
    /// <summary>The front matter has a <c>references:</c> entry.</summary>
    public bool HasReferences => ReferencesSpan is not null;
}

public sealed record NoteTitle(string Text, TitleSource Source, TextSpan? Span);

public sealed record TaskItem(TextSpan Span, bool Done, string Text);

public sealed record Footnote(string Label, TextSpan Span, bool IsDefinition);

/// <summary>A problem found while parsing. Parsing itself never fails.</summary>
public sealed record SyntaxDiagnostic(TextSpan Span, string Code, string Message);

/// <summary>
/// Everything the server knows about one note's text. Immutable; produced by <see cref="NoteParser.Parse"/>,
/// which never throws. All spans are UTF-16 offsets into <see cref="Text"/>; <see cref="Lines"/> turns them
/// into positions in any encoding.
/// </summary>
public sealed record ParsedNote(
    LineIndex Lines,
    NoteTitle Title,
    FrontMatter? FrontMatter,
    IReadOnlyList<Heading> Headings,
    IReadOnlyList<NoteLink> Links,
    IReadOnlyList<ExternalLink> ExternalLinks,
    IReadOnlyList<Tag> Tags,
    IReadOnlyList<Citation> Citations,
    IReadOnlyList<BlockAnchor> Blocks,
    IReadOnlyList<TaskItem> Tasks,
    IReadOnlyList<Footnote> Footnotes,
    string? FirstParagraph,
    IReadOnlyList<TextSpan> CodeAndMath,
    IReadOnlyList<SyntaxDiagnostic> Diagnostics)
{
    // What NoteParser.Reparse needs of the parse an edit starts from (none of it is the note's content).

    /// <summary>Where each top-level Markdig block starts (the start of its line), sorted; empty once compacted (a note no editor has open).</summary>
    internal int[] TopLevelStarts { get; init; } = [];
    /// <summary>Where the paragraph <see cref="FirstParagraph"/> was taken from starts, or -1.</summary>
    internal int FirstParagraphStart { get; init; } = -1;
    /// <summary>The note's inline cost (brackets and backticks × line length), which decides whether Markdig reads it.</summary>
    internal long InlineCost { get; init; }
    /// <summary>Markdig read the note, and saw its front matter where we did: an edit may reparse only the blocks it touches.</summary>
    internal bool CanReparse { get; init; }
    /// <summary>The text holds <c>]:</c>, so it may define references (<c>[x]: url</c>, <c>[^1]: note</c>) that links anywhere use.</summary>
    internal bool MayHaveDefinitions { get; init; }

    /// <summary>The note's text (held by <see cref="Lines"/>).</summary>
    public string Text => Lines.Text;

    /// <summary>The same note holding its text as UTF-8: for notes no editor has open (see <see cref="LineIndex.Compact"/>).</summary>
    public ParsedNote Compact() => Lines.IsCompact ? this : this with { Lines = Lines.Compact(), TopLevelStarts = [] };

    /// <summary>Aliases from front matter (empty when none).</summary>
    public IReadOnlyList<FrontMatterValue> Aliases => FrontMatter?.Aliases ?? [];

    /// <summary>True when <paramref name="offset"/> lies inside code (span, fenced, indented) or math, where no link or tag starts.</summary>
    public bool IsInCodeOrMath(int offset)
    {
        // CodeAndMath is sorted by start and non-overlapping.
        int lo = 0, hi = CodeAndMath.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var s = CodeAndMath[mid];
            if (offset < s.Start) hi = mid - 1;
            else if (offset >= s.End) lo = mid + 1;
            else return true;
        }
        return false;
    }
}
