using BenchmarkDotNet.Running;
using Notes.Bench.Fuzz;
using Notes.Bench.Lsp;
using Notes.Bench.Soak;

// Subcommands that drive the published server as a process; anything else goes to BenchmarkDotNet.
//   lsp      --notes 10000 [--server PATH] [--seed N] [--no-doc]   end-to-end LSP benchmark (issue 9)
//   floor    --notes 10000 [--seed N]                               time to read every file of the vault
//   soak     --minutes 10 --notes 10000 [--server PATH] [--seed N]  one server, mixed traffic at typing speed
//   fuzz     --seconds 60 [--seed S] [--server PATH] [--mode messages|framing|both] [--corpus DIR]
//   generate --notes 10000 [--seed N] [--out DIR]                   write (or reuse) a benchmark vault
return args.FirstOrDefault() switch
{
    "lsp" => await LspBenchmark.RunAsync(new CliArgs(args[1..])),
    "floor" => FloorCommand.Run(new CliArgs(args[1..])),
    "soak" => await SoakCommand.RunAsync(new CliArgs(args[1..])),
    "fuzz" => await FuzzCommand.RunAsync(new CliArgs(args[1..])),
    "generate" => BenchVault.GenerateCommand(new CliArgs(args[1..])),
    _ => RunBenchmarkDotNet(args),
};

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Notes.Bench.VaultGenerator).Assembly).Run(args);
    return 0;
}
