using BenchmarkDotNet.Running;
using Notes.Bench.Fuzz;
using Notes.Bench.Lsp;

// `lsp`, `floor`, `soak` and `fuzz` drive the published server as a real process; `vault --notes N --out DIR [--seed S]`
// writes a generated vault (for the editor suites); `bib --entries N --runs R` times the BibTeX parser on a generated
// file; anything else is BenchmarkDotNet's.
return args.FirstOrDefault() switch
{
    "lsp" => await LspBenchmark.RunAsync(BenchOptions.Parse(args[1..])),
    "floor" => FloorCommand.Run(BenchOptions.Parse(args[1..])),
    "keystroke" => Notes.Bench.KeystrokeProbe.Run(BenchOptions.Parse(args[1..])),
    "completion-probe" => Notes.Bench.CompletionProbe.Run(BenchOptions.Parse(args[1..])),
    "soak" => await SoakCommand.RunAsync(BenchOptions.Parse(args[1..])),
    "tail" => await TailCommand.RunAsync(BenchOptions.Parse(args[1..])),
    "start" => await StartCommand.RunAsync(BenchOptions.Parse(args[1..])),
    "cite" => await CiteCommand.RunAsync(BenchOptions.Parse(args[1..])),
    "fuzz" => await FuzzCommand.RunAsync(args[1..]),
    "vault" => WriteVault(args[1..]),
    "bib" => Notes.Bench.BibBenchmarks.Run(args[1..]),
    _ => RunSwitcher(args),
};

static int WriteVault(string[] args)
{
    string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    var dir = Arg("--out", "") is { Length: > 0 } d ? d : throw new ArgumentException("vault: --out DIR is required");
    int n = Notes.Bench.VaultGenerator.Generate(dir, int.Parse(Arg("--notes", "10000"), System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(Arg("--seed", "42"), System.Globalization.CultureInfo.InvariantCulture));
    Console.WriteLine($"wrote {n} notes to {dir}");
    return 0;
}

static int RunSwitcher(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
