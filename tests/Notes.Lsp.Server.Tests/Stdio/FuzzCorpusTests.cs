using Notes.Lsp.Stdio;

namespace Notes.Lsp.Server.Tests.Stdio;

/// <summary>
/// Every sequence under FuzzCorpus/ (hand-made ones and whatever the fuzzer saved) replayed against the published
/// server with the fuzzer's invariants; and a short fuzz run with a fixed seed.
/// </summary>
public sealed class FuzzCorpusTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(StdioServer.CorpusFolder(), "*.jsonl").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    [Fact]
    public void TheCorpusHasSequences() => Assert.True(Directory.EnumerateFiles(StdioServer.CorpusFolder(), "*.jsonl").Count() >= 3, "FuzzCorpus/ should hold the hand-made sequences");

    [Theory]
    [MemberData(nameof(Files))]
    public async Task ReplayHoldsTheInvariants(string file)
    {
        var steps = Transcript.Load(Path.Combine(StdioServer.CorpusFolder(), file));
        bool framing = steps.Any(s => s["$raw"] is not null);
        var failures = await TranscriptRunner.RunAsync(StdioServer.Path(), steps, TranscriptLimits.Default(framing));
        Assert.True(failures.Count == 0, $"{file}:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task TwentySecondsOfFuzzingFindNothing()
    {
        var saved = Path.Combine(Path.GetTempPath(), "notes-fuzz-test-" + Guid.NewGuid().ToString("N")[..8]);
        var result = await FuzzLoop.RunAsync(StdioServer.Path(), seed: 20251125, TimeSpan.FromSeconds(20), steps: 300, mode: "both", saved, log: null);
        Assert.True(result.Sessions >= 2, $"only {result.Sessions} fuzz sessions ran");
        Assert.True(result.Failures.Count == 0, $"failing sequences saved in {saved}:\n" + string.Join("\n", result.Failures));
    }

    [Fact]
    public void TheTextModelFollowsTheSpecification()
    {
        Assert.Equal("aXb", TextModel.Apply("ab", 0, 1, 0, 1, "X"));
        Assert.Equal("abX\ncd", TextModel.Apply("ab\ncd", 0, 99, 0, 99, "X")); // past the line end: clamped
        Assert.Equal("ab\r\nXcd", TextModel.Apply("ab\r\ncd", 1, 0, 1, 0, "X"));
        Assert.Equal("X😀", TextModel.Apply("😀", 0, 1, 0, 1, "X")); // inside a surrogate pair: snaps back
        Assert.Equal("ab\nX", TextModel.Apply("ab\n", 1, 0, 1, 0, "X"));
        Assert.Equal("abX", TextModel.Apply("ab\n", 0, 2, 1, 0, "X"));
        Assert.Null(TextModel.Apply("ab", 1, 1, 1, 1, "X")); // a line past the end
        Assert.Null(TextModel.Apply("ab", 0, 2, 0, 1, "X")); // end before start
        Assert.Null(TextModel.Apply("ab", -1, 0, 0, 0, "X"));
        Assert.Equal(3, TextModel.LineStarts("a\rb\r\nc").Count);
    }
}
