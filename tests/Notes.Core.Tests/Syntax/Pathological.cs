namespace Notes.Core.Tests.Syntax;

/// <summary>Inputs that make naive Markdown parsers slow or crash (cmark's pathological tests, Markdig's nesting limits, our own syntax).</summary>
internal static class Pathological
{
    private static string R(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

    public static readonly (string Name, Func<string> Make)[] Cases =
    [
        ("65k nested emphasis", () => R("*a **a ", 65_000) + "b" + R(" a** a*", 65_000)),
        ("50k unmatched [", () => R("[", 50_000) + "a"),
        ("50k [a", () => R("[a ", 50_000)),
        ("[ x 11k", () => R("[", 11_000)),
        ("> x 200", () => R(">", 200) + " deep [[link]] #tag"),
        ("> x 50k", () => R(">", 50_000) + " deep"),
        ("deep lists", () => string.Concat(Enumerable.Range(0, 1_000).Select(i => new string(' ', i * 2) + "- item #t\n"))),
        ("pipe table with thousands of |", () => "| a |\n|---|\n" + R("|", 20_000) + "\n"),
        ("long backtick runs", () => R("`", 50_000) + "a" + R("`a", 50_000)),
        ("50k [[ unclosed", () => R("[[", 50_000)),
        ("50k [[a unclosed", () => R("[[a ", 50_000)),
        ("[[a| then 100k spaces", () => "[[a|" + new string(' ', 100_000)),
        ("[[a| then 100k spaces, closed", () => "[[a|" + new string(' ', 100_000) + "]]"),
        ("50k #tag", () => R("#tag ", 50_000)),
        ("50k \\( unclosed", () => R("\\(", 50_000)),
        ("50k \\[ unclosed", () => R("\\[ x ", 50_000)),
        ("50k $", () => R("$a ", 50_000)),
        ("front matter never closed", () => "---\n" + R("key: value\n", 50_000)),
        ("front matter deeply nested", () => "---\ntags: " + R("[", 100_000) + "\n---\nbody"),
        ("U+0000", () => "# T\0itle\n\0[[a\0b]] #t\0ag \0"),
        ("unpaired surrogates", () => "\uD800 [[\uDC00]] #a\uD800 \uDFFF# [[x|\uD83D]] #\uDE00"),
        ("mixed line endings", () => "# A\r\n[[a]]\r#b\n\r\n\r## C\r"),
        ("50k escaped pipes unclosed", () => R("[[a\\|", 50_000)),
        ("50k embeds then 300k id characters", () => R("![[a]] ", 50_000) + new string('a', 300_000)),
        ("50k embeds with block ids", () => R("![[a]] ^b\n", 50_000)),
        ("100k [@", () => R("[@", 100_000)),
        ("100k @", () => R("@", 100_000)),
        ("[@a; x 100k", () => R("[@a;", 100_000)),
        ("nested [[[[@", () => R("[[[[@", 50_000)),
        ("100k @{ unclosed", () => R("@{", 100_000)),
        ("100k in-text citations with an unclosed locator", () => R("@a [", 100_000)),
        ("100k [@a] groups on one line", () => R("[@a] ", 100_000)),

        // Every input of cmark's test/pathological_tests.py, at its size.
        ("cmark: nested strong emph", () => R("*a **a ", 65_000) + "b" + R(" a** a*", 65_000)),
        ("cmark: many emph closers with no openers", () => R("a_ ", 65_000)),
        ("cmark: many emph openers with no closers", () => R("_a ", 65_000)),
        ("cmark: many link closers with no openers", () => R("a]", 65_000)),
        ("cmark: many link openers with no closers", () => R("[a", 65_000)),
        ("cmark: mismatched openers and closers", () => R("*a_ ", 50_000)),
        ("cmark: openers and closers multiple of 3", () => "a**b" + R("c* ", 50_000)),
        ("cmark: link openers and emph closers", () => R("[ a_", 50_000)),
        ("cmark: hard link/emph case", () => "**x [a*b**c*](d)"),
        ("cmark: nested brackets", () => R("[", 50_000) + "a" + R("]", 50_000)),
        ("cmark: nested block quotes", () => R("> ", 50_000) + "a"),
        ("cmark: deeply nested lists", () => string.Concat(Enumerable.Range(0, 1_000).Select(i => R("  ", i) + "* a\n"))),
        ("cmark: U+0000 in input", () => "abc\0de\0"),
        ("cmark: backticks", () => string.Concat(Enumerable.Range(1, 9_999).Select(i => "e" + new string('`', i)))),
        ("cmark: unclosed links A", () => R("[a](<b", 50_000)),
        ("cmark: unclosed links B", () => R("[a](b", 50_000)),
        ("unclosed links in paragraphs of lines just under the long-line limit", () => string.Join("\n\n", Enumerable.Repeat(R("[a](b", 6_300), 20))),
        ("unclosed links in 1,000-character lines", () => string.Join("\n\n", Enumerable.Repeat(R("[a](b", 200), 1_000))),
        ("cmark: many references", () => string.Concat(Enumerable.Range(1, 50_000 * 16 - 1).Select(i => $"[{i}]: u\n")) + R("[0] ", 50_000)),
    ];
}
