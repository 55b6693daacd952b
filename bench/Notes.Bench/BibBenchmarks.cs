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
        return 0;
    }

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "n/a"; }
        catch (UnauthorizedAccessException) { return "n/a"; }
    }
}
