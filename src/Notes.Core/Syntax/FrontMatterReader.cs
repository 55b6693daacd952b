using Notes.Core.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Notes.Core.Syntax;

/// <summary>Finds and reads YAML front matter (<c>title</c>, <c>aliases</c>/<c>alias</c>, <c>tags</c>/<c>tag</c>, <c>id</c>, <c>bibliography</c>, <c>citekey</c>, where <c>references</c> stands), keeping each value's exact span.</summary>
internal static class FrontMatterReader
{
    private const int MaxLength = 256 * 1024;
    private const int MaxFlowDepth = 64;

    /// <summary>The front matter at the top of <paramref name="text"/>, or null. Problems become diagnostics; nothing throws.</summary>
    public static FrontMatter? Read(string text, List<Tag> tags, List<SyntaxDiagnostic> diagnostics) => Read(text, tags, diagnostics, simpleFirst: true);

    /// <summary>As <see cref="Read(string, List{Tag}, List{SyntaxDiagnostic})"/>; <paramref name="simpleFirst"/> false sends every front matter to YamlDotNet (tests compare the two).</summary>
    internal static FrontMatter? Read(string text, List<Tag> tags, List<SyntaxDiagnostic> diagnostics, bool simpleFirst)
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
        if (close - contentStart > MaxLength || FlowDepth(text.AsSpan(contentStart, close - contentStart)) > MaxFlowDepth)
        {
            diagnostics.Add(new SyntaxDiagnostic(new TextSpan(start, start + 3), "syntax", "Front matter is too large or too deeply nested to read."));
            return new FrontMatter(span, null, [], [], null, [], null, null);
        }
        var entries = (simpleFirst ? SimpleYaml.TryRead(text, contentStart, close) : null)
            ?? ReadWithYamlDotNet(text, start, contentStart, close, diagnostics);
        FrontMatterValue? title = null, id = null, citeKey = null;
        var aliases = new List<FrontMatterValue>();
        var bibliography = new List<FrontMatterValue>();
        var fmTags = new List<FrontMatterValue>();
        foreach (var entry in entries)
        {
            switch (entry.Key)
            {
                case "title" when !entry.IsSequence && entry.Items.Count > 0: title ??= Value(entry.Items[0]); break;
                case "id" when !entry.IsSequence && entry.Items.Count > 0: id ??= Value(entry.Items[0]); break;
                case "aliases" or "alias":
                    foreach (var v in entry.Items) if (!string.IsNullOrWhiteSpace(v.Value)) aliases.Add(Value(v));
                    break;
                case "tags" or "tag":
                    foreach (var v in entry.Items) AddTags(text, v, entry.IsSequence, fmTags, tags);
                    break;
                case "bibliography":
                    foreach (var v in entry.Items) if (!string.IsNullOrWhiteSpace(v.Value)) bibliography.Add(Value(v));
                    break;
                case "citekey" or "citation-key" or "citationkey" when !entry.IsSequence && entry.Items.Count > 0 && !string.IsNullOrWhiteSpace(entry.Items[0].Value):
                    citeKey ??= Value(entry.Items[0]);
                    break;
            }
        }
        return new FrontMatter(span, title, aliases, fmTags, id, bibliography, citeKey, ReferencesBlock(text, contentStart, close));
    }

    /// <summary>
    /// The <c>references:</c> entry among the lines [<paramref name="contentStart"/>, <paramref name="close"/>): from its key
    /// to the end of the last line under it that is indented or a <c>-</c> item (blank and comment lines between them
    /// included); null when no top-level line starts with that key.
    /// </summary>
    private static TextSpan? ReferencesBlock(string text, int contentStart, int close)
    {
        for (int line = contentStart; line < close; line = NextLine(text, line))
        {
            int end = LineEnd(text, line);
            if (!text.AsSpan(line, end - line).StartsWith("references:", StringComparison.OrdinalIgnoreCase)) continue;
            int last = end;
            for (int next = NextLine(text, line); next < close; next = NextLine(text, next))
            {
                int e = LineEnd(text, next);
                var l = text.AsSpan(next, e - next);
                var trimmed = l.TrimStart();
                if (trimmed.Length == 0 || trimmed[0] == '#') continue;
                if (l[0] is ' ' or '\t' || l[0] == '-' && (l.Length == 1 || l[1] is ' ' or '\t')) last = e;
                else break;
            }
            return new TextSpan(line, last);
        }
        return null;
    }

    /// <summary>A name as written, without the line break a block scalar (<c>title: &gt;</c>) ends with.</summary>
    private static FrontMatterValue Value(YamlScalar s) => new(s.Value.Trim(), s.Span);

    /// <summary>The entries YamlDotNet reads; none, and a diagnostic, when the YAML is not valid.</summary>
    private static List<YamlEntry> ReadWithYamlDotNet(string text, int start, int contentStart, int close, List<SyntaxDiagnostic> diagnostics)
    {
        var entries = new List<YamlEntry>();
        try
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(text[contentStart..close]));
            if (yaml.Documents.Count > 0 && yaml.Documents[0].RootNode is YamlMappingNode map)
            {
                foreach (var (keyNode, value) in map.Children)
                {
                    if ((keyNode as YamlScalarNode)?.Value?.Trim().ToLowerInvariant() is not { } key) continue;
                    var items = new List<YamlScalar>();
                    foreach (var node in value is YamlSequenceNode seq ? seq.Children : [value])
                        if (Scalar(text, contentStart, node) is { } s) items.Add(s);
                    entries.Add(new YamlEntry(key, value is YamlSequenceNode, items));
                }
            }
        }
        catch (YamlException ex)
        {
            int at = Math.Clamp(contentStart + (int)Math.Min(ex.Start.Index, int.MaxValue), contentStart, close);
            diagnostics.Add(new SyntaxDiagnostic(new TextSpan(at, Math.Max(at, LineEnd(text, at))), "syntax", "Front matter is not valid YAML: " + ex.Message));
            entries.Clear();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or InvalidCastException)
        {
            diagnostics.Add(new SyntaxDiagnostic(new TextSpan(start, start + 3), "syntax", "Front matter could not be read: " + ex.Message));
            entries.Clear();
        }
        return entries;
    }

    private static YamlScalar? Scalar(string text, int contentStart, YamlNode node)
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
        return new YamlScalar(value, new TextSpan(s, e));
    }

    /// <summary>A tags entry: one tag per list item; a single string is split at commas and spaces.</summary>
    private static void AddTags(string text, YamlScalar v, bool inList, List<FrontMatterValue> values, List<Tag> tags)
    {
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

    private static int FlowDepth(ReadOnlySpan<char> s)
    {
        int depth = 0, max = 0;
        foreach (var c in s)
        {
            if (c is '[' or '{') max = Math.Max(max, ++depth);
            else if (c is ']' or '}' && depth > 0) depth--;
        }
        return max;
    }

    /// <summary>True when the first line (after a byte-order mark) is <c>---</c>: the note has, or tries to have, front matter.</summary>
    internal static bool OpensFrontMatter(string text)
    {
        int start = text.StartsWith('\uFEFF') ? 1 : 0;
        return IsFence(text, start, LineEnd(text, start), "---");
    }

    private static bool IsFence(string text, int start, int end, string fence) =>
        end - start >= 3 && string.CompareOrdinal(text, start, fence, 0, 3) == 0 && LineSyntax.TrimEnd(text, start + 3, end) == start + 3;

    /// <summary>Where the line starting at or containing <paramref name="i"/> ends (before its line break).</summary>
    internal static int LineEnd(string text, int i)
    {
        int k = text.AsSpan(i).IndexOfAny('\r', '\n');
        return k < 0 ? text.Length : i + k;
    }

    /// <summary>Where the line after the one containing <paramref name="i"/> starts (CRLF, LF or CR).</summary>
    internal static int NextLine(string text, int i)
    {
        int e = LineEnd(text, i);
        if (e < text.Length && text[e] == '\r' && e + 1 < text.Length && text[e + 1] == '\n') return e + 2;
        return Math.Min(text.Length, e + 1);
    }
}
