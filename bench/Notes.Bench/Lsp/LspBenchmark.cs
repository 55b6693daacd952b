using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Notes.Lsp.Stdio;

namespace Notes.Bench.Lsp;

/// <summary>
/// Issue 9: the published server as a real process over stdio on a generated vault. Each latency is measured from just
/// before the request is written to the moment its response (or notification) is parsed by the client's reader thread,
/// so it includes the pipe and JSON on both sides — what an editor sees.
/// </summary>
public static class LspBenchmark
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static readonly string[] Prefixes = ["at", "tr", "gr", "op", "pr", "em", "di", "ba", "ke", "ca", "sc", "to", "me", "po", "re", "co"];
    private static readonly string[] SymbolQueries = ["att", "flow", "grad", "opt 01", "scaling law", "mem", "re", "0042", "kernel-bound", "x", "transformer", "be"];

    private sealed class Run
    {
        public required LspProcess Lsp;
        public required DiagnosticsLog Log;
        public required double SpawnMs;
        public double ReadyMs;
        public int ReadyNotes;
    }

    public static async Task<int> RunAsync(CliArgs args)
    {
        int notes = args.Int("notes", 10_000), seed = args.Int("seed", 42), requests = Math.Max(200, args.Int("requests", 200));
        var server = args.Server();
        var vault = BenchVault.Prepare(notes, seed);
        var hub = vault.Closest(1000);
        var pop = vault.Closest(500, hub);
        var rows = new List<(string, string, string)>();
        var warnings = new List<string>();
        Console.Error.WriteLine($"vault {vault.Root}: hub {hub} ({vault.Backlinkers[hub].Count} backlinking notes), {pop} ({vault.Backlinkers[pop].Count})");

        var (floorMs, floorSeqMs, bytes) = FloorCommand.Measure(vault.Root);
        rows.Add(("floor: read every file (parallel / one thread)", $"{Samples.Ms(floorMs)} / {Samples.Ms(floorSeqMs)} ({vault.Paths.Count} files, {bytes / 1048576.0:0.0} MB)", "—"));

        // Spawn → first answer, three fresh processes; the last one stays for everything else.
        var spawn = new Samples();
        var ready = new Samples();
        Run? run = null;
        for (int i = 0; i < 3; i++)
        {
            if (run is not null) await run.Lsp.DisposeAsync();
            run = await SpawnAsync(server, vault, hub, warnings);
            spawn.Add(run.SpawnMs);
            ready.Add(run.ReadyMs);
        }
        var lsp = run!.Lsp;
        try
        {
            double ratio = spawn.Median / floorMs;
            rows.Add(("spawn → first workspace/symbol answer reflecting the whole vault (median of 3)", Samples.Ms(spawn.Median), "< 2 s"));
            rows.Add(("… as a multiple of the floor (parallel read)", $"{ratio:0.0}× (one-thread floor: {spawn.Median / floorSeqMs:0.0}×)", "≤ 1.5×"));
            rows.Add(("spawn → `notes/status` ready (median of 3)", $"{Samples.Ms(ready.Median)} ({run.ReadyNotes} notes)", "—"));

            await run.Log.QuietAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
            var cpu0 = ProcStats.CpuSeconds(lsp.Pid);
            await Task.Delay(TimeSpan.FromSeconds(10));
            var cpu1 = ProcStats.CpuSeconds(lsp.Pid);
            rows.Add(("CPU while idle for 10 s after indexing", cpu0 is null || cpu1 is null ? "n/a" : $"{cpu1 - cpu0:0.00} s", "~0"));

            var scratch = LspProcess.FileUri(Path.Combine(vault.Root, "bench-scratch.md"));
            lsp.Notify("textDocument/didOpen", Messages.DidOpen(scratch, "# Scratch\n\n"));
            int version = 1, line = 2;

            var completion = new Samples();
            int emptyCompletions = 0;
            for (int i = 0; i < requests; i++)
            {
                var prefix = Prefixes[i % Prefixes.Length];
                lsp.Notify("textDocument/didChange", Messages.Insert(scratch, ++version, line, 0, "[[" + prefix + "\n"));
                var (ms, result) = await TimeAsync(lsp, "textDocument/completion", Messages.Completion(scratch, line, 2 + prefix.Length));
                line++;
                completion.Add(ms);
                if (Messages.CompletionCount(result) == 0) emptyCompletions++;
            }
            if (emptyCompletions > 0) warnings.Add($"{emptyCompletions} of {requests} completions were empty");
            rows.Add(("`[[` completion after two characters (each after a didChange)", completion.P50P99, "p50 < 2 ms, p99 < 10 ms"));

            var keystroke = new Samples();
            for (int i = 0; i < 100; i++)
            {
                int mark = run.Log.Mark;
                int v = ++version;
                var path = DiagnosticsLog.PathOf(scratch);
                long t0 = Stopwatch.GetTimestamp();
                lsp.Notify("textDocument/didChange", Messages.Insert(scratch, v, line++, 0, $"[[missing-{i}]]\n"));
                if (await run.Log.WaitAsync(mark, es => es.Any(e => e.Path == path && (e.Version ?? v) >= v), TimeSpan.FromSeconds(10)))
                    keystroke.Add(Stopwatch.GetElapsedTime(t0, run.Log.Since(mark).First(e => e.Path == path && (e.Version ?? v) >= v).Timestamp).TotalMilliseconds);
                await Task.Delay(30);
            }
            if (keystroke.Count < 100) warnings.Add($"{100 - keystroke.Count} of 100 keystrokes got no diagnostics within 10 s");
            rows.Add(("a keystroke's own diagnostics (didChange adding a broken link → its publishDiagnostics)", keystroke.P50P99, "< 10 ms"));

            // Definition and references from a link to the hub (references of the note it names).
            var (backlinkerUri, backlinkerText, linkLine, linkCharacter) = vault.LinkTo(hub);
            lsp.Notify("textDocument/didOpen", Messages.DidOpen(backlinkerUri, backlinkerText));
            var definition = await RepeatAsync(lsp, 100, "textDocument/definition", _ => Messages.At(backlinkerUri, linkLine, linkCharacter), warnings, r => Count(r) > 0);
            int refCount = 0;
            var references = await RepeatAsync(lsp, 100, "textDocument/references", _ => Messages.References(backlinkerUri, linkLine, linkCharacter), warnings, r => (refCount = Count(r)) > 0);
            int backlinks = vault.Backlinkers[hub].Count;
            rows.Add(($"definition on a link to a note with {backlinks} backlinking notes", definition.P50P99, "< 20 ms"));
            rows.Add(($"references on that note ({refCount} locations)", references.P50P99, "< 20 ms"));
            var symbols = await RepeatAsync(lsp, requests, "workspace/symbol", i => new JsonObject { ["query"] = SymbolQueries[i % SymbolQueries.Length] }, warnings, _ => true);
            rows.Add(("workspace symbols (mixed queries)", symbols.P50P99, "—"));

            (int Files, int Edits) renamed = default;
            var rename = await RepeatAsync(lsp, 5, "textDocument/rename", i =>
            {
                var p = Messages.At(backlinkerUri, linkLine, linkCharacter);
                p["newName"] = $"renamed-hub-{i}";
                return p;
            }, warnings, r => (renamed = Messages.EditCount(r)).Edits > 0);
            rows.Add(($"rename of that note → WorkspaceEdit ({renamed.Edits} edits in {renamed.Files} files; median of 5)", Samples.Ms(rename.Median), "< 200 ms"));

            var (deleted, restored, affected) = await DeleteAndRestoreAsync(run, vault, pop, warnings);
            rows.Add(($"deleting a note linked from {affected} notes → all their diagnostics (watched-file event; median of 3, max)", $"{Samples.Ms(deleted.Median)} (max {Samples.Ms(deleted.Max)})", "< 200 ms"));
            rows.Add(("restoring it → all their diagnostics cleared (median of 3)", Samples.Ms(restored.Median), "< 200 ms"));

            var peak = ProcStats.PeakRssMb(lsp.Pid);
            rows.Add(("peak resident memory (VmHWM)", peak is null ? "n/a" : $"{peak:0} MB", "< 200 MB"));
            if (lsp.UnhandledExceptions > 0) warnings.Add("stderr reported unhandled exceptions");
            try
            {
                await lsp.ShutdownAsync(TimeSpan.FromSeconds(30));
            }
            catch (Exception e) when (e is TimeoutException or LspErrorException)
            {
                warnings.Add("shutdown: " + e.Message);
            }
        }
        finally
        {
            await lsp.DisposeAsync();
        }

        var command = $"dotnet run -c Release --project bench/Notes.Bench -- lsp --notes {notes} --seed {seed}";
        var body = BenchmarkDoc.Stamp(command) + $"; server `{server}`\n\n" + BenchmarkDoc.Table(rows)
            + (warnings.Count == 0 ? "" : "\nWarnings:\n" + string.Concat(warnings.Distinct().Select(w => $"- {w}\n")));
        Console.WriteLine(body);
        if (!args.Has("no-doc")) BenchmarkDoc.Write("lsp", "LSP driver (issue 9)", body);
        return 0;
    }

    private static async Task<Run> SpawnAsync(string server, BenchVault vault, string hub, List<string> warnings)
    {
        var log = new DiagnosticsLog();
        long t0 = Stopwatch.GetTimestamp();
        var lsp = LspProcess.Start(server, vault.Root);
        lsp.OnNotification = log.OnNotification;
        await lsp.InitializeAsync(vault.Root, Timeout);
        var result = await lsp.Call("workspace/symbol", new JsonObject { ["query"] = hub }, Timeout);
        double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        if (!(result as JsonArray ?? []).Any(s => s?.ToJsonString().Contains(hub, StringComparison.Ordinal) == true))
            warnings.Add($"the first workspace/symbol answer did not name {hub}");
        var waited = Stopwatch.StartNew();
        while (log.ReadyTimestamp == 0 && waited.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(10);
        if (log.ReadyTimestamp == 0) warnings.Add("no notes/status ready notification");
        else if (log.ReadyNotes != vault.Paths.Count) warnings.Add($"notes/status ready counted {log.ReadyNotes} notes of {vault.Paths.Count}");
        return new Run
        {
            Lsp = lsp, Log = log, SpawnMs = ms,
            ReadyMs = log.ReadyTimestamp == 0 ? double.NaN : Stopwatch.GetElapsedTime(t0, log.ReadyTimestamp).TotalMilliseconds,
            ReadyNotes = log.ReadyNotes,
        };
    }

    private static async Task<(double Ms, JsonNode? Result)> TimeAsync(LspProcess lsp, string method, JsonNode? p)
    {
        long t0 = Stopwatch.GetTimestamp();
        var result = await lsp.Call(method, p, Timeout);
        return (Stopwatch.GetElapsedTime(t0).TotalMilliseconds, result);
    }

    private static async Task<Samples> RepeatAsync(LspProcess lsp, int n, string method, Func<int, JsonObject> makeParams, List<string> warnings, Func<JsonNode?, bool> check)
    {
        var samples = new Samples();
        int bad = 0;
        for (int i = 0; i < n; i++)
        {
            try
            {
                var (ms, result) = await TimeAsync(lsp, method, makeParams(i));
                samples.Add(ms);
                if (!check(result)) bad++;
            }
            catch (LspErrorException e)
            {
                warnings.Add($"{method}: error {e.Message}");
            }
        }
        if (bad > 0) warnings.Add($"{method}: {bad} of {n} answers were empty");
        return samples;
    }

    private static int Count(JsonNode? result) => result switch
    {
        JsonArray a => a.Count,
        JsonObject => 1,
        _ => 0,
    };

    /// <summary>
    /// The file of <paramref name="stem"/> is moved out of the vault (as a `git checkout` or a file manager would) and the
    /// client reports it with workspace/didChangeWatchedFiles; the clock runs from the move until every note that links
    /// to it has had its diagnostics republished. Then the file comes back (created) and the same is timed again.
    /// </summary>
    private static async Task<(Samples Deleted, Samples Restored, int Affected)> DeleteAndRestoreAsync(Run run, BenchVault vault, string stem, List<string> warnings)
    {
        var file = vault.Paths[stem];
        var uri = LspProcess.FileUri(file);
        var aside = Path.Combine(Path.GetTempPath(), $"notes-bench-aside-{Environment.ProcessId}.md");
        var expected = vault.Backlinkers[stem].Select(s => DiagnosticsLog.PathOf(LspProcess.FileUri(vault.Paths[s]))).ToHashSet(StringComparer.Ordinal);
        var deleted = new Samples();
        var restored = new Samples();
        for (int i = 0; i < 3; i++)
        {
            await run.Log.QuietAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
            deleted.AddIfDone(await TimeWatchedAsync(run, () => File.Move(file, aside), uri, 3, expected, warnings, "delete"));
            await run.Log.QuietAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
            restored.AddIfDone(await TimeWatchedAsync(run, () => File.Move(aside, file), uri, 1, expected, warnings, "restore"));
        }
        if (File.Exists(aside)) File.Move(aside, file);
        return (deleted, restored, expected.Count);
    }

    private static async Task<double?> TimeWatchedAsync(Run run, Action fileOperation, string uri, int type, HashSet<string> expected, List<string> warnings, string what)
    {
        int mark = run.Log.Mark;
        long t0 = Stopwatch.GetTimestamp();
        fileOperation();
        run.Lsp.Notify("workspace/didChangeWatchedFiles", new JsonObject { ["changes"] = new JsonArray(new JsonObject { ["uri"] = uri, ["type"] = type }) });
        bool done = await run.Log.WaitAsync(mark, es => expected.IsSubsetOf(es.Select(e => e.Path)), TimeSpan.FromSeconds(30));
        var events = run.Log.Since(mark).Where(e => expected.Contains(e.Path)).ToList();
        if (!done)
        {
            warnings.Add($"{what}: only {events.Select(e => e.Path).Distinct().Count()} of {expected.Count} notes got diagnostics within 30 s");
            return null;
        }
        return Stopwatch.GetElapsedTime(t0, events.Max(e => e.Timestamp)).TotalMilliseconds;
    }

    private static void AddIfDone(this Samples samples, double? ms)
    {
        if (ms is double v) samples.Add(v);
    }

    internal static string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
}
