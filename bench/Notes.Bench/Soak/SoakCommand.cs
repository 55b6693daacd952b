using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Notes.Bench.Lsp;
using Notes.Lsp.Stdio;

namespace Notes.Bench.Soak;

/// <summary>
/// One server process for a long while at typing speed (~10 events a second): characters typed into a scratch note
/// (with `[[` completions as links are typed), occasional edits of a real note, references and definitions on the hub,
/// workspace symbols. Passes when resident memory at the end is within 10% of memory after the first minute, no error
/// response other than a cancellation came back, and the server is alive and shuts down with exit code 0.
/// </summary>
public static class SoakCommand
{
    private const string Sentence = "Typing a note about [[at and more [[gr text with #tag and 😀 中文 words.\n";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(CliArgs args)
    {
        double minutes = args.Double("minutes", 10);
        int notes = args.Int("notes", 10_000), seed = args.Int("seed", 42);
        double rate = args.Double("rate", 10);
        var server = args.Server();
        var vault = BenchVault.Prepare(notes, seed);
        var hub = vault.Closest(1000);
        var duration = TimeSpan.FromMinutes(minutes);
        var firstMinute = TimeSpan.FromSeconds(Math.Min(60, duration.TotalSeconds / 2));

        var log = new DiagnosticsLog();
        await using var lsp = LspProcess.Start(server, vault.Root);
        lsp.OnNotification = log.OnNotification;
        await lsp.InitializeAsync(vault.Root, Timeout);
        await lsp.Call("workspace/symbol", new JsonObject { ["query"] = hub }, Timeout);

        var scratch = LspProcess.FileUri(Path.Combine(vault.Root, "soak-scratch.md"));
        lsp.Notify("textDocument/didOpen", Messages.DidOpen(scratch, "# Soak\n\n"));
        var hubUri = LspProcess.FileUri(vault.Paths[hub]);
        var hubText = File.ReadAllText(vault.Paths[hub]);
        lsp.Notify("textDocument/didOpen", Messages.DidOpen(hubUri, hubText));
        var link = vault.LinkTo(hub);
        int hubVersion = 1, version = 1, line = 2, column = 0, typed = 0;

        var latency = new Dictionary<string, Samples>(StringComparer.Ordinal);
        var errors = new List<string>();
        int errorCount = 0, cancellations = 0, events = 0;
        var rss = new List<(double Seconds, double Mb)>();
        double? rssAfterFirstMinute = null;
        var rng = new Random(seed);
        var sw = Stopwatch.StartNew();
        var tick = TimeSpan.FromSeconds(1 / rate);
        var nextSample = TimeSpan.Zero;

        async Task Ask(string method, JsonObject p)
        {
            long t0 = Stopwatch.GetTimestamp();
            var response = await lsp.Request(method, p, Timeout);
            if (!latency.TryGetValue(method, out var s)) latency[method] = s = new Samples();
            s.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            if (response["error"]?["code"]?.GetValue<int>() is int code)
            {
                if (code is -32800 or -32801) cancellations++;
                else if (errorCount++ < 10) errors.Add($"{method}: {response["error"]!.ToJsonString()}");
            }
        }

        while (sw.Elapsed < duration && !lsp.HasExited)
        {
            var due = TimeSpan.FromTicks(tick.Ticks * events);
            if (due > sw.Elapsed) await Task.Delay(due - sw.Elapsed);
            events++;
            if (sw.Elapsed >= nextSample)
            {
                nextSample += TimeSpan.FromSeconds(10);
                if (ProcStats.RssMb(lsp.Pid) is double mb) rss.Add((sw.Elapsed.TotalSeconds, mb));
            }
            if (rssAfterFirstMinute is null && sw.Elapsed >= firstMinute) rssAfterFirstMinute = ProcStats.RssMb(lsp.Pid);

            int roll = rng.Next(100);
            if (roll < 70)
            {
                // The next character of the sentence; a completion right after "[[" plus two characters.
                char c = Sentence[typed % Sentence.Length];
                typed++;
                if (line > 300)
                {
                    lsp.Notify("textDocument/didChange", new JsonObject
                    {
                        ["textDocument"] = new JsonObject { ["uri"] = scratch, ["version"] = ++version },
                        ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = "# Soak\n\n" }),
                    });
                    line = 2;
                    column = 0;
                }
                string s = char.IsHighSurrogate(c) ? Sentence.Substring((typed - 1) % Sentence.Length, 2) : c.ToString();
                if (s.Length == 2) typed++;
                lsp.Notify("textDocument/didChange", Messages.Insert(scratch, ++version, line, column, s));
                if (c == '\n')
                {
                    line++;
                    column = 0;
                }
                else
                {
                    column += s.Length;
                }
                int at = typed % Sentence.Length;
                if (at >= 4 && Sentence[at - 4] == '[' && Sentence[at - 3] == '[') await Ask("textDocument/completion", Messages.Completion(scratch, line, column));
            }
            else if (roll < 78)
            {
                lsp.Notify("textDocument/didChange", Messages.Insert(hubUri, ++hubVersion, 0, 0, rng.Next(2) == 0 ? "x" : "[[y]] "));
            }
            else if (roll < 86)
            {
                await Ask("textDocument/references", Messages.References(link.Uri, link.Line, link.Character));
            }
            else if (roll < 93)
            {
                await Ask("workspace/symbol", new JsonObject { ["query"] = ((char)('a' + rng.Next(26))).ToString() });
            }
            else
            {
                await Ask("textDocument/hover", Messages.At(scratch, Math.Max(2, line - 1), 5));
            }
        }

        double? rssEnd = ProcStats.RssMb(lsp.Pid);
        double? peak = ProcStats.PeakRssMb(lsp.Pid);
        bool alive = !lsp.HasExited;
        int exit = -1;
        if (alive)
        {
            try { exit = await lsp.ShutdownAsync(Timeout); }
            catch (Exception e) when (e is TimeoutException or LspErrorException) { errors.Add("shutdown: " + e.Message); }
        }
        double growth = rssAfterFirstMinute is double a && rssEnd is double b ? (b - a) / a : double.NaN;
        bool pass = alive && exit == 0 && errorCount == 0 && lsp.UnhandledExceptions == 0 && !double.IsNaN(growth) && Math.Abs(growth) <= 0.10;

        var rows = new List<(string, string, string)>
        {
            ("events sent (typing, edits, requests)", $"{events} in {sw.Elapsed.TotalMinutes:0.0} min ({events / sw.Elapsed.TotalSeconds:0.0}/s)", "~10/s"),
            ($"resident memory after {firstMinute.TotalSeconds:0} s → at the end", $"{Mb(rssAfterFirstMinute)} → {Mb(rssEnd)} ({growth * 100:+0.0;-0.0}%)", "within ±10%"),
            ("peak resident memory (VmHWM)", Mb(peak), "< 200 MB"),
            ("error responses other than cancellations", $"{errorCount} (cancellations: {cancellations})", "0"),
            ("unhandled exceptions on stderr", lsp.UnhandledExceptions.ToString(CultureInfo.InvariantCulture), "0"),
            ("server alive at the end; shutdown + exit code", $"{(alive ? "alive" : "exited")}; {exit}", "alive; 0"),
        };
        rows.AddRange(latency.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => ($"{kv.Key} latency", kv.Value.P50P99, "—")));
        var command = $"dotnet run -c Release --project bench/Notes.Bench -- soak --minutes {minutes.ToString(CultureInfo.InvariantCulture)} --notes {notes}";
        var body = $"### {(pass ? "PASS" : "FAIL")} — " + BenchmarkDoc.Stamp(command) + "\n\n" + BenchmarkDoc.Table(rows)
            + "\nMemory every 10 s (MB): " + string.Join(", ", rss.Select(r => r.Mb.ToString("0", CultureInfo.InvariantCulture))) + "\n"
            + (errors.Count == 0 ? "" : "\nErrors:\n" + string.Concat(errors.Select(e => $"- {e}\n")));
        Console.WriteLine(body);
        if (!args.Has("no-doc")) BenchmarkDoc.Write("soak", "Soak (issue 10)", body, append: true);
        return pass ? 0 : 1;
    }

    private static string Mb(double? mb) => mb is double v ? $"{v:0} MB" : "n/a";
}
