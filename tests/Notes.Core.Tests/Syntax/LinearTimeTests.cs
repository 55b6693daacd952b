using System.Diagnostics;
using Notes.Core.Syntax;

namespace Notes.Core.Tests.Syntax;

/// <summary>
/// Our own syntax (wikilinks, tags, front matter) in linear time: four times the input takes about four times as long,
/// never sixteen; and no regular expression in the sources can backtrack without a bound.
/// </summary>
public class LinearTimeTests
{
    private static string R(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

    public static TheoryData<string> Inputs() => new(Shapes.Keys);

    private static readonly Dictionary<string, Func<int, string>> Shapes = new()
    {
        ["[[ without a close"] = n => R("[[", n),
        ["#tag tokens"] = n => R("#tag ", n),
        ["[[a| then spaces"] = n => "[[a|" + new string(' ', 2 * n),
        ["front matter never closed"] = n => "---\n" + R("key: [[v]] #t\n", n / 4),
        ["wikilinks with fragments and labels"] = n => R("[[a#b|c]] ", n / 2),
        ["escaped pipes in table rows"] = n => R("| [[a\\|b]] ", n / 2),
        ["embeds then one long run of id characters"] = n => R("![[a]] ", n / 4) + new string('a', n),
        ["embeds with block ids"] = n => R("![[a]] ^b\n", n / 4),
        ["[@ without a close"] = n => R("[@", n),
        ["@ runs"] = n => R("@", 2 * n),
        ["[@a; never closed"] = n => R("[@a;", n / 2),
        ["nested [[[[@"] = n => R("[[[[@", n / 2),
        ["@{ without a close"] = n => R("@{a ", n / 2),
        ["citation groups and in-text citations"] = n => R("[see @a, p. 1; -@b] @c [p. 2] ", n / 8),
        ["in-text citations then one long locator never closed"] = n => R("@a [", n / 4) + new string('x', n),
    };

    private static double BestMs(string text)
    {
        NoteParser.Parse(text, "warm-up");
        double best = double.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            NoteParser.Parse(text, "stem");
            best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
        }
        return best;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void FourTimesTheInputTakesAboutFourTimesAsLong(string shape)
    {
        var make = Shapes[shape];
        double small = BestMs(make(12_500)), large = BestMs(make(50_000));
        // Quadratic would be 16 times; the slack absorbs timer noise on small inputs and a busy machine.
        Assert.True(large < 8 * small + 150, $"{shape}: {small:F1} ms for n, {large:F1} ms for 4n");
    }

    [Fact]
    public void EveryRegexInTheSourcesIsNonBacktrackingOrTimed()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Notes.Lsp.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(dir, "src"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                bool regex = line.Contains("new Regex(", StringComparison.Ordinal) || line.Contains("Regex.Is", StringComparison.Ordinal)
                    || line.Contains("Regex.Match", StringComparison.Ordinal) || line.Contains("Regex.Replace", StringComparison.Ordinal)
                    || line.Contains("Regex.Split", StringComparison.Ordinal) || line.Contains("[GeneratedRegex", StringComparison.Ordinal);
                if (regex && !line.Contains("NonBacktracking", StringComparison.Ordinal) && !line.Contains("TimeSpan", StringComparison.Ordinal))
                    offenders.Add($"{Path.GetRelativePath(dir, file)}:{i + 1}: {line.Trim()}");
            }
        }
        Assert.True(offenders.Count == 0, "regular expressions without RegexOptions.NonBacktracking or a match timeout:\n" + string.Join("\n", offenders));
    }
}
