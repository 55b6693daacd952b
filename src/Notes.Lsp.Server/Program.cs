using Notes.Lsp.Protocol.JsonRpc;
using Notes.Lsp.Server.Hosting;

// The language server over stdio. `--stdio` (what editors pass) is the only transport and may be omitted.
if (args.Contains("--version"))
{
    Console.WriteLine(typeof(NotesServer).Assembly.GetName().Version);
    return 0;
}
var stderr = Console.Error;
YoungGenerationBudget.CapOrContinue(stderr); // may start this program again, with a smaller young generation
AppDomain.CurrentDomain.UnhandledException += (_, e) => stderr.WriteLine($"Unhandled exception: {e.ExceptionObject}");
TaskScheduler.UnobservedTaskException += (_, e) =>
{
    stderr.WriteLine($"unobserved task exception: {e.Exception}");
    e.SetObserved();
};
await using var server = NotesServer.Create(
    options => JsonRpcConnection.FromStreams(Console.OpenStandardInput(), Console.OpenStandardOutput(), options),
    stderr: stderr,
    // NOTES_LSP_SLOW_MS=N: log every request that takes N ms or more from read to answer, with where the time went.
    slowRequest: int.TryParse(Environment.GetEnvironmentVariable("NOTES_LSP_SLOW_MS"), out var slowMs) && slowMs >= 0 ? TimeSpan.FromMilliseconds(slowMs) : null);
return await server.RunAsync();
