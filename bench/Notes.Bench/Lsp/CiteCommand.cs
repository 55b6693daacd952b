using System.Diagnostics;
using System.Globalization;
using System.Text;
using Notes.Core.Citations;
using Notes.Core.Tests.Citations;
using Notes.Lsp.Protocol.Lsp;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Bench.Lsp;

/// <summary>
/// <c>cite --notes N --entries E --runs R --samples S [--server PATH]</c>: citation-key completion over stdio. The
/// generated vault of N notes gains a library of E entries (<see cref="BibGenerator"/>; 20,000 are about 15 MB) and
/// a citation in every tenth note. Each run starts the server, waits for the first full answer, then types after
/// <c>See [@</c> in an open note, two letters at a time (the first letters of keys of the library), asking for
/// completion after each keystroke, as <c>lsp</c> does for <c>[[</c>.
/// </summary>
public static class CiteCommand
{
    public static async Task<int> RunAsync(BenchOptions o)
    {
        int entries = o.Entries;
        var root = Prepare(o.Notes, o.Seed, entries, out var keys);
        var dll = o.ServerDll();
        var notes = Directory.GetFiles(root, "*.md", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).ToList();
        Console.Error.WriteLine($"vault {root}: {notes.Count} notes, library.bib {new FileInfo(Path.Combine(root, "library.bib")).Length / 1e6:F1} MB ({entries} entries); server {dll}");
        // Two letters of the keys as typed: surnames' starts, as users look papers up.
        var prefixes = keys.Where((_, i) => i % Math.Max(1, keys.Count / 25) == 0).Select(k => k[..2]).Distinct().Take(25).ToArray();
        var rows = new List<Row>();
        var p50s = new List<double>();
        var p99s = new List<double>();
        for (int run = 1; run <= o.Runs; run++)
        {
            string? scanLine = null;
            var (server, _) = await ServerProcess.StartAsync(dll, root, null, line => { if (line.Contains("bibliographies", StringComparison.Ordinal)) scanLine = line; });
            await using (server)
            {
                long t0 = Stopwatch.GetTimestamp();
                await server.Rpc.SendRequestAsync("workspace/symbol", new WorkspaceSymbolParams("a"), Default.WorkspaceSymbolParams, Default.SymbolInformationArray).WaitAsync(TimeSpan.FromMinutes(5));
                double firstAnswer = Stopwatch.GetElapsedTime(server.SpawnTimestamp).TotalMilliseconds;
                await server.WaitQuietAsync(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(3));
                var doc = await OpenDocument.OpenAsync(server, notes[notes.Count / 2]);
                var typing = await CompletionTyping.StartAsync(server, doc, "See [@", prefixes);
                int items = 0;
                for (int i = 0; i < 10; i++) items = await typing.StepAsync(i); // warm-up
                var ms = new List<double>(o.Samples);
                for (int i = 0; i < o.Samples; i++)
                {
                    long s = Stopwatch.GetTimestamp();
                    items = await typing.StepAsync(i);
                    ms.Add(Stopwatch.GetElapsedTime(s).TotalMilliseconds);
                }
                double p50 = Report.Percentile(ms, 0.5), p99 = Report.Percentile(ms, 0.99);
                p50s.Add(p50);
                p99s.Add(p99);
                rows.Add(new($"run {run} (load {TailCommand.Load()}): spawn → first full answer", Report.Ms(firstAnswer), "", null));
                rows.Add(new($"run {run}: `[@` completion, keystroke → answer, n={ms.Count}", $"p50 {Report.Ms(p50)}, p99 {Report.Ms(p99)}, max {Report.Ms(ms.Max())} (last answer {items} items)", "< 2 / < 10 ms", p50 < 2 && p99 < 10));
                if (scanLine is not null) rows.Add(new($"run {run}: the server's scan line", scanLine[(scanLine.IndexOf("indexed", StringComparison.Ordinal) is var at and >= 0 ? at : 0)..], "", null));
            }
        }
        rows.Add(new($"`[@` completion over {o.Runs} runs", $"p50 {Report.Ms(p50s.Min())}–{Report.Ms(p50s.Max())}, p99 {Report.Ms(p99s.Min())}–{Report.Ms(p99s.Max())}", "< 2 / < 10 ms", p50s.Max() < 2 && p99s.Max() < 10));
        Console.WriteLine(Report.Table(rows));
        return 0;
    }

    /// <summary>The vault (cached under the temp folder by size, seed and entries): generated notes, library.bib, a citation in every tenth note.</summary>
    private static string Prepare(int notes, int seed, int entries, out List<string> keys)
    {
        var root = Path.Combine(Path.GetTempPath(), $"notes-lsp-bench-{notes}-{seed}-cite{entries}");
        var bibPath = Path.Combine(root, "library.bib");
        if (!File.Exists(Path.Combine(root, ".bench-ready")))
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
            VaultGenerator.Generate(root, notes, seed);
            File.WriteAllText(bibPath, BibGenerator.Generate(entries), new UTF8Encoding(false));
            var all = BibTexParser.Parse(File.ReadAllText(bibPath)).Entries.Select(e => e.Key).ToList();
            var files = Directory.GetFiles(root, "*.md", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).ToList();
            for (int i = 0; i < files.Count; i += 10)
                File.AppendAllText(files[i], $"\n\nAs argued in [@{all[i % all.Count]}, p. {i % 300}].\n");
            File.WriteAllText(Path.Combine(root, ".bench-ready"), "");
        }
        keys = BibTexParser.Parse(File.ReadAllText(bibPath)).Entries.Select(e => e.Key).ToList();
        return root;
    }

}
