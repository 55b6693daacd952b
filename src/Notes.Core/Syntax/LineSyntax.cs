namespace Notes.Core.Syntax;

/// <summary>Line-level syntax shared by the Markdig walk and the fallback scanner: ATX heading lines, block ids, slugs.</summary>
internal static class LineSyntax
{
    /// <summary>
    /// An ATX heading on the line [<paramref name="start"/>, <paramref name="end"/>): its level and the text without
    /// markers, closing <c>#</c>s or a trailing block id (whose start is <paramref name="blockId"/>, or -1).
    /// </summary>
    public static bool TryAtxHeading(string text, int start, int end, out int level, out int textStart, out int textEnd, out int blockId)
    {
        level = 0; textStart = textEnd = blockId = -1;
        int i = start, indent = 0;
        while (i < end && text[i] == ' ' && indent < 3) { i++; indent++; }
        while (i < end && text[i] == '#' && level < 7) { i++; level++; }
        if (level is 0 or > 6 || (i < end && text[i] is not (' ' or '\t'))) { level = 0; return false; }
        while (i < end && text[i] is ' ' or '\t') i++;
        int e = TrimEnd(text, i, end);
        int run = e;
        while (run > i && text[run - 1] == '#') run--;
        if (run == i) e = i; // only closing #s: empty heading
        else if (run < e && text[run - 1] is ' ' or '\t') e = TrimEnd(text, i, run);
        textStart = i;
        textEnd = TrimBlockId(text, i, e, out blockId);
        return true;
    }

    /// <summary>When [start, end) ends in whitespace + <c>^id</c> (or is just <c>^id</c>), sets <paramref name="blockId"/> to the <c>^</c> and returns the end of what precedes it.</summary>
    public static int TrimBlockId(string text, int start, int end, out int blockId)
    {
        blockId = -1;
        int e = TrimEnd(text, start, end);
        int i = e;
        while (i > start && (char.IsAsciiLetterOrDigit(text[i - 1]) || text[i - 1] == '-')) i--;
        if (i == e || i - 1 < start || text[i - 1] != '^') return e;
        int caret = i - 1;
        if (caret > start && !char.IsWhiteSpace(text[caret - 1])) return e;
        blockId = caret;
        return TrimEnd(text, start, caret);
    }

    public static int TrimEnd(string text, int start, int end)
    {
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        return end;
    }

    /// <summary>GitHub-style slug: lower case, punctuation other than <c>-</c> and <c>_</c> dropped, each space a <c>-</c>.</summary>
    public static string Slug(string heading)
    {
        var sb = new System.Text.StringBuilder(heading.Length);
        foreach (var ch in heading.Trim())
        {
            char c = char.ToLowerInvariant(ch);
            if (char.IsLetterOrDigit(c) || c is '-' or '_' || char.IsSurrogate(c) ||
                System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark)
                sb.Append(c);
            else if (c == ' ') sb.Append('-');
        }
        return sb.ToString();
    }

    /// <summary>A slug made unique among <paramref name="used"/> by <c>-1</c>, <c>-2</c>, ... (and recorded there).</summary>
    public static string UniqueSlug(string heading, HashSet<string> used)
    {
        var slug = Slug(heading);
        var unique = slug;
        for (int n = 1; !used.Add(unique); n++) unique = slug + "-" + n;
        return unique;
    }
}
