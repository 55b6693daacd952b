using System.Diagnostics;
using System.Globalization;
using Notes.Core.Citations;
using Notes.Core.Tests.Citations;

namespace Notes.Bench;

/// <summary>
/// <c>bib --entries N --runs R</c>: parses a generated BibLaTeX file (<see cref="BibGenerator"/>: <c>@string</c>
/// macros, accented names, protected capitals, months, DOIs, arXiv eprints, abstracts; 20,000 entries are about
/// 15 MB) R times in process and prints its size, the entries read, min/median/max parse time and the MB allocated
/// per parse.
/// </summary>
public static class BibBenchmarks
{
    public static int Run(string[] args)
    {
        int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length
            ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        int entries = Arg("--entries", 20_000), runs = Math.Max(1, Arg("--runs", 10));
        var text = BibGenerator.Generate(entries);
        var first = BibTexParser.Parse(text); // warm-up, and the counts
        var ms = new List<double>();
        var cpu = new List<double>();
        var process = Process.GetCurrentProcess();
        long allocated = 0;
        for (int r = 0; r < runs; r++)
        {
            long a = GC.GetAllocatedBytesForCurrentThread();
            process.Refresh();
            var c0 = process.TotalProcessorTime;
            long t0 = Stopwatch.GetTimestamp();
            BibTexParser.Parse(text);
            ms.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - c0).TotalMilliseconds);
            allocated += GC.GetAllocatedBytesForCurrentThread() - a;
        }
        ms.Sort();
        cpu.Sort();
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"bib: {text.Length / (1024.0 * 1024):F1} MB of text ({text.Length:N0} chars), {first.Entries.Count:N0} entries, {first.Diagnostics.Count} diagnostics"));
        Console.WriteLine(string.Create(inv, $"parse over {runs} runs: min {ms[0]:F1} ms, median {ms[ms.Count / 2]:F1} ms, max {ms[^1]:F1} ms; allocated {allocated / (1024.0 * 1024) / runs:F1} MB per parse"));
        // On a shared machine the wall time waits for other processes; the CPU time (this process, GC included) does not.
        Console.WriteLine(string.Create(inv, $"cpu time per parse: min {cpu[0]:F1} ms, median {cpu[cpu.Count / 2]:F1} ms, max {cpu[^1]:F1} ms (load average {LoadAverage()})"));
        if (Array.IndexOf(args, "--complete") >= 0) Complete(text, Math.Max(1, Arg("--samples", 200)));
        return 0;
    }

    /// <summary>
    /// <c>--complete</c>: the core's citation-key completion in process, on a snapshot of one note and the library, as
    /// <c>cite</c> types over stdio (two letters of the keys' starts after <c>See [@</c>), and one letter at a time as a
    /// user types (<c>v</c>, <c>va</c>, <c>vas</c>, ...), and a title's word a letter at a time; the median and p99 per
/// call, and the bytes allocated.
    /// </summary>
    private static void Complete(string bib, int samples)
    {
        const string root = "/vault";
        var note = Notes.Core.Index.NoteDocument.Create(root + "/a.md", root, Notes.Core.Syntax.NoteParser.Parse("# A\n\nSee [@\n", "a"));
        var ws = Notes.Core.Index.WorkspaceSnapshot.Build([root], [note], [new Notes.Core.Index.AttachmentFile(root + "/lib.bib", root, bib.Length)], null,
            [BibliographyFile.FromText(root + "/lib.bib", root, bib, true)!]);
        note = ws[root + "/a.md"]!;
        var keys = ws.Citations.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var pairs = keys.Where((_, i) => i % Math.Max(1, keys.Count / 25) == 0).Select(k => k[..2]).Distinct().Take(25).ToArray();
        var typing = keys.Where((_, i) => i % Math.Max(1, keys.Count / 5) == 0).Take(5).SelectMany(k => Enumerable.Range(0, Math.Min(k.Length, 8) + 1).Select(n => k[..n])).ToArray();
        int lineStart = note.Syntax.Text.IndexOf("See", StringComparison.Ordinal);
        // A title's word, a letter at a time: the keys starting with it do not fill the list, so the word starts are scored.
        var titleWords = new[] { "attention", "gradient", "retrieval" }.SelectMany(w => Enumerable.Range(1, w.Length).Select(n => w[..n])).ToArray();
        foreach (var (name, typed) in new[] { ("two letters (as cite types)", pairs), ("a key, a letter at a time", typing), ("a title word, a letter at a time", titleWords) })
        {
            var ms = new List<double>();
            long a = GC.GetAllocatedBytesForCurrentThread();
            int calls = 0;
            for (int i = 0; i < samples + 20; i++)
            {
                var line = "See [@" + typed[i % typed.Length];
                long t0 = Stopwatch.GetTimestamp();
                Notes.Core.Features.CitationFeatures.Complete(ws, note, lineStart, lineStart + line.Length, line, "", 50, default);
                if (i >= 20) { ms.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds); calls++; }
                else a = GC.GetAllocatedBytesForCurrentThread();
            }
            ms.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"complete, {name}: p50 {ms[ms.Count / 2]:F3} ms, p99 {ms[(int)(ms.Count * 0.99)]:F3} ms, max {ms[^1]:F3} ms; {(GC.GetAllocatedBytesForCurrentThread() - a) / 1024.0 / calls:F0} KB allocated per call"));
        }
    }

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "n/a"; }
        catch (UnauthorizedAccessException) { return "n/a"; }
    }
}
