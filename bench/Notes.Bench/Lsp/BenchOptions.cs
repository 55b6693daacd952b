using System.Globalization;

namespace Notes.Bench.Lsp;

/// <summary>Options of the <c>lsp</c>, <c>floor</c> and <c>soak</c> subcommands.</summary>
public sealed record BenchOptions
{
    public int Notes { get; init; } = 10_000;
    public int Seed { get; init; } = 42;
    /// <summary>Files that are not notes (figures, PDFs, data) to add to the vault, about half of them embedded by notes.</summary>
    public int Attachments { get; init; }
    public string? Server { get; init; }
    public bool WriteDocs { get; init; }
    public double Minutes { get; init; } = 10;
    /// <summary><c>tail</c>: server processes started one after another, and completions measured in each.</summary>
    public int Runs { get; init; } = 10;
    public int Samples { get; init; } = 500;
    /// <summary><c>lsp</c>: also open a generated daily note of this many lines and measure typing in it (0: none).</summary>
    public int LongNoteLines { get; init; }
    /// <summary><c>start</c>: the percentage of notes changed on disk between the cold and the warm start.</summary>
    public int Changed { get; init; } = 1;
    /// <summary><c>cite</c>: the entries of the generated library.</summary>
    public int Entries { get; init; } = 20_000;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--notes" => o with { Notes = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seed" => o with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--attachments" => o with { Attachments = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--server" => o with { Server = Next() },
                "--minutes" => o with { Minutes = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--runs" => o with { Runs = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--samples" => o with { Samples = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--write-docs" => o with { WriteDocs = true },
                "--changed" => o with { Changed = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--entries" => o with { Entries = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--long-note-lines" => o with { LongNoteLines = int.Parse(Next(), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option {args[i]} (expected --notes N, --seed N, --attachments N, --server PATH, --minutes N, --runs N, --samples N, --long-note-lines N, --changed P, --entries N, --write-docs)"),
            };
        }
        return o;
    }

    /// <summary>The repository root: the nearest folder above the current directory (or the binary) holding Notes.Lsp.sln.</summary>
    public static string RepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
                if (File.Exists(Path.Combine(dir, "Notes.Lsp.sln"))) return dir;
        }
        throw new InvalidOperationException("repository root (Notes.Lsp.sln) not found");
    }

    public string ServerDll()
    {
        var dll = Server ?? Path.Combine(RepoRoot(), "artifacts", "server", "Notes.Lsp.Server.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"publish the server first: dotnet publish src/Notes.Lsp.Server -c Release -o artifacts/server ({dll})");
        return dll;
    }
}
