using System.Globalization;

namespace Notes.Bench.Lsp;

/// <summary><c>--name value</c> options and <c>--flag</c> switches of the subcommands.</summary>
public sealed class CliArgs
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    public CliArgs(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{args[i]}'");
            bool hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            _values[args[i][2..]] = hasValue ? args[++i] : null;
        }
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? String(string name) => _values.GetValueOrDefault(name);

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var v) && v is not null ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        _values.TryGetValue(name, out var v) && v is not null ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The repository root: the first folder above the working directory (or this program) holding Notes.Lsp.sln.</summary>
    public static string RepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
                if (File.Exists(Path.Combine(dir, "Notes.Lsp.sln"))) return dir;
        }
        throw new InvalidOperationException("Notes.Lsp.sln not found above the working directory");
    }

    /// <summary>--server PATH, or the published server under artifacts/server.</summary>
    public string Server() => Path.GetFullPath(String("server") ?? Path.Combine(RepoRoot(), "artifacts", "server", "Notes.Lsp.Server.dll"));
}
