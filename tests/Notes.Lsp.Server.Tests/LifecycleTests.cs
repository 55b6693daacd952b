using Notes.Testing;
using Notes.Lsp.Protocol.JsonRpc;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Hosting;
using Notes.Lsp.Server.Tests.Harness;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Tests;

/// <summary>initialize / shutdown / exit, capability negotiation, and requests out of order.</summary>
public class LifecycleTests
{
    private const string OneNote = "//- /a.md\n# A\n";

    [Fact]
    public async Task AdvertisesTheFeaturesAndDefaultsToUtf16()
    {
        await using var h = await LspHarness.StartAsync(OneNote);
        var caps = h.Initialized.Capabilities;
        Assert.Equal("utf-16", caps.PositionEncoding);
        Assert.Contains("[", caps.CompletionProvider!.TriggerCharacters);
        Assert.True(caps.DefinitionProvider);
        Assert.True(caps.ReferencesProvider);
        Assert.True(caps.RenameProvider!.PrepareProvider);
        Assert.Equal(2, caps.TextDocumentSync!.Change);
    }

    [Theory]
    [InlineData(new[] { "utf-8", "utf-16" }, "utf-8")]
    [InlineData(new[] { "utf-32" }, "utf-32")]
    [InlineData(new[] { "latin-1", "utf-16" }, "utf-16")]
    public async Task NegotiatesThePositionEncoding(string[] offered, string chosen)
    {
        await using var h = await LspHarness.StartAsync(OneNote, LspHarness.DefaultCapabilities(offered));
        Assert.Equal(chosen, h.Initialized.Capabilities.PositionEncoding);
    }

    [Fact]
    public async Task RequestBeforeInitializeIsRefusedAndSecondInitializeToo()
    {
        var (client, serverSide) = (default(JsonRpcConnection)!, default(JsonRpcConnection)!);
        await using var server = NotesServer.Create(o => { (client, serverSide) = InMemoryDuplex.CreatePair(null, o); return serverSide; },
            new MemoryVaultSource(new Dictionary<string, string>()));
        client.Start();
        _ = server.RunAsync();
        var early = await Assert.ThrowsAsync<JsonRpcRemoteException>(() => client.SendRequestAsync("workspace/symbol",
            new WorkspaceSymbolParams("x"), Default.WorkspaceSymbolParams, Default.SymbolInformationArray).WaitAsync(LspHarness.Timeout));
        Assert.Equal(ErrorCodes.ServerNotInitialized, early.Code);
        await client.SendRequestAsync("initialize", new InitializeParams(), Default.InitializeParams, Default.InitializeResult).WaitAsync(LspHarness.Timeout);
        var again = await Assert.ThrowsAsync<JsonRpcRemoteException>(() => client.SendRequestAsync("initialize",
            new InitializeParams(), Default.InitializeParams, Default.InitializeResult).WaitAsync(LspHarness.Timeout));
        Assert.Equal(ErrorCodes.InvalidRequest, again.Code);
        await client.DisposeAsync();
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    public async Task ExitCodeDependsOnShutdown(bool shutdownFirst, int expected)
    {
        JsonRpcConnection client = null!;
        await using var server = NotesServer.Create(o => { var (c, s) = InMemoryDuplex.CreatePair(null, o); client = c; return s; },
            new MemoryVaultSource(new Dictionary<string, string>()));
        client.Start();
        var run = server.RunAsync();
        await client.SendRequestAsync("initialize", new InitializeParams(), Default.InitializeParams, Default.InitializeResult).WaitAsync(LspHarness.Timeout);
        if (shutdownFirst)
            await client.SendRequestAsync("shutdown", (System.Text.Json.JsonElement?)null, Default.NullableJsonElement, Default.NullableJsonElement).WaitAsync(LspHarness.Timeout);
        await client.SendNotificationAsync("exit", (System.Text.Json.JsonElement?)null, Default.NullableJsonElement);
        Assert.Equal(expected, await run.WaitAsync(LspHarness.Timeout));
        await client.DisposeAsync();
    }
}
