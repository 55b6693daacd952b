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
}
