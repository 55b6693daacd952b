namespace Notes.Core.Features;

/// <summary>
/// Subsequence fuzzy matching, case-insensitive, with bonuses for a prefix, word starts and consecutive runs.
/// Allocation-free; a score of null means no match.
/// </summary>
public static class FuzzyMatcher
{
    public static int? Score(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        if (pattern.IsEmpty) return 0;
        if (pattern.Length > text.Length) return null;
        int score = 0, ti = 0, run = 0, firstMatch = -1;
        for (int pi = 0; pi < pattern.Length; pi++)
        {
            char p = char.ToLowerInvariant(pattern[pi]);
            bool found = false;
            while (ti < text.Length)
            {
                char t = char.ToLowerInvariant(text[ti]);
                if (t == p || (IsSeparator(p) && IsSeparator(t)))
                {
                    if (firstMatch < 0) firstMatch = ti;
                    bool wordStart = ti == 0 || IsSeparator(text[ti - 1]) || (char.IsUpper(text[ti]) && char.IsLower(text[ti - 1]));
                    score += 10 + (wordStart ? 8 : 0) + run * 5;
                    run++;
                    ti++;
                    found = true;
                    break;
                }
                run = 0;
                score -= 1;
                ti++;
            }
            if (!found) return null;
        }
        if (firstMatch == 0) score += 15;
        if (pattern.Length == text.Length) score += 20;
        return score - (text.Length - pattern.Length) / 4;
    }

    private static bool IsSeparator(char c) => c is ' ' or '-' or '_' or '/' or '.';
}
