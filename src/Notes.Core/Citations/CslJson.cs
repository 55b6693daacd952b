using System.Text;
using Notes.Core.Text;

namespace Notes.Core.Citations;

/// <summary>
/// Reads CSL JSON, as Zotero (Better BibTeX) and Pandoc write it: an array of items, or <c>{"items": [...]}</c>; each
/// item an object with <c>id</c> (string or number) and <c>type</c>. Anything else is not CSL (a vault's other
/// <c>.json</c> files), and malformed JSON is not either: both give false.
/// </summary>
/// <remarks>
/// The core uses no <c>System.Text.Json</c> (its architecture test forbids the assembly), so this is a small strict
/// JSON reader of its own. It gives UTF-16 offsets directly (no UTF-8 byte offsets to convert), and its nesting is
/// capped, so it never recurses deep or throws.
/// </remarks>
public static class CslJson
{
    /// <summary>True, with the items in <paramref name="bib"/>, when <paramref name="text"/> is CSL JSON; else false and <see cref="Bibliography.Empty"/>.</summary>
    public static bool TryParse(string text, out Bibliography bib)
    {
        bib = Bibliography.Empty;
        if (string.IsNullOrEmpty(text) || JsonReader.Read(text) is not { } root) return false;
        var list = root.Kind == CslNodeKind.List ? root : root.Kind == CslNodeKind.Map && root["items"] is { Kind: CslNodeKind.List } items ? items : null;
        if (list is null) return false;
        var entries = new List<BibEntry>();
        var diagnostics = new List<BibDiagnostic>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            if (item.Kind != CslNodeKind.Map) return false;
            if (CslItems.ToEntry(item, requireType: true) is not { } entry)
            {
                diagnostics.Add(new BibDiagnostic(new TextSpan(item.Span.Start, Math.Min(item.Span.End, item.Span.Start + 1)), "csl-missing-id",
                    "This item has no 'id' or no 'type'; it is left out."));
                continue;
            }
            if (!keys.Add(entry.Key)) diagnostics.Add(new BibDiagnostic(entry.KeySpan, "bib-duplicate-key", $"The key '{entry.Key}' is defined twice in this file."));
            entries.Add(entry);
        }
        if (entries.Count == 0 && list.Items.Count > 0) return false;
        bib = new Bibliography(entries, diagnostics);
        return true;
    }
}

/// <summary>Strict RFC 8259 JSON into <see cref="CslNode"/>s, spans in UTF-16 offsets; null for anything malformed.</summary>
internal sealed class JsonReader
{
    private const int MaxDepth = 128;
    private readonly string _t;
    private int _p;
    private int _depth;

    private JsonReader(string text) => _t = text;

    public static CslNode? Read(string text)
    {
        var r = new JsonReader(text);
        if (text.Length > 0 && text[0] == '\uFEFF') r._p = 1;
        r.Ws();
        var node = r.Value();
        if (node is null) return null;
        r.Ws();
        return r._p == text.Length ? node : null;
    }

    private void Ws()
    {
        while (_p < _t.Length && _t[_p] is ' ' or '\t' or '\r' or '\n') _p++;
    }

    private CslNode? Value()
    {
        if (_p >= _t.Length) return null;
        switch (_t[_p])
        {
            case '{': return Object();
            case '[': return Array();
            case '"': return String();
            case 't': return Literal("true", isNull: false);
            case 'f': return Literal("false", isNull: false);
            case 'n': return Literal("null", isNull: true);
            default: return Number();
        }
    }

    private CslNode? Literal(string word, bool isNull)
    {
        if (string.CompareOrdinal(_t, _p, word, 0, word.Length) != 0) return null;
        var node = CslNode.Scalar(isNull ? "" : word, new TextSpan(_p, _p + word.Length), isString: false, isNull: isNull);
        _p += word.Length;
        return node;
    }

    private CslNode? Number()
    {
        int s = _p;
        if (_p < _t.Length && _t[_p] == '-') _p++;
        if (_p >= _t.Length || !char.IsAsciiDigit(_t[_p])) return null;
        if (_t[_p] == '0') _p++;
        else while (_p < _t.Length && char.IsAsciiDigit(_t[_p])) _p++;
        if (_p < _t.Length && _t[_p] == '.')
        {
            _p++;
            if (!Digits()) return null;
        }
        if (_p < _t.Length && _t[_p] is 'e' or 'E')
        {
            _p++;
            if (_p < _t.Length && _t[_p] is '+' or '-') _p++;
            if (!Digits()) return null;
        }
        return CslNode.Scalar(_t[s.._p], new TextSpan(s, _p), isString: false);
    }

    private bool Digits()
    {
        int s = _p;
        while (_p < _t.Length && char.IsAsciiDigit(_t[_p])) _p++;
        return _p > s;
    }

    private CslNode? String()
    {
        int start = ++_p;
        StringBuilder? sb = null;
        int run = start;
        while (_p < _t.Length)
        {
            char c = _t[_p];
            if (c == '"')
            {
                string value = sb is null ? _t[start.._p] : sb.Append(_t, run, _p - run).ToString();
                var node = CslNode.Scalar(value, new TextSpan(start, _p));
                _p++;
                return node;
            }
            if (c < ' ') return null;
            if (c != '\\')
            {
                _p++;
                continue;
            }
            sb ??= new StringBuilder();
            sb.Append(_t, run, _p - run);
            if (_p + 1 >= _t.Length) return null;
            char e = _t[_p + 1];
            switch (e)
            {
                case '"' or '\\' or '/': sb.Append(e); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (_p + 6 > _t.Length) return null;
                    int code = 0;
                    for (int k = _p + 2; k < _p + 6; k++)
                    {
                        int h = HexValue(_t[k]);
                        if (h < 0) return null;
                        code = code * 16 + h;
                    }
                    sb.Append((char)code);
                    _p += 4;
                    break;
                default: return null;
            }
            _p += 2;
            run = _p;
        }
        return null;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private CslNode? Object()
    {
        if (++_depth > MaxDepth) return null;
        var node = new CslNode(CslNodeKind.Map, default);
        int start = _p++;
        Ws();
        if (_p < _t.Length && _t[_p] == '}') return Close(node, start);
        while (true)
        {
            Ws();
            if (_p >= _t.Length || _t[_p] != '"' || String() is not { } key) return null;
            Ws();
            if (_p >= _t.Length || _t[_p] != ':') return null;
            _p++;
            Ws();
            if (Value() is not { } value) return null;
            node.Members.Add(new(key.Value, value));
            Ws();
            if (_p >= _t.Length) return null;
            if (_t[_p] == '}') return Close(node, start);
            if (_t[_p] != ',') return null;
            _p++;
        }
    }

    private CslNode? Array()
    {
        if (++_depth > MaxDepth) return null;
        var node = new CslNode(CslNodeKind.List, default);
        int start = _p++;
        Ws();
        if (_p < _t.Length && _t[_p] == ']') return Close(node, start);
        while (true)
        {
            Ws();
            if (Value() is not { } value) return null;
            node.Items.Add(value);
            Ws();
            if (_p >= _t.Length) return null;
            if (_t[_p] == ']') return Close(node, start);
            if (_t[_p] != ',') return null;
            _p++;
        }
    }

    private CslNode Close(CslNode node, int start)
    {
        _p++;
        _depth--;
        node.Span = new TextSpan(start, _p);
        return node;
    }
}
