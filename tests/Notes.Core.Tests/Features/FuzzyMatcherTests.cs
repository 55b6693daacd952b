using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Notes.Core.Features;

namespace Notes.Core.Tests.Features;

/// <summary>The matcher's fast path (a vectorised search on ASCII text) against the plain character loop it replaces.</summary>
public class FuzzyMatcherTests
{
    private static int? Reference(string pattern, string text)
    {
        if (pattern.Length == 0) return 0;
        if (pattern.Length > text.Length) return null;
        int score = 0, ti = 0, run = 0, firstMatch = -1;
        foreach (char raw in pattern)
        {
            char p = char.ToLowerInvariant(raw);
            bool found = false;
            while (ti < text.Length)
            {
                char t = char.ToLowerInvariant(text[ti]);
                if (t == p || (Sep(p) && Sep(t)))
                {
                    if (firstMatch < 0) firstMatch = ti;
                    bool wordStart = ti == 0 || Sep(text[ti - 1]) || (char.IsUpper(text[ti]) && char.IsLower(text[ti - 1]));
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

        static bool Sep(char c) => c is ' ' or '-' or '_' or '/' or '.';
    }

    private static readonly string[] Pieces = ["a", "B", "c", "x", "-", "_", " ", "/", ".", "1", "é", "É", "K", "\u212A", "k", "İ", "i", "中", "😀", "ab", "Attention"];

    [Theory]
    [InlineData("tr", "Transformers")]
    [InlineData("gpt", "gpt-3 paper")]
    [InlineData("a b", "a-b")]
    [InlineData("k", "\u212Aelvin")]
    [InlineData("é", "Éclair")]
    [InlineData("xyz", "abc")]
    [InlineData("", "anything")]
    public void ChosenCasesMatchTheReference(string pattern, string text) =>
        Assert.Equal(Reference(pattern, text), FuzzyMatcher.Score(pattern, text));

    [Property(MaxTest = 3000)]
    public Property RandomCasesMatchTheReference()
    {
        var words = Gen.Elements(Pieces).ArrayOf().Select(string.Concat);
        return Prop.ForAll(words.ToArbitrary(), words.ToArbitrary(), (pattern, text) =>
            FuzzyMatcher.Score(pattern, text) == Reference(pattern, text));
    }

    /// <summary>The bounds completion prunes with hold: a name where the first character starts no word, or begins no name.</summary>
    [Property(MaxTest = 5000)]
    public Property ScoresStayUnderTheBoundsCompletionPrunesWith()
    {
        var words = Gen.Elements(Pieces).ArrayOf().Select(string.Concat);
        return Prop.ForAll(words.ToArbitrary(), words.ToArbitrary(), (pattern, text) =>
        {
            if (pattern.Length == 0 || FuzzyMatcher.Score(pattern, text) is not { } score) return true;
            var signature = Notes.Core.Index.NameSignature.Of([text]);
            ulong first = Notes.Core.Index.NameSignature.Bit(pattern[0]);
            bool startsAWord = signature.MayStartAWordWith(first);
            bool startsTheName = text.Length > 0 && Notes.Core.Index.NameSignature.Bit(text[0]) == first;
            return (startsAWord || score <= FuzzyMatcher.BoundWithoutWordStart(pattern.Length))
                && (startsTheName || score <= FuzzyMatcher.BoundWithoutNameStart(pattern.Length));
        });
    }
}
