using Notes.Core.Text;

namespace Notes.Core.Citations;

/// <summary>
/// One author or editor. <paramref name="Family"/> keeps its particle (<c>von Neumann</c>) and any suffix
/// (<c>King Jr.</c>); a corporate name written <c>{World Health Organization}</c> is all family, with an empty
/// <paramref name="Given"/>. The name <c>others</c> (BibTeX's "and others") stands for "et al.".
/// </summary>
public sealed record BibName(string Family, string Given)
{
    /// <summary>BibTeX's <c>and others</c>, rendered as "et al.".</summary>
    public bool IsOthers => Given.Length == 0 && Family == "others";
}

/// <summary>
/// A bibliography entry from a <c>.bib</c> file, a CSL JSON file or a note's <c>references:</c> front matter.
/// </summary>
/// <param name="Key">The citation key as written (<c>vaswani2017</c>): what <c>[@key]</c> refers to.</param>
/// <param name="KeySpan">Exactly the key's characters in the source (UTF-16 offsets).</param>
/// <param name="Span">The whole entry: from <c>@</c> to its closing brace or parenthesis (the item's object or map for CSL).</param>
/// <param name="Type">The entry type, lower-cased: <c>article</c>, <c>inproceedings</c>, <c>article-journal</c>, ...</param>
/// <param name="Fields">Field names lower-cased, values decoded for display (LaTeX markup resolved, whitespace collapsed).</param>
/// <param name="Authors">The <c>author</c> names, in order.</param>
/// <param name="Editors">The <c>editor</c> names, in order.</param>
public sealed record BibEntry(
    string Key,
    TextSpan KeySpan,
    TextSpan Span,
    string Type,
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<BibName> Authors,
    IReadOnlyList<BibName> Editors)
{
    /// <summary>The value of a field (lower-case name), or null when it is absent or empty.</summary>
    public string? Field(string name) => Fields.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    public string? Title => Field("title");

    /// <summary><c>year</c>; else the first four digits of BibLaTeX's <c>date</c> or CSL's <c>issued</c>.</summary>
    public string? Year => Field("year") ?? FourDigits(Field("date")) ?? FourDigits(Field("issued"));

    /// <summary>Where it appeared: journal, proceedings, publisher, school or institution, whichever comes first.</summary>
    public string? Container => Field("journal") ?? Field("journaltitle") ?? Field("container-title") ?? Field("booktitle")
        ?? Field("publisher") ?? Field("school") ?? Field("institution");

    /// <summary>The DOI without any <c>https://doi.org/</c> or <c>doi:</c> prefix.</summary>
    public string? Doi => Field("doi") is { } d ? StripDoiPrefix(d) : null;

    public string? Url => Field("url");

    /// <summary><c>eprint</c> when <c>archiveprefix</c> or <c>eprinttype</c> is arXiv, else the id in an arxiv.org URL.</summary>
    public string? ArxivId
    {
        get
        {
            bool arxiv = string.Equals(Field("archiveprefix"), "arxiv", StringComparison.OrdinalIgnoreCase)
                || string.Equals(Field("eprinttype"), "arxiv", StringComparison.OrdinalIgnoreCase);
            if (arxiv && Field("eprint") is { } e) return e;
            return ArxivFromUrl(Url);
        }
    }

    public string? Abstract => Field("abstract");

    private static string? FourDigits(string? s)
    {
        if (s is null) return null;
        for (int i = 0; i + 4 <= s.Length; i++)
        {
            if (char.IsAsciiDigit(s[i]) && char.IsAsciiDigit(s[i + 1]) && char.IsAsciiDigit(s[i + 2]) && char.IsAsciiDigit(s[i + 3]))
                return s.Substring(i, 4);
        }
        return null;
    }

    private static string StripDoiPrefix(string d)
    {
        foreach (var p in (ReadOnlySpan<string>)["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"])
            if (d.StartsWith(p, StringComparison.OrdinalIgnoreCase)) return d[p.Length..].Trim();
        return d;
    }

    private static string? ArxivFromUrl(string? url)
    {
        if (url is null) return null;
        int at = url.IndexOf("arxiv.org/", StringComparison.OrdinalIgnoreCase);
        if (at < 0) return null;
        var rest = url.AsSpan(at + "arxiv.org/".Length);
        foreach (var p in (ReadOnlySpan<string>)["abs/", "pdf/"])
        {
            if (!rest.StartsWith(p, StringComparison.OrdinalIgnoreCase)) continue;
            var id = rest[p.Length..];
            int end = id.IndexOfAny("?#");
            if (end >= 0) id = id[..end];
            if (id.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)) id = id[..^4];
            id = id.TrimEnd('/');
            return id.Length > 0 ? id.ToString() : null;
        }
        return null;
    }
}

/// <summary>A problem in a bibliography file (<c>bib-malformed</c>, <c>bib-unclosed</c>, <c>bib-unknown-macro</c>, <c>bib-duplicate-key</c>, ...).</summary>
public sealed record BibDiagnostic(TextSpan Span, string Code, string Message);

/// <summary>The entries of one bibliography source, in source order, and the problems found reading it.</summary>
public sealed record Bibliography(IReadOnlyList<BibEntry> Entries, IReadOnlyList<BibDiagnostic> Diagnostics)
{
    public static Bibliography Empty { get; } = new([], []);
}
