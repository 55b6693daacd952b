using BenchmarkDotNet.Running;
using Notes.Bench.Fuzz;
using Notes.Bench.Lsp;

// `lsp`, `floor`, `soak` and `fuzz` drive the published server as a real process; anything else is BenchmarkDotNet's.
return args.FirstOrDefault() switch
{
    "lsp" => await LspBenchmark.RunAsync(BenchOptions.Parse(args[1..])),
    "floor" => FloorCommand.Run(BenchOptions.Parse(args[1..])),
    "soak" => await SoakCommand.RunAsync(BenchOptions.Parse(args[1..])),
    "fuzz" => await FuzzCommand.RunAsync(args[1..]),
    _ => RunSwitcher(args),
};

static int RunSwitcher(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
