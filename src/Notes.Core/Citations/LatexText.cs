using System.Buffers;
using System.Text;

namespace Notes.Core.Citations;

/// <summary>
/// Turns a BibTeX field value into the text a reader expects: grouping braces gone (<c>{{GPU}}s</c> → <c>GPUs</c>),
/// accents composed (<c>{\"u}</c>, <c>\"{u}</c>, <c>\"u</c> → <c>ü</c>), escapes resolved (<c>\&amp;</c> → <c>&amp;</c>),
/// <c>--</c>/<c>---</c> as dashes, formatting commands dropped with their argument kept (<c>\emph{x}</c> → <c>x</c>),
/// <c>~</c> as a plain space, and whitespace collapsed. Math between <c>$</c> signs is kept as written.
/// One pass, no recursion; never throws.
/// </summary>
public static class LatexText
{
    /// <summary>The display text of a raw BibTeX value (braces and markup as written in the file).</summary>
    public static string Decode(string value) => value is null ? "" : IsPlain(value) ? value : DecodeMarkup(value);

    /// <summary>As <see cref="Decode(string)"/>, of a slice of a file (no copy of the raw value first).</summary>
    internal static string Decode(ReadOnlySpan<char> value) => IsPlain(value) ? value.ToString() : DecodeMarkup(value);

    private static string DecodeMarkup(ReadOnlySpan<char> value)
    {
        var sb = t_builder ??= new StringBuilder(256);
        sb.Clear();
        bool space = false, noMoreMath = false;
        int n = value.Length, i = 0;
        while (i < n)
        {
            int run = value[i..].IndexOfAny(Special);
            if (run != 0)
            {
                // Ordinary text up to the next special character, at once.
                int len = run < 0 ? n - i : run;
                if (space && sb.Length > 0) sb.Append(' ');
                space = false;
                sb.Append(value.Slice(i, len));
                i += len;
                continue;
            }
            char c = value[i];
            switch (c)
            {
                case ' ' or '\t' or '\r' or '\n' or '~':
                    space = true;
                    i++;
                    break;
                case '{' or '}':
                    i++;
                    break;
                case '$':
                    int close = noMoreMath ? -1 : MathEnd(value, i + 1);
                    if (close < 0)
                    {
                        noMoreMath = true;
                        Emit(sb, ref space, '$');
                        i++;
                    }
                    else
                    {
                        Emit(sb, ref space, '$');
                        for (int k = i + 1; k <= close; k++) sb.Append(value[k] is '\r' or '\n' or '\t' ? ' ' : value[k]);
                        i = close + 1;
                    }
                    break;
                case '-':
                    int dashes = 1;
                    while (i + dashes < n && value[i + dashes] == '-') dashes++;
                    Emit(sb, ref space, dashes switch { 2 => "\u2013", 3 => "\u2014", _ => new string('-', dashes) });
                    i += dashes;
                    break;
                default: // '\\'
                    i = Command(value, i, sb, ref space);
                    break;
            }
        }
        var result = sb.ToString();
        if (sb.Capacity > 64 * 1024) t_builder = null; // don't keep a huge buffer alive
        return result;
    }

    private static readonly SearchValues<char> Special = SearchValues.Create(" \t\r\n~{}$-\\");

    [ThreadStatic]
    private static StringBuilder? t_builder;

    /// <summary>Nothing to decode: no markup, no line breaks, no doubled or edge spaces.</summary>
    private static bool IsPlain(ReadOnlySpan<char> value)
    {
        if (value.Length == 0) return true;
        if (value[0] == ' ' || value[^1] == ' ') return false;
        if (value.IndexOfAny(Special) < 0) return true;
        // Single spaces between words are plain too.
        for (int k = value.IndexOfAny(Special); k >= 0 && k < value.Length; k++)
        {
            char c = value[k];
            if (c != ' ' ? Special.Contains(c) : value[k + 1] == ' ') return false;
        }
        return true;
    }

    /// <summary>The closing <c>$</c> of math opened before <paramref name="from"/>, skipping <c>\$</c>; -1 when there is none.</summary>
    private static int MathEnd(ReadOnlySpan<char> value, int from)
    {
        for (int k = from; k < value.Length; k++)
        {
            if (value[k] == '\\') k++;
            else if (value[k] == '$') return k;
        }
        return -1;
    }

    private static void Emit(StringBuilder sb, ref bool space, char c)
    {
        if (space && sb.Length > 0) sb.Append(' ');
        space = false;
        sb.Append(c);
    }

    private static void Emit(StringBuilder sb, ref bool space, string s)
    {
        if (s.Length == 0) return;
        if (space && sb.Length > 0) sb.Append(' ');
        space = false;
        sb.Append(s);
    }

    /// <summary>Decodes the command at <paramref name="i"/> (a backslash) and returns where the text after it starts.</summary>
    private static int Command(ReadOnlySpan<char> value, int i, StringBuilder sb, ref bool space)
    {
        int n = value.Length;
        if (i + 1 >= n) return n; // a lone backslash at the end
        char d = value[i + 1];
        if (!char.IsAsciiLetter(d))
        {
            if (Accent(d) is { } mark) return Accented(value, i + 2, d, mark, sb, ref space);
            switch (d)
            {
                case ' ' or ',' or ';' or '\\' or '\n' or '\r' or '\t':
                    space = true;
                    break;
                case '!' or '-' or '/' or '@':
                    break;
                default:
                    Emit(sb, ref space, d); // \& \% \$ \_ \# \{ \} and any other symbol as itself
                    break;
            }
            return i + 2;
        }
        int j = i + 1;
        while (j < n && char.IsAsciiLetter(value[j])) j++;
        var name = value.Slice(i + 1, j - i - 1);
        if (name.Length == 1 && Accent(name[0]) is { } letterMark && name[0] is 'c' or 'v' or 'u' or 'H' or 'k' or 'r' or 'd' or 'b' or 't')
            return Accented(value, j, name[0], letterMark, sb, ref space);
        if (Letter(name) is { } letter)
        {
            Emit(sb, ref space, letter);
            while (j < n && value[j] == ' ') j++; // TeX: a control word eats the spaces after it ("Stra\ss e")
            return j;
        }
        if (Word(name) is { } word) Emit(sb, ref space, word);
        else
        {
            // Formatting and unknown commands: dropped; an argument in braces stays as text (\emph{x} -> x).
            while (j < n && value[j] == ' ') j++;
        }
        return j;
    }

    /// <summary>An accent command's argument (<c>u</c>, <c>{u}</c>, <c>\i</c>, <c>{\i}</c>), composed with its mark.</summary>
    private static int Accented(ReadOnlySpan<char> value, int j, char accent, char mark, StringBuilder sb, ref bool space)
    {
        int n = value.Length;
        while (j < n && value[j] == ' ') j++;
        bool braced = j < n && value[j] == '{';
        if (braced) j++;
        char? letter = null;
        if (j + 1 < n && value[j] == '\\' && value[j + 1] is 'i' or 'j' && (j + 2 >= n || !char.IsAsciiLetter(value[j + 2])))
        {
            letter = value[j + 1];
            j += 2;
            while (!braced && j < n && value[j] == ' ') j++;
        }
        else if (j < n && value[j] is not ('}' or '\\' or '{'))
        {
            letter = value[j];
            j++;
        }
        if (braced && j < n && value[j] == '}') j++;
        if (letter is { } l)
        {
            if (Composed(accent, l) is { } composed) Emit(sb, ref space, composed);
            else
            {
                Emit(sb, ref space, l);
                sb.Append(mark);
            }
        }
        return j;
    }

    /// <summary>The combining mark of an accent command, or null when <paramref name="c"/> is not one.</summary>
    private static char? Accent(char c) => c switch
    {
        '\'' => '\u0301', '`' => '\u0300', '^' => '\u0302', '"' => '\u0308', '~' => '\u0303', '=' => '\u0304', '.' => '\u0307',
        'c' => '\u0327', 'v' => '\u030C', 'u' => '\u0306', 'H' => '\u030B', 'k' => '\u0328', 'r' => '\u030A', 'd' => '\u0323',
        'b' => '\u0331', 't' => '\u0361',
        _ => null,
    };

    private static readonly Dictionary<(char, char), char> Precomposed = BuildPrecomposed();

    private static Dictionary<(char, char), char> BuildPrecomposed()
    {
        var table = new Dictionary<(char, char), char>();
        void Add(char accent, string pairs)
        {
            for (int k = 0; k + 1 < pairs.Length; k += 2) table[(accent, pairs[k])] = pairs[k + 1];
        }
        Add('\'', "aáeéiíoóuúyýAÁEÉIÍOÓUÚYÝcćCĆnńNŃsśSŚzźZŹlĺLĹrŕRŔgǵ");
        Add('`', "aàeèiìoòuùAÀEÈIÌOÒUÙ");
        Add('^', "aâeêiîoôuûAÂEÊIÎOÔUÛcĉgĝhĥjĵsŝwŵyŷ");
        Add('"', "aäeëiïoöuüyÿAÄEËIÏOÖUÜYŸ");
        Add('~', "aãnñoõiĩuũAÃNÑOÕ");
        Add('=', "aāeēiīoōuūAĀEĒIĪOŌUŪ");
        Add('.', "zżZŻeėEĖgġIİ");
        Add('c', "cçCÇsşSŞtţTŢ");
        Add('v', "sšSŠcčCČzžZŽrřRŘeěEĚnňNŇdďtťDĎTŤ");
        Add('u', "aăAĂgğGĞ");
        Add('H', "oőOŐuűUŰ");
        Add('k', "aąAĄeęEĘ");
        Add('r', "aåAÅuůUŮ");
        return table;
    }

    private static char? Composed(char accent, char letter) => Precomposed.TryGetValue((accent, letter), out var c) ? c : null;

    /// <summary>The letters LaTeX names: <c>\ss</c>, <c>\o</c>, <c>\aa</c>, <c>\ae</c>, <c>\l</c>, <c>\i</c>, ...</summary>
    private static string? Letter(ReadOnlySpan<char> name) => name switch
    {
        "ss" => "ß", "o" => "ø", "O" => "Ø", "aa" => "å", "AA" => "Å", "ae" => "æ", "AE" => "Æ", "oe" => "œ", "OE" => "Œ",
        "l" => "ł", "L" => "Ł", "i" => "ı", "j" => "ȷ", "dh" => "ð", "DH" => "Ð", "th" => "þ", "TH" => "Þ", "ng" => "ŋ", "NG" => "Ŋ",
        _ => null,
    };

    /// <summary>Commands that stand for text: logos and symbols.</summary>
    private static string? Word(ReadOnlySpan<char> name) => name switch
    {
        "LaTeX" => "LaTeX", "TeX" => "TeX", "BibTeX" => "BibTeX", "textendash" => "\u2013", "textemdash" => "\u2014",
        "ldots" or "dots" or "textellipsis" => "\u2026", "textasciitilde" => "~", "S" => "§", "P" => "¶", "copyright" => "©",
        "textregistered" => "®", "texttrademark" => "™", "textquoteright" => "\u2019", "textquoteleft" => "\u2018",
        "textbackslash" => "\\", "textunderscore" => "_", "textdollar" => "$", "euro" => "€", "pounds" => "£",
        _ => null,
    };
}
