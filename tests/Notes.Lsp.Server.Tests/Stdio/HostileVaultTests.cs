using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Notes.Lsp.Stdio;
using Notes.Testing;
using Xunit.Abstractions;

namespace Notes.Lsp.Server.Tests.Stdio;

/// <summary>
/// The published server on real temporary vaults built to hurt: symlink loops and links out of the root, unreadable
/// folders, very long paths, binary and oddly encoded files, huge notes, look-alike names, links that climb out. Each
/// case checks what the index holds, then the three common checks: the process answers a fresh request correctly and
/// shuts down cleanly, nothing beside the vault was read (inotify, <see cref="OutsideReads"/>) or changed, and the
/// vault itself was not written.
/// </summary>
public sealed class HostileVaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>A running session on a sandboxed vault.</summary>
    public sealed record Session(LspProcess Lsp, Sandbox Box)
    {
        public string Uri(string relative) => LspProcess.FileUri(Path.Combine(Box.Vault, relative));
        public string VaultUri => LspProcess.FileUri(Box.Vault);

        public Task<JsonNode?> Call(string method, JsonNode? @params) => Lsp.Call(method, @params, StdioServer.Wait);

        public static JsonObject At(string uri, int line, int character) => new()
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["position"] = new JsonObject { ["line"] = line, ["character"] = character },
        };

        public async Task<List<string>> DefinitionFiles(string relative, int line, int character)
        {
            var result = await Call("textDocument/definition", At(Uri(relative), line, character));
            return [.. (result as JsonArray ?? []).Select(l => System.Uri.UnescapeDataString(l!["uri"]!.GetValue<string>()[(VaultUri.Length + 1)..])).Order(StringComparer.Ordinal)];
        }
    }

    /// <param name="Build">Writes the vault (besides alpha.md, "# Alpha").</param>
    /// <param name="Titles">Symbols workspace/symbol must list.</param>
    /// <param name="Absent">Symbols it must not list.</param>
    /// <param name="Logs">Fragments the server's log must hold.</param>
    /// <param name="Then">More checks on the live session.</param>
    public sealed record Case(Action<Sandbox> Build, string[] Titles, string[]? Absent = null, string[]? Logs = null, Func<Session, Task>? Then = null);

    private static string Write(Sandbox box, string relative, string text) => WriteBytes(box, relative, Encoding.UTF8.GetBytes(text));

    private static string WriteBytes(Sandbox box, string relative, byte[] bytes)
    {
        var full = Path.Combine(box.Vault, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    private static void Link(Sandbox box, string relative, string target, bool folder = true)
    {
        var full = Path.Combine(box.Vault, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        if (folder) Directory.CreateSymbolicLink(full, target);
        else File.CreateSymbolicLink(full, target);
    }

    /// <summary>A note of about <paramref name="megabytes"/> MB: a title, then lines with a link and a tag.</summary>
    private static void WriteHuge(Sandbox box, string relative, string title, int megabytes)
    {
        using var f = new FileStream(Path.Combine(box.Vault, relative), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        f.Write(Encoding.UTF8.GetBytes($"# {title}\n"));
        var line = Encoding.UTF8.GetBytes("some words and [[alpha]] with #tag here\n");
        var block = new byte[line.Length * 25_000];
        for (int i = 0; i < 25_000; i++) line.CopyTo(block, i * line.Length);
        for (long written = 0; written < megabytes * 1024L * 1024; written += block.Length) f.Write(block);
    }

    /// <summary>The longest relative path of 60-character folders that makes the full path exceed 300 characters.</summary>
    private static string LongPath(Sandbox box)
    {
        var rel = "";
        while (Path.Combine(box.Vault, rel).Length < 300) rel = Path.Combine(rel, new string('d', 60));
        return Path.Combine(rel, "long-note.md");
    }

    private static readonly string[] EscapeLinks =
    [
        "[[../outside/secret]]", "[x](../outside/secret.md)", "[x](/../../etc/shadow)", "[x](file:///etc/passwd)", "[[../../etc/passwd]]",
        "[[%2e%2e%2foutside%2fsecret]]", "[x](%2e%2e%2foutside%2fsecret.md)", "[x](..%2Foutside%2Fsecret.md)", "![x](../outside/secret.md)", "[[../outside/notes/other]]",
    ];

    public static readonly Dictionary<string, Case> Cases = new()
    {
        ["symlink loops: a -> .., a -> b -> a, a link to /"] = new(box =>
        {
            Write(box, "sub/b.md", "# Bee\n[[alpha]]\n");
            Link(box, "sub/up", "..");
            Link(box, "sub/self", ".");
            Link(box, "loop-a", "loop-b");
            Link(box, "loop-b", "loop-a");
            Link(box, "slash", "/");
            Link(box, "loop.md", "loop.md", folder: false);
        }, ["Alpha", "Bee"], Logs: ["loop"], Then: async s =>
        {
            var refs = await s.Call("textDocument/references", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = s.Uri("alpha.md") }, ["position"] = new JsonObject { ["line"] = 0, ["character"] = 2 },
                ["context"] = new JsonObject { ["includeDeclaration"] = false },
            });
            Assert.Single(Assert.IsType<JsonArray>(refs)); // sub/b.md once, not again through sub/up or sub/self
        }),
        ["symlinks pointing outside the root"] = new(box =>
        {
            Write(box, "alpha.md", "# Alpha\n[[secret]] [[other]]\n");
            Link(box, "out", box.Outside);
            Link(box, "notes", Path.Combine(box.Outside, "notes"));
            Link(box, "secret.md", Path.Combine(box.Outside, "secret.md"), folder: false);
        }, ["Alpha"], Absent: ["Secret", "Other vault"], Logs: ["points outside the vault"], Then: async s =>
        {
            Assert.Empty(await s.DefinitionFiles("alpha.md", 1, 3));
            Assert.Empty(await s.DefinitionFiles("alpha.md", 1, 14));
            var edit = await s.Call("textDocument/rename", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = s.Uri("alpha.md") }, ["position"] = new JsonObject { ["line"] = 0, ["character"] = 3 }, ["newName"] = "beta",
            });
            AssertUrisInside(s, edit);
        }),
        ["an unreadable folder and a 300-character path"] = new(box =>
        {
            Write(box, LongPath(box), "# Deep long\n[[alpha]]\n");
            Write(box, $"{Locked}/inside.md", "# Locked inside\n");
            Write(box, $"{Locked}/sub/deeper.md", "# Locked deeper\n");
            Chmod(Path.Combine(box.Vault, Locked), UnixFileMode.None); // restored by RunAsync
        }, ["Alpha", "Deep long"], Then: async s =>
        {
            var symbols = (await s.Call("workspace/symbol", new JsonObject { ["query"] = "Locked" }) as JsonArray ?? []).Select(x => x!["name"]!.GetValue<string>()).ToList();
            if (CanList(Path.Combine(s.Box.Vault, Locked)))
                Assert.Contains("Locked inside", symbols); // as root permissions do not bind: the walk must simply go on
            else
            {
                Assert.DoesNotContain("Locked inside", symbols);
                Assert.Contains(s.Lsp.Stderr, l => l.Contains("folder skipped", StringComparison.Ordinal));
            }
            Assert.Equal(["alpha.md"], await s.DefinitionFiles(LongPath(s.Box), 1, 3));
        }),
        ["a PNG, random bytes, Latin-1 and UTF-16 named .md"] = new(box =>
        {
            WriteBytes(box, "picture.md", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, .. Encoding.ASCII.GetBytes("# Png\n")]);
            var noise = new byte[8192];
            new Random(22).NextBytes(noise);
            WriteBytes(box, "noise.md", noise);
            WriteBytes(box, "latin.md", [.. "# Caf"u8, 0xE9, .. " cr"u8, 0xE8, .. "me\n[[alpha]]\n"u8]);
            WriteBytes(box, "sixteen-bom.md", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("# Sixteen\n[[alpha]]\n")]);
            WriteBytes(box, "sixteen-bare.md", Encoding.Unicode.GetBytes("# Bare sixteen\n"));
            WriteBytes(box, "sixteen-be.md", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes("# Big endian\n")]);
        }, ["Alpha", "Café crème", "Sixteen", "Big endian"], Absent: ["Png"], Logs: ["picture.md", "noise.md", "latin.md", "sixteen-bare.md"]),
        ["Note.md and note.md, a space, %20 and # in names"] = new(box =>
        {
            Write(box, "Note.md", "# Upper\n");
            Write(box, "note.md", "# Lower\n");
            Write(box, "a b.md", "# Spaced\n");
            Write(box, "c#1.md", "# Hashed\n");
            Write(box, "x%20y.md", "# Percent\n");
            Write(box, "links.md", "[[a b]] [h](c%231.md) [[Note]] [p](x%2520y.md) [s](a%20b.md)\n");
        }, ["Upper", "Lower", "Spaced", "Hashed", "Percent"], Then: async s =>
        {
            Assert.Equal(["a b.md"], await s.DefinitionFiles("links.md", 0, 3));
            Assert.Equal(["c#1.md"], await s.DefinitionFiles("links.md", 0, 10));
            Assert.Equal(["Note.md", "note.md"], await s.DefinitionFiles("links.md", 0, 24));
            Assert.Equal(["x%20y.md"], await s.DefinitionFiles("links.md", 0, 33));
            Assert.Equal(["a b.md"], await s.DefinitionFiles("links.md", 0, 50));
            // Each file is one document: opening it under its URI does not add a second note.
            s.Lsp.Notify("textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = s.Uri("a b.md"), ["languageId"] = "markdown", ["version"] = 1, ["text"] = "# Spaced\n" },
            });
            var spaced = await s.Call("workspace/symbol", new JsonObject { ["query"] = "Spaced" }) as JsonArray;
            Assert.Single(spaced!, x => x!["name"]!.GetValue<string>() == "Spaced");
        }),
        ["a 10 MB and a 100 MB note"] = new(box =>
        {
            WriteHuge(box, "ten.md", "Big ten", 10);
            WriteHuge(box, "hundred.md", "Big hundred", 100);
        }, ["Alpha", "Big ten", "Big hundred"], Logs: ["file truncated", "ten.md", "hundred.md"], Then: async s =>
        {
            // Other requests stay quick with the huge notes in the index.
            var clock = Stopwatch.StartNew();
            var hover = await s.Call("textDocument/hover", Session.At(s.Uri("ten.md"), 1, 17));
            Assert.Contains("Alpha", hover?.ToJsonString() ?? "", StringComparison.Ordinal);
            await s.Call("textDocument/documentSymbol", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = s.Uri("alpha.md") } });
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"requests took {clock.Elapsed.TotalSeconds:F1} s");
        }),
        ["links that climb out of the root"] = new(box =>
        {
            Write(box, "escape.md", string.Concat(EscapeLinks.Select(l => l + "\n")));
        }, ["Alpha"], Absent: ["Secret", "Other vault"], Then: async s =>
        {
            for (int line = 0; line < EscapeLinks.Length; line++)
            {
                Assert.Empty(await s.DefinitionFiles("escape.md", line, 4));
                var hover = (await s.Call("textDocument/hover", Session.At(s.Uri("escape.md"), line, 4)))?.ToJsonString() ?? "";
                Assert.DoesNotContain("Never read", hover, StringComparison.Ordinal);
                Assert.DoesNotContain("Other vault", hover, StringComparison.Ordinal);
            }
            var links = await s.Call("textDocument/documentLink", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = s.Uri("escape.md") } }) as JsonArray;
            foreach (var target in (links ?? []).Select(l => l?["target"]?.GetValue<string>()).OfType<string>().Where(t => t.StartsWith("file:", StringComparison.Ordinal)))
                Assert.StartsWith(s.VaultUri + "/", target, StringComparison.Ordinal);
        }),
    };

    private static void Chmod(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, mode);
    }

    private static bool CanList(string folder)
    {
        try { return Directory.EnumerateFileSystemEntries(folder).Any(); }
        catch (UnauthorizedAccessException) { return false; }
    }

    private static void AssertUrisInside(Session s, JsonNode? edit)
    {
        foreach (var uri in Uris(edit)) Assert.StartsWith(s.VaultUri + "/", uri, StringComparison.Ordinal);
        foreach (var uri in Uris(edit)) Assert.DoesNotContain("/out/", uri, StringComparison.Ordinal);

        static IEnumerable<string> Uris(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var (k, v) in o)
                    {
                        if (k is "uri" or "oldUri" or "newUri" && v is JsonValue) yield return v.GetValue<string>();
                        if (k == "changes" && v is JsonObject changes) foreach (var (u, _) in changes) yield return u;
                        foreach (var u in Uris(v)) yield return u;
                    }
                    break;
                case JsonArray a:
                    foreach (var item in a)
                        foreach (var u in Uris(item)) yield return u;
                    break;
            }
        }
    }

    public static TheoryData<string> Names() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public Task Vault(string name) => RunAsync(name, Cases[name]);

    private const string Locked = "locked";

    [Fact]
    public Task ARenameTouchingAThousandFilesIsOneEditAndWritesNothing() => RunAsync("1,000 backlinks", new(box =>
    {
        Write(box, "target.md", "# Target\n");
        for (int i = 0; i < 1000; i++) Write(box, $"n/{i:D3}.md", $"# N{i}\nsee [[target]] and [[target|the target]]\n");
    }, ["Alpha", "Target"], Then: async s =>
    {
        s.Lsp.Notify("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = s.Uri("n/007.md"), ["languageId"] = "markdown", ["version"] = 7, ["text"] = "# N7\nsee [[target]] and [[target|the target]]\n" },
        });
        var edit = await s.Call("textDocument/rename", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = s.Uri("n/007.md") }, ["position"] = new JsonObject { ["line"] = 1, ["character"] = 7 }, ["newName"] = "goal",
        });
        var changes = Assert.IsType<JsonArray>(edit!["documentChanges"]);
        var docs = changes.Where(c => c!["textDocument"] is not null).ToList();
        Assert.Equal(1000, docs.Select(c => c!["textDocument"]!["uri"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(2000, docs.Sum(c => c!["edits"]!.AsArray().Count));
        Assert.Equal(7, docs.Single(c => c!["textDocument"]!["uri"]!.GetValue<string>() == s.Uri("n/007.md"))!["textDocument"]!["version"]!.GetValue<int>());
        Assert.Single(changes, c => c!["kind"]?.GetValue<string>() == "rename");
        AssertUrisInside(s, edit);
    }));

    [Fact]
    public Task AByteOrderMarkOnDiskDoesNotShiftColumnsOnLineZero() => RunAsync("BOM", new(box =>
    {
        WriteBytes(box, "bom.md", [0xEF, 0xBB, 0xBF, .. "[[alpha]] and [[alpha|A]]\n# Bom\n"u8]);
    }, ["Alpha", "Bom"], Then: async s =>
    {
        async Task<string> Ranges()
        {
            var refs = await s.Call("textDocument/references", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = s.Uri("alpha.md") }, ["position"] = new JsonObject { ["line"] = 0, ["character"] = 2 },
                ["context"] = new JsonObject { ["includeDeclaration"] = false },
            }) as JsonArray;
            return string.Join(" ", refs!.Select(r => $"{r!["range"]!["start"]!["line"]}:{r["range"]!["start"]!["character"]}-{r["range"]!["end"]!["character"]}").Order(StringComparer.Ordinal));
        }
        Assert.Equal("0:0-9 0:14-25", await Ranges()); // from the disk
        Assert.Equal(["alpha.md"], await s.DefinitionFiles("bom.md", 0, 0));
        s.Lsp.Notify("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = s.Uri("bom.md"), ["languageId"] = "markdown", ["version"] = 1, ["text"] = "[[alpha]] and [[alpha|A]]\n# Bom\n" },
        });
        Assert.Equal("0:0-9 0:14-25", await Ranges()); // from the editor's text, which has no BOM
        Assert.Equal(["alpha.md"], await s.DefinitionFiles("bom.md", 0, 0));
    }));

    [Fact]
    public void TheProbeSeesAReadBesideTheVault()
    {
        using var box = new Sandbox("notes-probe");
        using var probe = OutsideReads.Watch(box.Outside);
        if (probe is null)
        {
            // Our CI is Linux, where the probe must work: only another OS may go unchecked.
            Assert.False(OperatingSystem.IsLinux(), $"the inotify probe is off on Linux: {OutsideReads.Unavailable}");
            output.WriteLine($"not checked: {OutsideReads.Unavailable}");
            return;
        }
        Assert.Empty(probe.Drain());
        _ = File.ReadAllText(Path.Combine(box.Outside, "notes", "other.md"));
        Assert.Contains(probe.Drain(), e => e.EndsWith("other.md (open)", StringComparison.Ordinal));
    }

    private async Task RunAsync(string name, Case c)
    {
        using var box = new Sandbox("notes-hostile");
        Write(box, "alpha.md", "# Alpha\n");
        c.Build(box);
        box.SealVault();
        var probe = OutsideReads.Watch(box.Outside);
        var lsp = LspProcess.Start(StdioServer.Path(), box.Vault);
        try
        {
            var clock = Stopwatch.StartNew();
            await lsp.InitializeAsync(box.Vault, StdioServer.Wait);
            var session = new Session(lsp, box);
            async Task<List<string>> Symbols(string query) =>
                [.. (await session.Call("workspace/symbol", new JsonObject { ["query"] = query }) as JsonArray ?? []).Select(s => s!["name"]!.GetValue<string>())];
            await Symbols("");
            Assert.True(clock.Elapsed < Bound, $"{name}: the first answer took {clock.Elapsed.TotalSeconds:F1} s");
            foreach (var title in c.Titles) Assert.True((await Symbols(title)).Contains(title), $"{name}: '{title}' not indexed");
            foreach (var title in c.Absent ?? []) Assert.False((await Symbols(title)).Contains(title), $"{name}: '{title}' indexed");
            if (c.Then is { } then) await then(session);
            foreach (var log in c.Logs ?? []) Assert.True(lsp.Stderr.Any(l => l.Contains(log, StringComparison.Ordinal)), $"{name}: no log line with '{log}':\n{lsp.StderrTail(30)}");

            // Alive, answering a fresh request correctly, and leaving cleanly.
            var alpha = await session.Call("workspace/symbol", new JsonObject { ["query"] = "Alpha" }) as JsonArray;
            Assert.Contains(alpha!, s => s!["location"]!["uri"]!.GetValue<string>() == session.Uri("alpha.md"));
            Assert.DoesNotContain(lsp.ErrorResponses, e => e["error"]?["code"]?.GetValue<int>() == -32603);
            Assert.All(lsp.ResponseCounts, kv => Assert.Equal(1, kv.Value));
            Assert.Equal(0, lsp.UnhandledExceptions);
            Assert.Equal(0, await lsp.ShutdownAsync(StdioServer.Wait));
            Assert.True(clock.Elapsed < 3 * Bound, $"{name}: the session took {clock.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            await lsp.DisposeAsync();
            if (Directory.Exists(Path.Combine(box.Vault, Locked))) Chmod(Path.Combine(box.Vault, Locked), (UnixFileMode)0x1ED); // rwxr-xr-x
        }
        // Nothing beside the vault was opened or read, and nothing anywhere was written.
        if (probe is null) output.WriteLine($"{name}: reads outside the vault not checked: {OutsideReads.Unavailable}");
        else
        {
            using (probe)
            {
                var reads = probe.Drain();
                Assert.True(reads.Count == 0, $"{name}: files outside the vault were read:\n{string.Join("\n", reads)}");
            }
        }
        box.AssertOutsideUnchanged();
        box.AssertVaultUnchanged();
    }
}
