using System.Text.Json;
using Notes.Lsp.Protocol.JsonRpc;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Tests.Harness;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Tests;

/// <summary>Pushed diagnostics: what the vault shows after the first scan, and how edits move them.</summary>
public class DiagnosticsTests
{
    private static string Show(Diagnostic[] ds) =>
        Render.Lines(ds.OrderBy(d => d.Range.Start.Line).ThenBy(d => d.Range.Start.Character).Select(d => $"{Render.Of(d.Range)} {d.Code} sev{d.Severity}"));

    [Fact]
    public async Task BrokenLinkAndTagVariantArePublishedAfterTheScan()
    {
        await using var h = await LspHarness.StartAsync("""
            //- /a.md
            See [[missing-note]] and #BERT.
            //- /b.md
            #bert #bert
            //- /c.md
            #bert
            """);
        var a = await h.Diagnostics("a.md", ds => ds.Length >= 2);
        Assert.Equal("""
            0:4-0:20 broken-link sev2
            0:25-0:30 tag-variant sev2
            """.ReplaceLineEndings("\n"), Show(a));
    }

    [Fact]
    public async Task CreatingTheMissingNoteClearsTheBrokenLinkElsewhere()
    {
        await using var h = await LspHarness.StartAsync("""
            //- /a.md
            See [[later]].
            //- /b.md
            # B
            """);
        await h.Diagnostics("a.md", ds => ds.Any(d => d.Code == "broken-link"));
        await h.Open("b.md");
        // Retitle b into "later": a's link now resolves by title.
        await h.Change("b.md", 2, new TextDocumentContentChangeEvent("# Later\n"));
        var after = await h.Diagnostics("a.md", ds => ds.Length == 0);
        Assert.Empty(after);
    }

    [Fact]
    public async Task SeverityFromEditorSettings()
    {
        await using var h = await LspHarness.StartAsync("""
            //- /a.md
            [[nowhere]]
            """, settingsJson: """{ "severity": { "broken-link": "error" } }""");
        var ds = await h.Diagnostics("a.md", d => d.Length == 1);
        Assert.Equal(DiagnosticSeverity.Error, ds[0].Severity);
    }

    [Fact]
    public async Task StatusReportsNotesAndProblems()
    {
        await using var h = await LspHarness.StartAsync("""
            //- /a.md
            [[nowhere]]
            //- /b.md
            fine
            """);
        await h.Diagnostics("a.md", d => d.Length == 1);
        await h.Settled();
        var deadline = DateTime.UtcNow + LspHarness.Timeout;
        while (DateTime.UtcNow < deadline)
        {
            lock (h.Statuses) if (h.Statuses.Any(s => s is { State: "ready", Notes: 2, Problems: 1 })) return;
            await Task.Delay(20);
        }
        lock (h.Statuses) Assert.Fail("statuses: " + string.Join(", ", h.Statuses));
    }

    [Fact]
    public async Task BadConfigurationIsADiagnosticOnTheFileAndDefaultsStay()
    {
        await using var h = await LspHarness.StartAsync("""
            //- /.notes.json
            { "linkStyle": "sideways", 
            //- /a.md
            [[nowhere]]
            """);
        var config = await h.Diagnostics(".notes.json", d => d.Length > 0);
        Assert.All(config, d => Assert.Equal("config", d.Code));
        var a = await h.Diagnostics("a.md", d => d.Length == 1);
        Assert.Equal(DiagnosticSeverity.Warning, a[0].Severity); // the default severity still applies
    }

    /// <summary>What VS Code 1.100's language client declares about diagnostics (it can pull, per document and for the workspace).</summary>
    internal const string VsCodeCapabilities = """
        {
          "workspace": { "applyEdit": true, "configuration": true, "workspaceFolders": true,
            "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create", "rename", "delete"] },
            "didChangeWatchedFiles": { "dynamicRegistration": true, "relativePatternSupport": true },
            "diagnostics": { "refreshSupport": true } },
          "textDocument": {
            "publishDiagnostics": { "relatedInformation": true, "versionSupport": false, "tagSupport": { "valueSet": [1, 2] } },
            "diagnostic": { "dynamicRegistration": true, "relatedDocumentSupport": false } },
          "window": { "workDoneProgress": true },
          "general": { "positionEncodings": ["utf-16"] }
        }
        """;

    [Fact]
    public async Task AClientThatCanPullStillGetsEveryNotePushedAndNothingElse()
    {
        // One model for every client: push. A client that can pull is offered no pull (VS Code kept a pulled and a
        // pushed copy of each problem), and an open document keeps its pushed diagnostics.
        await using var h = await LspHarness.StartAsync("""
            //- /a.md
            [[nowhere]]
            //- /b.md
            [[elsewhere]]
            """, capabilitiesJson: VsCodeCapabilities);
        Assert.False(h.InitializedJson.GetProperty("capabilities").TryGetProperty("diagnosticProvider", out _));
        Assert.Equal("broken-link", Assert.Single(await h.Diagnostics("a.md", d => d.Length == 1)).Code);
        Assert.Single(await h.Diagnostics("b.md", d => d.Length == 1));
        await h.Open("a.md");
        await h.Change("a.md", 2, new TextDocumentContentChangeEvent("[[nowhere]] and [[gone]]"));
        Assert.Equal(2, (await h.Diagnostics("a.md", d => d.Length == 2)).Length);
        var pull = await Assert.ThrowsAsync<JsonRpcRemoteException>(() => h.Request("workspace/diagnostic", (JsonElement?)JsonDocument.Parse("{}").RootElement,
            Default.NullableJsonElement, Default.NullableJsonElement));
        Assert.Equal(ErrorCodes.MethodNotFound, pull.Code);
    }
}
