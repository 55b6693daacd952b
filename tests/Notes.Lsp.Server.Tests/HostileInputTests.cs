using System.Text;
using System.Text.Json;
using Notes.Core.Index;
using Notes.Lsp.Protocol.JsonRpc;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Hosting;
using Notes.Lsp.Server.Tests.Harness;
using Notes.Lsp.Stdio;
using Notes.Testing;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;
using Range = Notes.Lsp.Protocol.Lsp.Range;

namespace Notes.Lsp.Server.Tests;

/// <summary>
/// The document-sync, position, Markdown and edit cases of docs/RELIABILITY.md, through the real server on in-memory
/// pipes. Requests go out as raw JSON so one table can hold many methods; every case ends with <see cref="AssertAlive"/>:
/// no handler fault logged and a fresh request answered correctly.
/// </summary>
public class HostileInputTests
{
    private const string Vault = """
        //- /a.md
        # A
        See [[target]] and [[target#Part|label]] #tag
        //- /target.md
        # Target
        ## Part
        Text.
        """;

    private static readonly string A = LspHarness.Uri("a.md");
    private static readonly string Ghost = LspHarness.Uri("never/opened.md");

    // ---- helpers ------------------------------------------------------------------------------------------------

    /// <summary>A request with raw JSON params; an error response throws <see cref="JsonRpcRemoteException"/>.</summary>
    private static Task<JsonElement?> Ask(LspHarness h, string method, string json) =>
        h.Client.SendRequestAsync<JsonElement?, JsonElement?>(method, JsonDocument.Parse(json).RootElement.Clone(), Default.NullableJsonElement, Default.NullableJsonElement)
            .WaitAsync(LspHarness.Timeout);

    private static Task Tell(LspHarness h, string method, string json) =>
        h.Client.SendNotificationAsync<JsonElement?>(method, JsonDocument.Parse(json).RootElement.Clone(), Default.NullableJsonElement);

    /// <summary>The result, or the error code (never -32603, the sign of a handler that threw).</summary>
    private static async Task<(JsonElement? Result, int? Code)> Outcome(LspHarness h, string method, string json)
    {
        try
        {
            return (await Ask(h, method, json), null);
        }
        catch (JsonRpcRemoteException e)
        {
            Assert.True(e.Code != ErrorCodes.InternalError, $"{method} threw inside the server: {e.Message}");
            return (null, e.Code);
        }
    }

    private static string At(string uri, int line, int character) =>
        $$$"""{"textDocument":{"uri":"{{{uri}}}"},"position":{"line":{{{line}}},"character":{{{character}}}}}""";

    private static string Doc(string uri) => $$$"""{"textDocument":{"uri":"{{{uri}}}"}}""";

    private static string Str(string s) => JsonSerializer.Serialize(s, Default.String);

    private static Task OpenText(LspHarness h, string uri, string text, int version = 1) =>
        h.Notify("textDocument/didOpen", new DidOpenTextDocumentParams(new TextDocumentItem(uri, "markdown", version, text)), Default.DidOpenTextDocumentParams);

    private static Task Replace(LspHarness h, string uri, int version, string text) =>
        h.Notify("textDocument/didChange", new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, version), [new TextDocumentContentChangeEvent(text)]),
            Default.DidChangeTextDocumentParams);

    private static Task FileEvents(LspHarness h, params (string Relative, int Type)[] events) =>
        h.Notify("workspace/didChangeWatchedFiles", new DidChangeWatchedFilesParams([.. events.Select(e => new FileEvent(LspHarness.Uri(e.Relative), e.Type))]),
            Default.DidChangeWatchedFilesParams);

    /// <summary>A round trip: a read request is answered only after every earlier notification was applied.</summary>
    private static Task Barrier(LspHarness h) =>
        h.Request("workspace/symbol", new WorkspaceSymbolParams("barrier"), Default.WorkspaceSymbolParams, Default.SymbolInformationArray);

    /// <summary>Empty: null, an empty array, or an object whose members are all empty or plain values.</summary>
    private static bool IsEmpty(JsonElement? e) => e is not { } v || v.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => true,
        JsonValueKind.Array => v.GetArrayLength() == 0,
        JsonValueKind.Object => v.EnumerateObject().All(p => p.Value.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object) || IsEmpty(p.Value)),
        _ => false,
    };

    private static string? OpenBuffer(LspHarness h, string relative) => h.Server.Session.Workspace.OpenText(Fixture.FullPath(relative));

    private static string? Indexed(LspHarness h, string relative) => h.Server.Session.Workspace.View.Index[Fixture.FullPath(relative)]?.Syntax.Text;

    /// <summary>The server is alive: nothing threw inside it, and a fresh request gets the right answer.</summary>
    private static async Task AssertAlive(LspHarness h, string query = "target", string expectedFile = "target.md")
    {
        var symbols = await h.Request("workspace/symbol", new WorkspaceSymbolParams(query), Default.WorkspaceSymbolParams, Default.SymbolInformationArray);
        Assert.Contains(symbols, s => Render.Path(s.Location.Uri) == expectedFile);
        Assert.DoesNotContain(h.Log, l => l.Contains(" failed: ", StringComparison.Ordinal) && l.Contains("Exception", StringComparison.Ordinal));
    }

    // ---- 11: a document that was never opened --------------------------------------------------------------------

    private static readonly Dictionary<string, (string Method, string Params, string? Log)> NeverOpenedCases = new()
    {
        ["didChange of a file that does not exist"] = ("textDocument/didChange",
            $$$"""{"textDocument":{"uri":"{{{Ghost}}}","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"text":"x"}]}""", "not open"),
        ["didChange of a vault note that is not open"] = ("textDocument/didChange",
            $$$"""{"textDocument":{"uri":"{{{A}}}","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"text":"x"}]}""", "not open"),
        ["didClose"] = ("textDocument/didClose", Doc(Ghost), "not open"),
        ["didClose of a vault note that is not open"] = ("textDocument/didClose", Doc(A), "not open"),
        ["didSave"] = ("textDocument/didSave", $$$"""{"textDocument":{"uri":"{{{Ghost}}}"},"text":"# Saved"}""", null),
        ["hover"] = ("textDocument/hover", At(Ghost, 0, 0), null),
        ["definition"] = ("textDocument/definition", At(Ghost, 0, 0), null),
        ["references"] = ("textDocument/references", $$$"""{"textDocument":{"uri":"{{{Ghost}}}"},"position":{"line":0,"character":0},"context":{"includeDeclaration":true}}""", null),
        ["completion"] = ("textDocument/completion", At(Ghost, 0, 2), null),
        ["documentSymbol"] = ("textDocument/documentSymbol", Doc(Ghost), null),
        ["semanticTokens"] = ("textDocument/semanticTokens/full", Doc(Ghost), null),
        ["foldingRange"] = ("textDocument/foldingRange", Doc(Ghost), null),
        ["documentLink"] = ("textDocument/documentLink", Doc(Ghost), null),
        ["codeLens"] = ("textDocument/codeLens", Doc(Ghost), null),
        ["prepareRename"] = ("textDocument/prepareRename", At(Ghost, 0, 0), null),
        ["rename"] = ("textDocument/rename", $$$"""{"textDocument":{"uri":"{{{Ghost}}}"},"position":{"line":0,"character":0},"newName":"x"}""", null),
        ["codeAction"] = ("textDocument/codeAction",
            $$$"""{"textDocument":{"uri":"{{{Ghost}}}"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"context":{"diagnostics":[]}}""", null),
        ["prepareCallHierarchy"] = ("textDocument/prepareCallHierarchy", At(Ghost, 0, 0), null),
        ["pulled diagnostics"] = ("textDocument/diagnostic", Doc(Ghost), null),
        ["backlinks"] = ("notes/backlinks", Doc(Ghost), null),
    };

    public static TheoryData<string> NeverOpened() => new(NeverOpenedCases.Keys);

    [Theory]
    [MemberData(nameof(NeverOpened))]
    public async Task ADocumentNeverOpenedIsLoggedOrAnsweredEmpty(string name)
    {
        var (method, json, log) = NeverOpenedCases[name];
        await using var h = await LspHarness.StartAsync(Vault);
        if (method.StartsWith("textDocument/did", StringComparison.Ordinal))
        {
            await Tell(h, method, json);
            await AssertAlive(h);
            if (log is not null) Assert.Contains(h.Log, l => l.Contains(log, StringComparison.Ordinal));
            Assert.Equal(h.Text("a.md"), Indexed(h, "a.md")); // the disk's text stands
            Assert.Null(OpenBuffer(h, "a.md"));
        }
        else
        {
            var (result, _) = await Outcome(h, method, json);
            Assert.True(IsEmpty(result), $"{name}: {result?.GetRawText()}");
            await AssertAlive(h);
        }
    }

    // ---- 13: an invalid incremental range -------------------------------------------------------------------------

    private static Range R(int sl, int sc, int el, int ec) => new(new Position(sl, sc), new Position(el, ec));

    public static TheoryData<string> InvalidRanges() => new(InvalidRangeCases.Keys);

    private static readonly Dictionary<string, TextDocumentContentChangeEvent> InvalidRangeCases = new()
    {
        ["end before start"] = new("x", R(1, 4, 1, 0)),
        ["end line before start line"] = new("x", R(2, 0, 1, 0)),
        ["line past the end"] = new("x", R(7, 0, 7, 1)),
        ["end line past the end"] = new("x", R(0, 0, 9, 0)),
        ["negative line"] = new("x", R(-1, 0, 0, 0)),
        ["negative character"] = new("x", R(0, -3, 0, 0)),
    };

    [Theory]
    [MemberData(nameof(InvalidRanges))]
    public async Task AnInvalidRangeIsRejectedAndTheBufferDroppedNeverCorrupted(string name)
    {
        await using var h = await LspHarness.StartAsync(Vault);
        await h.Open("a.md");
        await h.Change("a.md", 2, new TextDocumentContentChangeEvent("!", R(0, 3, 0, 3)));
        await h.Change("a.md", 3, InvalidRangeCases[name]);
        // A valid-looking edit after the bad one must not land on a guess of the text either.
        await h.Change("a.md", 4, new TextDocumentContentChangeEvent("y", R(0, 0, 0, 0)));
        await AssertAlive(h);
        Assert.Contains(h.Log, l => l.Contains("didChange rejected", StringComparison.Ordinal));
        Assert.Null(OpenBuffer(h, "a.md"));
        Assert.Equal(h.Text("a.md"), Indexed(h, "a.md")); // the disk's text, not a half-applied edit

        await Replace(h, A, 5, "# Whole again\n[[target]]\n");
        await AssertAlive(h);
        Assert.Equal("# Whole again\n[[target]]\n", OpenBuffer(h, "a.md"));
        var refs = await h.Request("textDocument/references", new ReferenceParams(new TextDocumentIdentifier(LspHarness.Uri("target.md")), new Position(0, 2), new ReferenceContext(false)),
            Default.ReferenceParams, Default.LocationArray);
        Assert.Contains("a.md 1:0-1:10", refs.Select(Render.Of));
    }

    /// <summary>
    /// <c>rangeLength</c> is deprecated and clients count it differently (UTF-16 units, code points, bytes): the range
    /// decides, whatever the length says, so the buffer is what the specification says the editor holds.
    /// </summary>
    [Theory]
    [InlineData(5)]   // UTF-16 units: right
    [InlineData(4)]   // code points, as some clients count
    [InlineData(99)]  // nonsense
    public async Task TheRangeDecidesWhateverRangeLengthSays(int rangeLength)
    {
        await using var h = await LspHarness.StartAsync(Vault);
        await OpenText(h, A, "a😀b\r\nc");
        await h.Change("a.md", 2, new TextDocumentContentChangeEvent("X", R(0, 1, 1, 0), rangeLength)); // replaces 😀, b and the CRLF
        await Barrier(h);
        Assert.Equal("aXc", OpenBuffer(h, "a.md"));
        await AssertAlive(h);
    }

    // ---- 14: random incremental edits give the text and the index of the final text opened fresh -------------------

    private static readonly string[] Pieces = ["[[", "]]", "[[target", "[[target#Part|x]]", "#tag", " #t/x", "# ", "## H\n", "\r\n", "\r", "\n", "😀", "中", "b\u0301", "---\n", "^blk", "|", "](target.md)", "`", "$", "x", "", " "];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RandomIncrementalEditsEqualTheFinalTextOpenedFresh(int seed)
    {
        var rng = new Random(seed);
        await using var h = await LspHarness.StartAsync(Vault);
        await h.Open("a.md");
        var text = h.Text("a.md");
        for (int v = 2; v < 300; v++)
        {
            var starts = TextModel.LineStarts(text);
            int sl = rng.Next(starts.Count), el = Math.Min(starts.Count - 1, sl + rng.Next(2));
            int sc = rng.Next(TextModel.LineLength(text, starts, sl) + 2), ec = rng.Next(TextModel.LineLength(text, starts, el) + 2);
            if (el == sl && ec < sc) (sc, ec) = (ec, sc);
            var insert = Pieces[rng.Next(Pieces.Length)];
            var next = TextModel.Apply(text, sl, sc, el, ec, insert);
            Assert.NotNull(next);
            await h.Change("a.md", v, new TextDocumentContentChangeEvent(insert, R(sl, sc, el, ec)));
            text = next;
        }
        await AssertAlive(h);
        Assert.Equal(text, OpenBuffer(h, "a.md"));

        await using var fresh = await LspHarness.StartAsync(Vault);
        await OpenText(fresh, A, text);
        await AssertAlive(fresh);
        Assert.Equal(fresh.Server.Session.Workspace.View.Index.DumpTables(), h.Server.Session.Workspace.View.Index.DumpTables());
        foreach (var method in new[] { "textDocument/documentSymbol", "textDocument/semanticTokens/full", "textDocument/foldingRange", "textDocument/documentLink" })
            Assert.Equal((await Ask(fresh, method, Doc(A)))?.GetRawText(), (await Ask(h, method, Doc(A)))?.GetRawText());
    }

    // ---- 16: positions out of range -------------------------------------------------------------------------------

    /// <summary>Text without a final line break, ending inside a link: a position clamped to the end would complete it.</summary>
    private const string Unfinished = "# A\nfirst [[targ\nlast [[ta";

    public static TheoryData<string, int, int, string> Positions() => new()
    {
        // method, line, character, expected: "items" (an answer), "empty" (null or nothing), "error -32602", "empty or error"
        { "textDocument/completion", 1, 999, "items" },       // column past the end clamps to the line end
        { "textDocument/completion", 2, 999, "items" },
        { "textDocument/completion", 3, 0, "empty or error" }, // the line after the last one
        { "textDocument/completion", 99, 0, "empty or error" },
        { "textDocument/definition", 99, 5, "empty or error" },
        { "textDocument/hover", 99, 5, "empty or error" },
        { "textDocument/prepareRename", 99, 5, "empty or error" },
        { "textDocument/completion", -1, 0, "error -32602" },
        { "textDocument/completion", 1, -1, "error -32602" },
        { "textDocument/definition", -5, 2, "error -32602" },
        { "textDocument/hover", 0, -2, "error -32602" },
        { "textDocument/prepareRename", -1, -1, "error -32602" },
        { "textDocument/prepareCallHierarchy", -1, 0, "error -32602" },
    };

    [Theory]
    [MemberData(nameof(Positions))]
    public async Task PositionsOutOfRangeClampOrAnswerEmptyOrInvalidParams(string method, int line, int character, string expected)
    {
        await using var h = await LspHarness.StartAsync(Vault);
        await OpenText(h, A, Unfinished);
        var (result, code) = await Outcome(h, method, At(A, line, character));
        switch (expected)
        {
            case "items":
                Assert.True(result is { ValueKind: JsonValueKind.Object } list && list.GetProperty("items").GetArrayLength() > 0, $"{method} ({line},{character}): {result?.GetRawText()} {code}");
                break;
            case "error -32602":
                Assert.Equal(ErrorCodes.InvalidParams, code);
                break;
            default:
                Assert.True(code is not null || IsEmpty(result), $"{method} ({line},{character}) answered {result?.GetRawText()}");
                break;
        }
        await AssertAlive(h);
    }

    // ---- 17: positions inside a surrogate pair or between a letter and its combining mark -------------------------

    [Fact]
    public async Task PositionsInsideACodePointSnapToItsStart()
    {
        // a 😀 b ◌́ 中 inside a label, then an unfinished link after an emoji.
        const string text = "[[target|a😀b\u0301中]] 😀[[ta😀";
        await using var h = await LspHarness.StartAsync(Vault);
        await OpenText(h, A, text);
        var answers = new Dictionary<int, string>();
        for (int ch = 0; ch <= text.Length; ch++)
        {
            var parts = new List<string>();
            foreach (var method in new[] { "textDocument/definition", "textDocument/hover", "textDocument/completion", "textDocument/prepareRename" })
            {
                var (result, code) = await Outcome(h, method, At(A, 0, ch));
                parts.Add(code?.ToString() ?? result?.GetRawText() ?? "null");
                foreach (var c in Characters(result)) Assert.False(c > 0 && c < text.Length && char.IsLowSurrogate(text[c]) && char.IsHighSurrogate(text[c - 1]),
                    $"{method} at {ch} answered a range splitting a surrogate pair: {result?.GetRawText()}");
            }
            answers[ch] = string.Join("\n", parts);
        }
        for (int ch = 1; ch < text.Length; ch++)
            if (char.IsLowSurrogate(text[ch])) Assert.Equal(answers[ch - 1], answers[ch]); // inside the pair: as at its start
        int mark = text.IndexOf('\u0301');
        Assert.Contains("target.md", answers[mark], StringComparison.Ordinal); // between b and its mark: still the link
        await AssertAlive(h);

        static IEnumerable<int> Characters(JsonElement? e)
        {
            if (e is not { } v) yield break;
            if (v.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in v.EnumerateObject())
                {
                    if (p.Name == "character" && p.Value.ValueKind == JsonValueKind.Number) yield return p.Value.GetInt32();
                    foreach (var c in Characters(p.Value)) yield return c;
                }
            }
            else if (v.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in v.EnumerateArray())
                    foreach (var c in Characters(item)) yield return c;
            }
        }
    }

    // ---- 18: LF, CRLF, lone CR and a mix ------------------------------------------------------------------------

    [Fact]
    public async Task MixedLineEndingsCountAsTheSpecificationSaysAndEditsKeepThem()
    {
        const string text = "# A\r[[target]]\r\n## C\n[[target]]\r";
        await using var h = await LspHarness.StartAsync(Vault);
        await OpenText(h, A, text);
        var outline = await h.Request("textDocument/documentSymbol", new DocumentSymbolParams(new TextDocumentIdentifier(A)), Default.DocumentSymbolParams, Default.DocumentSymbolArray);
        Assert.Equal("A@0 C@2", string.Join(" ", outline.Concat(outline.SelectMany(s => s.Children ?? [])).Select(s => $"{s.Name}@{s.Range.Start.Line}")));
        var refs = await h.Request("textDocument/references", new ReferenceParams(new TextDocumentIdentifier(LspHarness.Uri("target.md")), new Position(0, 2), new ReferenceContext(false)),
            Default.ReferenceParams, Default.LocationArray);
        Assert.Equal(["a.md 1:0-1:10", "a.md 3:0-3:10"], refs.Select(Render.Of).Where(r => r.StartsWith("a.md", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        var rename = await h.Request("textDocument/rename", new RenameParams(new TextDocumentIdentifier(A), new Position(1, 4), "goal"), Default.RenameParams, Default.WorkspaceEdit);
        var edits = Render.Of(rename).Split('\n').Where(l => l.StartsWith("a.md", StringComparison.Ordinal)).ToList();
        Assert.Equal(["a.md@1 1:2-1:8 'goal'", "a.md@1 3:2-3:8 'goal'"], edits);

        await h.Change("a.md", 2, new TextDocumentContentChangeEvent("## D", R(2, 0, 2, 99)));
        await h.Change("a.md", 3, new TextDocumentContentChangeEvent("!", R(4, 0, 4, 0))); // the empty line after the final lone CR
        await Barrier(h);
        Assert.Equal("# A\r[[target]]\r\n## D\n[[target]]\r!", OpenBuffer(h, "a.md"));
        await AssertAlive(h);
    }

    // ---- 20: U+0000 and unpaired surrogates -----------------------------------------------------------------------

    public static TheoryData<string> OddTexts() => new(OddTextCases.Keys);

    private static readonly Dictionary<string, string> OddTextCases = new()
    {
        ["U+0000 everywhere"] = "\0# T\0itle\n[[tar\0get]] [[target|\0]] #t\0ag ^b\0\n\0",
        ["a lone high surrogate"] = "\uD800# x\n[[target|\uD800]] #a\uD800 [[\uD800\n",
        ["a lone low surrogate"] = "\uDC00 [[\uDC00]] #\uDC00 ## \uDC00\n",
        ["a reversed pair"] = "# \uDC00\uD800\n[[target#\uDC00\uD800]]",
        ["NUL and surrogates in front matter"] = "---\ntitle: \0\uD800\naliases: [\uDC00]\n---\n# B\n",
    };

    [Theory]
    [MemberData(nameof(OddTexts))]
    public async Task NulAndUnpairedSurrogatesDoNotCrash(string name)
    {
        var text = OddTextCases[name];
        await using var h = await LspHarness.StartAsync(Vault);
        await OpenText(h, A, text);
        foreach (var method in new[] { "textDocument/documentSymbol", "textDocument/semanticTokens/full", "textDocument/foldingRange", "textDocument/documentLink", "textDocument/codeLens", "textDocument/diagnostic" })
            await Outcome(h, method, Doc(A));
        var lines = TextModel.LineStarts(text);
        for (int line = 0; line < lines.Count; line++)
            for (int ch = 0; ch <= TextModel.LineLength(text, lines, line); ch++)
                foreach (var method in new[] { "textDocument/definition", "textDocument/hover", "textDocument/completion" })
                    await Outcome(h, method, At(A, line, ch));
        await h.Change("a.md", 2, new TextDocumentContentChangeEvent("\0\uD800", R(0, 1, 0, 1)));
        await Outcome(h, "textDocument/documentSymbol", Doc(A));
        await AssertAlive(h);
    }

    // ---- 26: thousands of files changed at once, or a watcher overflow -------------------------------------------

    [Fact]
    public async Task FiveThousandChangedFilesAndARescanConvergeAndTheOpenBufferStays()
    {
        await using var h = await LspHarness.StartAsync(Vault);
        await h.Open("a.md");
        const string unsaved = "# Unsaved\n[[n0001]]\n";
        await Replace(h, A, 2, unsaved);

        // A checkout: 5,000 notes appear, the open note changes on disk; one batch of events.
        for (int i = 0; i < 5000; i++) h.Vault.Files[Fixture.FullPath($"n{i:D4}.md")] = $"# N{i}\n[[target]]\n";
        h.Vault.Files[Fixture.FullPath("a.md")] = "# Checked out\n";
        await FileEvents(h, [.. Enumerable.Range(0, 5000).Select(i => ($"n{i:D4}.md", FileChangeType.Created)), ("a.md", FileChangeType.Changed)]);
        await AssertAlive(h, "N4999", "n4999.md");
        Assert.Equal(5002, h.Server.Session.Workspace.View.Index.Notes.Count);

        // An overflow: half of them change with no events at all, then the rescan the watcher asks for.
        for (int i = 0; i < 5000; i += 2) h.Vault.Files.TryRemove(Fixture.FullPath($"n{i:D4}.md"), out _);
        h.Vault.Files[Fixture.FullPath("fresh.md")] = "# Fresh\n";
        h.Server.Session.Reload.StartScan(force: true);
        var deadline = DateTime.UtcNow + LspHarness.Timeout;
        while (h.Server.Session.Workspace.View.Index.Notes.Count != 2503)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the rescan did not converge: {h.Server.Session.Workspace.View.Index.Notes.Count} notes");
            await Task.Delay(20);
        }
        await AssertAlive(h, "Fresh", "fresh.md");
        Assert.Equal(unsaved, OpenBuffer(h, "a.md"));
        Assert.Equal(unsaved, Indexed(h, "a.md"));
        var expected = h.Vault.Files.Where(kv => kv.Key != Fixture.FullPath("a.md")).Select(kv => NoteDocument.Create(kv.Key, Fixture.Root, Notes.Core.Syntax.NoteParser.Parse(kv.Value, NotePath.Stem(kv.Key))))
            .Append(NoteDocument.Create(Fixture.FullPath("a.md"), Fixture.Root, Notes.Core.Syntax.NoteParser.Parse(unsaved, "a")));
        Assert.Equal(WorkspaceSnapshot.Build([Fixture.Root], expected).DumpTables(), h.Server.Session.Workspace.View.Index.DumpTables());
    }

    // ---- 27: the disk changes under an open note with unsaved edits -----------------------------------------------

    [Theory]
    [InlineData("edited")]
    [InlineData("deleted")]
    [InlineData("renamed")]
    public async Task TheBufferWinsOverAnExternalChange(string change)
    {
        await using var h = await LspHarness.StartAsync(Vault);
        await h.Open("a.md");
        const string unsaved = "# Unsaved title\nStill [[target]].\n";
        await Replace(h, A, 2, unsaved);
        var path = Fixture.FullPath("a.md");
        switch (change)
        {
            case "edited":
                h.Vault.Files[path] = "# On disk\n";
                await FileEvents(h, ("a.md", FileChangeType.Changed));
                break;
            case "deleted":
                h.Vault.Files.TryRemove(path, out _);
                await FileEvents(h, ("a.md", FileChangeType.Deleted));
                break;
            default:
                h.Vault.Files.TryRemove(path, out var old);
                h.Vault.Files[Fixture.FullPath("moved.md")] = old!;
                await FileEvents(h, ("a.md", FileChangeType.Deleted), ("moved.md", FileChangeType.Created));
                break;
        }
        await AssertAlive(h, "Unsaved", "a.md");
        Assert.Equal(unsaved, OpenBuffer(h, "a.md"));
        Assert.Equal(unsaved, Indexed(h, "a.md"));
        var refs = await h.Request("textDocument/references", new ReferenceParams(new TextDocumentIdentifier(LspHarness.Uri("target.md")), new Position(0, 2), new ReferenceContext(false)),
            Default.ReferenceParams, Default.LocationArray);
        Assert.Contains("a.md 1:6-1:16", refs.Select(Render.Of));
    }

    // ---- 28: names that differ only by case, drive-letter spellings, %20 and # in names -------------------------

    [Fact]
    public async Task EachFileIsOneDocumentWhateverItsUriSpellingAndLinksResolve()
    {
        await using var h = await LspHarness.StartAsync("""
            //- /Note.md
            # Upper
            //- /note.md
            # Lower
            //- /a b.md
            # Spaced
            //- /c#1.md
            # Hashed
            //- /x%20y.md
            # Percent
            //- /links.md
            [[a b]] [s](a%20b.md) [h](c%231.md) [p](x%2520y.md) [[x%20y]] [[Note]]
            """);
        var symbols = await h.Request("workspace/symbol", new WorkspaceSymbolParams(""), Default.WorkspaceSymbolParams, Default.SymbolInformationArray);
        foreach (var (title, file) in new[] { ("Upper", "Note.md"), ("Lower", "note.md"), ("Spaced", "a b.md"), ("Hashed", "c#1.md"), ("Percent", "x%20y.md") })
            Assert.Equal(file, Render.Path(Assert.Single(symbols, s => s.Name == title).Location.Uri));

        var links = LspHarness.Uri("links.md");
        var line = h.Text("links.md");
        async Task<string> Definition(string link)
        {
            var result = await Ask(h, "textDocument/definition", At(links, 0, line.IndexOf(link, StringComparison.Ordinal) + 2));
            return string.Join(" ", result!.Value.EnumerateArray().Select(l => Render.Path(l.GetProperty("uri").GetString()!)).Order(StringComparer.Ordinal));
        }
        Assert.Equal("a b.md", await Definition("[[a b]]"));
        Assert.Equal("a b.md", await Definition("[s](a%20b.md)"));
        Assert.Equal("c#1.md", await Definition("[h](c%231.md)"));
        Assert.Equal("x%20y.md", await Definition("[p](x%2520y.md)"));
        Assert.Equal("x%20y.md", await Definition("[[x%20y]]"));
        Assert.Equal("Note.md note.md", await Definition("[[Note]]")); // two files, one name: both candidates

        // One document whether the editor says %20 or %2520, C: or c%3A.
        Assert.Equal("file:///vault/a%20b.md", LspHarness.Uri("a b.md"));
        await OpenText(h, LspHarness.Uri("a b.md"), "# Spaced, edited\n");
        await Barrier(h);
        Assert.Equal("# Spaced, edited\n", OpenBuffer(h, "a b.md"));
        await OpenText(h, "file:///C:/outside/x.md", "# One\n");
        await Replace(h, "file:///c%3A/outside/x.md", 2, "# Two\n");
        var outline = await Ask(h, "textDocument/documentSymbol", Doc("file:///C:/outside/x.md"));
        Assert.Equal("Two", outline!.Value[0].GetProperty("name").GetString());
        await AssertAlive(h, "edited", "a b.md");
    }

    // ---- 29: a document from outside the root -------------------------------------------------------------------

    [Fact]
    public async Task ADocumentFromOutsideTheRootIsNeverPartOfAWorkspaceRename()
    {
        await using var h = await LspHarness.StartAsync(Vault);
        const string loose = "file:///elsewhere/loose.md";
        await OpenText(h, loose, "# Loose\n[[target]] [[target#Part]]\n");
        Assert.Equal("Loose", (await Ask(h, "textDocument/documentSymbol", Doc(loose)))!.Value[0].GetProperty("name").GetString());
        foreach (var (line, ch) in new[] { (0, 3), (1, 0) })
        {
            var edit = await h.Request("textDocument/rename", new RenameParams(new TextDocumentIdentifier(LspHarness.Uri("target.md")), new Position(line, ch), "goal"),
                Default.RenameParams, Default.WorkspaceEdit);
            var text = Render.Of(edit);
            Assert.DoesNotContain("elsewhere", text, StringComparison.Ordinal);
            Assert.Contains("a.md", text, StringComparison.Ordinal);
        }
        var symbols = await h.Request("workspace/symbol", new WorkspaceSymbolParams("loose"), Default.WorkspaceSymbolParams, Default.SymbolInformationArray);
        Assert.Empty(symbols);
        await AssertAlive(h);
    }

    // ---- 31: past Markdig's nesting limits ----------------------------------------------------------------------

    public static TheoryData<string> TooDeep() => new(TooDeepCases.Keys);

    private static readonly Dictionary<string, string> TooDeepCases = new()
    {
        ["> x 200"] = new string('>', 200) + " [[target]] #deep\n",
        ["[ x 11k"] = new string('[', 11_000) + " [[target]] #deep\n",
        ["a pipe table with 20k |"] = "| a | b |\n|---|---|\n" + string.Concat(Enumerable.Repeat("| x ", 20_000)) + "|\n\n[[target]] #deep\n",
        ["500 nested lists"] = string.Concat(Enumerable.Range(0, 500).Select(i => new string(' ', i * 2) + "- [[target]]\n")) + "#deep\n",
    };

    [Theory]
    [MemberData(nameof(TooDeep))]
    public async Task ANoteTooDeepForMarkdigIsHandledOnItsOwn(string name)
    {
        await using var h = await LspHarness.StartAsync(Vault + "\n//- /deep.md\n" + TooDeepCases[name]);
        await h.Settled();
        // The deep note keeps its link and tag (from the line scan if Markdig gave up), and says so if it did.
        var refs = await h.Request("textDocument/references", new ReferenceParams(new TextDocumentIdentifier(LspHarness.Uri("target.md")), new Position(0, 2), new ReferenceContext(false)),
            Default.ReferenceParams, Default.LocationArray);
        Assert.Contains(refs, r => Render.Path(r.Uri) == "deep.md");
        Assert.Contains(refs, r => Render.Path(r.Uri) == "a.md");
        var deep = h.Server.Session.Workspace.View.Index[Fixture.FullPath("deep.md")]!;
        if (deep.Syntax.Diagnostics.Any(d => d.Code == "syntax"))
        {
            var published = await h.Diagnostics("deep.md", ds => ds.Any(d => d.Code == "syntax"));
            Assert.Contains(published, d => d.Code == "syntax");
        }
        else Assert.True(name != "> x 200", "200 nested quotes should have fallen back to the line scan with a syntax diagnostic");
        // The rest of the workspace is unaffected.
        var def = await h.Request("textDocument/definition", new TextDocumentPositionParams(new TextDocumentIdentifier(A), new Position(1, 7)), Default.TextDocumentPositionParams, Default.LocationArray);
        Assert.Equal("target.md 0:0-0:8", Render.Of(Assert.Single(def)));
        await AssertAlive(h);
    }

    // ---- 35: renames that would leave the vault -----------------------------------------------------------------

    [Theory]
    [InlineData("a:b")]
    [InlineData("sub/../../up")]
    [InlineData("LPT1")]
    [InlineData("what?")]
    public async Task MoreRenamesThatWouldLeaveTheVaultAreRefusedWithAMessage(string newName)
    {
        await using var h = await LspHarness.StartAsync(Vault);
        var e = await Assert.ThrowsAsync<JsonRpcRemoteException>(() => h.Request("textDocument/rename",
            new RenameParams(new TextDocumentIdentifier(A), new Position(1, 7), newName), Default.RenameParams, Default.WorkspaceEdit));
        Assert.Equal(ErrorCodes.RequestFailed, e.Code);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
        await AssertAlive(h);
    }

    [Theory]
    [InlineData("file:///elsewhere/target.md")]
    [InlineData("file:///vault/../outside/target.md")]
    [InlineData("file:///etc/passwd")]
    public async Task MovingANoteOutOfTheRootNeverEditsOutsideIt(string newUri)
    {
        await using var h = await LspHarness.StartAsync(Vault);
        var (result, _) = await Outcome(h, "workspace/willRenameFiles",
            $$$"""{"files":[{"oldUri":"{{{LspHarness.Uri("target.md")}}}","newUri":{{{Str(newUri)}}}}]}""");
        foreach (var uri in Uris(result)) Assert.StartsWith("file:///vault/", uri, StringComparison.Ordinal);
        await AssertAlive(h);

        static IEnumerable<string> Uris(JsonElement? e)
        {
            if (e is not { } v) yield break;
            if (v.ValueKind == JsonValueKind.Object)
                foreach (var p in v.EnumerateObject())
                {
                    if (p.Name is "uri" or "oldUri" or "newUri" && p.Value.ValueKind == JsonValueKind.String) yield return p.Value.GetString()!;
                    if (p.Name == "changes" && p.Value.ValueKind == JsonValueKind.Object) foreach (var c in p.Value.EnumerateObject()) yield return c.Name;
                    foreach (var u in Uris(p.Value)) yield return u;
                }
            else if (v.ValueKind == JsonValueKind.Array)
                foreach (var item in v.EnumerateArray())
                    foreach (var u in Uris(item)) yield return u;
        }
    }

    // ---- 36: a rename touching a thousand files -----------------------------------------------------------------

    [Fact]
    public async Task ARenameTouchingAThousandFilesIsOneEditWithVersions()
    {
        var fixture = new StringBuilder("//- /target.md\n# Target\n");
        for (int i = 0; i < 1000; i++) fixture.Append($"//- /n{i:D3}.md\nsee [[target]] and [[target|T]]\n");
        await using var h = await LspHarness.StartAsync(fixture.ToString());
        await h.Open("n007.md", version: 7);
        await h.Open("n123.md", version: 42);
        var edit = await h.Request("textDocument/rename", new RenameParams(new TextDocumentIdentifier(LspHarness.Uri("n007.md")), new Position(0, 7), "goal"),
            Default.RenameParams, Default.WorkspaceEdit);
        var docs = edit.DocumentChanges!.Where(c => c.TextDocument is not null).ToList();
        Assert.Equal(1000, docs.Select(c => c.TextDocument!.Uri).Distinct().Count());
        Assert.Equal(2000, docs.Sum(c => c.Edits!.Length));
        Assert.Equal(7, docs.Single(c => c.TextDocument!.Uri == LspHarness.Uri("n007.md")).TextDocument!.Version);
        Assert.Equal(42, docs.Single(c => c.TextDocument!.Uri == LspHarness.Uri("n123.md")).TextDocument!.Version);
        Assert.Equal(998, docs.Count(c => c.TextDocument!.Version is null));
        Assert.Equal("rename target.md -> goal.md", Render.Of(edit with { DocumentChanges = [.. edit.DocumentChanges!.Where(c => c.Kind == "rename")] }));
        Assert.Empty(h.AppliedEdits); // answered, not applied by the server
        await AssertAlive(h, "Target", "target.md");
    }

    // ---- 37: a handler that throws --------------------------------------------------------------------------------

    [Fact]
    public async Task AHandlerThatThrowsIsAnErrorResponseAndTheServerServesOn()
    {
        JsonRpcConnection client = null!;
        var vault = new MemoryVaultSource(Fixture.Parse(Vault).Files.ToDictionary(kv => Fixture.FullPath(kv.Key), kv => kv.Value));
        await using var server = NotesServer.Create(o => { var (c, s) = InMemoryDuplex.CreatePair(null, o); client = c; return s; }, vault);
        var log = new List<string>();
        server.Session.Log.Line += l => { lock (log) log.Add(l); };
        server.Rpc.OnRequest("test/throwRead", Default.NullableJsonElement, Default.NullableJsonElement, (_, _) => throw new InvalidOperationException("read boom"));
        server.Rpc.OnRequest("test/throwSerial", Default.NullableJsonElement, Default.NullableJsonElement, (_, _) => throw new NullReferenceException(), HandlerKind.Serial);
        server.Rpc.OnNotification("test/throwNote", Default.NullableJsonElement, _ => throw new InvalidOperationException("note boom"));
        client.Start();
        _ = server.RunAsync();
        await client.SendRequestAsync("initialize", new InitializeParams { RootUri = "file:///vault", Capabilities = new ClientCapabilities() }, Default.InitializeParams, Default.InitializeResult)
            .WaitAsync(LspHarness.Timeout);
        await client.SendNotificationAsync("initialized", new InitializedParams(), Default.InitializedParams);
        foreach (var method in new[] { "test/throwRead", "test/throwSerial", "test/throwRead" })
        {
            var e = await Assert.ThrowsAsync<JsonRpcRemoteException>(() => client.SendRequestAsync<JsonElement?, JsonElement?>(method, null, Default.NullableJsonElement, Default.NullableJsonElement)
                .WaitAsync(LspHarness.Timeout));
            Assert.Equal(ErrorCodes.InternalError, e.Code);
        }
        await client.SendNotificationAsync<JsonElement?>("test/throwNote", null, Default.NullableJsonElement);
        var symbols = await client.SendRequestAsync("workspace/symbol", new WorkspaceSymbolParams("target"), Default.WorkspaceSymbolParams, Default.SymbolInformationArray)
            .WaitAsync(LspHarness.Timeout);
        Assert.Contains(symbols, s => s.Name == "Target");
        lock (log) Assert.Contains(log, l => l.Contains("note boom", StringComparison.Ordinal));
        await client.DisposeAsync();
    }
}
