using Notes.Core.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Notes.Core.Syntax;

/// <summary>Finds and reads YAML front matter (<c>title</c>, <c>aliases</c>/<c>alias</c>, <c>tags</c>/<c>tag</c>, <c>id</c>), keeping each value's exact span.</summary>
internal static class FrontMatterReader
{
    private const int MaxLength = 256 * 1024;
    private const int MaxFlowDepth = 64;

    /// <summary>The front matter at the top of <paramref name="text"/>, or null. Problems become diagnostics; nothing throws.</summary>
    public static FrontMatter? Read(string text, List<Tag> tags, List<SyntaxDiagnostic> diagnostics)
    {
        int start = text.StartsWith('\uFEFF') ? 1 : 0;
        if (!IsFence(text, start, LineEnd(text, start), "---")) return null;
        int contentStart = NextLine(text, start);
        int line = contentStart, close = -1;
        while (line < text.Length)
        {
            int end = LineEnd(text, line);
            if (IsFence(text, line, end, "---") || IsFence(text, line, end, "...")) { close = line; break; }
            line = NextLine(text, line);
        }
        if (close < 0)
        {
            diagnostics.Add(new SyntaxDiagnostic(new TextSpan(start, start + 3), "syntax", "Front matter is not closed: add a '---' line after it."));
            return null;
        }
        var span = new TextSpan(start, LineEnd(text, close));
        var content = text[contentStart..close];
        FrontMatterValue? title = null, id = null;
        var aliases = new List<FrontMatterValue>();
        var fmTags = new List<FrontMatterValue>();
        if (content.Length > MaxLength || FlowDepth(content) > MaxFlowDepth)
        {
            diagnostics.Add(new SyntaxDiagnostic(new TextSpan(start, start + 3), "syntax", "Front matter is too large or too deeply nested to read."));
            return new FrontMatter(span, null, aliases, fmTags, null);
        }
        try
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(content));
            if (yaml.Documents.Count > 0 && yaml.Documents[0].RootNode is YamlMappingNode map)
            {
                foreach (var (keyNode, value) in map.Children)
                {
                    switch ((keyNode as YamlScalarNode)?.Value?.Trim().ToLowerInvariant())
                    {
                        case "title": title ??= Scalar(text, contentStart, value); break;
                        case "id": id ??= Scalar(text, contentStart, value); break;
                        case "aliases" or "alias":
                            foreach (var v in Items(value)) if (Scalar(text, contentStart, v) is { Value.Length: > 0 } a) aliases.Add(a);
                            break;
                        case "tags" or "tag":
                            foreach (var v in Items(value)) AddTags(text, contentStart, v, value is YamlSequenceNode, fmTags, tags);
                            break;
                    }
                }
            }
        }
        catch (YamlException ex)
        {
            int at = Math.Clamp(contentStart + (int)Math.Min(ex.Start.Index, int.MaxValue), contentStart, close);
            diagnostics.Add(new SyntaxDiagnostic(new TextSpan(at, Math.Max(at, LineEnd(text, at))), "syntax", "Front matter is not valid YAML: " + ex.Message));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or InvalidCastException)
        {
            diagnostics.Add(new SyntaxDiagnostic(new TextSpan(start, start + 3), "syntax", "Front matter could not be read: " + ex.Message));
        }
        return new FrontMatter(span, title, aliases, fmTags, id);
    }

    private static IEnumerable<YamlNode> Items(YamlNode node) =>
        node is YamlSequenceNode seq ? seq.Children : [node];

    private static FrontMatterValue? Scalar(string text, int contentStart, YamlNode node)
    {
        if (node is not YamlScalarNode { Value: { } value } scalar) return null;
        int s = contentStart + (int)scalar.Start.Index, e = contentStart + (int)scalar.End.Index;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted) { s++; e--; }
        s = Math.Clamp(s, 0, text.Length);
        e = Math.Clamp(e, s, text.Length);
        if (!text.AsSpan(s, e - s).SequenceEqual(value))
        {
            // Escapes, folding or a position counted differently: find the value on its line, else keep the node's span.
            int found = value.Length > 0 ? text.IndexOf(value, s, Math.Min(text.Length - s, Math.Max(0, LineEnd(text, s) - s)), StringComparison.Ordinal) : -1;
            if (found >= 0) (s, e) = (found, found + value.Length);
        }
        else e = s + value.Length;
        return new FrontMatterValue(value, new TextSpan(s, e));
    }

    /// <summary>A tags entry: one tag per list item; a single string is split at commas and spaces.</summary>
    private static void AddTags(string text, int contentStart, YamlNode node, bool inList, List<FrontMatterValue> values, List<Tag> tags)
    {
        if (Scalar(text, contentStart, node) is not { } v) return;
        bool exact = text.AsSpan(v.Span.Start, v.Span.Length).SequenceEqual(v.Value);
        int i = 0;
        while (i < v.Value.Length)
        {
            while (i < v.Value.Length && IsSeparator(v.Value[i], inList)) i++;
            int s = i;
            while (i < v.Value.Length && !IsSeparator(v.Value[i], inList)) i++;
            if (i == s) continue;
            var piece = v.Value[s..i].Trim();
            var span = exact ? new TextSpan(v.Span.Start + s, v.Span.Start + i) : v.Span;
            int hash = piece.StartsWith('#') ? 1 : 0;
            if (piece.Length == hash) continue;
            values.Add(new FrontMatterValue(StringPool.Intern(piece), span));
            var nameSpan = exact ? new TextSpan(span.Start + hash, span.End) : span;
            tags.Add(new Tag(StringPool.Intern(piece.AsSpan(hash)), span, nameSpan, InFrontMatter: true));
        }
    }

    private static bool IsSeparator(char c, bool inList) => inList ? false : c == ',' || char.IsWhiteSpace(c);

    private static int FlowDepth(string s)
    {
        int depth = 0, max = 0;
        foreach (var c in s)
        {
            if (c is '[' or '{') max = Math.Max(max, ++depth);
            else if (c is ']' or '}' && depth > 0) depth--;
        }
        return max;
    }

    private static bool IsFence(string text, int start, int end, string fence) =>
        end - start >= 3 && string.CompareOrdinal(text, start, fence, 0, 3) == 0 && LineSyntax.TrimEnd(text, start + 3, end) == start + 3;

    private static int LineEnd(string text, int i)
    {
        int k = text.AsSpan(i).IndexOfAny('\r', '\n');
        return k < 0 ? text.Length : i + k;
    }

    private static int NextLine(string text, int i)
    {
        int e = LineEnd(text, i);
        if (e < text.Length && text[e] == '\r' && e + 1 < text.Length && text[e + 1] == '\n') return e + 2;
        return Math.Min(text.Length, e + 1);
    }
}
