using Microsoft.Extensions.DependencyInjection;
using Notes.Lsp.Protocol.JsonRpc;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Handlers;
using Notes.Lsp.Server.Workspace;

namespace Notes.Lsp.Server.Hosting;

/// <summary>
/// The composition root, shared by <c>Program.cs</c> (stdio) and the tests (in-memory pipes): wires the workspace,
/// the session and every handler onto one connection.
/// </summary>
public sealed class NotesServer : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private NotesServer(ServiceProvider services, JsonRpcConnection rpc)
    {
        _services = services;
        Rpc = rpc;
        Host = services.GetRequiredService<LanguageServerHost>();
        Session = services.GetRequiredService<ServerSession>();
    }

    public LanguageServerHost Host { get; }
    public ServerSession Session { get; }
    public JsonRpcConnection Rpc { get; }

    /// <param name="connect">Creates the connection with the options the lifecycle needs.</param>
    /// <param name="source">The disk, or a test's in-memory vault.</param>
    /// <param name="stderr">Where log lines go besides the client (null: nowhere).</param>
    /// <param name="slowRequest">Requests this slow or slower get a log line saying where their time went (null: the protocol's default).</param>
    public static NotesServer Create(Func<JsonRpcOptions, JsonRpcConnection> connect, IVaultSource? source = null, TextWriter? stderr = null, TimeSpan? slowRequest = null)
    {
        var services = new ServiceCollection()
            .AddSingleton(new ServerLog(stderr))
            .AddSingleton(source ?? new DiskVaultSource())
            .AddSingleton(sp => new NotesWorkspace(sp.GetRequiredService<IVaultSource>(), sp.GetRequiredService<ServerLog>().Write))
            .AddSingleton(sp => new LanguageServerHost(() => sp.GetRequiredService<NotesWorkspace>().View, slowRequest: slowRequest))
            .AddSingleton(new MemoryTrimmer())
            .AddSingleton<ServerSession>()
            .AddSingleton<IHandler, TextSyncHandler>()
            .AddSingleton<IHandler, WorkspaceEventsHandler>()
            .AddSingleton<IHandler, CompletionHandler>()
            .AddSingleton<IHandler, NavigationHandler>()
            .AddSingleton<IHandler, HoverHandler>()
            .AddSingleton<IHandler, SymbolsHandler>()
            .AddSingleton<IHandler, RenameHandler>()
            .AddSingleton<IHandler, CodeActionHandler>()
            .AddSingleton<IHandler, StructureHandler>()
            .AddSingleton<IHandler, CallHierarchyHandler>()
            .AddSingleton<IHandler, NotesRequestsHandler>()
            .BuildServiceProvider();
        var host = services.GetRequiredService<LanguageServerHost>();
        var log = services.GetRequiredService<ServerLog>();
        var rpc = connect(host.Options);
        rpc.Log += log.Write;
        rpc.MessageWritten += services.GetRequiredService<MemoryTrimmer>().OnMessageWritten;
        host.Attach(rpc);
        log.Attach(host);
        var server = new NotesServer(services, rpc);
        foreach (var handler in services.GetServices<IHandler>()) handler.Register(server.Session);
        return server;
    }

    /// <summary>Serves until <c>exit</c> or the end of input; returns the exit code.</summary>
    public Task<int> RunAsync() => Host.RunAsync();

    public async ValueTask DisposeAsync()
    {
        await Rpc.DisposeAsync().ConfigureAwait(false);
        await _services.DisposeAsync().ConfigureAwait(false); // the session with its watchers and publisher
    }
}
