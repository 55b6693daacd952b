using System.Text;

namespace Notes.Core.Citations;

/// <summary>How an entry reads in an editor: one line for completion, a Markdown reference for hovers, and the text fuzzy matching sees.</summary>
public static class BibFormat
{
    private const int MaxAuthors = 10;
    private const int AbstractChars = 300;
    private const int AbstractLines = 3;

    /// <summary>"Vaswani et al. (2017) Attention Is All You Need"; one author "Vaswani (2017) ...", two "Vaswani &amp; Shazeer (2017) ...", no year "(n.d.)".</summary>
    public static string Short(BibEntry e)
    {
        var names = e.Authors.Count > 0 ? e.Authors : e.Editors;
        var sb = new StringBuilder();
        if (names.Count > 0)
        {
            sb.Append(names[0].Family);
            if (names.Count == 2 && !names[1].IsOthers) sb.Append(" & ").Append(names[1].Family);
            else if (names.Count >= 2) sb.Append(" et al.");
            sb.Append(' ');
        }
        sb.Append('(').Append(e.Year ?? "n.d.").Append(')');
        if (e.Title is { } title) sb.Append(' ').Append(title);
        return sb.ToString();
    }

    /// <summary>
    /// The full reference as Markdown: authors (<c>Family, G.</c>, up to ten, then "et al."), year, <c>*title*</c>, venue,
    /// volume and pages; then its links (DOI, URL, arXiv); then the start of the abstract.
    /// </summary>
    public static string Markdown(BibEntry e)
    {
        var sb = new StringBuilder();
        bool editors = e.Authors.Count == 0 && e.Editors.Count > 0;
        var names = editors ? e.Editors : e.Authors;
        if (names.Count > 0)
        {
            sb.Append(NameList(names));
            if (editors) sb.Append(names.Count == 1 ? " (Ed.)" : " (Eds.)");
            sb.Append(' ');
        }
        sb.Append('(').Append(e.Year ?? "n.d.").Append(").");
        if (e.Title is { } title) sb.Append(" *").Append(Escape(title.TrimEnd('.'))).Append("*.");
        var venue = new StringBuilder();
        if (e.Container is { } container) venue.Append(Escape(container));
        if (e.Field("volume") is { } volume)
        {
            if (venue.Length > 0) venue.Append(", ");
            venue.Append(volume);
            if ((e.Field("number") ?? e.Field("issue")) is { } number) venue.Append('(').Append(number).Append(')');
        }
        if ((e.Field("pages") ?? e.Field("page")) is { } pages)
        {
            if (venue.Length > 0) venue.Append(", ");
            venue.Append(pages.Replace("--", "\u2013", StringComparison.Ordinal));
        }
        if (venue.Length > 0) sb.Append(' ').Append(venue).Append('.');

        var links = new List<string>();
        string? doi = e.Doi, arxiv = e.ArxivId, url = e.Url;
        if (doi is not null) links.Add($"[doi:{doi}](https://doi.org/{doi})");
        if (url is not null && !(doi is not null && url.Contains(doi, StringComparison.OrdinalIgnoreCase))
            && !(arxiv is not null && url.Contains("arxiv.org", StringComparison.OrdinalIgnoreCase)))
            links.Add($"<{url}>");
        if (arxiv is not null) links.Add($"[arXiv:{arxiv}](https://arxiv.org/abs/{arxiv})");
        if (links.Count > 0) sb.Append("\n\n").AppendJoin(" · ", links);

        if (e.Abstract is { } abs && AbstractStart(abs) is { Length: > 0 } start) sb.Append("\n\n").Append(start);
        return sb.ToString();
    }

    /// <summary>What fuzzy completion matches: key, title, author (else editor) surnames and year, space-separated.</summary>
    public static string SearchText(BibEntry e)
    {
        var sb = new StringBuilder(e.Key);
        if (e.Title is { } title) sb.Append(' ').Append(title);
        foreach (var n in e.Authors.Count > 0 ? e.Authors : e.Editors)
            if (!n.IsOthers) sb.Append(' ').Append(n.Family);
        if (e.Year is { } year) sb.Append(' ').Append(year);
        return sb.ToString();
    }

    private static string NameList(IReadOnlyList<BibName> names)
    {
        var parts = new List<string>();
        bool etAl = false;
        foreach (var n in names)
        {
            if (n.IsOthers || parts.Count == MaxAuthors)
            {
                etAl = true;
                break;
            }
            var initials = Initials(n.Given);
            parts.Add(initials.Length > 0 ? $"{n.Family}, {initials}" : n.Family);
        }
        var list = parts.Count switch
        {
            0 => "",
            1 => parts[0],
            _ when etAl => string.Join(", ", parts),
            _ => string.Join(", ", parts.Take(parts.Count - 1)) + ", & " + parts[^1],
        };
        if (etAl) list = list.Length > 0 ? list + ", et al." : "et al.";
        return list;
    }

    /// <summary>"Ashish" → "A.", "Jean-Paul" → "J.-P.", "A. B." → "A. B.".</summary>
    private static string Initials(string given)
    {
        var sb = new StringBuilder();
        foreach (var word in given.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (sb.Length > 0) sb.Append(' ');
            var pieces = word.Split('-', StringSplitOptions.RemoveEmptyEntries);
            for (int k = 0; k < pieces.Length; k++)
            {
                if (k > 0) sb.Append('-');
                var piece = pieces[k];
                int len = char.IsSurrogatePair(piece, 0) ? 2 : 1;
                sb.Append(piece, 0, Math.Min(len, piece.Length)).Append('.');
            }
        }
        return sb.ToString();
    }

    /// <summary>The abstract's first lines, cut on a word boundary near <see cref="AbstractChars"/> characters with "…".</summary>
    private static string AbstractStart(string abs)
    {
        var lines = abs.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var text = string.Join(" ", lines.Take(AbstractLines));
        bool cut = lines.Length > AbstractLines;
        if (text.Length > AbstractChars)
        {
            int at = text.LastIndexOf(' ', AbstractChars);
            text = text[..(at > AbstractChars / 2 ? at : AbstractChars)].TrimEnd(' ', ',', ';', ':');
            cut = true;
        }
        return cut ? text + "…" : text;
    }

    /// <summary>Asterisks and underscores outside math would start emphasis; backslash them.</summary>
    private static string Escape(string s)
    {
        if (s.AsSpan().IndexOfAny('*', '_') < 0) return s;
        var sb = new StringBuilder(s.Length + 4);
        bool math = false;
        foreach (var c in s)
        {
            if (c == '$') math = !math;
            if (!math && c is '*' or '_') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
