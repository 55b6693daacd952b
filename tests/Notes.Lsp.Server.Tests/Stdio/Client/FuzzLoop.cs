using System.Diagnostics;

namespace Notes.Lsp.Stdio;

/// <summary>What a fuzz run did.</summary>
public sealed record FuzzResult(int Sessions, int Steps, List<string> Failures);

/// <summary>
/// Fuzz sessions until the time is up, alternating message and framing mode (or one of them); session k uses seed
/// <c>seed * 1000 + k</c>. A failing session's steps are saved to <c>corpus/fuzz-MODE-SEED.jsonl</c>, its failures as a
/// leading <c>$note</c>.
/// </summary>
public static class FuzzLoop
{
    public static async Task<FuzzResult> RunAsync(string server, int seed, TimeSpan duration, int steps, string mode, string? corpus, TextWriter? log)
    {
        var sw = Stopwatch.StartNew();
        var failures = new List<string>();
        int sessions = 0, total = 0;
        while (sw.Elapsed < duration)
        {
            bool framing = mode switch { "framing" => true, "messages" => false, _ => sessions % 2 == 1 };
            int sessionSeed = unchecked(seed * 1000 + sessions);
            var transcript = new FuzzGenerator(sessionSeed, framing).Generate(steps);
            var found = await TranscriptRunner.RunAsync(server, transcript, TranscriptLimits.Default(framing)).ConfigureAwait(false);
            sessions++;
            total += transcript.Count;
            if (found.Count == 0) continue;
            var name = $"fuzz-{(framing ? "framing" : "messages")}-{sessionSeed}.jsonl";
            if (corpus is not null)
            {
                transcript.Insert(0, new System.Text.Json.Nodes.JsonObject { ["$note"] = string.Join(" | ", found.Take(5)) });
                Transcript.Save(Path.Combine(corpus, name), transcript);
            }
            failures.Add($"{name}: {found[0]}");
            log?.WriteLine($"FAIL {name}: {string.Join("\n  ", found.Take(5))}");
        }
        return new FuzzResult(sessions, total, failures);
    }
}
