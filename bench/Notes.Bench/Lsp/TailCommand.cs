using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Notes.Lsp.Protocol.Lsp;
using Notes.Testing;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Bench.Lsp;

/// <summary>
/// <c>tail --runs N --samples M --notes N [--server PATH]</c>: where the slow completions come from. Starts the server
/// N times on the same vault; in each run, after the scan, 10 s of rest and the navigation requests (as in <c>lsp</c>), types and asks for
/// <c>[[</c> completion M times. The server runs with <c>NOTES_LSP_SLOW_MS</c> set, so each slow request gets a log
/// line saying where its time went (queued behind the didChange, waiting for a thread, the handler, the write, and
/// the collections meanwhile); the bench records its own collection pauses too. Every completion over the target
/// is put down to one cause.
/// </summary>
public static partial class TailCommand
{
    private const double Target = 10;

    /// <summary>The server logs completions this slow (NOTES_BENCH_LOG_ABOVE=0 logs every one, to see the median's parts).</summary>
    private static readonly double LogAbove = double.TryParse(Environment.GetEnvironmentVariable("NOTES_BENCH_LOG_ABOVE"), CultureInfo.InvariantCulture, out var ms) ? ms : 5;

    private sealed record ServerSide(double Total, double Queued, double Pool, double Handler, double Write, int Gen0, int Gen1, int Gen2, double Paused);

    [GeneratedRegex(@"slow request (\d+) textDocument/completion: ([\d.]+) ms from read to written \(queued ([\d.]+), pool ([\d.]+), handler ([\d.]+), write ([\d.]+) ms; collections meanwhile gen0 (\d+), gen1 (\d+), gen2 (\d+), paused ([\d.]+) ms\)")]
    private static partial Regex SlowLine();

    public static async Task<int> RunAsync(BenchOptions o)
    {
        var vault = BenchVault.Prepare(o.Notes, o.Seed, o.Attachments);
        var dll = o.ServerDll();
        Console.Error.WriteLine($"vault {vault.Root}: {vault.Files.Count} notes; {o.Runs} runs of {o.Samples} completions; server {dll}");
        var rows = new ProgressRows();
        var causes = new Dictionary<string, int>(StringComparer.Ordinal);
        var p99s = new List<double>();
        for (int run = 1; run <= o.Runs; run++)
        {
            var slow = new ConcurrentDictionary<long, ServerSide>();
            void OnLine(string line)
            {
                if (SlowLine().Match(line) is not { Success: true } m) return;
                double D(int g) => double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
                int I(int g) => int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
                slow[long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)] = new(D(2), D(3), D(4), D(5), D(6), I(7), I(8), I(9), D(10));
            }
            var env = new Dictionary<string, string> { ["NOTES_LSP_SLOW_MS"] = LogAbove.ToString(CultureInfo.InvariantCulture) };
            var (server, _) = await ServerProcess.StartAsync(dll, vault.Root, env, OnLine);
            var samples = new List<(double Ms, double ClientPaused, long Id)>(o.Samples);
            await using (server)
            {
                await server.Rpc.SendRequestAsync("workspace/symbol", new WorkspaceSymbolParams(vault.HubStem), Default.WorkspaceSymbolParams, Default.SymbolInformationArray).WaitAsync(TimeSpan.FromMinutes(3));
                await server.WaitQuietAsync(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(3));
                await Task.Delay(TimeSpan.FromSeconds(10));
                await LspBenchmark.NavigationAsync(server, vault); // as in `lsp`: large answers (references of the hub) just before
                var typing = await CompletionTyping.StartAsync(server, vault);
                for (int i = 0; i < 10; i++) await typing.StepAsync(i);
                for (int i = 0; i < o.Samples; i++)
                {
                    var paused0 = GC.GetTotalPauseDuration();
                    long t0 = Stopwatch.GetTimestamp();
                    await typing.StepAsync(i);
                    double took = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                    samples.Add((took, (GC.GetTotalPauseDuration() - paused0).TotalMilliseconds, server.Rpc.LastRequestId));
                }
                await Task.Delay(500); // the last log lines
            }

            var ms = samples.Select(s => s.Ms).ToList();
            double p99 = Report.Percentile(ms, 0.99);
            p99s.Add(p99);
            var runCauses = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var s in samples.Where(s => s.Ms >= Target))
            {
                string cause = Cause(s.Ms, s.ClientPaused, slow.GetValueOrDefault(s.Id));
                runCauses[cause] = runCauses.GetValueOrDefault(cause) + 1;
                causes[cause] = causes.GetValueOrDefault(cause) + 1;
            }
            string detail = runCauses.Count == 0 ? "none" : string.Join("; ", runCauses.OrderByDescending(c => c.Value).Select(c => $"{c.Value} {c.Key}"));
            var logged = samples.Select(s => slow.GetValueOrDefault(s.Id)).OfType<ServerSide>().ToList();
            string collections = $"server: {logged.Count} completions logged over {LogAbove:0} ms, with {logged.Sum(l => l.Gen0)} gen0 / {logged.Sum(l => l.Gen1)} gen1 / {logged.Sum(l => l.Gen2)} gen2 collections pausing {logged.Sum(l => l.Paused):F1} ms in all" +
                (logged.Count == 0 ? "" : $"; their median parts: queued {Median(logged, l => l.Queued)}, pool {Median(logged, l => l.Pool)}, handler {Median(logged, l => l.Handler)}, write {Median(logged, l => l.Write)}");
            rows.Add(new($"run {run} (load {Load()})", $"p50 {Report.Ms(Report.Percentile(ms, 0.5))}, p99 {Report.Ms(p99)}, max {Report.Ms(ms.Max())}; over {Target:0} ms: {detail}; {collections}", "p99 < 10 ms", p99 < Target));
        }
        rows.Add(new($"p99 over {o.Runs} runs", $"{Report.Ms(p99s.Min())}–{Report.Ms(p99s.Max())}", "< 10 ms in every run", p99s.Max() < Target));
        rows.Add(new($"completions over {Target:0} ms, by cause", causes.Count == 0 ? "none" : string.Join("; ", causes.OrderByDescending(c => c.Value).Select(c => $"{c.Value} {c.Key}")), "", null));
        var table = Report.Table(rows);
        Console.WriteLine(table);
        if (o.WriteDocs)
        {
            bool native = !BuiltProgram.IsPortable(dll);
            string serverArg = o.Server is null ? "" : $" --server {Path.GetRelativePath(BenchOptions.RepoRoot(), o.Server)}";
            Report.WriteDocs($"tail-{o.Notes}{(native ? "-native" : "")}", $"dotnet run -c Release --project bench/Notes.Bench -- tail --notes {o.Notes} --runs {o.Runs} --samples {o.Samples}{serverArg}", table);
        }
        return 0;
    }

    private static string Median(List<ServerSide> logged, Func<ServerSide, double> part) => Report.Ms(Report.Percentile(logged.Select(part).ToList(), 0.5));

    /// <summary>The 1-minute load average: on a shared machine, the figure that says a run was disturbed.</summary>
    internal static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    /// <summary>The one cause a slow completion is put down to: the largest part of its time.</summary>
    private static string Cause(double ms, double clientPaused, ServerSide? server)
    {
        if (clientPaused >= ms / 2) return "the bench's own collection";
        if (server is null) return $"outside the server (its own time under {LogAbove:0} ms)";
        if (server.Paused >= server.Total / 2)
            return server.Gen2 > 0 ? "server gen2 collection" : server.Gen1 > 0 ? "server gen1 collection" : "server gen0 collection";
        var parts = new (string Name, double Ms)[]
        {
            ("queued behind earlier messages", server.Queued), ("waiting for a thread", server.Pool), ("the handler", server.Handler), ("writing the answer", server.Write),
            ("outside the server", ms - server.Total),
        };
        return parts.MaxBy(p => p.Ms).Name;
    }
}
