using Notes.Core.Citations;

namespace Notes.Core.Tests.Citations;

/// <summary>BibTeX values decoded for display, one syntax point a case.</summary>
public class LatexTextTests
{
    public static readonly TheoryData<string, string> Cases = new()
    {
        { "{{Protected}} words", "Protected words" },
        { "{GPU}s and {\\em Em}", "GPUs and Em" },
        { "{\\\"u}ber \\\"{u}ber \\\"uber M\\\"{o}bius", "über über über Möbius" },
        { "\\'el\\`eve caf\\'e \\^ot\\'e Espa\\~na", "élève café ôté España" },
        { "Gar\\c{c}on \\c c \\v{s}koda \\v S", "Garçon ç škoda Š" },
        // A control word eats the spaces after it (TeX's rule): "\\o re" is "øre", "\\O \\aa" is "Øå".
        { "Stra\\ss e \\o re \\O \\aa b \\AA \\ae on \\AE \\oe \\l\\'od\\'z \\L", "Straße øre Øåb Åæon Æœłódź Ł" },
        { "na\\\"{\\i}ve \\'\\i \\i", "naïve íı" },
        { "Erd{\\H{o}}s \\k{a} \\r{u} \\={o} \\.{z} \\u{g}", "Erdős ą ů ō ż ğ" },
        { "\\d{x}", "x\u0323" },
        { "\\& \\% \\$ \\_ \\# \\{ \\}", "& % $ _ # { }" },
        { "tilde~space", "tilde space" },
        { "1--10 and---dash - hyphen ----", "1–10 and—dash - hyphen ----" },
        { "\\textit{italic} \\emph{em} \\textbf{bold} \\unknown{x} \\url{https://a.b/c}", "italic em bold x https://a.b/c" },
        { "  many \n\t  spaces\r\n  ", "many spaces" },
        { "math $x^{2} + \\alpha$ kept, $a_{b}\n$ too", "math $x^{2} + \\alpha$ kept, $a_{b} $ too" },
        { "an unclosed $ dollar {x}", "an unclosed $ dollar x" },
        { "\\LaTeX{} and \\TeX\\ logos", "LaTeX and TeX logos" },
        { "trailing \\", "trailing" },
        { "plain", "plain" },
        { "", "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decodes(string raw, string expected) => Assert.Equal(expected, LatexText.Decode(raw));
}
