using System.Collections.Concurrent;
using System.Diagnostics;
using Notes.Lsp.Protocol.JsonRpc;
using Notes.Lsp.Protocol.Lsp;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Bench.Lsp;

/// <summary>
/// <c>soak --minutes N --notes N</c>: one server process under ~10 events/s of mixed typing, completion,
/// navigation and an alias toggled on a note ~500 notes link to. Requests are not awaited before the next event,
/// so edits overtake reads (ContentModified and cancellations are expected; any other error is a failure).
/// Resident memory after minute 1 and at the end must stay within 10%.
/// </summary>
public static class SoakCommand
{
    public static async Task<int> RunAsync(BenchOptions o)
    {
        var vault = BenchVault.Prepare(o.Notes, o.Seed);
        var duration = TimeSpan.FromMinutes(o.Minutes);
        var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var latencies = new ConcurrentBag<double>();
        int requests = 0, cancelled = 0, events = 0;
        double rss1 = double.NaN, rssEnd, peak;
        var samples = new List<(double Minute, double Rss)>();
        var (server, _) = await ServerProcess.StartAsync(o.ServerDll(), vault.Root);
        await using (server)
        {
            await server.Rpc.SendRequestAsync("workspace/symbol", new WorkspaceSymbolParams(vault.HubStem), Default.WorkspaceSymbolParams, Default.SymbolInformationArray);
            await server.WaitQuietAsync(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(3));
            var (linkFile, linkPos) = LspBenchmark.FindLink(vault);
            var at = new TextDocumentPositionParams(new TextDocumentIdentifier(ServerProcess.Uri(linkFile)), linkPos);
            var doc = await OpenDocument.OpenAsync(server, LspBenchmark.EditedNote(vault));
            await doc.ReplaceAsync(doc.Text.Length, 0, "\n\nSee [[q]]");
            var target = await OpenDocument.OpenAsync(server, vault.AliasTargetPath);
            string aliasLine = $"  - {BenchVault.AliasName}\n";
            int aliasOffset = target.Text.IndexOf(aliasLine, StringComparison.Ordinal);
            bool aliasRemoved = false;
            int typed = 0;

            void Track<T>(Task<T> request)
            {
                Interlocked.Increment(ref requests);
                long t0 = Stopwatch.GetTimestamp();
                _ = request.ContinueWith(t =>
                {
                    if (t.IsCompletedSuccessfully) latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    else if (t.Exception?.InnerException is JsonRpcRemoteException { Code: ErrorCodes.RequestCancelled or ErrorCodes.ContentModified }) Interlocked.Increment(ref cancelled);
                    else
                    {
                        var e = t.Exception?.InnerException;
                        errors.AddOrUpdate(e is JsonRpcRemoteException r ? $"{r.Code}: {r.Message}" : e?.GetType().Name ?? "cancelled", 1, (_, n) => n + 1);
                    }
                }, TaskScheduler.Default);
            }

            var start = Stopwatch.GetTimestamp();
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            var nextSample = TimeSpan.FromSeconds(30);
            while (await timer.WaitForNextTickAsync())
            {
                var elapsed = Stopwatch.GetElapsedTime(start);
                if (elapsed >= duration) break;
                if (double.IsNaN(rss1) && elapsed >= TimeSpan.FromMinutes(1)) rss1 = server.StatusKb("VmRSS") / 1024.0;
                if (elapsed >= nextSample)
                {
                    samples.Add((elapsed.TotalMinutes, server.StatusKb("VmRSS") / 1024.0));
                    Console.Error.WriteLine($"{elapsed:mm\\:ss} {events} events, {requests} requests, {cancelled} cancelled, {errors.Values.Sum()} errors, resident {samples[^1].Rss:F0} MB");
                    nextSample += TimeSpan.FromSeconds(30);
                }
                int i = events++;
                if (i % 100 == 50)
                {
                    // The alias toggles every 10 s: ~500 notes' diagnostics change.
                    if (aliasRemoved) await target.ReplaceAsync(aliasOffset, 0, aliasLine);
                    else await target.ReplaceAsync(aliasOffset, aliasLine.Length, "");
                    aliasRemoved = !aliasRemoved;
                    continue;
                }
                int end = doc.Text.Length - 2; // just before the closing ]]
                switch (i % 10)
                {
                    case 0 or 1 or 2 or 3:
                        if (typed < 12) { await doc.ReplaceAsync(end, 0, ((char)('a' + i % 26)).ToString()); typed++; }
                        else { await doc.ReplaceAsync(end - typed, typed, ""); typed = 0; }
                        break;
                    case 4 or 5:
                        Track(server.Rpc.SendRequestAsync("textDocument/completion", new CompletionParams(doc.Id, doc.PositionAt(end), null), Default.CompletionParams, Default.CompletionList));
                        break;
                    case 6 or 7:
                        Track(server.Rpc.SendRequestAsync("textDocument/references", new ReferenceParams(at.TextDocument, at.Position, new ReferenceContext(false)), Default.ReferenceParams, Default.LocationArray));
                        break;
                    case 8:
                        Track(server.Rpc.SendRequestAsync("textDocument/definition", at, Default.TextDocumentPositionParams, Default.LocationArray));
                        break;
                    default:
                        Track(server.Rpc.SendRequestAsync("workspace/symbol", new WorkspaceSymbolParams(Path.GetFileNameWithoutExtension(vault.Files[i % vault.Files.Count])[..3]), Default.WorkspaceSymbolParams, Default.SymbolInformationArray));
                        break;
                }
            }
            var drain = Stopwatch.StartNew();
            while (latencies.Count + cancelled + errors.Values.Sum() < requests && drain.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
            rssEnd = server.StatusKb("VmRSS") / 1024.0;
            peak = server.StatusKb("VmHWM") / 1024.0;
        }

        int errorCount = errors.Values.Sum();
        double growth = (rssEnd / rss1 - 1) * 100;
        var lat = latencies.ToList();
        var rows = new List<Row>
        {
            new("events (edits, completions, references, definitions, symbols, alias toggles)", $"{events} in {o.Minutes:0.#} min ({events / (o.Minutes * 60):F1}/s); {requests} requests", "~10/s", null),
            new("request latency under load", $"p50 {Report.Ms(Report.Percentile(lat, 0.5))}, p99 {Report.Ms(Report.Percentile(lat, 0.99))}, max {Report.Ms(lat.DefaultIfEmpty(double.NaN).Max())}", "", null),
            new("cancelled / content modified (-32800 / -32801)", cancelled.ToString(System.Globalization.CultureInfo.InvariantCulture), "allowed", null),
            new("other error responses", errorCount == 0 ? "0" : $"{errorCount} ({string.Join("; ", errors.Select(kv => $"{kv.Value}× {kv.Key}"))})", "0", errorCount == 0),
            new("resident memory after minute 1 → at the end", $"{rss1:F0} MB → {rssEnd:F0} MB ({growth:+0.0;-0.0}%); peak {peak:F0} MB; samples {string.Join(", ", samples.Select(s => $"{s.Rss:F0}"))}", "within 10%", Math.Abs(growth) <= 10),
        };
        var table = Report.Table(rows);
        Console.WriteLine(table);
        if (o.WriteDocs)
            Report.WriteDocs($"soak-{o.Notes}-{o.Seed}", $"dotnet run -c Release --project bench/Notes.Bench -- soak --minutes {o.Minutes:0.#} --notes {o.Notes} --seed {o.Seed}", table);
        return errorCount == 0 && Math.Abs(growth) <= 10 ? 0 : 1;
    }
}
