using System.Buffers;
using System.Text;

using Notes.Core.Index;

namespace Notes.Core.Features;

/// <summary>
/// Subsequence fuzzy matching, case-insensitive, with bonuses for a prefix, word starts and consecutive runs.
/// Allocation-free; a score of null means no match.
/// </summary>
public static class FuzzyMatcher
{
    private static readonly SearchValues<char> Separators = SearchValues.Create(" -_/.");

    public static int? Score(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        if (pattern.IsEmpty) return 0;
        if (pattern.Length > text.Length) return null;
        // Completion scores every note on every keystroke: on ASCII text (nearly every name) the next match is found
        // with a vectorised search instead of a character loop; the score is the same either way.
        bool asciiText = Ascii.IsValid(text);
        int score = 0, ti = 0, run = 0, firstMatch = -1;
        for (int pi = 0; pi < pattern.Length; pi++)
        {
            char p = char.ToLowerInvariant(pattern[pi]);
            int skip = asciiText && char.IsAscii(p) ? NextAscii(p, text[ti..]) : NextAny(p, text[ti..]);
            if (skip < 0) return null;
            if (skip > 0)
            {
                run = 0;
                score -= skip; // one point per character passed over
                ti += skip;
            }
            if (firstMatch < 0) firstMatch = ti;
            bool wordStart = NameSignature.IsWordStart(text, ti);
            score += 10 + (wordStart ? 8 : 0) + run * 5;
            run++;
            ti++;
        }
        if (firstMatch == 0) score += 15;
        if (pattern.Length == text.Length) score += 20;
        return score - (text.Length - pattern.Length) / 4;
    }

    // Where the lower-cased pattern character p next matches: itself in either case, or any separator for a separator.
    private static int NextAscii(char p, ReadOnlySpan<char> rest) =>
        IsSeparator(p) ? rest.IndexOfAny(Separators)
        : char.IsAsciiLetterLower(p) ? rest.IndexOfAny(p, (char)(p - 32))
        : rest.IndexOf(p);

    private static int NextAny(char p, ReadOnlySpan<char> rest)
    {
        for (int i = 0; i < rest.Length; i++)
        {
            char t = char.ToLowerInvariant(rest[i]);
            if (t == p || (IsSeparator(p) && IsSeparator(t))) return i;
        }
        return -1;
    }

    private static bool IsSeparator(char c) => NameSignature.IsSeparator(c);

    /// <summary>
    /// The highest score a pattern of <paramref name="length"/> characters can reach in a name where its first character
    /// starts no word: that character earns 10 and no prefix bonus, each later one at most 10 + 8 + 5 per character of
    /// the run so far (the length bonus needs a match at 0, a word start). Names of such notes need not be scored once
    /// the kept results all score above it.
    /// </summary>
    public static int BoundWithoutWordStart(int length) =>
        length == 0 ? 0 : 10 + 18 * (length - 1) + 5 * length * (length - 1) / 2;

    /// <summary>
    /// The highest score a pattern of <paramref name="length"/> characters can reach in a name that does not begin with
    /// its first character: no prefix bonus, no length bonus (a match of every character of the name starts at 0),
    /// at least one character passed over, and at most 10 + 8 + 5 per character of the run so far for each character.
    /// </summary>
    public static int BoundWithoutNameStart(int length) =>
        length == 0 ? 0 : 18 * length + 5 * length * (length - 1) / 2 - 1;
}
