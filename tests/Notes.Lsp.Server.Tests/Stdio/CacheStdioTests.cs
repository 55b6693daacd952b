using System.Text.Json.Nodes;
using Notes.Lsp.Stdio;
using Notes.Testing;

namespace Notes.Lsp.Server.Tests.Stdio;

/// <summary>
/// The persistent index against the published server over stdio, with HOME pointed into a sandbox: the only file it
/// writes is its cache, in the user's cache folder (never the vault, never anywhere else); a second start reuses it
/// and answers as a cold start does; the client's storage folder wins over the user's cache folder; the setting turns
/// it off.
/// </summary>
public sealed class CacheStdioTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly Sandbox _box = new("notes-cache");
    private string Home => Path.Combine(_box.Root, "home");

    public void Dispose() => _box.Dispose();

    private void WriteOld(string relative, string text, int minutesAgo = 120)
    {
        var path = _box.Write(relative, text);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-minutesAgo));
    }

    private void WriteVault()
    {
        for (int i = 0; i < 30; i++)
            WriteOld($"notes/n{i}.md", $"# Note {i} 🧪\n\nSee [[n{(i + 1) % 30}]] and [[missing {i % 3}]] #topic/{i % 4}\n\n## Part {i}\n");
        WriteOld("notes/名前.md", "---\naliases: [namae]\n---\n# 名前\r\n[[n1#Part 2]]\r\n");
    }

    private async Task<(string Symbols, string Diagnostics, List<string> Stderr)> SessionAsync(JsonObject? initializationOptions = null)
    {
        var env = new Dictionary<string, string?> { ["HOME"] = Home, ["XDG_CACHE_HOME"] = "", ["NOTES_LSP_CACHE_DIR"] = "", ["NOTES_LSP_CACHE"] = "" };
        Directory.CreateDirectory(Home);
        await using var lsp = LspProcess.Start(StdioServer.Path(), _box.Root, env);
        var diagnostics = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        lsp.OnNotification = (method, p) =>
        {
            if (method != "textDocument/publishDiagnostics") return;
            diagnostics[p!["uri"]!.GetValue<string>()] = string.Join("|", p["diagnostics"]!.AsArray().Select(d => $"{d!["range"]!.ToJsonString()} {d["message"]}"));
        };
        var init = LspProcess.InitializeParams(_box.Vault);
        if (initializationOptions is not null) init["initializationOptions"] = initializationOptions;
        await lsp.Call("initialize", init, Wait);
        lsp.Notify("initialized", new JsonObject());
        var symbols = (await lsp.Call("workspace/symbol", new JsonObject { ["query"] = "" }, Wait))!.AsArray()
            .Select(s => $"{s!["name"]} {s["location"]!["uri"]} {s["location"]!["range"]!.ToJsonString()}").Order(StringComparer.Ordinal);
        // Every note's diagnostics arrive (31 notes, each with a broken link).
        var deadline = DateTime.UtcNow + Wait;
        while (diagnostics.Count < 31 && DateTime.UtcNow < deadline) await Task.Delay(50);
        await Task.Delay(300);
        Assert.Equal(0, await lsp.ShutdownAsync(Wait));
        var stderr = lsp.Stderr.ToList();
        return (string.Join("\n", symbols), string.Join("\n", diagnostics.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}")), stderr);
    }

    private static int FromCache(List<string> stderr) =>
        stderr.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"indexed \d+ notes \((\d+) from the index cache\)")).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value)).Single();

    [Fact]
    public async Task The_second_start_reuses_the_cache_and_answers_as_a_cold_start_and_only_the_cache_is_written()
    {
        WriteVault();
        _box.SealVault();
        var first = await SessionAsync();
        Assert.Equal(0, FromCache(first.Stderr));

        // The only file written anywhere in the sandbox: the cache, in HOME's cache folder.
        var written = Sandbox.Snapshot(Home).Where(e => !e.EndsWith('/')).ToList();
        var file = Assert.Single(written);
        Assert.Matches(@"^\.cache/notes-lsp/index/[0-9a-f]{16}\.index \d+ ", file);
        _box.AssertVaultUnchanged();
        _box.AssertOutsideUnchanged();
        Assert.Equal(["home/", "outside/", "vault/"], Directory.EnumerateFileSystemEntries(_box.Root).Select(p => Path.GetFileName(p) + "/").Order(StringComparer.Ordinal));

        var warm = await SessionAsync();
        Assert.Equal(31, FromCache(warm.Stderr));
        Assert.Equal(first.Symbols, warm.Symbols);
        Assert.Equal(first.Diagnostics, warm.Diagnostics);

        // One note changed since: read again; the rest from the cache; the same answers as a cold start.
        WriteOld("notes/n3.md", "# Renamed Three\n\nSee [[n9]] and [[still missing]]\n", minutesAgo: 30);
        var changed = await SessionAsync();
        Assert.Equal(30, FromCache(changed.Stderr));
        var cold = await SessionAsync(new JsonObject { ["cache"] = false });
        Assert.Equal(0, FromCache(cold.Stderr));
        Assert.Contains(cold.Stderr, l => l.Contains("index cache off (setting)"));
        Assert.Contains("Renamed Three", changed.Symbols);
        Assert.Equal(cold.Symbols, changed.Symbols);
        Assert.Equal(cold.Diagnostics, changed.Diagnostics);
    }

    [Fact]
    public async Task The_clients_storage_folder_holds_the_cache_when_it_gives_one()
    {
        WriteVault();
        var storage = Path.Combine(_box.Root, "home", "editor-storage");
        await SessionAsync(new JsonObject { ["storagePath"] = storage });
        var file = Assert.Single(Directory.GetFiles(storage, "*", SearchOption.AllDirectories));
        Assert.Equal(Path.Combine(storage, "index"), Path.GetDirectoryName(file));
        Assert.False(Directory.Exists(Path.Combine(Home, ".cache")));
        var warm = await SessionAsync(new JsonObject { ["storagePath"] = storage });
        Assert.Equal(31, FromCache(warm.Stderr));
    }

    [Fact]
    public async Task A_storage_folder_inside_the_vault_is_refused_and_nothing_is_written_there()
    {
        WriteVault();
        _box.SealVault();
        var session = await SessionAsync(new JsonObject { ["storagePath"] = Path.Combine(_box.Vault, ".notes-cache") });
        Assert.Contains(session.Stderr, l => l.Contains("is inside the vault"));
        _box.AssertVaultUnchanged();
    }
}
