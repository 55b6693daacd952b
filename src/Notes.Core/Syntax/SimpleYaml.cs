using Notes.Core.Text;

namespace Notes.Core.Syntax;

/// <summary>One scalar of front matter: its value and where the value stands in the note.</summary>
internal readonly record struct YamlScalar(string Value, TextSpan Span);

/// <summary>
/// A top-level key of front matter (lower-cased) and its value: a scalar (<see cref="IsSequence"/> false, at most one
/// item; none for a nested mapping) or a sequence of scalars (items that are not scalars are left out).
/// </summary>
internal sealed record YamlEntry(string Key, bool IsSequence, IReadOnlyList<YamlScalar> Items);

/// <summary>
/// Reads the front matter that nearly every note has - <c>key: value</c> lines whose values are plain or simply quoted
/// scalars, <c>[a, b]</c> lists, or <c>- item</c> lists - without YamlDotNet, and declines (returns null) everything
/// else, which <see cref="FrontMatterReader"/> then hands to YamlDotNet. Declining is always safe; accepting promises
/// the same entries YamlDotNet would give, which <c>SimpleYamlTests</c> checks against YamlDotNet on generated input.
/// Why it exists: at 10,000 notes YamlDotNet was 15% of the first scan's thread time (its parser interns strings under
/// a process-wide lock, and its code is large to compile at start-up); see docs/BENCHMARKS.md.
/// </summary>
internal static class SimpleYaml
{
    /// <summary>The entries of the YAML between <paramref name="start"/> and <paramref name="end"/> (line starts), or null when it is not in the simple form.</summary>
    public static List<YamlEntry>? TryRead(string text, int start, int end)
    {
        var entries = new List<YamlEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? listKey = null; // a key whose value was empty: "- item" lines may follow
        List<YamlScalar>? items = null;
        int listIndent = -1;
        int i = start;
        // The lines are those FrontMatterReader walked to find the closing fence at `end`: none runs past it.
        while (i < end)
        {
            int lineEnd = FrontMatterReader.LineEnd(text, i);
            int next = FrontMatterReader.NextLine(text, i);
            var line = text.AsSpan(i, lineEnd - i);
            if (!Printable(line)) return null;
            int indent = line.Length - line.TrimStart(' ').Length;
            if (indent == line.Length || line[indent] == '#')
            {
                i = next;
                continue;
            }
            if (listKey is not null && line[indent] == '-' && (indent + 1 == line.Length || line[indent + 1] == ' '))
            {
                if (listIndent < 0) listIndent = indent;
                else if (indent != listIndent) return null;
                if (!TryScalar(text, i + indent + 1, lineEnd, flow: false, out var item) || item.Value.Length == 0) return null;
                (items ??= []).Add(item);
                i = next;
                continue;
            }
            if (indent != 0) return null; // a continuation line, a nested mapping, an indented key
            if (listKey is not null) entries.Add(Close(listKey, items));
            listKey = null;
            items = null;
            listIndent = -1;

            int colon = line.IndexOf(':');
            if (colon <= 0 || !IsKey(line[..colon]) || (colon + 1 < line.Length && line[colon + 1] != ' ')) return null;
            string rawKey = line[..colon].ToString();
            if (!seen.Add(rawKey)) return null; // YamlDotNet refuses duplicate keys; let it say so
            string key = rawKey.ToLowerInvariant();
            int v = Skip(text, i + colon + 1, lineEnd);
            if (v == lineEnd || text[v] == '#')
            {
                if (key is "title" or "id") return null; // an empty scalar: its span is YamlDotNet's convention, keep it
                listKey = key;
            }
            else if (text[v] == '[')
            {
                if (!TryFlowSequence(text, v, lineEnd, out var list)) return null;
                entries.Add(new YamlEntry(key, true, list));
            }
            else
            {
                if (!TryScalar(text, v, lineEnd, flow: false, out var scalar)) return null;
                if (scalar.Value.Length == 0 && key is "title" or "id") return null;
                entries.Add(new YamlEntry(key, false, [scalar]));
            }
            i = next;
        }
        if (listKey is not null) entries.Add(Close(listKey, items));
        return entries;
    }

    private static YamlEntry Close(string key, List<YamlScalar>? items) =>
        items is null ? new YamlEntry(key, false, []) : new YamlEntry(key, true, items);

    /// <summary><c>[a, "b c", 'd']</c> with nothing after the bracket but spaces.</summary>
    private static bool TryFlowSequence(string text, int open, int lineEnd, out List<YamlScalar> items)
    {
        items = [];
        int close = text.IndexOf(']', open, lineEnd - open);
        if (close < 0 || Skip(text, close + 1, lineEnd) != lineEnd) return false;
        if (Skip(text, open + 1, close) == close) return true; // []
        int s = open + 1;
        while (true)
        {
            int comma = text.IndexOf(',', s, close - s);
            int e = comma < 0 ? close : comma;
            if (!TryScalar(text, Skip(text, s, e), e, flow: true, out var item) || item.Value.Length == 0) return false;
            items.Add(item);
            if (comma < 0) return true;
            s = comma + 1;
        }
    }

    /// <summary>
    /// A scalar from <paramref name="s"/> (after any spaces) to <paramref name="e"/>: single- or double-quoted without
    /// escapes, or plain. Plain scalars may not start with a YAML indicator nor hold <c>": "</c> (a mapping) or, in a
    /// flow list, any of <c>[]{},:#'"</c>; a <c>" #"</c> starts a comment. Anything else declines.
    /// </summary>
    private static bool TryScalar(string text, int s, int e, bool flow, out YamlScalar scalar)
    {
        scalar = default;
        s = Skip(text, s, e);
        if (s == e)
        {
            scalar = new YamlScalar("", new TextSpan(s, s));
            return !flow;
        }
        char first = text[s];
        if (first is '\'' or '"')
        {
            int close = text.IndexOf(first, s + 1, e - s - 1);
            if (close < 0) return false;
            var inner = text.AsSpan(s + 1, close - s - 1);
            if (first == '"' && inner.Contains('\\')) return false;
            int after = Skip(text, close + 1, e);
            if (after != e && (flow || text[after] != '#' || after == close + 1)) return false;
            scalar = new YamlScalar(inner.ToString(), new TextSpan(s + 1, close));
            return true;
        }
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(first)) return false;
        int end = e;
        for (int k = s; k < e; k++)
        {
            char c = text[k];
            if (flow && c is '[' or ']' or '{' or '}' or ',' or ':' or '#' or '\'' or '"') return false;
            if (c == '#' && text[k - 1] == ' ')
            {
                end = k;
                break;
            }
            if (c == ':' && (k + 1 == e || text[k + 1] == ' ')) return false;
        }
        while (end > s && text[end - 1] == ' ') end--;
        scalar = new YamlScalar(text[s..end], new TextSpan(s, end));
        return true;
    }

    /// <summary>A plain key: letters, digits, '_' and '-', not starting with '-'.</summary>
    private static bool IsKey(ReadOnlySpan<char> key)
    {
        if (key[0] == '-') return false;
        foreach (var c in key)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-')) return false;
        return true;
    }

    /// <summary>No tabs (YAML forbids them as indentation), control characters, byte-order marks or unpaired surrogates.</summary>
    private static bool Printable(ReadOnlySpan<char> line)
    {
        for (int k = 0; k < line.Length; k++)
        {
            char c = line[k];
            if (c < ' ' || c is '\u007F' or '\uFEFF' or '\u0085' or '\u2028' or '\u2029') return false;
            if (char.IsHighSurrogate(c))
            {
                if (k + 1 == line.Length || !char.IsLowSurrogate(line[k + 1])) return false;
                k++;
            }
            else if (char.IsLowSurrogate(c)) return false;
        }
        return true;
    }

    private static int Skip(string text, int i, int end)
    {
        while (i < end && text[i] == ' ') i++;
        return i;
    }
}
