using System.Globalization;

namespace Notes.Bench.Lsp;

/// <summary>Latency samples in milliseconds; percentiles by nearest rank.</summary>
public sealed class Samples
{
    private readonly List<double> _ms = [];

    public int Count => _ms.Count;

    public void Add(double ms) => _ms.Add(ms);

    public double Percentile(double p)
    {
        if (_ms.Count == 0) return double.NaN;
        var sorted = _ms.Order().ToArray();
        int rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public double Median => Percentile(50);
    public double Max => _ms.Count == 0 ? double.NaN : _ms.Max();

    public string P50P99 => Count == 0 ? "n/a" : $"p50 {Ms(Percentile(50))}, p99 {Ms(Percentile(99))} (n={Count})";

    public static string Ms(double ms) => double.IsNaN(ms) ? "n/a" : ms.ToString(ms < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";
}
