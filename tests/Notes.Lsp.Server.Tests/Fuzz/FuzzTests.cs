using System.Diagnostics;
using Xunit.Abstractions;

namespace Notes.Lsp.Server.Tests.Fuzz;

/// <summary>
/// A short fuzz run in every test run, and every saved failing seed replayed. A long run is one command:
/// <c>NOTES_FUZZ_SECONDS=3600 dotnet test tests/Notes.Lsp.Server.Tests -c Release --filter Category=Fuzz</c>;
/// a failing seed it finds is written to FuzzCorpus/seeds.txt, which the replay test reads.
/// </summary>
[Trait("Category", "Fuzz")]
public class FuzzTests(ITestOutputHelper output)
{
    private static string CorpusFile => Path.Combine(StdioFeatureTests.RepoRoot(), "tests", "Notes.Lsp.Server.Tests", "Fuzz", "FuzzCorpus", "seeds.txt");

    public static TheoryData<int, int> SavedSeeds()
    {
        var data = new TheoryData<int, int>();
        foreach (var line in File.ReadAllLines(CorpusFile))
        {
            var parts = line.Split('#')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2) data.Add(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SavedSeeds))]
    public async Task SavedInputsStayFixed(int seed, int steps)
    {
        var failure = await new ServerFuzzer(seed).RunAsync(steps);
        if (failure is not null) File.WriteAllText(Path.Combine(Path.GetTempPath(), $"notes-fuzz-{seed}.txt"), failure);
        Assert.Null(failure);
    }

    [Fact]
    public async Task FuzzForABoundedTime()
    {
        // A long run keeps going after a failure, so one run finds every failing seed it can; each is saved at once.
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("NOTES_FUZZ_SECONDS"), out var s) ? s : 15;
        var clock = Stopwatch.StartNew();
        int seed = int.TryParse(Environment.GetEnvironmentVariable("NOTES_FUZZ_SEED"), out var first) ? first : Environment.TickCount & 0xFFFF;
        int runs = 0, start = seed;
        var failures = new List<string>();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var failure = await new ServerFuzzer(seed).RunAsync(300);
            if (failure is not null)
            {
                File.AppendAllText(CorpusFile, $"{seed} 300 # {failure.Split('\n')[0]}\n");
                failures.Add($"seed {seed}: {failure}");
            }
            seed++;
            runs++;
        }
        output.WriteLine($"fuzz: {runs} runs of 300 steps (seeds {start}..{seed - 1}) in {clock.Elapsed.TotalSeconds:F0} s, {failures.Count} failing");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(runs > 0);
    }
}
