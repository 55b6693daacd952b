using System.Text;
using Notes.Core.Text;

namespace Notes.Core.Citations;

/// <summary>
/// Pandoc's <c>references:</c> in a note's YAML front matter: a list of CSL items written as YAML maps
/// (<c>id</c>, <c>type</c>, <c>title</c>, <c>author</c> as <c>- family: X</c> / <c>given: Y</c> or <c>- literal: X</c>,
/// <c>issued</c> as <c>2017</c>, <c>- year: 2017</c> or <c>date-parts</c>, <c>container-title</c>, <c>DOI</c>, <c>URL</c>, ...).
/// </summary>
/// <remarks>
/// <c>SimpleYaml</c> reads only flat front matter, so this is a small tolerant reader of the block YAML that CSL needs:
/// block maps and lists, flow <c>[...]</c> and <c>{...}</c>, plain, quoted and block (<c>|</c>, <c>&gt;</c>) scalars.
/// Spans are offsets into the note. Anything it cannot read gives fewer entries; it never throws, and each line is
/// read once (nesting capped).
/// </remarks>
public static class CslYaml
{
    /// <summary>The entries under <c>references:</c> in the front matter at <paramref name="frontMatterSpan"/> (its <c>---</c> lines included).</summary>
    public static IReadOnlyList<BibEntry> ReadReferences(string noteText, TextSpan frontMatterSpan)
    {
        if (string.IsNullOrEmpty(noteText)) return [];
        int start = Math.Clamp(frontMatterSpan.Start, 0, noteText.Length), end = Math.Clamp(frontMatterSpan.End, start, noteText.Length);
        if (end - start > 4 * 1024 * 1024) return [];
        var root = new YamlBlockReader(noteText, start, end).ReadRoot();
        if (root?["references"] is not { Kind: CslNodeKind.List } refs) return [];
        var entries = new List<BibEntry>();
        foreach (var item in refs.Items)
            if (CslItems.ToEntry(item, requireType: false) is { } e) entries.Add(e);
        return entries;
    }
}

/// <summary>The block-YAML subset of <see cref="CslYaml"/>: lines read once, nesting capped.</summary>
internal sealed class YamlBlockReader
{
    private const int MaxDepth = 48;
    private readonly string _t;
    private readonly List<(int Start, int End, int Indent)> _lines = [];
    private int _li;

    public YamlBlockReader(string text, int start, int end)
    {
        _t = text;
        int i = start;
        bool first = true;
        while (i < end)
        {
            int lineEnd = i;
            while (lineEnd < end && text[lineEnd] is not ('\n' or '\r')) lineEnd++;
            int next = lineEnd;
            if (next < end && text[next] == '\r') next++;
            if (next < end && text[next] == '\n') next++;
            var line = text.AsSpan(i, lineEnd - i);
            bool fence = line.TrimEnd() is "---" or "...";
            if (!(first && fence) && !(fence && next >= end))
            {
                int indent = 0;
                while (indent < line.Length && line[indent] == ' ') indent++;
                if (indent < line.Length && line[indent] != '#') _lines.Add((i, lineEnd, indent));
            }
            first = false;
            i = next > i ? next : i + 1;
        }
    }

    public CslNode? ReadRoot() => _lines.Count == 0 ? null : Node(_lines[0].Start + _lines[0].Indent, -1, 0);

    private int Col(int pos) => pos - _lines[_li].Start;

    private static bool IsDash(string t, int pos, int lineEnd) => t[pos] == '-' && (pos + 1 == lineEnd || t[pos + 1] == ' ');

    /// <summary>A node starting at <paramref name="pos"/> on the current line, owned by something at <paramref name="ownerIndent"/>.</summary>
    private CslNode? Node(int pos, int ownerIndent, int depth)
    {
        var (_, lineEnd, _) = _lines[_li];
        if (depth > MaxDepth)
        {
            SkipDeeper(ownerIndent);
            return null;
        }
        if (IsDash(_t, pos, lineEnd)) return Sequence(pos, depth);
        if (KeyEnd(pos, lineEnd) >= 0) return Map(pos, depth);
        return Scalar(pos, ownerIndent, depth);
    }

    private void SkipDeeper(int ownerIndent)
    {
        _li++;
        while (_li < _lines.Count && _lines[_li].Indent > ownerIndent) _li++;
    }

    private CslNode Sequence(int pos, int depth)
    {
        int col = Col(pos);
        var node = new CslNode(CslNodeKind.List, new TextSpan(pos, pos));
        while (_li < _lines.Count)
        {
            var (lineStart, lineEnd, _) = _lines[_li];
            int at = lineStart + col;
            int item = at + 1;
            while (item < lineEnd && _t[item] == ' ') item++;
            CslNode? value;
            if (item >= lineEnd)
            {
                _li++;
                value = _li < _lines.Count && _lines[_li].Indent > col ? Node(_lines[_li].Start + _lines[_li].Indent, col, depth + 1) : null;
            }
            else value = Node(item, col, depth + 1);
            if (value is not null) node.Items.Add(value);
            node.Span = new TextSpan(pos, Math.Max(pos, LastEnd()));
            // The next item: a dash at the same column; deeper leftovers are skipped, anything shallower ends the list.
            while (_li < _lines.Count && _lines[_li].Indent > col) _li++;
            if (_li >= _lines.Count) break;
            var (s, e, indent) = _lines[_li];
            if (indent != col || !IsDash(_t, s + indent, e)) break;
        }
        return node;
    }

    private CslNode Map(int pos, int depth)
    {
        int col = Col(pos);
        var node = new CslNode(CslNodeKind.Map, new TextSpan(pos, pos));
        bool firstEntry = true;
        while (_li < _lines.Count)
        {
            var (lineStart, lineEnd, _) = _lines[_li];
            int at = firstEntry ? pos : lineStart + col;
            firstEntry = false;
            int colon = KeyEnd(at, lineEnd);
            if (colon < 0)
            {
                _li++;
            }
            else
            {
                string key = KeyText(at, colon);
                int v = colon + 1;
                while (v < lineEnd && _t[v] == ' ') v++;
                CslNode? value;
                if (v >= lineEnd || (_t[v] == '#' && _t[v - 1] == ' '))
                {
                    _li++;
                    // A nested block: deeper lines, or a list at the key's own column.
                    if (_li < _lines.Count && (_lines[_li].Indent > col
                        || (_lines[_li].Indent == col && IsDash(_t, _lines[_li].Start + col, _lines[_li].End))))
                        value = Node(_lines[_li].Start + _lines[_li].Indent, col, depth + 1);
                    else value = CslNode.Scalar("", new TextSpan(v, v), isString: false, isNull: true);
                }
                else value = Scalar(v, col, depth + 1);
                if (value is not null) node.Members.Add(new(key, value));
            }
            node.Span = new TextSpan(pos, Math.Max(pos, LastEnd()));
            while (_li < _lines.Count && _lines[_li].Indent > col) _li++;
            if (_li >= _lines.Count) break;
            var (s, e, indent) = _lines[_li];
            if (indent != col || IsDash(_t, s + indent, e)) break;
        }
        return node;
    }

    private int LastEnd() => _li > 0 && _li - 1 < _lines.Count ? _lines[_li - 1].End : 0;

    /// <summary>Where the <c>:</c> after a key at <paramref name="pos"/> stands (followed by a space or the line's end), or -1.</summary>
    private int KeyEnd(int pos, int lineEnd)
    {
        if (pos >= lineEnd) return -1;
        char first = _t[pos];
        if (first is '"' or '\'')
        {
            int close = _t.IndexOf(first, pos + 1, lineEnd - pos - 1);
            return close >= 0 && close + 1 < lineEnd && _t[close + 1] == ':' && (close + 2 == lineEnd || _t[close + 2] == ' ') ? close + 1 : -1;
        }
        if (first is '-' or '[' or '{' or '#' or '|' or '>' or '&' or '*' or '!' or '%' or '@' or '`') return -1;
        for (int k = pos; k < lineEnd; k++)
        {
            if (_t[k] == ':' && (k + 1 == lineEnd || _t[k + 1] == ' ')) return k;
            if (_t[k] == '#' && k > pos && _t[k - 1] == ' ') return -1;
        }
        return -1;
    }

    private string KeyText(int pos, int colon)
    {
        var key = _t.AsSpan(pos, colon - pos).Trim();
        if (key.Length >= 2 && key[0] is '"' or '\'' && key[^1] == key[0]) key = key[1..^1];
        return key.ToString();
    }

    /// <summary>A scalar at <paramref name="pos"/>: flow, quoted, block (<c>|</c>, <c>&gt;</c>) or plain (continued on deeper lines).</summary>
    private CslNode? Scalar(int pos, int ownerIndent, int depth)
    {
        var (_, lineEnd, _) = _lines[_li];
        char c = _t[pos];
        if (c is '[' or '{')
        {
            int p = pos;
            var flow = Flow(ref p, lineEnd, depth);
            _li++;
            return flow;
        }
        if (c is '"' or '\'') return Quoted(pos, ownerIndent);
        if (c is '|' or '>')
        {
            int k = pos + 1;
            while (k < lineEnd && _t[k] is '-' or '+' or (>= '0' and <= '9')) k++;
            while (k < lineEnd && _t[k] == ' ') k++;
            if (k == lineEnd || _t[k] == '#') return Block(c == '|', ownerIndent, lineEnd);
        }
        int end = PlainEnd(pos, lineEnd);
        var sb = new StringBuilder(_t, pos, end - pos, end - pos);
        int last = end;
        _li++;
        while (_li < _lines.Count && _lines[_li].Indent > ownerIndent)
        {
            var (s, e, indent) = _lines[_li];
            int ce = PlainEnd(s + indent, e);
            sb.Append(' ').Append(_t, s + indent, ce - s - indent);
            last = ce;
            _li++;
        }
        var value = sb.ToString();
        bool isNull = value is "~" or "null" or "Null" or "NULL";
        return CslNode.Scalar(isNull ? "" : value, new TextSpan(pos, last), isString: false, isNull: isNull);
    }

    /// <summary>The end of a plain scalar: before a <c> #</c> comment and trailing spaces.</summary>
    private int PlainEnd(int pos, int lineEnd)
    {
        int end = lineEnd;
        for (int k = pos + 1; k < lineEnd; k++)
            if (_t[k] == '#' && _t[k - 1] == ' ') { end = k; break; }
        while (end > pos && _t[end - 1] == ' ') end--;
        return end;
    }

    private CslNode Quoted(int pos, int ownerIndent)
    {
        char q = _t[pos];
        var sb = new StringBuilder();
        int k = pos + 1;
        var (_, lineEnd, _) = _lines[_li];
        while (true)
        {
            if (k >= lineEnd)
            {
                // The quote goes on on the next deeper line (a folded line break reads as a space).
                if (_li + 1 >= _lines.Count || _lines[_li + 1].Indent <= ownerIndent) break;
                _li++;
                (_, lineEnd, _) = _lines[_li];
                k = _lines[_li].Start + _lines[_li].Indent;
                sb.Append(' ');
                continue;
            }
            char c = _t[k];
            if (c == q)
            {
                if (q == '\'' && k + 1 < lineEnd && _t[k + 1] == '\'')
                {
                    sb.Append('\'');
                    k += 2;
                    continue;
                }
                _li++;
                return CslNode.Scalar(sb.ToString(), new TextSpan(pos + 1, k));
            }
            if (q == '"' && c == '\\' && k + 1 < lineEnd)
            {
                char e = _t[k + 1];
                sb.Append(e switch { 'n' => '\n', 't' => '\t', '0' => '\0', _ => e });
                k += 2;
                continue;
            }
            sb.Append(c);
            k++;
        }
        _li++;
        return CslNode.Scalar(sb.ToString(), new TextSpan(pos + 1, Math.Max(pos + 1, lineEnd)));
    }

    /// <summary>A literal (<c>|</c>) or folded (<c>&gt;</c>) block: the deeper lines after the indicator.</summary>
    private CslNode Block(bool literal, int ownerIndent, int indicatorLineEnd)
    {
        _li++;
        var sb = new StringBuilder();
        int first = -1, last = indicatorLineEnd, indent = -1;
        while (_li < _lines.Count && _lines[_li].Indent > ownerIndent)
        {
            var (s, e, ind) = _lines[_li];
            if (indent < 0) indent = ind;
            int from = s + Math.Min(ind, indent);
            if (first < 0) first = from;
            else sb.Append(literal ? '\n' : ' ');
            sb.Append(_t, from, e - from);
            last = e;
            _li++;
        }
        if (first < 0) first = last = indicatorLineEnd;
        return CslNode.Scalar(sb.ToString(), new TextSpan(first, last));
    }

    /// <summary>A flow collection or scalar on one line: <c>[2017, 6]</c>, <c>{family: Doe, given: J}</c>, <c>[[2017, 6]]</c>.</summary>
    private CslNode? Flow(ref int p, int end, int depth)
    {
        while (p < end && _t[p] == ' ') p++;
        if (p >= end || depth > MaxDepth) return null;
        char c = _t[p];
        if (c is '[' or '{')
        {
            bool isMap = c == '{';
            var node = new CslNode(isMap ? CslNodeKind.Map : CslNodeKind.List, new TextSpan(p, p));
            int start = p++;
            while (true)
            {
                while (p < end && _t[p] == ' ') p++;
                if (p >= end) return null;
                if (_t[p] == (isMap ? '}' : ']'))
                {
                    p++;
                    node.Span = new TextSpan(start, p);
                    return node;
                }
                if (_t[p] == ',') { p++; continue; }
                if (isMap)
                {
                    int ks = p;
                    var key = FlowScalar(ref p, end, key: true);
                    if (key is null || p >= end || _t[p] != ':') return null;
                    p++;
                    var value = Flow(ref p, end, depth + 1) ?? CslNode.Scalar("", new TextSpan(p, p), isString: false, isNull: true);
                    node.Members.Add(new(key.Value, value));
                    if (p == ks) return null;
                }
                else
                {
                    int before = p;
                    if (Flow(ref p, end, depth + 1) is not { } item || p == before) return null;
                    node.Items.Add(item);
                }
            }
        }
        return FlowScalar(ref p, end, key: false);
    }

    private CslNode? FlowScalar(ref int p, int end, bool key)
    {
        while (p < end && _t[p] == ' ') p++;
        if (p >= end) return null;
        char q = _t[p];
        if (q is '"' or '\'')
        {
            int close = _t.IndexOf(q, p + 1, end - p - 1);
            if (close < 0) return null;
            var node = CslNode.Scalar(_t[(p + 1)..close], new TextSpan(p + 1, close));
            p = close + 1;
            while (p < end && _t[p] == ' ') p++;
            return node;
        }
        int s = p;
        while (p < end && _t[p] is not (',' or ']' or '}') && !(_t[p] == ':' && (key || p + 1 == end || _t[p + 1] == ' '))) p++;
        int e = p;
        while (e > s && _t[e - 1] == ' ') e--;
        if (e == s) return null;
        return CslNode.Scalar(_t[s..e], new TextSpan(s, e), isString: false);
    }
}
