using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Notes.Lsp.Protocol.JsonRpc;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Protocol;
using Notes.Testing;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Tests;

/// <summary>
/// The published server as a real process over stdio, on a copy of the bundled example vault: each mission
/// feature once, the way an editor would ask. (`scripts/test.sh` publishes to artifacts/server before testing.)
/// </summary>
public sealed partial class StdioFeatureTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, Diagnostic[]> _diagnostics = new();
    private readonly Sandbox _sandbox = new("notes-stdio");
    private string _vault = "";
    private Process _process = null!;
    private JsonRpcConnection _rpc = null!;

    public static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Notes.Lsp.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        return dir;
    }

    public async Task InitializeAsync()
    {
        var repo = RepoRoot();
        _vault = _sandbox.Vault;
        CopyDirectory(Path.Combine(repo, "examples", "research-notes"), _vault);
        File.WriteAllText(Path.Combine(_vault, "escape.md"), "# Escape\n[[../outside/secret]] [x](../outside/secret.md) [y](file:///etc/passwd)\n");
        // Front matter only YamlDotNet reads (a folded title, an anchor and its alias): the fallback path, in whatever build runs.
        File.WriteAllText(Path.Combine(_vault, "yaml-heavy.md"), "---\ntitle: >\n  Folded Zebra\n  Title\nbase: &b Quagga Alias\naliases:\n  - *b\n---\nBody.\n");
        // Issue 17: a template folder named by Obsidian's own settings, and a name two folders share.
        foreach (var (rel, content) in TemplateAndSharedNameFiles) WriteVaultFile(rel, content);
        _sandbox.SealVault();
        _process = Process.Start(Stdio.StdioServer.StartInfo("--stdio"))!;
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _rpc = JsonRpcConnection.FromStreams(_process.StandardOutput.BaseStream, _process.StandardInput.BaseStream);
        _rpc.OnNotification("textDocument/publishDiagnostics", Default.PublishDiagnosticsParams, p =>
        {
            _diagnostics[Path.GetFileName(Uri.UnescapeDataString(p.Uri))] = p.Diagnostics;
            return Task.CompletedTask;
        });
        _rpc.OnNotification("notes/status", NotesJsonContext.Default.StatusParams, _ => Task.CompletedTask);
        _rpc.OnNotification("window/logMessage", Default.LogMessageParams, _ => Task.CompletedTask);
        _rpc.Start();
        await _rpc.SendRequestAsync("initialize", new InitializeParams { ProcessId = Environment.ProcessId, RootUri = Proto.Uri(_vault), Capabilities = new ClientCapabilities() },
            Default.InitializeParams, Default.InitializeResult).WaitAsync(Timeout);
        await _rpc.SendNotificationAsync("initialized", new InitializedParams(), Default.InitializedParams);
    }

    public async Task DisposeAsync()
    {
        try
        {
            await _rpc.SendRequestAsync("shutdown", (JsonElement?)null, Default.NullableJsonElement, Default.NullableJsonElement).WaitAsync(Timeout);
            await _rpc.SendNotificationAsync("exit", (JsonElement?)null, Default.NullableJsonElement);
            await _process.WaitForExitAsync().WaitAsync(Timeout);
            Assert.Equal(0, _process.ExitCode);
        }
        finally
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _rpc.DisposeAsync();
            try
            {
                _sandbox.AssertVaultUnchanged(); // the server never writes files itself
                _sandbox.AssertOutsideUnchanged();
            }
            finally { _sandbox.Dispose(); }
        }
    }

    private static readonly (string Path, string Text)[] TemplateAndSharedNameFiles =
    [
        (".obsidian/templates.json", """{"folder": "Templates", "dateFormat": "YYYY-MM-DD"}"""),
        ("Templates/Reading.md", "# {{title}}\nBackground: [[bitter-lesson]]; next: [[project-fairness]] and [[{{date}}]].\n"),
        ("a/Security and privacy.md", "# Security and privacy (a)\n"),
        ("b/Security and privacy.md", "# Security and privacy (b)\n"),
        ("a/threat model.md", "See [[Security and privacy]].\n"),
        ("c/shared name.md", "See [[Security and privacy]].\n"),
    ];

    private void WriteVaultFile(string relative, string text)
    {
        var path = Path.Combine(_vault, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(dir.Replace(from, to));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories)) File.Copy(file, file.Replace(from, to));
    }

    private TextDocumentIdentifier Doc(string name) => new(Proto.Uri(Path.Combine(_vault, name)));

    private async Task<Position> Find(string name, string needle, int delta)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(_vault, name));
        int i = text.IndexOf(needle, StringComparison.Ordinal) + delta;
        var lines = text[..i].Split('\n');
        return new Position(lines.Length - 1, lines[^1].Length);
    }

    [Fact]
    public async Task TemplatesAndSharedNamesOverStdio()
    {
        // The scan is done once the note with no neighbour of the shared name has its ambiguity pushed, and the
        // vault's own broken link its warning.
        var deadline = DateTime.UtcNow + Timeout;
        while (!(_diagnostics.TryGetValue("shared name.md", out var ds) && ds.Any(d => d.Code == "ambiguous-link")
            && _diagnostics.TryGetValue("deep-learning-next-steps.md", out var other) && other.Any(d => d.Code == "broken-link")))
        {
            Assert.True(DateTime.UtcNow < deadline, "no ambiguous-link diagnostic for c/shared name.md");
            await Task.Delay(50);
        }
        // The template's broken link is not reported (a template is not a note); the neighbour's link is not ambiguous.
        Assert.DoesNotContain(_diagnostics.GetValueOrDefault("Reading.md") ?? [], d => d.Code == "broken-link");
        Assert.Empty(_diagnostics.GetValueOrDefault("threat model.md") ?? []);

        // Its link to bitter-lesson is no backlink (asked from a link to bitter-lesson).
        var refs = await _rpc.SendRequestAsync("textDocument/references",
            new ReferenceParams(Doc("scaling-laws.md"), await Find("scaling-laws.md", "[[bitter-lesson", 4), new ReferenceContext(false)),
            Default.ReferenceParams, Default.LocationArray).WaitAsync(Timeout);
        Assert.Contains(refs, r => r.Uri.EndsWith("/grokking.md", StringComparison.Ordinal));
        Assert.DoesNotContain(refs, r => r.Uri.EndsWith("/Reading.md", StringComparison.Ordinal));

        // Hover says so: in the template, and on the link beside its target.
        var inTemplate = await _rpc.SendRequestAsync("textDocument/hover",
            new TextDocumentPositionParams(Doc("Templates/Reading.md"), await Find("Templates/Reading.md", "[[bitter", 4)),
            Default.TextDocumentPositionParams, Default.Hover).WaitAsync(Timeout);
        Assert.StartsWith("*This file is a template", inTemplate!.Contents.Value, StringComparison.Ordinal);
        var beside = await _rpc.SendRequestAsync("textDocument/hover",
            new TextDocumentPositionParams(Doc("a/threat model.md"), new Position(0, 8)),
            Default.TextDocumentPositionParams, Default.Hover).WaitAsync(Timeout);
        Assert.Contains("Resolved to the note beside this one; another note of that name is in `b/`", beside!.Contents.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheExampleVaultsFiguresAreFoundAndOpened()
    {
        // Once the vault's own broken link is pushed, the scan is done: no figure, PDF or SVG it embeds is a problem.
        var deadline = DateTime.UtcNow + Timeout;
        while (!(_diagnostics.TryGetValue("deep-learning-next-steps.md", out var ds) && ds.Any(d => d.Code == "broken-link")))
        {
            Assert.True(DateTime.UtcNow < deadline, "the vault's broken link was never pushed");
            await Task.Delay(50);
        }
        await Task.Delay(200);
        Assert.DoesNotContain(_diagnostics.Values.SelectMany(d => d), d => d.Message.StartsWith("No file", StringComparison.Ordinal));
        foreach (var (note, embed, file) in new[]
        {
            ("overfitting.md", "![[loss-curve", "figures/loss-curve.png"),
            ("grokking.md", "![the two", "figures/grokking phases.svg"),
            ("papers/attention-is-all-you-need.md", "![[vaswani", "papers/vaswani2017-card.pdf"),
        })
        {
            var defs = await _rpc.SendRequestAsync("textDocument/definition",
                new TextDocumentPositionParams(Doc(note), await Find(note, embed, 4)), Default.TextDocumentPositionParams, Default.LocationArray).WaitAsync(Timeout);
            Assert.Equal(Proto.Uri(Path.Combine(_vault, file)), Assert.Single(defs).Uri);
        }
    }

    [Fact]
    public async Task TheMissionOverStdio()
    {
        // Definition: [[bitter-lesson#^key-claim]] in scaling-laws.md goes to the block in bitter-lesson.md.
        var defs = await _rpc.SendRequestAsync("textDocument/definition",
            new TextDocumentPositionParams(Doc("scaling-laws.md"), await Find("scaling-laws.md", "[[bitter-lesson", 4)),
            Default.TextDocumentPositionParams, Default.LocationArray).WaitAsync(Timeout);
        var def = Assert.Single(defs);
        Assert.EndsWith("/bitter-lesson.md", def.Uri, StringComparison.Ordinal);
        Assert.Equal(5, def.Range.Start.Line);

        // Backlinks of bitter-lesson, asked from a link to it: from grokking and scaling-laws at least.
        var refs = await _rpc.SendRequestAsync("textDocument/references",
            new ReferenceParams(Doc("scaling-laws.md"), await Find("scaling-laws.md", "[[bitter-lesson", 4), new ReferenceContext(false)),
            Default.ReferenceParams, Default.LocationArray).WaitAsync(Timeout);
        Assert.Contains(refs, r => r.Uri.EndsWith("/grokking.md", StringComparison.Ordinal));
        Assert.Contains(refs, r => r.Uri.EndsWith("/scaling-laws.md", StringComparison.Ordinal));

        // Completion after typing [[gr in an open note.
        var uri = Doc("toread.md");
        var text = await File.ReadAllTextAsync(Path.Combine(_vault, "toread.md")) + "\n[[gr";
        await _rpc.SendNotificationAsync("textDocument/didOpen", new DidOpenTextDocumentParams(new TextDocumentItem(uri.Uri, "markdown", 1, text)), Default.DidOpenTextDocumentParams);
        var lines = text.Split('\n');
        var list = await _rpc.SendRequestAsync("textDocument/completion", new CompletionParams(uri, new Position(lines.Length - 1, 4), null),
            Default.CompletionParams, Default.CompletionList).WaitAsync(Timeout);
        Assert.Contains(list.Items, i => i.TextEdit!.NewText.StartsWith("grokking", StringComparison.Ordinal));

        // Links out of the vault lead nowhere and are never read.
        foreach (var column in new[] { 4, 30, 62 })
        {
            var none = await _rpc.SendRequestAsync("textDocument/definition", new TextDocumentPositionParams(Doc("escape.md"), new Position(1, column)),
                Default.TextDocumentPositionParams, Default.LocationArray).WaitAsync(Timeout);
            Assert.Empty(none);
        }

        // The YAML that the simple reader declines is read by YamlDotNet: title folded, alias through the anchor.
        var symbols = await _rpc.SendRequestAsync("workspace/symbol", new WorkspaceSymbolParams("Folded Zebra"),
            Default.WorkspaceSymbolParams, Default.SymbolInformationArray).WaitAsync(Timeout);
        Assert.Contains(symbols!, sym => sym.Name == "Folded Zebra Title" && sym.Location.Uri.EndsWith("/yaml-heavy.md", StringComparison.Ordinal));
        var probe = Doc("probe.md");
        await _rpc.SendNotificationAsync("textDocument/didOpen", new DidOpenTextDocumentParams(new TextDocumentItem(probe.Uri, "markdown", 1, "[[Quagga Alias]]\n")), Default.DidOpenTextDocumentParams);
        var aliased = await _rpc.SendRequestAsync("textDocument/definition", new TextDocumentPositionParams(probe, new Position(0, 4)),
            Default.TextDocumentPositionParams, Default.LocationArray).WaitAsync(Timeout);
        Assert.EndsWith("/yaml-heavy.md", Assert.Single(aliased).Uri, StringComparison.Ordinal);

        // Diagnostics: the broken [[project-fairness]] link is pushed.
        var deadline = DateTime.UtcNow + Timeout;
        while (!(_diagnostics.TryGetValue("deep-learning-next-steps.md", out var ds) && ds.Any(d => d.Code == "broken-link")))
        {
            Assert.True(DateTime.UtcNow < deadline, "no broken-link diagnostic for deep-learning-next-steps.md");
            await Task.Delay(50);
        }
    }
}
