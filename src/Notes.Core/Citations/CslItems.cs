using System.Text;
using Notes.Core.Text;

namespace Notes.Core.Citations;

internal enum CslNodeKind { Scalar, Map, List }

/// <summary>
/// A node of CSL data as read from JSON or YAML: a scalar with its value and exactly where the value stands (inside the
/// quotes when quoted), a map of members in order, or a list.
/// </summary>
internal sealed class CslNode(CslNodeKind kind, TextSpan span)
{
    public CslNodeKind Kind { get; } = kind;
    /// <summary>The whole node: a map's braces, a quoted scalar's value without its quotes.</summary>
    public TextSpan Span { get; set; } = span;
    public string Value { get; init; } = "";
    /// <summary>A JSON string or a quoted YAML scalar (not a number, boolean or null).</summary>
    public bool IsString { get; init; }
    /// <summary>JSON <c>null</c> (or YAML <c>~</c>/empty).</summary>
    public bool IsNull { get; init; }
    public List<KeyValuePair<string, CslNode>> Members { get; } = [];
    public List<CslNode> Items { get; } = [];

    public static CslNode Scalar(string value, TextSpan span, bool isString = true, bool isNull = false) =>
        new(CslNodeKind.Scalar, span) { Value = value, IsString = isString, IsNull = isNull };

    /// <summary>The first member named <paramref name="key"/> (case-insensitive), or null.</summary>
    public CslNode? this[string key]
    {
        get
        {
            foreach (var m in Members)
                if (string.Equals(m.Key, key, StringComparison.OrdinalIgnoreCase)) return m.Value;
            return null;
        }
    }
}

/// <summary>Turns CSL items (from JSON or YAML) into <see cref="BibEntry"/> values.</summary>
internal static class CslItems
{
    /// <summary>The entry for a CSL item, or null when it is not a map with an <c>id</c> (and a <c>type</c> when <paramref name="requireType"/>).</summary>
    public static BibEntry? ToEntry(CslNode item, bool requireType)
    {
        if (item.Kind != CslNodeKind.Map) return null;
        if (item["id"] is not { Kind: CslNodeKind.Scalar, IsNull: false } id || id.Value.Length == 0) return null;
        var typeNode = item["type"];
        if (requireType && typeNode is not { Kind: CslNodeKind.Scalar, IsString: true }) return null;
        string type = typeNode is { Kind: CslNodeKind.Scalar } t ? t.Value.Trim().ToLowerInvariant() : "";
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        List<BibName> authors = [], editors = [];
        foreach (var (rawKey, value) in item.Members)
        {
            string key = rawKey.ToLowerInvariant();
            if (key is "id" or "type" || fields.ContainsKey(key)) continue;
            switch (key)
            {
                case "author":
                    authors = Names(value);
                    break;
                case "editor":
                    editors = Names(value);
                    break;
                case "issued" or "accessed" or "original-date" or "event-date" or "submitted":
                    if (Date(value) is { Length: > 0 } date) fields[key] = date;
                    break;
                default:
                    if (value is { Kind: CslNodeKind.Scalar, IsNull: false } && value.Value.Trim() is { Length: > 0 } v) fields[key] = v;
                    break;
            }
        }
        return new BibEntry(id.Value, id.Span, item.Span, type, fields, authors, editors);
    }

    /// <summary>A list of <c>{family, given}</c> or <c>{literal}</c> maps (a single map, or a plain string of names, read too).</summary>
    private static List<BibName> Names(CslNode node)
    {
        var names = new List<BibName>();
        if (node.Kind == CslNodeKind.Scalar)
        {
            if (!node.IsNull) names.AddRange(BibNames.Parse(node.Value));
            return names;
        }
        foreach (var n in node.Kind == CslNodeKind.List ? node.Items : [node])
        {
            if (n.Kind == CslNodeKind.Scalar)
            {
                if (!n.IsNull && n.Value.Trim() is { Length: > 0 } literal) names.Add(new BibName(literal, ""));
                continue;
            }
            if (n.Kind != CslNodeKind.Map) continue;
            string S(string k) => n[k] is { Kind: CslNodeKind.Scalar, IsNull: false } s ? s.Value.Trim() : "";
            string family = S("family"), given = S("given");
            if (family.Length == 0)
            {
                if (S("literal") is { Length: > 0 } lit) names.Add(new BibName(lit, ""));
                else if (given.Length > 0) names.Add(new BibName(given, ""));
                continue;
            }
            if (S("non-dropping-particle") is { Length: > 0 } ndp) family = ndp + " " + family;
            if (S("dropping-particle") is { Length: > 0 } dp) family = dp + " " + family;
            if (S("suffix") is { Length: > 0 } suffix) family += " " + suffix;
            names.Add(new BibName(family, given));
        }
        return names;
    }

    /// <summary><c>{"date-parts": [[2017, 6, 12]]}</c> as <c>2017-06-12</c>; <c>raw</c>/<c>literal</c>, a plain scalar, or YAML's <c>- year: 2017</c> as written.</summary>
    private static string? Date(CslNode node)
    {
        switch (node.Kind)
        {
            case CslNodeKind.Scalar:
                return node.IsNull ? null : node.Value.Trim();
            case CslNodeKind.List:
                return node.Items.Count > 0 ? Date(node.Items[0]) : null;
        }
        if (node["date-parts"] is { } parts)
        {
            var first = parts.Kind == CslNodeKind.List && parts.Items.Count > 0 ? parts.Items[0] : parts;
            var numbers = first.Kind == CslNodeKind.List ? first.Items : [first];
            var sb = new StringBuilder();
            foreach (var p in numbers)
            {
                if (p.Kind != CslNodeKind.Scalar || p.Value.Trim() is not { Length: > 0 } v) break;
                if (sb.Length > 0) sb.Append('-').Append(v.Length == 1 ? "0" + v : v);
                else sb.Append(v);
            }
            if (sb.Length > 0) return sb.ToString();
        }
        foreach (var k in (ReadOnlySpan<string>)["raw", "literal"])
            if (node[k] is { Kind: CslNodeKind.Scalar, IsNull: false } s && s.Value.Trim() is { Length: > 0 } v) return v;
        if (node["year"] is { Kind: CslNodeKind.Scalar, IsNull: false } y)
        {
            var sb = new StringBuilder(y.Value.Trim());
            foreach (var k in (ReadOnlySpan<string>)["month", "day"])
            {
                if (node[k] is not { Kind: CslNodeKind.Scalar, IsNull: false } part || part.Value.Trim() is not { Length: > 0 } v) break;
                sb.Append('-').Append(v.Length == 1 ? "0" + v : v);
            }
            return sb.ToString();
        }
        return null;
    }
}
