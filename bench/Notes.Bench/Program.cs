using BenchmarkDotNet.Running;
using Notes.Bench.Lsp;

// `lsp`, `floor` and `soak` drive the published server as a real process; anything else is BenchmarkDotNet's.
return args.FirstOrDefault() switch
{
    "lsp" => await LspBenchmark.RunAsync(BenchOptions.Parse(args[1..])),
    "floor" => FloorCommand.Run(BenchOptions.Parse(args[1..])),
    "soak" => await SoakCommand.RunAsync(BenchOptions.Parse(args[1..])),
    _ => RunSwitcher(args),
};

static int RunSwitcher(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
