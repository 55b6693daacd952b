using System.Buffers;
using System.Text;
using Notes.Core.Text;

namespace Notes.Core.Citations;

/// <summary>
/// Reads BibTeX and BibLaTeX: entries of any type delimited by braces or parentheses, field values in braces, quotes,
/// bare numbers or <c>@string</c> macros joined with <c>#</c>, month macros, <c>@comment</c> and <c>@preamble</c>
/// skipped, text between entries ignored (BibTeX's rule). Tolerant: a malformed entry gets a diagnostic and reading
/// resumes at the next line that starts with <c>@</c>; what the entry held up to the problem is kept when it has a key.
/// One forward pass without recursion (linear time, any nesting depth); never throws.
/// </summary>
public static class BibTexParser
{
    /// <summary>The entries and problems of a <c>.bib</c> file's text.</summary>
    public static Bibliography Parse(string text)
    {
        var reader = new Reader(text ?? "");
        reader.Run();
        return new Bibliography(reader.Entries, reader.Diagnostics);
    }

    private static readonly Dictionary<string, string> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        ["jan"] = "January", ["feb"] = "February", ["mar"] = "March", ["apr"] = "April", ["may"] = "May", ["jun"] = "June",
        ["jul"] = "July", ["aug"] = "August", ["sep"] = "September", ["oct"] = "October", ["nov"] = "November", ["dec"] = "December",
    };

    /// <summary>A character of an entry type, field name or macro name (BibTeX's identifier characters, less <c>@</c>).</summary>
    private static bool IsIdent(char c) => c > ' ' && c != '\u007F' && c is not ('"' or '#' or '%' or '\'' or '(' or ')' or ',' or '=' or '{' or '}' or '@');

    private enum ValueEnd { Ok, Missing, Unclosed }

    private static readonly SearchValues<char> BraceStops = SearchValues.Create("{}\n");
    private static readonly SearchValues<char> QuoteStops = SearchValues.Create("{}\"\n");

    private sealed class Reader(string t)
    {
        public readonly List<BibEntry> Entries = [];
        public readonly List<BibDiagnostic> Diagnostics = [];
        private readonly Dictionary<string, string> _macros = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
        private readonly StringBuilder _value = new();
        private readonly int _n = t.Length;
        /// <summary>Entry types and field names as written, to their lower-case form (each allocated once a file).</summary>
        private readonly Dictionary<string, string> _names = new(StringComparer.OrdinalIgnoreCase);

        private string Lower(int start, int end)
        {
            var span = t.AsSpan(start, end - start);
            var lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(span, out var name)) return name;
            name = span.ToString().ToLowerInvariant();
            if (_names.Count < 4096) _names[name] = name;
            return name;
        }

        public void Run()
        {
            int i = 0;
            while (i < _n)
            {
                int at = t.IndexOf('@', i);
                if (at < 0) break;
                int next = Entry(at);
                i = next > at ? next : at + 1;
            }
        }

        private void Report(int start, int end, string code, string message) =>
            Diagnostics.Add(new BibDiagnostic(new TextSpan(start, Math.Max(start, Math.Min(end, _n))), code, message));

        private int SkipWs(int i)
        {
            while (i < _n && char.IsWhiteSpace(t[i])) i++;
            return i;
        }

        /// <summary>The <c>@</c> at <paramref name="at"/> has only spaces or tabs before it on its line.</summary>
        private bool AtLineStart(int at)
        {
            int k = at - 1;
            while (k >= 0 && t[k] is ' ' or '\t') k--;
            return k < 0 || t[k] is '\n' or '\r';
        }

        /// <summary>After the line break at <paramref name="nl"/>, the next line starts (after spaces) with <c>@</c>: where, else -1.</summary>
        private int LineStartAtAfter(int nl)
        {
            int k = nl + 1;
            while (k < _n && t[k] is ' ' or '\t') k++;
            return k < _n && t[k] == '@' ? k : -1;
        }

        /// <summary>The next <c>@</c> at the start of a line, at or after <paramref name="from"/>; the end of the text when none.</summary>
        private int Resync(int from)
        {
            int p = from < _n ? t.IndexOf('@', from) : -1;
            while (p >= 0 && !AtLineStart(p)) p = p + 1 < _n ? t.IndexOf('@', p + 1) : -1;
            return p < 0 ? _n : p;
        }

        private int TrimEnd(int end, int floor)
        {
            while (end > floor && char.IsWhiteSpace(t[end - 1])) end--;
            return end;
        }

        /// <summary>Reads what starts at the <c>@</c> at <paramref name="at"/> and returns where to go on.</summary>
        private int Entry(int at)
        {
            int j = at + 1;
            while (j < _n && IsIdent(t[j])) j++;
            string type = Lower(at + 1, j);
            int open = SkipWs(j);
            if (type.Length == 0 || open >= _n || t[open] is not ('{' or '('))
            {
                // BibTeX reads an '@' anywhere as an entry; one inside prose (an e-mail address) is not worth a diagnostic,
                // nor a bare '@comment' line.
                if (AtLineStart(at) && type != "comment")
                    Report(at, Math.Max(j, at + 1), "bib-malformed", type.Length == 0 ? "An entry type must follow '@'." : $"'@{type}' must be followed by '{{' or '('.");
                return j;
            }
            char close = t[open] == '{' ? '}' : ')';
            return type switch
            {
                "comment" or "preamble" => Skip(at, open, close),
                "string" => StringMacro(at, open, close),
                _ => Regular(at, type, open, close),
            };
        }

        /// <summary><c>@comment{...}</c> and <c>@preamble{...}</c>: skipped to their balanced close.</summary>
        private int Skip(int at, int open, char close)
        {
            int depth = 0;
            for (int k = open + 1; k < _n; k++)
            {
                char c = t[k];
                if (c == '{') depth++;
                else if (c == '}')
                {
                    if (depth == 0 && close == '}') return k + 1;
                    if (depth > 0) depth--;
                }
                else if (c == ')' && depth == 0 && close == ')') return k + 1;
                else if (c == '\n' && LineStartAtAfter(k) is var next and >= 0)
                {
                    Report(at, open + 1, "bib-unclosed", $"This '{t[at..(open + 1)]}' is not closed before the next entry.");
                    return next;
                }
            }
            Report(at, open + 1, "bib-unclosed", $"This '{t[at..(open + 1)]}' is not closed.");
            return _n;
        }

        /// <summary><c>@string{name = value}</c> (several, comma-separated, allowed).</summary>
        private int StringMacro(int at, int open, char close)
        {
            int p = open + 1;
            while (true)
            {
                p = SkipWs(p);
                if (p >= _n)
                {
                    Report(at, open + 1, "bib-unclosed", "This '@string' is not closed.");
                    return _n;
                }
                char c = t[p];
                if (c == close) return p + 1;
                if (c == ',') { p++; continue; }
                if (c == '@' && AtLineStart(p))
                {
                    Report(at, open + 1, "bib-unclosed", "This '@string' is not closed before the next entry.");
                    return p;
                }
                int nameStart = p;
                while (p < _n && IsIdent(t[p])) p++;
                if (p == nameStart)
                {
                    Report(p, p + 1, "bib-malformed", $"Unexpected '{t[p]}' in '@string': expected 'name = value'.");
                    return Resync(p + 1);
                }
                string name = t[nameStart..p];
                int eq = SkipWs(p);
                if (eq >= _n || t[eq] != '=')
                {
                    Report(nameStart, p, "bib-malformed", $"Expected '=' after the macro name '{name}'.");
                    return Resync(eq);
                }
                var end = Value(eq + 1, out p, out var rawOrNull, out var single);
                if (end == ValueEnd.Unclosed)
                {
                    Report(at, open + 1, "bib-unclosed", $"The value of '@string{{{name}' is not closed.");
                    return p;
                }
                if (end == ValueEnd.Missing)
                {
                    Report(eq, eq + 1, "bib-malformed", $"The macro '{name}' has no value.");
                    return Resync(p);
                }
                _macros[name] = rawOrNull ?? t.Substring(single.Start, single.Length);
            }
        }

        /// <summary>An entry with a key and fields.</summary>
        private int Regular(int at, string type, int open, char close)
        {
            int keyStart = SkipWs(open + 1), p = keyStart;
            while (p < _n && !char.IsWhiteSpace(t[p]) && t[p] is not (',' or '{' or '}' or '=' or '"' or '#' or '@') && !(close == ')' && t[p] == ')')) p++;
            int afterKey = SkipWs(p);
            if (p == keyStart || (afterKey < _n && t[afterKey] == '='))
            {
                Report(at, open + 1, "bib-malformed", $"This '@{type}' has no key: write '@{type}{{key, ...'.");
                return Resync(keyStart);
            }
            string key = t[keyStart..p];
            var keySpan = new TextSpan(keyStart, p);
            var fields = new Dictionary<string, string>(16, StringComparer.Ordinal);
            string? authors = null, editors = null;
            bool needComma = true, closed = false;
            int resume;
            int end;
            p = afterKey;
            while (true)
            {
                p = SkipWs(p);
                if (p >= _n)
                {
                    Report(at, keySpan.End, "bib-unclosed", $"The entry '{key}' is not closed: add '{close}'.");
                    end = resume = _n;
                    break;
                }
                char c = t[p];
                if (c == close)
                {
                    end = resume = p + 1;
                    closed = true;
                    break;
                }
                if (c == ',')
                {
                    needComma = false;
                    p++;
                    continue;
                }
                if (c == '@' && AtLineStart(p))
                {
                    Report(at, keySpan.End, "bib-unclosed", $"The entry '{key}' is not closed before the next entry: add '{close}'.");
                    end = resume = p;
                    break;
                }
                int nameStart = p;
                while (p < _n && IsIdent(t[p])) p++;
                if (p == nameStart)
                {
                    Report(p, p + 1, "bib-malformed", $"Unexpected '{t[p]}' in the entry '{key}': expected 'field = value'.");
                    end = p;
                    resume = Resync(p + 1);
                    break;
                }
                string name = Lower(nameStart, p);
                int eq = SkipWs(p);
                if (eq >= _n || t[eq] != '=')
                {
                    Report(nameStart, p, "bib-malformed", $"Expected '=' after the field name '{t[nameStart..p]}'.");
                    end = p;
                    resume = Resync(eq);
                    break;
                }
                if (needComma) Report(nameStart, p, "bib-malformed", $"A comma is missing before the field '{t[nameStart..p]}'.");
                var valueEnd = Value(eq + 1, out p, out var raw, out var single);
                if (valueEnd == ValueEnd.Unclosed)
                {
                    Report(nameStart, p, "bib-unclosed", $"The value of '{t[nameStart..(eq + 1)]}' is not closed.");
                    end = resume = p;
                    break;
                }
                if (valueEnd == ValueEnd.Missing)
                {
                    Report(eq, eq + 1, "bib-malformed", $"The field '{t[nameStart..eq].TrimEnd()}' has no value.");
                    end = p;
                    resume = Resync(p);
                    break;
                }
                if (fields.ContainsKey(name)) Report(nameStart, eq, "bib-duplicate-field", $"The field '{name}' is set twice; the first value is used.");
                else
                {
                    if (name is "author" or "editor")
                    {
                        raw ??= t.Substring(single.Start, single.Length);
                        if (name == "author") authors = raw;
                        else editors = raw;
                    }
                    fields[name] = raw is null ? LatexText.Decode(t.AsSpan(single.Start, single.Length)) : LatexText.Decode(raw);
                }
                needComma = true;
            }
            if (!_keys.Add(key)) Report(keySpan.Start, keySpan.End, "bib-duplicate-key", $"The key '{key}' is defined twice in this file.");
            var span = new TextSpan(at, closed ? end : TrimEnd(end, keySpan.End));
            Entries.Add(new BibEntry(key, keySpan, span, type, fields,
                authors is null ? [] : BibNames.Parse(authors), editors is null ? [] : BibNames.Parse(editors)));
            return resume;
        }

        /// <summary>
        /// A field value from <paramref name="p"/>: pieces (<c>{...}</c>, <c>"..."</c>, a number, a macro) joined with <c>#</c>,
        /// concatenated raw into <paramref name="raw"/>, or (one piece, the usual case: no copy) null with the piece's characters
        /// at <paramref name="single"/>. <paramref name="next"/> is where reading goes on: after the value, or
        /// (unclosed) the next line starting with <c>@</c> or the end of the text.
        /// </summary>
        private ValueEnd Value(int p, out int next, out string? raw, out TextSpan single)
        {
            _value.Clear();
            raw = "";
            single = default;
            int pieces = 0, pendingStart = -1, pendingLength = 0;
            void Flush()
            {
                if (pendingStart >= 0) _value.Append(t, pendingStart, pendingLength);
                pendingStart = -1;
            }
            while (true)
            {
                p = SkipWs(p);
                next = p;
                if (p >= _n) return ValueEnd.Missing;
                char c = t[p];
                if (c is '{' or '"')
                {
                    int depth = 0, k = p + 1;
                    var stops = c == '{' ? BraceStops : QuoteStops;
                    for (; k < _n; k++)
                    {
                        int skip = t.AsSpan(k).IndexOfAny(stops);
                        if (skip < 0)
                        {
                            k = _n;
                            break;
                        }
                        k += skip;
                        char d = t[k];
                        if (d == '{') depth++;
                        else if (d == '}')
                        {
                            if (depth == 0)
                            {
                                if (c == '{') break;
                                // A stray '}' inside quotes: BibTeX rejects it; keep reading.
                            }
                            else depth--;
                        }
                        else if (d == '"' && c == '"' && depth == 0) break;
                        else if (d == '\n' && LineStartAtAfter(k) is var at and >= 0)
                        {
                            next = at;
                            return ValueEnd.Unclosed;
                        }
                    }
                    if (k >= _n)
                    {
                        next = _n;
                        return ValueEnd.Unclosed;
                    }
                    Flush();
                    if (pieces == 0) (pendingStart, pendingLength) = (p + 1, k - p - 1);
                    else _value.Append(t, p + 1, k - p - 1);
                    p = k + 1;
                }
                else if (IsIdent(c))
                {
                    int s = p;
                    while (p < _n && IsIdent(t[p])) p++;
                    var word = t.AsSpan(s, p - s);
                    Flush();
                    if (char.IsAsciiDigit(c))
                    {
                        if (pieces == 0) (pendingStart, pendingLength) = (s, p - s);
                        else _value.Append(word);
                    }
                    else if (_macros.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(word, out var m)
                        || Months.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(word, out m)) _value.Append(m);
                    else Report(s, p, "bib-unknown-macro", $"'{word}' is not a defined @string macro; it reads as empty.");
                }
                else return ValueEnd.Missing;
                pieces++;
                int after = SkipWs(p);
                if (after < _n && t[after] == '#')
                {
                    p = after + 1;
                    continue;
                }
                next = p;
                if (pieces == 1 && pendingStart >= 0)
                {
                    raw = null;
                    single = new TextSpan(pendingStart, pendingStart + pendingLength);
                }
                else
                {
                    Flush();
                    raw = _value.ToString();
                }
                return ValueEnd.Ok;
            }
        }
    }
}
