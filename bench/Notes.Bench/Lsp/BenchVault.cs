using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Notes.Bench.Lsp;

/// <summary>
/// The generated vault of a benchmark run, cached in the temp folder by size and seed, and the notes the scenarios
/// need: a hub with about 1,000 backlinking notes and a note with about 500. The generator's Zipf popularity gives a
/// 10,000-note vault such notes; a smaller vault gets links to its hub appended (in this copy only) until it has 1,000.
/// </summary>
public sealed partial class BenchVault
{
    private const string Marker = ".bench-complete";

    public required string Root { get; init; }
    public required int Notes { get; init; }
    /// <summary>Note path by stem.</summary>
    public required Dictionary<string, string> Paths { get; init; }
    /// <summary>Distinct notes linking to a stem.</summary>
    public required Dictionary<string, HashSet<string>> Backlinkers { get; init; }

    public static BenchVault Prepare(int notes, int seed, string? dir = null)
    {
        var root = dir ?? Path.Combine(Path.GetTempPath(), $"notes-lsp-bench-{notes}-{seed}");
        if (!File.Exists(Path.Combine(root, Marker)))
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
            var sw = Stopwatch.StartNew();
            VaultGenerator.Generate(root, notes, seed);
            var generated = Analyze(root, notes);
            EnsureHub(generated, 1000);
            File.WriteAllText(Path.Combine(root, Marker), "");
            Console.Error.WriteLine($"generated {notes} notes in {root} ({sw.Elapsed.TotalSeconds:0.0} s)");
        }
        return Analyze(root, notes);
    }

    public static int GenerateCommand(CliArgs args)
    {
        var vault = Prepare(args.Int("notes", 10_000), args.Int("seed", 42), args.String("out"));
        var hub = vault.Closest(1000);
        var pop = vault.Closest(500, hub);
        Console.WriteLine($"{vault.Root}: {vault.Notes} notes; hub {hub} ({vault.Backlinkers[hub].Count} backlinking notes); {pop} ({vault.Backlinkers[pop].Count})");
        return 0;
    }

    /// <summary>The stem whose number of backlinking notes is closest to <paramref name="target"/> (at least it, when possible).</summary>
    public string Closest(int target, string? except = null) =>
        Backlinkers.Where(kv => kv.Key != except && Paths.ContainsKey(kv.Key))
            .OrderBy(kv => kv.Value.Count >= target ? 0 : 1)
            .ThenBy(kv => Math.Abs(kv.Value.Count - target))
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .First().Key;

    /// <summary>A note linking to <paramref name="stem"/> with a wikilink, its text and the position inside that link.</summary>
    public (string Uri, string Text, int Line, int Character) LinkTo(string stem)
    {
        foreach (var source in Backlinkers[stem].Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(Paths[source]);
            if (Messages.Find(text, "[[" + stem) is { } at) return (global::Notes.Lsp.Stdio.LspProcess.FileUri(Paths[source]), text, at.Line, at.Character + 3);
        }
        throw new InvalidOperationException($"no wikilink to {stem}");
    }

    [GeneratedRegex(@"\[\[([^\]|#\n]+)")]
    private static partial Regex WikiLink();

    [GeneratedRegex(@"\]\(([^)#\s]+\.md)")]
    private static partial Regex MarkdownLink();

    private static BenchVault Analyze(string root, int notes)
    {
        var paths = Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories).ToDictionary(p => Path.GetFileNameWithoutExtension(p), StringComparer.Ordinal);
        var backlinkers = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (stem, path) in paths)
        {
            var text = File.ReadAllText(path);
            var targets = WikiLink().Matches(text).Select(m => Path.GetFileName(m.Groups[1].Value.Trim()))
                .Concat(MarkdownLink().Matches(text).Select(m => Path.GetFileNameWithoutExtension(m.Groups[1].Value)));
            foreach (var target in targets)
            {
                if (target == stem || !paths.ContainsKey(target)) continue;
                if (!backlinkers.TryGetValue(target, out var set)) backlinkers[target] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add(stem);
            }
        }
        return new BenchVault { Root = root, Notes = notes, Paths = paths, Backlinkers = backlinkers };
    }

    private static void EnsureHub(BenchVault vault, int backlinks)
    {
        var hub = vault.Closest(backlinks);
        var have = vault.Backlinkers.GetValueOrDefault(hub) ?? [];
        int missing = Math.Min(backlinks, vault.Paths.Count - 1) - have.Count;
        foreach (var (stem, path) in vault.Paths.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (missing <= 0) break;
            if (stem == hub || have.Contains(stem)) continue;
            File.AppendAllText(path, $"\nSee also [[{hub}]].\n");
            missing--;
        }
    }
}
