using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Notes.Lsp.Stdio;
using Notes.Testing;

namespace Notes.Lsp.Server.Tests.Stdio;

/// <summary>
/// Timing faults an editor causes, on purpose, over stdio against the published server: keystrokes during a
/// refactoring, bursts of versions, and files changed while the first scan reads the vault.
/// </summary>
public sealed class EditorTimingTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly Sandbox _box = new("notes-timing");

    public void Dispose() => _box.Dispose();

    private string Write(string relative, string text) => _box.Write(relative, text);

    private static JsonObject Change(string uri, int version, string text) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
        ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = text }),
    };

    private static JsonObject Open(string uri, string text) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "markdown", ["version"] = 1, ["text"] = text },
    };

    [Fact]
    public async Task AFileRenameIsNotCancelledByKeystrokesInAnotherNote()
    {
        const int linking = 400;
        Write("target.md", "# Target\n");
        for (int i = 0; i < linking; i++) Write($"l/n{i:D3}.md", $"# N{i}\nSee [[target]] and [[target#Target]].\n");
        var other = Write("other.md", "# Other\n");
        await using var lsp = LspProcess.Start(StdioServer.Path(), _box.Vault);
        await lsp.InitializeAsync(_box.Vault, Wait);
        await lsp.Call("workspace/symbol", new JsonObject { ["query"] = "Target" }, Wait); // the vault is indexed
        var otherUri = LspProcess.FileUri(other);
        lsp.Notify("textDocument/didOpen", Open(otherUri, "# Other\n"));

        for (int round = 0; round < 5; round++)
        {
            var rename = lsp.Request("workspace/willRenameFiles", new JsonObject
            {
                ["files"] = new JsonArray(new JsonObject
                {
                    ["oldUri"] = LspProcess.FileUri(Path.Combine(_box.Vault, "target.md")),
                    ["newUri"] = LspProcess.FileUri(Path.Combine(_box.Vault, "renamed.md")),
                }),
            }, Wait);
            for (int k = 0; k < 40; k++) lsp.Notify("textDocument/didChange", Change(otherUri, 2 + round * 100 + k, $"# Other\ntyping {round} {k} [[tar"));
            var response = await rename;
            Assert.True(response["error"] is null, $"round {round}: {response.ToJsonString()}");
            var edits = response["result"]!["documentChanges"]!.AsArray();
            var files = edits.Select(e => e!["textDocument"]?["uri"]?.GetValue<string>()).OfType<string>().Distinct().ToList();
            Assert.Equal(linking, files.Count);
            Assert.All(edits, e => Assert.Equal(2, e!["edits"]!.AsArray().Count));
        }
        Assert.Empty(lsp.Violations);
    }

    [Fact]
    public async Task PublishedDiagnosticsCarryTheVersionTheyWereComputedOn()
    {
        var note = Write("v.md", "# V\n");
        for (int i = 0; i < 300; i++) Write($"f/n{i:D3}.md", $"# F{i}\n[[v]]\n");
        await using var lsp = LspProcess.Start(StdioServer.Path(), _box.Vault);
        var published = new ConcurrentQueue<(int? Version, string Messages)>();
        var uri = LspProcess.FileUri(note);
        lsp.OnNotification = (method, p) =>
        {
            if (method != "textDocument/publishDiagnostics" || p?["uri"]?.GetValue<string>() != uri) return;
            var messages = string.Join("|", p["diagnostics"]!.AsArray().Select(d => d!["message"]!.GetValue<string>()));
            published.Enqueue((p["version"]?.GetValue<int>(), messages));
        };
        await lsp.InitializeAsync(_box.Vault, Wait);
        await lsp.Call("workspace/symbol", new JsonObject { ["query"] = "V" }, Wait);
        lsp.Notify("textDocument/didOpen", Open(uri, "# V\n[[missing-1]]\n"));
        const int last = 200;
        for (int v = 2; v <= last; v++) lsp.Notify("textDocument/didChange", Change(uri, v, $"# V\n[[missing-{v}]]\n"));
        var deadline = DateTime.UtcNow + Wait;
        while (!published.Any(p => p.Version == last) && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Contains(published, p => p.Version == last);
        foreach (var (version, messages) in published)
        {
            Assert.NotNull(version);
            Assert.Contains($"'missing-{version}'", messages, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(true)]  // the client watches (dynamic registration, didChangeWatchedFiles)
    [InlineData(false)] // the server watches itself
    public async Task FilesChangedDuringTheFirstScanAreNotLost(bool clientWatches)
    {
        const int notes = 10_000;
        for (int i = 0; i < notes; i++) Write($"d{i % 50:D2}/n{i:D5}.md", $"# Note {i}\nText of note {i} with [[n{(i + 1) % notes:D5}]].\n");
        await using var lsp = LspProcess.Start(StdioServer.Path(), _box.Vault);
        var indexing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lsp.OnNotification = (method, p) =>
        {
            if (method != "notes/status") return;
            var state = p?["state"]?.GetValue<string>();
            if (state == "indexing") indexing.TrySetResult();
            if (state == "ready") ready.TrySetResult();
        };
        var init = LspProcess.InitializeParams(_box.Vault);
        if (!clientWatches) init["capabilities"]!["workspace"]!["didChangeWatchedFiles"] = new JsonObject { ["dynamicRegistration"] = false };
        await lsp.Call("initialize", init, Wait);
        lsp.Notify("initialized", new JsonObject());
        await indexing.Task.WaitAsync(Wait);

        // While the scan reads: a note created, one changed (a new heading), one deleted.
        var created = Write("fresh/brand-new.md", "# Brand New Zebra\n");
        var changed = Write("d05/n00005.md", "# Note 5\n## Quagga Section\n");
        var deleted = Path.Combine(_box.Vault, "d07", "n00007.md");
        File.Delete(deleted);
        bool duringScan = !ready.Task.IsCompleted;
        if (clientWatches)
            lsp.Notify("workspace/didChangeWatchedFiles", new JsonObject
            {
                ["changes"] = new JsonArray(
                    new JsonObject { ["uri"] = LspProcess.FileUri(created), ["type"] = 1 },
                    new JsonObject { ["uri"] = LspProcess.FileUri(changed), ["type"] = 2 },
                    new JsonObject { ["uri"] = LspProcess.FileUri(deleted), ["type"] = 3 }),
            });
        await ready.Task.WaitAsync(Wait);
        Assert.True(duringScan, "the changes were made after the scan: the vault is too small for this machine");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var zebra = (await lsp.Call("workspace/symbol", new JsonObject { ["query"] = "Brand New Zebra" }, Wait))!.AsArray();
            var quagga = (await lsp.Call("workspace/symbol", new JsonObject { ["query"] = "Quagga Section" }, Wait))!.AsArray();
            var seven = (await lsp.Call("workspace/symbol", new JsonObject { ["query"] = "Note 7" }, Wait))!.AsArray();
            bool created1 = zebra.Any(s => s!["name"]!.GetValue<string>() == "Brand New Zebra");
            bool changed1 = quagga.Any(s => s!["name"]!.GetValue<string>() == "Quagga Section");
            bool deleted1 = !seven.Any(s => s!["name"]!.GetValue<string>() == "Note 7");
            if (created1 && changed1 && deleted1) break;
            Assert.True(DateTime.UtcNow < deadline, $"index did not converge to the disk: created {created1}, changed {changed1}, deleted {deleted1}");
            await Task.Delay(200);
        }
    }
}
