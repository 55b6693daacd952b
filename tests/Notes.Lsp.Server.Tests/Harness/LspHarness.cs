using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Notes.Core.Text;
using Notes.Lsp.Protocol.JsonRpc;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Hosting;
using Notes.Lsp.Server.Protocol;
using Notes.Testing;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Tests.Harness;

/// <summary>
/// The real server and a scripted client on two cross-wired in-memory pipes (Bicep's LanguageServerHelper):
/// initialize, open fixture files, send requests, and wait for what the server pushes.
/// </summary>
public sealed class LspHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, PublishDiagnosticsParams> _diagnostics = new();
    private readonly List<string> _log = [];
    private readonly SemaphoreSlim _diagnosticsArrived = new(0);

    private LspHarness(Fixture fixture, JsonRpcConnection client, NotesServer server, MemoryVaultSource vault)
    {
        Fixture = fixture;
        Client = client;
        Server = server;
        Vault = vault;
    }

    public Fixture Fixture { get; }
    public JsonRpcConnection Client { get; }
    public NotesServer Server { get; }
    public MemoryVaultSource Vault { get; }
    public InitializeResult Initialized { get; private set; } = null!;
    /// <summary>The initialize result as the server wrote it (members our types do not model included).</summary>
    public JsonElement InitializedJson { get; private set; }
    public List<ApplyWorkspaceEditParams> AppliedEdits { get; } = [];
    public List<StatusParams> Statuses { get; } = [];
    public IReadOnlyList<string> Log { get { lock (_log) return _log.ToList(); } }

    public static ClientCapabilities DefaultCapabilities(params string[] encodings) => new()
    {
        General = new GeneralClientCapabilities { PositionEncodings = encodings.Length == 0 ? null : encodings },
        Window = new WindowClientCapabilities { WorkDoneProgress = true },
        Workspace = new WorkspaceClientCapabilities
        {
            ApplyEdit = true,
            Configuration = true,
            WorkspaceEdit = new WorkspaceEditClientCapabilities { DocumentChanges = true, ResourceOperations = ["create", "rename"] },
            DidChangeWatchedFiles = new DynamicRegistrationCapability { DynamicRegistration = true },
        },
    };

    /// <summary>Starts a server on the fixture's files (root <see cref="Fixture.Root"/>) and initializes it.</summary>
    /// <param name="capabilitiesJson">Capabilities sent as written (for members our types do not model), instead of <paramref name="caps"/>.</param>
    public static async Task<LspHarness> StartAsync(string fixture, ClientCapabilities? caps = null, string settingsJson = "{}", string? capabilitiesJson = null)
    {
        var f = Fixture.Parse(fixture);
        var vault = new MemoryVaultSource(f.Files.ToDictionary(kv => Fixture.FullPath(kv.Key), kv => kv.Value));
        JsonRpcConnection? clientSide = null;
        var server = NotesServer.Create(options =>
        {
            var (c, s) = InMemoryDuplex.CreatePair(null, options);
            clientSide = c;
            return s;
        }, vault);
        var h = new LspHarness(f, clientSide!, server, vault);
        server.Session.Log.Line += line => { lock (h._log) h._log.Add(line); };
        h.WireClient(JsonDocument.Parse(settingsJson).RootElement.Clone());
        h.Client.Start();
        _ = server.RunAsync();
        var init = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(
            new InitializeParams { ProcessId = null, RootUri = Proto.Uri(Fixture.Root), Capabilities = caps ?? DefaultCapabilities() }, Default.InitializeParams))!;
        if (capabilitiesJson is not null) init["capabilities"] = System.Text.Json.Nodes.JsonNode.Parse(capabilitiesJson);
        var result = await h.Client.SendRequestAsync("initialize", (JsonElement?)JsonDocument.Parse(init.ToJsonString()).RootElement,
            Default.NullableJsonElement, Default.NullableJsonElement).WaitAsync(Timeout);
        h.InitializedJson = result!.Value;
        h.Initialized = result.Value.Deserialize(Default.InitializeResult)!;
        await h.Client.SendNotificationAsync("initialized", new InitializedParams(), Default.InitializedParams);
        await server.Session.Ready.WaitAsync(Timeout);
        return h;
    }

    private void WireClient(JsonElement settings)
    {
        Client.OnRequest("workspace/configuration", Default.ConfigurationParams, Default.JsonElementArray,
            (p, _) => Task.FromResult(p.Items.Select(_ => settings).ToArray()), HandlerKind.Serial);
        Client.OnRequest("client/registerCapability", Default.RegistrationParams, Default.NullableJsonElement, (_, _) => Task.FromResult<JsonElement?>(null), HandlerKind.Serial);
        Client.OnRequest("window/workDoneProgress/create", Default.WorkDoneProgressCreateParams, Default.NullableJsonElement, (_, _) => Task.FromResult<JsonElement?>(null), HandlerKind.Serial);
        Client.OnRequest("workspace/applyEdit", Default.ApplyWorkspaceEditParams, Default.ApplyWorkspaceEditResult, (p, _) =>
        {
            lock (AppliedEdits) AppliedEdits.Add(p);
            return Task.FromResult(new ApplyWorkspaceEditResult(true));
        }, HandlerKind.Serial);
        Client.OnNotification("textDocument/publishDiagnostics", Default.PublishDiagnosticsParams, p =>
        {
            _diagnostics[p.Uri] = p;
            _diagnosticsArrived.Release();
            return Task.CompletedTask;
        });
        Client.OnNotification("notes/status", NotesJsonContext.Default.StatusParams, p =>
        {
            lock (Statuses) Statuses.Add(p);
            return Task.CompletedTask;
        });
        Client.OnNotification("window/logMessage", Default.LogMessageParams, _ => Task.CompletedTask);
        Client.OnNotification("$/progress", Default.ProgressParams, _ => Task.CompletedTask);
    }

    /// <summary>A fixture file's text; <paramref name="relative"/> with or without the leading '/'.</summary>
    public string Text(string relative) => Fixture.Files[relative.StartsWith('/') ? relative : "/" + relative];

    public static string Uri(string relative) => Proto.Uri(Fixture.FullPath(relative));

    public Task<TR> Request<TP, TR>(string method, TP p, JsonTypeInfo<TP> tp, JsonTypeInfo<TR> tr) =>
        Client.SendRequestAsync(method, p, tp, tr).WaitAsync(Timeout);

    public Task Notify<TP>(string method, TP p, JsonTypeInfo<TP> tp) => Client.SendNotificationAsync(method, p, tp);

    /// <summary>Opens a fixture file in the "editor" (its text without the cursor marker).</summary>
    public Task Open(string relative, int version = 1) =>
        Notify("textDocument/didOpen", new DidOpenTextDocumentParams(new TextDocumentItem(Uri(relative), "markdown", version, Text(relative))),
            Default.DidOpenTextDocumentParams);

    public Task Change(string relative, int version, params TextDocumentContentChangeEvent[] changes) =>
        Notify("textDocument/didChange", new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(Uri(relative), version), changes),
            Default.DidChangeTextDocumentParams);

    /// <summary>Tells the server, as the client's file watcher would, that a file changed on disk (<see cref="FileChangeType"/>).</summary>
    public Task Watched(string relative, int change) =>
        Notify("workspace/didChangeWatchedFiles", new DidChangeWatchedFilesParams([new FileEvent(Uri(relative), change)]), Default.DidChangeWatchedFilesParams);

    /// <summary>The cursor of the fixture as an LSP position (UTF-16 unless told).</summary>
    public (TextDocumentIdentifier Doc, Position Pos) Cursor(PositionEncoding encoding = PositionEncoding.Utf16)
    {
        var text = Fixture.Files[Fixture.CursorPath!];
        var p = LineIndex.Create(text).ToPosition(Fixture.CursorOffset, encoding);
        return (new TextDocumentIdentifier(Uri(Fixture.CursorPath!)), new Position(p.Line, p.Character));
    }

    /// <summary>Waits until the diagnostics published for a file satisfy <paramref name="until"/>.</summary>
    public async Task<Diagnostic[]> Diagnostics(string relative, Func<Diagnostic[], bool> until)
    {
        var uri = Uri(relative);
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            if (_diagnostics.TryGetValue(uri, out var p) && until(p.Diagnostics)) return p.Diagnostics;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _diagnosticsArrived.WaitAsync(left))
                throw new TimeoutException($"diagnostics for {relative}: last were [{string.Join("; ", (p?.Diagnostics ?? []).Select(d => d.Code + " " + d.Message))}]");
        }
    }

    /// <summary>The diagnostics last published for a file, none if nothing was (call after <see cref="Settled"/>).</summary>
    public Diagnostic[] Published(string relative) =>
        _diagnostics.TryGetValue(Uri(relative), out var p) ? p.Diagnostics : [];

    /// <summary>Waits until the server has published everything it computed so far.</summary>
    public Task Settled() => Server.Session.Diagnostics.WhenIdle().WaitAsync(Timeout);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Client.DisposeAsync();
    }
}
