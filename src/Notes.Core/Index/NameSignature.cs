namespace Notes.Core.Index;

/// <summary>
/// What a fuzzy pattern needs to know of a note's names (title, stem, aliases) before scoring them: which characters
/// occur at all, and which begin a word. Two bit sets, one bit per lower-cased letter or digit, one for the separators
/// (any separator matches any other), the rest hashed into the remaining bits: "might occur" is never wrong.
/// Completion uses it to skip the notes a pattern cannot match, and to bound the score of those where the pattern's
/// first character starts no word (see <c>FuzzyMatcher.BoundWithoutWordStart</c>).
/// </summary>
public readonly record struct NameSignature(ulong Chars, ulong WordStarts)
{
    public static NameSignature Of(IEnumerable<string> names)
    {
        ulong chars = 0, starts = 0;
        foreach (var name in names)
        {
            for (int i = 0; i < name.Length; i++)
            {
                ulong bit = Bit(name[i]);
                chars |= bit;
                if (IsWordStart(name, i)) starts |= bit;
            }
        }
        return new NameSignature(chars, starts);
    }

    /// <summary>The characters of a pattern (in <see cref="Chars"/>); a name can match it only if it has them all.</summary>
    public static ulong CharsOf(ReadOnlySpan<char> pattern)
    {
        ulong bits = 0;
        foreach (var c in pattern) bits |= Bit(c);
        return bits;
    }

    /// <summary>True when some name might hold every character of the pattern (<see cref="CharsOf"/>).</summary>
    public bool MayContain(ulong patternChars) => (Chars & patternChars) == patternChars;

    /// <summary>True when some word of some name might begin with the character whose <see cref="Bit"/> is given (case-insensitively).</summary>
    public bool MayStartAWordWith(ulong charBit) => (WordStarts & charBit) != 0;

    public static ulong Bit(char c)
    {
        if (IsSeparator(c)) return 1UL << 36;
        c = char.ToLowerInvariant(c);
        if (c is >= 'a' and <= 'z') return 1UL << (c - 'a');
        if (c is >= '0' and <= '9') return 1UL << (26 + c - '0');
        return 1UL << (37 + c % 27);
    }

    /// <summary>A word starts at the beginning, after a separator, or at an upper-case letter after a lower-case one.</summary>
    public static bool IsWordStart(ReadOnlySpan<char> text, int i) =>
        i == 0 || IsSeparator(text[i - 1]) || (char.IsUpper(text[i]) && char.IsLower(text[i - 1]));

    public static bool IsSeparator(char c) => c is ' ' or '-' or '_' or '/' or '.';
}
