namespace Notes.Bench.Lsp;

/// <summary>docs/BENCHMARKS.md: each command owns a section between markers, replaced (or appended to) on each run.</summary>
public static class BenchmarkDoc
{
    private const string Header = "# Benchmarks\n\nEnd-to-end figures of the published server, driven as a process over stdio by `bench/Notes.Bench` " +
        "(see the subcommands in `bench/Notes.Bench/Program.cs`). Each section is rewritten by its command.\n";

    public static string PathInRepo() => Path.Combine(CliArgs.RepoRoot(), "docs", "BENCHMARKS.md");

    /// <summary>Replaces the section <paramref name="key"/> with <paramref name="body"/>, or (<paramref name="append"/>) adds to it.</summary>
    public static void Write(string key, string title, string body, bool append = false)
    {
        var path = PathInRepo();
        var text = File.Exists(path) ? File.ReadAllText(path) : Header;
        string begin = $"<!-- {key}:begin -->", end = $"<!-- {key}:end -->";
        int b = text.IndexOf(begin, StringComparison.Ordinal), e = text.IndexOf(end, StringComparison.Ordinal);
        if (b >= 0 && e > b)
        {
            var old = text[(b + begin.Length)..e].Trim('\n');
            var content = append ? old + "\n\n" + body.Trim('\n') : $"## {title}\n\n{body.Trim('\n')}";
            text = text[..b] + begin + "\n" + content + "\n" + text[e..];
        }
        else
        {
            text = text.TrimEnd('\n') + $"\n\n{begin}\n## {title}\n\n{body.Trim('\n')}\n{end}\n";
        }
        File.WriteAllText(path, text);
        Console.Error.WriteLine($"wrote {path}");
    }

    public static string Table(IEnumerable<(string Metric, string Value, string Target)> rows) =>
        "| metric | value | target |\n|---|---|---|\n" + string.Concat(rows.Select(r => $"| {r.Metric} | {r.Value} | {r.Target} |\n"));

    public static string Stamp(string command) => $"`{command}` — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores";
}
