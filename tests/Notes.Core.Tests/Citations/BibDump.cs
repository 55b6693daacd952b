using System.Text;
using Notes.Core.Citations;
using Notes.Core.Text;

namespace Notes.Core.Tests.Citations;

/// <summary>Renders a <see cref="Bibliography"/> one element a line, spans as <c>start..end</c>, in the manner of <c>SyntaxDump</c>.</summary>
internal static class BibDump
{
    private static string S(TextSpan s) => $"{s.Start}..{s.End}";

    public static string Of(Bibliography b) => Of(b.Entries, b.Diagnostics);

    public static string Of(IReadOnlyList<BibEntry> entries, IReadOnlyList<BibDiagnostic>? diagnostics = null)
    {
        var sb = new StringBuilder();
        foreach (var e in entries)
        {
            sb.Append($"{e.Key}@{S(e.KeySpan)} {e.Type} {S(e.Span)}\n");
            foreach (var (k, v) in e.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
                if (k is not ("author" or "editor")) sb.Append($"  {k}={v}\n");
            if (e.Authors.Count > 0) sb.Append("  authors ").AppendJoin("; ", e.Authors.Select(Name)).Append('\n');
            if (e.Editors.Count > 0) sb.Append("  editors ").AppendJoin("; ", e.Editors.Select(Name)).Append('\n');
        }
        foreach (var d in diagnostics ?? []) sb.Append($"diagnostic {d.Code} {S(d.Span)}\n");
        return sb.ToString().TrimEnd('\n');
    }

    private static string Name(BibName n) => n.Given.Length > 0 ? $"{n.Family} | {n.Given}" : n.Family;
}
