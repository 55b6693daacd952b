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

    [Fact]
    public async Task ClientsThatPullGetOpenDocumentsByPullAndTheRestPushed()
    {
        var caps = LspHarness.DefaultCapabilities() with
        {
            TextDocument = new TextDocumentClientCapabilities { Diagnostic = System.Text.Json.JsonDocument.Parse("{}").RootElement },
        };
        await using var h = await LspHarness.StartAsync("""
            //- /a.md
            [[nowhere]]
            //- /b.md
            [[elsewhere]]
            """, caps);
        Assert.NotNull(h.Initialized.Capabilities.DiagnosticProvider);
        await h.Diagnostics("a.md", d => d.Length == 1);
        await h.Open("a.md");
        await h.Diagnostics("a.md", d => d.Length == 0); // pushed ones withdrawn: the client pulls now
        var pulled = await h.Request("textDocument/diagnostic", new DocumentDiagnosticParams(new TextDocumentIdentifier(LspHarness.Uri("a.md"))),
            Default.DocumentDiagnosticParams, Default.FullDocumentDiagnosticReport);
        Assert.Equal("broken-link", Assert.Single(pulled.Items).Code);
        var all = await h.Request("workspace/diagnostic", new WorkspaceDiagnosticParams(), Default.WorkspaceDiagnosticParams, Default.WorkspaceDiagnosticReport);
        Assert.Equal(["a.md", "b.md"], all.Items.Where(i => i.Items.Length > 0).Select(i => Render.Path(i.Uri)).Order(StringComparer.Ordinal));
        Assert.Single(await h.Diagnostics("b.md", d => d.Length == 1)); // still pushed
    }
}
