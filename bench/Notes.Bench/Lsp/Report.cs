using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Notes.Bench.Lsp;

/// <summary>One row of the results table. <see cref="Met"/> is null when the metric has no target.</summary>
public sealed record Row(string Metric, string Value, string Target, bool? Met);

/// <summary>Percentiles, formatting, and the Markdown table (printed, and written into docs/BENCHMARKS.md).</summary>
public static class Report
{
    /// <summary>Nearest-rank percentile of <paramref name="values"/> (q in 0..1).</summary>
    public static double Percentile(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.OrderBy(v => v).ToList();
        int rank = (int)Math.Ceiling(q * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static string Ms(double ms) => ms switch
    {
        double.NaN => "n/a",
        < 10 => ms.ToString("F2", CultureInfo.InvariantCulture) + " ms",
        < 100 => ms.ToString("F1", CultureInfo.InvariantCulture) + " ms",
        _ => ms.ToString("F0", CultureInfo.InvariantCulture) + " ms",
    };

    public static string Table(IEnumerable<Row> rows)
    {
        var sb = new StringBuilder();
        sb.Append("| metric | value | target | met |\n|---|---|---|---|\n");
        foreach (var r in rows)
            sb.Append("| ").Append(r.Metric).Append(" | ").Append(r.Value).Append(" | ").Append(r.Target).Append(" | ")
              .Append(r.Met switch { true => "yes", false => "**no**", null => "" }).Append(" |\n");
        return sb.ToString();
    }

    /// <summary>The one-minute load average now ("?" where there is none).</summary>
    public static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    public static string Machine()
    {
        string cpu = "";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "";
        }
        catch (IOException) { }
        string load = Load();
        return $"{RuntimeInformation.OSDescription.Trim()}, {Environment.ProcessorCount} cores{(cpu.Length > 0 ? " (" + cpu + ")" : "")}, .NET {Environment.Version}, load average {load} at the end";
    }

    /// <summary>Writes (or replaces) the section for <paramref name="key"/> in docs/BENCHMARKS.md, between marker comments.</summary>
    public static void WriteDocs(string key, string command, string body)
    {
        var path = Path.Combine(BenchOptions.RepoRoot(), "docs", "BENCHMARKS.md");
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\n## Measured figures\n\n";
        string begin = $"<!-- bench:{key} -->", end = $"<!-- /bench:{key} -->";
        var section = $"{begin}\n### `{command}`\n\n{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC — {Machine()}\n\n{body.TrimEnd()}\n{end}";
        int b = text.IndexOf(begin, StringComparison.Ordinal), e = text.IndexOf(end, StringComparison.Ordinal);
        text = b >= 0 && e > b
            ? string.Concat(text.AsSpan(0, b), section, text.AsSpan(e + end.Length))
            : text.TrimEnd() + "\n\n" + section + "\n";
        File.WriteAllText(path, text);
        Console.Error.WriteLine($"wrote {path}");
    }
}
