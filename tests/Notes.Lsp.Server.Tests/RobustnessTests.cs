using Notes.Core.Text;
using Notes.Lsp.Protocol.JsonRpc;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Tests.Harness;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;
using Range = Notes.Lsp.Protocol.Lsp.Range;

namespace Notes.Lsp.Server.Tests;

/// <summary>Positions in every encoding, bad input from the client, and edits that must never corrupt a buffer.</summary>
public class RobustnessTests
{
    private const string Unicode = """
        //- /a.md
        a😀b́中 [[ta$0
        //- /target.md
        # Target
        """;

    [Theory]
    [InlineData("utf-16", PositionEncoding.Utf16, "0:9-0:11")]
    [InlineData("utf-8", PositionEncoding.Utf8, "0:14-0:16")]
    [InlineData("utf-32", PositionEncoding.Utf32, "0:8-0:10")]
    public async Task CompletionRangesInTheNegotiatedEncoding(string name, PositionEncoding encoding, string range)
    {
        await using var h = await LspHarness.StartAsync(Unicode, LspHarness.DefaultCapabilities(name));
        await h.Open("a.md");
        var (doc, pos) = h.Cursor(encoding);
        var list = await h.Request("textDocument/completion", new CompletionParams(doc, pos, null), Default.CompletionParams, Default.CompletionList);
        var item = Assert.Single(list.Items);
        Assert.Equal(range, Render.Of(item.TextEdit!.Range));
    }

    [Fact]
    public async Task NegativePositionIsInvalidParamsAndTheServerGoesOn()
    {
        await using var h = await LspHarness.StartAsync(Unicode);
        var e = await Assert.ThrowsAsync<JsonRpcRemoteException>(() => h.Request("textDocument/definition",
            new TextDocumentPositionParams(new TextDocumentIdentifier(LspHarness.Uri("a.md")), new Position(-1, 0)),
            Default.TextDocumentPositionParams, Default.LocationArray));
        Assert.Equal(ErrorCodes.InvalidParams, e.Code);
        var symbols = await h.Request("workspace/symbol", new WorkspaceSymbolParams("target"), Default.WorkspaceSymbolParams, Default.SymbolInformationArray);
        Assert.NotEmpty(symbols);
    }

    [Fact]
    public async Task UnknownDocumentAnswersEmptyAndALinePastTheEndIsInvalidParams()
    {
        await using var h = await LspHarness.StartAsync(Unicode);
        var none = await h.Request("textDocument/definition",
            new TextDocumentPositionParams(new TextDocumentIdentifier("file:///elsewhere/x.md"), new Position(0, 0)),
            Default.TextDocumentPositionParams, Default.LocationArray);
        Assert.Empty(none);
        var far = await Assert.ThrowsAsync<JsonRpcRemoteException>(() => h.Request("textDocument/references",
            new ReferenceParams(new TextDocumentIdentifier(LspHarness.Uri("target.md")), new Position(999, 999), new ReferenceContext(true)),
            Default.ReferenceParams, Default.LocationArray));
        Assert.Equal(ErrorCodes.InvalidParams, far.Code);
        var clamped = await h.Request("textDocument/references",
            new ReferenceParams(new TextDocumentIdentifier(LspHarness.Uri("target.md")), new Position(0, 999), new ReferenceContext(true)),
            Default.ReferenceParams, Default.LocationArray);
        Assert.NotNull(clamped); // a column past the end of its line clamps
    }

    [Fact]
    public async Task AnInvalidRangeDropsTheBufferUntilTheFullTextComesBack()
    {
        await using var h = await LspHarness.StartAsync(Unicode);
        await h.Open("a.md");
        var path = Notes.Testing.Fixture.FullPath("a.md");
        await h.Change("a.md", 2, new TextDocumentContentChangeEvent("x", new Range(new Position(5, 0), new Position(9, 0))));
        await h.Change("a.md", 3, new TextDocumentContentChangeEvent("y", new Range(new Position(0, 0), new Position(0, 0))));
        await h.Change("a.md", 4, new TextDocumentContentChangeEvent("whole text"));
        await h.Request("workspace/symbol", new WorkspaceSymbolParams(""), Default.WorkspaceSymbolParams, Default.SymbolInformationArray);
        Assert.Equal("whole text", h.Server.Session.Workspace.OpenText(path));
        Assert.Contains(h.Log, l => l.Contains("didChange rejected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AThousandEditsWithCompletionsBetweenEqualAReplay()
    {
        await using var h = await LspHarness.StartAsync("//- /a.md\n# A\n//- /alpha.md\n# Alpha\n");
        await h.Open("a.md");
        var rng = new Random(7);
        var text = h.Text("a.md");
        var pending = new List<Task>();
        for (int v = 2; v < 1002; v++)
        {
            var lines = LineIndex.Create(text);
            int a = Snap(text, rng.Next(text.Length + 1)), b = Snap(text, Math.Min(text.Length, a + rng.Next(3)));
            var insert = rng.Next(4) switch { 0 => "[[al", 1 => "😀", 2 => "\r\n", _ => "x" };
            var (pa, pb) = (lines.ToPosition(a), lines.ToPosition(b));
            await h.Change("a.md", v, new TextDocumentContentChangeEvent(insert, new Range(new Position(pa.Line, pa.Character), new Position(pb.Line, pb.Character))));
            text = text[..a] + insert + text[b..];
            if (v % 10 == 0)
            {
                var end = LineIndex.Create(text).ToPosition(text.Length);
                pending.Add(Complete(h, new Position(end.Line, end.Character)));
            }
        }
        await Task.WhenAll(pending).WaitAsync(LspHarness.Timeout);
        await h.Request("workspace/symbol", new WorkspaceSymbolParams(""), Default.WorkspaceSymbolParams, Default.SymbolInformationArray);
        Assert.Equal(text, h.Server.Session.Workspace.OpenText(Notes.Testing.Fixture.FullPath("a.md")));
    }

    /// <summary>Edits land on boundaries a position can name: not inside a surrogate pair or a CRLF.</summary>
    private static int Snap(string text, int i) =>
        i > 0 && i < text.Length && (char.IsLowSurrogate(text[i]) || text[i] == '\n' && text[i - 1] == '\r') ? i + 1 : i;

    private static async Task Complete(LspHarness h, Position p)
    {
        try
        {
            await h.Request("textDocument/completion", new CompletionParams(new TextDocumentIdentifier(LspHarness.Uri("a.md")), p, null),
                Default.CompletionParams, Default.CompletionList);
        }
        catch (JsonRpcRemoteException e) when (e.Code == ErrorCodes.ContentModified) { } // a stale read, cancelled by the next edit
    }

    [Theory]
    [InlineData("../../outside")]
    [InlineData("/etc/passwd")]
    [InlineData("nul\0name")]
    [InlineData("CON")]
    public async Task RenamesThatWouldLeaveTheVaultAreRefused(string newName)
    {
        await using var h = await LspHarness.StartAsync("//- /a.md\nSee [[tar$0get]].\n//- /target.md\n# Target\n");
        var (doc, pos) = h.Cursor();
        var e = await Assert.ThrowsAsync<JsonRpcRemoteException>(() => h.Request("textDocument/rename",
            new RenameParams(doc, pos, newName), Default.RenameParams, Default.WorkspaceEdit));
        Assert.Equal(ErrorCodes.RequestFailed, e.Code);
    }

    [Fact]
    public async Task NoteRenameNeedsTheClientToRenameFiles()
    {
        var caps = LspHarness.DefaultCapabilities() with { Workspace = new WorkspaceClientCapabilities { WorkspaceEdit = new WorkspaceEditClientCapabilities { DocumentChanges = true } } };
        await using var h = await LspHarness.StartAsync("//- /a.md\nSee [[tar$0get]].\n//- /target.md\n# Target\n", caps);
        var (doc, pos) = h.Cursor();
        var e = await Assert.ThrowsAsync<JsonRpcRemoteException>(() => h.Request("textDocument/rename",
            new RenameParams(doc, pos, "goal"), Default.RenameParams, Default.WorkspaceEdit));
        Assert.Contains("rename files", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VersionsThatDoNotIncreaseAreAppliedInArrivalOrderWithAWarning()
    {
        await using var h = await LspHarness.StartAsync("//- /a.md\n# A\n");
        await h.Open("a.md", version: 5);
        await h.Change("a.md", 3, new TextDocumentContentChangeEvent("first"));
        await h.Change("a.md", 3, new TextDocumentContentChangeEvent("second"));
        await h.Request("workspace/symbol", new WorkspaceSymbolParams(""), Default.WorkspaceSymbolParams, Default.SymbolInformationArray);
        Assert.Equal("second", h.Server.Session.Workspace.OpenText(Notes.Testing.Fixture.FullPath("a.md")));
        Assert.Contains(h.Log, l => l.Contains("does not increase", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADocumentFromOutsideTheRootIsServedOnItsOwn()
    {
        await using var h = await LspHarness.StartAsync("//- /target.md\n# Target\n//- /a.md\n[[target]]\n");
        var outside = "file:///elsewhere/loose.md";
        await h.Notify("textDocument/didOpen", new DidOpenTextDocumentParams(new TextDocumentItem(outside, "markdown", 1, "# Loose\n[[target]] #tag\n")),
            Default.DidOpenTextDocumentParams);
        var symbols = await h.Request("textDocument/documentSymbol", new DocumentSymbolParams(new TextDocumentIdentifier(outside)), Default.DocumentSymbolParams, Default.DocumentSymbolArray);
        Assert.Equal("Loose", Assert.Single(symbols).Name);
        var refs = await h.Request("textDocument/references", new ReferenceParams(new TextDocumentIdentifier(LspHarness.Uri("target.md")), new Position(0, 2), new ReferenceContext(false)),
            Default.ReferenceParams, Default.LocationArray);
        Assert.Equal(["a.md 0:0-0:10"], refs.Select(Render.Of)); // the loose note is not part of the workspace's backlinks
        var e = await Assert.ThrowsAsync<JsonRpcRemoteException>(() => h.Request("textDocument/rename",
            new RenameParams(new TextDocumentIdentifier(outside), new Position(1, 12), "other"), Default.RenameParams, Default.WorkspaceEdit));
        Assert.Equal(ErrorCodes.RequestFailed, e.Code);
    }

    [Fact]
    public async Task AChainOfTenThousandNotesAndASelfLinkNeedNoRecursion()
    {
        var fixture = new System.Text.StringBuilder("//- /self.md\n# Self\n[[self]]\n");
        for (int i = 0; i < 10_000; i++) fixture.Append($"//- /n{i}.md\n[[n{i + 1}]]\n");
        await using var h = await LspHarness.StartAsync(fixture.ToString());
        var graph = await h.Request("notes/graph", new Protocol.GraphParams(null, 10), Protocol.NotesJsonContext.Default.GraphParams, Protocol.NotesJsonContext.Default.GraphResult);
        Assert.True(graph.Nodes.Length >= 10_001);
        var items = await h.Request("textDocument/prepareCallHierarchy", new CallHierarchyPrepareParams(new TextDocumentIdentifier(LspHarness.Uri("self.md")), new Position(1, 3)),
            Default.CallHierarchyPrepareParams, Default.CallHierarchyItemArray);
        var incoming = await h.Request("callHierarchy/incomingCalls", new CallHierarchyIncomingCallsParams(Assert.Single(items)),
            Default.CallHierarchyIncomingCallsParams, Default.CallHierarchyIncomingCallArray);
        Assert.Empty(incoming); // a note linking to itself is not its own caller
    }
}
