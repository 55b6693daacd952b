using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Notes.Lsp.Protocol.Lsp;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Bench.Lsp;

/// <summary>
/// <c>start --notes N --runs R [--changed P] [--server PATH]</c>: cold and warm starts of the published server on a
/// generated vault, each against the read floor measured in the same run. Each run: a cold start (empty cache folder:
/// it reads and parses every note, then writes the cache), then P% of the notes changed on disk, then a warm start
/// (it reads the cache and only the changed notes). For each start: spawn → the first full answer (workspace/symbol;
/// requests wait for the first scan), peak memory, the CPU the server used over the 5 s after that answer (the
/// background check of the reused notes and the cache write fall there), and the cache file's size. Then `[[`
/// completion p50/p99 on the warm server (the typing of `lsp`).
/// </summary>
public static partial class StartCommand
{
    [GeneratedRegex(@"indexed (\d+) notes \((\d+) from the index cache\)")]
    private static partial Regex Indexed();

    private sealed record Start(double SpawnMs, double PeakMb, double IdleCpu, int Notes, int FromCache);

    public static async Task<int> RunAsync(BenchOptions o)
    {
        var vault = BenchVault.Prepare(o.Notes, o.Seed, o.Attachments);
        var dll = o.ServerDll();
        Console.Error.WriteLine($"vault {vault.Root}: {vault.Files.Count} notes; {o.Runs} runs; {o.Changed}% changed between the starts; server {dll}");
        var floors = new List<double>();
        var colds = new List<Start>();
        var warms = new List<Start>();
        var p50s = new List<double>();
        var p99s = new List<double>();
        long cacheBytes = 0;
        var rng = new Random(o.Seed);
        for (int run = 1; run <= o.Runs; run++)
        {
            var cache = Path.Combine(Path.GetTempPath(), $"notes-bench-start-{Guid.NewGuid():N}");
            try
            {
                var (seq, par, _) = vault.BestFloor();
                floors.Add(Math.Min(seq.TotalMilliseconds, par.TotalMilliseconds));
                colds.Add(await StartOnce(dll, vault, cache, measureCompletion: null));
                cacheBytes = Directory.Exists(cache) ? Directory.EnumerateFiles(cache, "*.index", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;
                // P% of the notes changed since: a line appended (a new link among them), as a day of writing does.
                int changed = Math.Max(1, vault.Files.Count * o.Changed / 100);
                foreach (var f in vault.Files.OrderBy(_ => rng.Next()).Take(changed))
                    File.AppendAllText(f, $"\nEdited in run {run}: see [[{vault.HubStem}]].\n");
                var (p50, p99) = (0.0, 0.0);
                warms.Add(await StartOnce(dll, vault, cache, measureCompletion: (a, b) => (p50, p99) = (a, b)));
                p50s.Add(p50);
                p99s.Add(p99);
                Console.Error.WriteLine($"run {run}: floor {floors[^1]:F0} ms; cold {colds[^1]}; warm {warms[^1]}; completion p50 {p50:F2} p99 {p99:F2} ms; cache {cacheBytes / 1e6:F1} MB; load {Report.Load()}");
            }
            finally
            {
                try { Directory.Delete(cache, recursive: true); } catch (IOException) { }
            }
        }
        string Range(IEnumerable<double> xs, string unit, string format = "F0") => xs.Min() == xs.Max() ? $"{xs.Min().ToString(format, CultureInfo.InvariantCulture)} {unit}" :
            $"{xs.Min().ToString(format, CultureInfo.InvariantCulture)}–{xs.Max().ToString(format, CultureInfo.InvariantCulture)} {unit}";
        var ratiosWarm = warms.Select((w, i) => w.SpawnMs / floors[i]).ToList();
        var ratiosCold = colds.Select((c, i) => c.SpawnMs / floors[i]).ToList();
        var rows = new List<Row>
        {
            new("floor: read every file's bytes (warm page cache)", Range(floors, "ms", "F1"), "", null),
            new("cold start → first full answer", $"{Range(colds.Select(c => c.SpawnMs), "ms")} ({Range(ratiosCold, "× floor", "F1")})", o.Notes >= 100_000 ? "< 8 s" : "< 0.8 s",
                colds.Max(c => c.SpawnMs) < (o.Notes >= 100_000 ? 8000 : 800)),
            new($"warm start ({o.Changed}% of notes changed) → first full answer", $"{Range(warms.Select(w => w.SpawnMs), "ms")} ({Range(ratiosWarm, "× floor", "F1")}; {warms[^1].FromCache} of {warms[^1].Notes} from the cache)",
                o.Notes >= 100_000 ? "< 1.5 s" : "≤ 1.5× floor", o.Notes >= 100_000 ? warms.Max(w => w.SpawnMs) < 1500 : ratiosWarm.Max() <= 1.5),
            new("peak memory (VmHWM), cold / warm", $"{Range(colds.Select(c => c.PeakMb), "MB")} / {Range(warms.Select(w => w.PeakMb), "MB")}", o.Notes >= 100_000 ? "< 600 MB" : "< 100 MB",
                Math.Max(colds.Max(c => c.PeakMb), warms.Max(w => w.PeakMb)) < (o.Notes >= 100_000 ? 600 : 100)),
            new("CPU in the 5 s after the first answer, cold / warm (the cache write; the check of reused notes)", $"{Range(colds.Select(c => c.IdleCpu), "s", "F2")} / {Range(warms.Select(w => w.IdleCpu), "s", "F2")}", "0",
                Math.Max(colds.Max(c => c.IdleCpu), warms.Max(w => w.IdleCpu)) <= 0.05),
            new("`[[` completion on the warm server, p50 / p99", $"{Range(p50s, "ms", "F2")} / {Range(p99s, "ms", "F2")}", o.Notes >= 100_000 ? "< 3 / < 20 ms" : "< 2 / < 10 ms",
                p50s.Max() < (o.Notes >= 100_000 ? 3 : 2) && p99s.Max() < (o.Notes >= 100_000 ? 20 : 10)),
            new("cache file size", $"{cacheBytes / 1e6:F1} MB ({cacheBytes / Math.Max(1, vault.Files.Count)} bytes per note)", "reported", null),
        };
        var table = Report.Table(rows);
        Console.WriteLine(table);
        var command = $"dotnet run -c Release --project bench/Notes.Bench -- start --notes {o.Notes} --runs {o.Runs} --changed {o.Changed}{(o.Server is null ? "" : $" --server {o.Server}")}";
        if (o.WriteDocs) Report.WriteDocs($"start-{o.Notes}{(Notes.Testing.BuiltProgram.IsPortable(dll) ? "" : "-native")}", command, table);
        return 0;
    }

    private static async Task<Start> StartOnce(string dll, BenchVault vault, string cache, Action<double, double>? measureCompletion)
    {
        int notes = 0, fromCache = 0;
        var env = new Dictionary<string, string> { ["NOTES_LSP_CACHE_DIR"] = cache };
        var (server, _) = await ServerProcess.StartAsync(dll, vault.Root, env, line =>
        {
            if (Indexed().Match(line) is { Success: true } m)
            {
                notes = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                fromCache = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        });
        await using (server)
        {
            await server.Rpc.SendRequestAsync("workspace/symbol", new WorkspaceSymbolParams(vault.HubStem), Default.WorkspaceSymbolParams, Default.SymbolInformationArray).WaitAsync(TimeSpan.FromMinutes(5));
            double spawn = Stopwatch.GetElapsedTime(server.SpawnTimestamp).TotalMilliseconds;
            long cpu0 = server.CpuTicks();
            await Task.Delay(TimeSpan.FromSeconds(5));
            double idle = (server.CpuTicks() - cpu0) / 100.0;
            // The cache is complete before the server stops (the racy notes of a fresh vault are written once they are 2 s old).
            await server.WaitQuietAsync(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(3));
            if (measureCompletion is not null)
            {
                var typing = await CompletionTyping.StartAsync(server, vault);
                for (int i = 0; i < 10; i++) await typing.StepAsync(i);
                var ms = new List<double>();
                for (int i = 0; i < 300; i++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    await typing.StepAsync(i);
                    ms.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }
                measureCompletion(Report.Percentile(ms, 0.5), Report.Percentile(ms, 0.99));
            }
            double peak = server.StatusKb("VmHWM") / 1024.0;
            return new Start(spawn, peak, idle, notes, fromCache);
        }
    }
}
