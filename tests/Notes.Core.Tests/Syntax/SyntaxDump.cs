using System.Text;
using Notes.Core.Syntax;
using Notes.Core.Text;

namespace Notes.Core.Tests.Syntax;

/// <summary>Renders everything a <see cref="ParsedNote"/> holds as one line per element, spans as <c>start..end</c>.</summary>
internal static class SyntaxDump
{
    public static string Of(ParsedNote n)
    {
        var sb = new StringBuilder();
        string S(TextSpan s) => $"{s.Start}..{s.End}";
        string V(string? value, TextSpan? span) => span is { } s ? $"{value}@{S(s)}" : value ?? "";
        sb.Append($"title {n.Title.Text} ({n.Title.Source})").Append(n.Title.Span is { } ts ? "@" + S(ts) : "").Append('\n');
        if (n.FrontMatter is { } fm)
        {
            sb.Append($"frontmatter {S(fm.Span)}");
            if (fm.Title is { } t) sb.Append($" title={V(t.Value, t.Span)}");
            if (fm.Id is { } id) sb.Append($" id={V(id.Value, id.Span)}");
            foreach (var a in fm.Aliases) sb.Append($" alias={V(a.Value, a.Span)}");
            foreach (var bib in fm.Bibliography) sb.Append($" bibliography={V(bib.Value, bib.Span)}");
            if (fm.CiteKey is { } ck) sb.Append($" citekey={V(ck.Value, ck.Span)}");
            if (fm.ReferencesSpan is { } rf) sb.Append($" references={S(rf)}");
            sb.Append('\n');
        }
        foreach (var h in n.Headings)
            sb.Append($"heading {h.Level} {V(h.Text, h.TextSpan)} slug={h.Slug} line={S(h.Span)} section={S(h.Section)}\n");
        foreach (var l in n.Links)
        {
            sb.Append($"link {l.Kind} {S(l.Span)} target={V(l.Target, l.TargetSpan)}");
            if (l.Fragment is not null) sb.Append($" {(l.IsBlockRef ? "block" : "frag")}={V(l.Fragment, l.FragmentSpan)}");
            if (l.Label is not null) sb.Append($" label={V(l.Label, l.LabelSpan)}");
            sb.Append('\n');
        }
        foreach (var e in n.ExternalLinks) sb.Append($"external {S(e.Span)} url={V(e.Url, e.UrlSpan)}\n");
        foreach (var t in n.Tags) sb.Append($"tag {V(t.Name, t.NameSpan)} span={S(t.Span)}{(t.InFrontMatter ? " fm" : "")}\n");
        foreach (var c in n.Citations)
        {
            sb.Append($"cite {V(c.Key, c.KeySpan)} span={S(c.Span)} group={S(c.Group)}{(c.InText ? " intext" : "")}{(c.SuppressAuthor ? " -author" : "")}");
            if (c.Prefix is not null) sb.Append($" prefix=\"{c.Prefix}\"");
            if (c.Locator is not null) sb.Append($" locator=\"{c.Locator}\"");
            sb.Append('\n');
        }
        foreach (var b in n.Blocks) sb.Append($"block {V(b.Id, b.Span)} of={S(b.Block)}\n");
        foreach (var t in n.Tasks) sb.Append($"task [{(t.Done ? "x" : " ")}] {t.Text} {S(t.Span)}\n");
        foreach (var f in n.Footnotes) sb.Append($"footnote {(f.IsDefinition ? "def" : "ref")} {f.Label} {S(f.Span)}\n");
        if (n.CodeAndMath.Count > 0) sb.Append("code ").AppendJoin(' ', n.CodeAndMath.Select(S)).Append('\n');
        if (n.FirstParagraph is { } p) sb.Append($"first {p}\n");
        foreach (var d in n.Diagnostics) sb.Append($"diagnostic {d.Code} {S(d.Span)}\n");
        return sb.ToString().TrimEnd('\n');
    }
}
