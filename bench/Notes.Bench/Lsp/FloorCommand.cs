using System.Diagnostics;

namespace Notes.Bench.Lsp;

/// <summary>
/// The floor: enumerating the vault and reading every file's bytes (page cache warm, as for the server right after),
/// in parallel on every core and on one thread; the best of five of each.
/// </summary>
public static class FloorCommand
{
    public static int Run(CliArgs args)
    {
        var vault = BenchVault.Prepare(args.Int("notes", 10_000), args.Int("seed", 42));
        var (parallel, sequential, bytes) = Measure(vault.Root);
        Console.WriteLine($"floor for {vault.Paths.Count} files, {bytes / 1048576.0:0.0} MB: parallel {Samples.Ms(parallel)}, one thread {Samples.Ms(sequential)}");
        return 0;
    }

    public static (double ParallelMs, double SequentialMs, long Bytes) Measure(string root)
    {
        double parallel = double.MaxValue, sequential = double.MaxValue;
        long bytes = 0;
        for (int run = 0; run < 5; run++)
        {
            var sw = Stopwatch.StartNew();
            long total = 0;
            Parallel.ForEach(Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories), f => Interlocked.Add(ref total, File.ReadAllBytes(f).Length));
            parallel = Math.Min(parallel, sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            total = 0;
            foreach (var f in Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories)) total += File.ReadAllBytes(f).Length;
            sequential = Math.Min(sequential, sw.Elapsed.TotalMilliseconds);
            bytes = total;
        }
        return (parallel, sequential, bytes);
    }
}
