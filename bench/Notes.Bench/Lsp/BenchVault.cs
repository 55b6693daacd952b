using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Notes.Bench.Lsp;

/// <summary>
/// The generated vault for the process benchmarks, cached under the temp folder by size and seed, post-processed
/// once: a hub with at least 1,000 linking notes (the most-linked generated note when it has that many, else a new
/// <c>hub.md</c> linked from 1,000 notes), and a note that ~500 notes link to by an alias of its front matter.
/// </summary>
public sealed partial class BenchVault
{
    public const string AliasName = "Survey Of Surveys";
    public const string AliasTargetFile = "alias-target.md";
    private const string ReadyMarker = ".bench-ready";

    public required string Root { get; init; }
    public required IReadOnlyList<string> Files { get; init; }
    public required string HubStem { get; init; }
    /// <summary>Notes that link to the hub (by the generator's or our own links), as counted by a text scan.</summary>
    public required int HubLinkers { get; init; }
    public required IReadOnlyList<string> AliasLinkers { get; init; }

    public string AliasTargetPath => Path.Combine(Root, AliasTargetFile);

    public static BenchVault Prepare(int notes, int seed, int attachments = 0)
    {
        var root = Path.Combine(Path.GetTempPath(), $"notes-lsp-bench-{notes}-{seed}{(attachments > 0 ? $"-a{attachments}" : "")}");
        if (!File.Exists(Path.Combine(root, ReadyMarker)))
        {
            var sw = Stopwatch.StartNew();
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
            VaultGenerator.Generate(root, notes, seed);
            PostProcess(root);
            if (attachments > 0) AddAttachments(root, attachments, seed);
            File.WriteAllText(Path.Combine(root, ReadyMarker), "");
            Console.Error.WriteLine($"generated {notes} notes in {root} ({sw.Elapsed.TotalSeconds:F1} s)");
        }
        var files = Directory.GetFiles(root, "*.md", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).ToList();
        var hubStem = File.ReadAllText(Path.Combine(root, ".bench-hub")).Trim();
        var linkers = files.Where(f => LinksTo(File.ReadAllText(f), hubStem)).Count();
        var aliasLinkers = files.Where(f => File.ReadAllText(f).Contains("[[" + AliasName + "]]", StringComparison.Ordinal)).ToList();
        return new BenchVault { Root = root, Files = files, HubStem = hubStem, HubLinkers = linkers, AliasLinkers = aliasLinkers };
    }

    private static void PostProcess(string root)
    {
        var files = Directory.GetFiles(root, "*.md", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).ToList();
        var utf8 = new UTF8Encoding(false);

        // The most-linked note by distinct linking notes (wikilinks by stem, Markdown links by file name).
        var linkers = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var f in files)
        {
            var text = File.ReadAllText(f);
            var targets = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (Match m in WikiTarget().Matches(text)) targets.Add(m.Groups[1].Value.Trim());
            foreach (Match m in MarkdownTarget().Matches(text)) targets.Add(Path.GetFileNameWithoutExtension(m.Groups[1].Value));
            targets.Remove(Path.GetFileNameWithoutExtension(f));
            foreach (var t in targets) linkers[t] = linkers.GetValueOrDefault(t) + 1;
        }
        var best = linkers.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).FirstOrDefault();
        string hub = best.Key ?? "hub";
        if (best.Value < 1000)
        {
            hub = "hub";
            File.WriteAllText(Path.Combine(root, "hub.md"), "---\ntitle: Hub\ntags: [index]\n---\n# Hub\n\nThe note everything links to.\n\n## Index\n\nSee the notes below.\n", utf8);
            foreach (var f in files.Take(1000)) File.AppendAllText(f, "\nBack to the [[hub]].\n", utf8);
        }
        File.WriteAllText(Path.Combine(root, ".bench-hub"), hub);

        // A note that ~500 notes (the last ones, by path) link to by its alias only.
        File.WriteAllText(Path.Combine(root, AliasTargetFile),
            $"---\ntitle: Alias Target\naliases:\n  - {AliasName}\n---\n# Alias Target\n\nA survey that other notes cite by its alias.\n", utf8);
        foreach (var f in files.Skip(Math.Max(0, files.Count - 500))) File.AppendAllText(f, $"\nCompare the [[{AliasName}]].\n", utf8);
    }

    /// <summary>
    /// Figures, PDFs and data files beside the notes (a quarter in a shared attachments folder, the rest in the notes'
    /// folders), 1-8 KB each; every other one is embedded by a note, as a wikilink embed, a Markdown image relative to
    /// the note, or an embed with a page fragment, so resolution, backlinks and diagnostics all meet them.
    /// </summary>
    private static void AddAttachments(string root, int count, int seed)
    {
        var rng = new Random(seed + 1);
        var notes = Directory.GetFiles(root, "*.md", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).ToList();
        string[] kinds = ["png", "png", "svg", "pdf", "csv", "jpg"];
        Directory.CreateDirectory(Path.Combine(root, "attachments"));
        var bytes = new byte[8192];
        var utf8 = new UTF8Encoding(false);
        for (int i = 0; i < count; i++)
        {
            var ext = kinds[rng.Next(kinds.Length)];
            var name = $"fig-{i:D5}.{ext}";
            var note = notes[rng.Next(notes.Count)];
            var dir = i % 4 == 0 ? Path.Combine(root, "attachments") : Path.GetDirectoryName(note)!;
            rng.NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(dir, name), bytes.AsSpan(0, 1024 + rng.Next(7 * 1024)).ToArray());
            if (i % 2 == 1) continue;
            var rel = Path.GetRelativePath(Path.GetDirectoryName(note)!, Path.Combine(dir, name)).Replace('\\', '/');
            File.AppendAllText(note, (i % 3) switch
            {
                0 => $"\n![[{name}]]\n",
                1 => $"\n![figure {i}]({rel})\n",
                _ => $"\n![[{name}#page=2]]\n",
            }, utf8);
        }
    }

    public static bool LinksTo(string text, string stem) =>
        text.Contains("[[" + stem, StringComparison.OrdinalIgnoreCase) || text.Contains("/" + stem + ".md", StringComparison.OrdinalIgnoreCase)
        || text.Contains("(" + stem + ".md", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\[\[([^\]#|\n]+)")]
    private static partial Regex WikiTarget();

    [GeneratedRegex(@"\]\(([^)\s#]+\.md)")]
    private static partial Regex MarkdownTarget();

    /// <summary>The floor: enumerate the vault and read every file's bytes (warm cache), sequentially and in parallel.</summary>
    public (TimeSpan Sequential, TimeSpan Parallel, long Bytes) Floor()
    {
        long bytes = 0;
        var sw = Stopwatch.StartNew();
        foreach (var f in Directory.EnumerateFiles(Root, "*.md", SearchOption.AllDirectories)) bytes += File.ReadAllBytes(f).Length;
        var sequential = sw.Elapsed;
        sw.Restart();
        long parallelBytes = 0;
        Parallel.ForEach(Directory.EnumerateFiles(Root, "*.md", SearchOption.AllDirectories), f => Interlocked.Add(ref parallelBytes, File.ReadAllBytes(f).Length));
        return (sequential, sw.Elapsed, bytes);
    }

    /// <summary>The floor measured three times (after one warm-up read); the best of each.</summary>
    public (TimeSpan Sequential, TimeSpan Parallel, long Bytes) BestFloor()
    {
        Floor();
        var runs = Enumerable.Range(0, 3).Select(_ => Floor()).ToList();
        return (runs.Min(r => r.Sequential), runs.Min(r => r.Parallel), runs[0].Bytes);
    }
}

public static class FloorCommand
{
    public static int Run(BenchOptions o)
    {
        var vault = BenchVault.Prepare(o.Notes, o.Seed, o.Attachments);
        var (seq, par, bytes) = vault.BestFloor();
        Console.WriteLine($"{vault.Files.Count} files, {bytes / 1e6:F1} MB: read sequentially {seq.TotalMilliseconds:F0} ms, in parallel ({Environment.ProcessorCount} cores) {par.TotalMilliseconds:F0} ms");
        return 0;
    }
}
