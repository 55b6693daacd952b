using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Tests.Harness;
using Notes.Testing;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Tests;

/// <summary>Files changed on disk reach the index; the editor's unsaved text wins over the disk.</summary>
public class WorkspaceSyncTests
{
    [Fact]
    public async Task ANoteCreatedOnDiskFixesTheBrokenLink()
    {
        await using var h = await LspHarness.StartAsync("//- /a.md\nSee [[fresh]].\n");
        await h.Diagnostics("a.md", ds => ds.Length == 1);
        h.Vault.Files[Fixture.FullPath("fresh.md")] = "# Fresh\n";
        await h.Notify("workspace/didChangeWatchedFiles", new DidChangeWatchedFilesParams([new FileEvent(LspHarness.Uri("fresh.md"), FileChangeType.Created)]),
            Default.DidChangeWatchedFilesParams);
        await h.Diagnostics("a.md", ds => ds.Length == 0);
    }

    [Fact]
    public async Task AnExternalEditOfAnOpenNoteDoesNotReplaceTheBuffer()
    {
        await using var h = await LspHarness.StartAsync("//- /a.md\n# A\n");
        await h.Open("a.md");
        await h.Change("a.md", 2, new TextDocumentContentChangeEvent("# A\nunsaved [[x]]\n"));
        h.Vault.Files[Fixture.FullPath("a.md")] = "# Disk version\n";
        await h.Notify("workspace/didChangeWatchedFiles", new DidChangeWatchedFilesParams([new FileEvent(LspHarness.Uri("a.md"), FileChangeType.Changed)]),
            Default.DidChangeWatchedFilesParams);
        var symbols = await h.Request("workspace/symbol", new WorkspaceSymbolParams(""), Default.WorkspaceSymbolParams, Default.SymbolInformationArray);
        Assert.Contains(symbols, s => s.Name == "A");
        Assert.Equal("# A\nunsaved [[x]]\n", h.Server.Session.Workspace.OpenText(Fixture.FullPath("a.md")));
        // Closing hands the note back to the disk.
        await h.Notify("textDocument/didClose", new DidCloseTextDocumentParams(new TextDocumentIdentifier(LspHarness.Uri("a.md"))), Default.DidCloseTextDocumentParams);
        var after = await h.Request("workspace/symbol", new WorkspaceSymbolParams("disk"), Default.WorkspaceSymbolParams, Default.SymbolInformationArray);
        Assert.Contains(after, s => s.Name == "Disk version");
    }

    [Fact]
    public async Task ADeletedNoteBreaksItsLinks()
    {
        await using var h = await LspHarness.StartAsync("//- /a.md\n[[b]]\n//- /b.md\n# B\n");
        await h.Settled();
        h.Vault.Files.TryRemove(Fixture.FullPath("b.md"), out _);
        await h.Notify("workspace/didChangeWatchedFiles", new DidChangeWatchedFilesParams([new FileEvent(LspHarness.Uri("b.md"), FileChangeType.Deleted)]),
            Default.DidChangeWatchedFilesParams);
        var ds = await h.Diagnostics("a.md", d => d.Length == 1);
        Assert.Equal("broken-link", ds[0].Code);
    }

    [Fact]
    public async Task NotesFromTheDiskKeepTheirTextAsUtf8AndOpenOnesAsTheEditorSentIt()
    {
        await using var h = await LspHarness.StartAsync("//- /a.md\n# A 😀\nsee [[b]]\n//- /b.md\n# B 中文\n");
        await h.Settled();
        bool Compact(string relative) => h.Server.Session.Workspace.View.Index[Fixture.FullPath(relative)]!.Syntax.Lines.IsCompact;
        string Text(string relative) => h.Server.Session.Workspace.View.Index[Fixture.FullPath(relative)]!.Syntax.Text;
        Assert.True(Compact("a.md") && Compact("b.md"));
        Assert.Equal("# A 😀\nsee [[b]]\n", Text("a.md"));
        await h.Open("a.md");
        await h.Change("a.md", 2, new TextDocumentContentChangeEvent("# A 😀\nsee [[b]] and [[c]]\n"));
        await h.Diagnostics("a.md", ds => ds.Length == 1);
        Assert.False(Compact("a.md"));
        await h.Notify("textDocument/didClose", new DidCloseTextDocumentParams(new TextDocumentIdentifier(LspHarness.Uri("a.md"))), Default.DidCloseTextDocumentParams);
        await h.Diagnostics("a.md", ds => ds.Length == 0);
        Assert.True(Compact("a.md"));
        Assert.Equal("# A 😀\nsee [[b]]\n", Text("a.md"));
    }
}
