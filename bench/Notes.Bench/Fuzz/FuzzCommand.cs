using Notes.Bench.Lsp;
using Notes.Lsp.Stdio;

namespace Notes.Bench.Fuzz;

/// <summary>
/// Whole-server fuzzing: sessions of <see cref="FuzzGenerator"/> steps, each against a fresh server process, checked by
/// <see cref="TranscriptRunner"/>. A failing session is saved as JSON lines under FuzzCorpus/ (replayed by the tests).
/// </summary>
public static class FuzzCommand
{
    public static async Task<int> RunAsync(CliArgs args)
    {
        if (args.String("replay") is string file)
        {
            var loaded = Transcript.Load(file);
            bool framing = args.String("mode") == "framing" || loaded.Any(s => s["$raw"] is not null);
            var found = await TranscriptRunner.RunAsync(args.Server(), loaded, TranscriptLimits.Default(framing));
            Console.WriteLine(found.Count == 0 ? $"{file}: all invariants hold" : $"{file}:\n  " + string.Join("\n  ", found));
            return found.Count == 0 ? 0 : 1;
        }
        var seconds = args.Double("seconds", 60);
        int seed = args.Int("seed", Environment.TickCount & 0x7fffffff);
        int steps = args.Int("steps", 400);
        var mode = args.String("mode") ?? "both";
        var corpus = args.String("corpus") ?? Path.Combine(CliArgs.RepoRoot(), "tests", "Notes.Lsp.Server.Tests", "FuzzCorpus");
        var result = await FuzzLoop.RunAsync(args.Server(), seed, TimeSpan.FromSeconds(seconds), steps, mode, corpus, Console.Out);
        Console.WriteLine($"fuzz seed {seed}: {result.Sessions} sessions, {result.Steps} steps in {seconds:0} s, {result.Failures.Count} failing sessions");
        foreach (var f in result.Failures) Console.WriteLine($"  {f}");
        return result.Failures.Count == 0 ? 0 : 1;
    }
}
