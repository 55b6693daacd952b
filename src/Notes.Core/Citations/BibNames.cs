namespace Notes.Core.Citations;

/// <summary>
/// BibTeX's name lists: names separated by <c>and</c> at brace depth 0, each written "First von Last",
/// "von Last, First" or "von Last, Jr, First". Braces protect (<c>{World Health Organization}</c> is one family name).
/// </summary>
internal static class BibNames
{
    private static readonly BibName Others = new("others", "");

    /// <summary>The names of a raw (undecoded) <c>author</c> or <c>editor</c> value.</summary>
    public static List<BibName> Parse(string raw)
    {
        var names = new List<BibName>();
        var parts = new List<List<string>> { new() }; // the current name: its comma-separated parts, each a list of words
        int n = raw.Length, i = 0;
        while (i < n)
        {
            char c = raw[i];
            if (IsSeparator(c)) { i++; continue; }
            if (c == ',')
            {
                parts.Add([]);
                i++;
                continue;
            }
            int start = i, depth = 0;
            while (i < n)
            {
                char w = raw[i];
                if (w == '{') depth++;
                else if (w == '}') { if (depth > 0) depth--; }
                else if (depth == 0 && (IsSeparator(w) || w == ',')) break;
                i++;
            }
            var word = raw[start..i];
            if (word.Equals("and", StringComparison.OrdinalIgnoreCase))
            {
                Add(names, parts);
                parts = [[]];
            }
            else parts[^1].Add(word);
        }
        Add(names, parts);
        return names;
    }

    private static bool IsSeparator(char c) => c is ' ' or '\t' or '\r' or '\n' or '~';

    private static void Add(List<BibName> names, List<List<string>> parts)
    {
        if (parts.Count == 1 && parts[0].Count == 1 && parts[0][0].Equals("others", StringComparison.OrdinalIgnoreCase))
        {
            names.Add(Others);
            return;
        }
        string family, given;
        if (parts.Count == 1)
        {
            var words = parts[0];
            if (words.Count == 0) return;
            // "First von Last": von starts at the first lower-case word before the last word.
            int von = -1;
            for (int k = 0; k < words.Count - 1; k++)
            {
                if (IsLowerCase(words[k])) { von = k; break; }
            }
            int split = von >= 0 ? von : words.Count - 1;
            given = Join(words, 0, split);
            family = Join(words, split, words.Count);
        }
        else if (parts.Count == 2)
        {
            family = Join(parts[0], 0, parts[0].Count);
            given = Join(parts[1], 0, parts[1].Count);
        }
        else
        {
            // "von Last, Jr, First": the suffix stays with the family name ("King Jr.").
            var jr = Join(parts[1], 0, parts[1].Count);
            family = Join(parts[0], 0, parts[0].Count);
            if (jr.Length > 0) family = family.Length > 0 ? family + " " + jr : jr;
            given = string.Join(" ", parts.Skip(2).Select(p => Join(p, 0, p.Count)).Where(s => s.Length > 0));
        }
        if (family.Length == 0 && given.Length == 0) return;
        if (family.Length == 0) (family, given) = (given, "");
        names.Add(new BibName(family, given));
    }

    private static string Join(List<string> words, int from, int to) => (to - from) switch
    {
        <= 0 => "",
        1 => LatexText.Decode(words[from]),
        _ => LatexText.Decode(string.Join(" ", System.Runtime.InteropServices.CollectionsMarshal.AsSpan(words)[from..to])),
    };

    /// <summary>BibTeX's von test: the word's first letter is lower case; a word starting with a brace group counts as upper case.</summary>
    private static bool IsLowerCase(string word)
    {
        if (word.Length == 0 || word[0] == '{') return false;
        foreach (var c in LatexText.Decode(word))
        {
            if (char.IsLetter(c)) return char.IsLower(c);
        }
        return false;
    }
}
