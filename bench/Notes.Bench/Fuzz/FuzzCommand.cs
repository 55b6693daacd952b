using System.Globalization;
using Notes.Bench.Lsp;
using Notes.Lsp.Stdio;

namespace Notes.Bench.Fuzz;

/// <summary>
/// Whole-server fuzzing: <c>fuzz --seconds N [--seed S] [--server PATH] [--mode messages|framing|both] [--steps N]
/// [--corpus DIR]</c> runs sessions of <see cref="FuzzGenerator"/> steps, each against a fresh server process, checked by
/// <see cref="TranscriptRunner"/>; a failing session is saved as JSON lines under FuzzCorpus/ (replayed by the tests).
/// <c>fuzz --replay FILE [--server PATH]</c> replays one saved sequence.
/// </summary>
public static class FuzzCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var o = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i + 1 < args.Length; i += 2) o[args[i].TrimStart('-')] = args[i + 1];
        var server = new BenchOptions { Server = o.GetValueOrDefault("server") }.ServerDll();
        if (o.TryGetValue("replay", out var file))
        {
            var loaded = Transcript.Load(file);
            bool framing = o.GetValueOrDefault("mode") == "framing" || loaded.Any(s => s["$raw"] is not null);
            var found = await TranscriptRunner.RunAsync(server, loaded, TranscriptLimits.Default(framing));
            Console.WriteLine(found.Count == 0 ? $"{file}: all invariants hold" : $"{file}:\n  " + string.Join("\n  ", found));
            return found.Count == 0 ? 0 : 1;
        }
        double seconds = double.Parse(o.GetValueOrDefault("seconds", "60"), CultureInfo.InvariantCulture);
        int seed = o.TryGetValue("seed", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : Environment.TickCount & 0xffff;
        int steps = int.Parse(o.GetValueOrDefault("steps", "400"), CultureInfo.InvariantCulture);
        var corpus = o.GetValueOrDefault("corpus") ?? Path.Combine(BenchOptions.RepoRoot(), "tests", "Notes.Lsp.Server.Tests", "Fuzz", "FuzzCorpus");
        var result = await FuzzLoop.RunAsync(server, seed, TimeSpan.FromSeconds(seconds), steps, o.GetValueOrDefault("mode", "both"), corpus, Console.Out);
        Console.WriteLine($"fuzz seed {seed}: {result.Sessions} sessions, {result.Steps} steps in {seconds:0} s, {result.Failures.Count} failing sessions");
        foreach (var f in result.Failures) Console.WriteLine($"  {f}");
        return result.Failures.Count == 0 ? 0 : 1;
    }
}
