using System.Text;
using System.Text.Json;
using Notes.Core.Text;
using Notes.Lsp.Protocol.JsonRpc;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Tests.Harness;
using Notes.Testing;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;
using Range = Notes.Lsp.Protocol.Lsp.Range;

namespace Notes.Lsp.Server.Tests.Fuzz;

/// <summary>
/// Whole-server fuzzing over the real protocol: random edits (valid and invalid ranges, emoji, CJK, CRLF, link and
/// tag syntax) and random requests (valid ones at random positions, and every method with random JSON params),
/// checking after each step: every request answered, never -32603, and the buffer equal to a replay of the edits.
/// A run is fully determined by its seed, so a failing seed is the saved input.
/// </summary>
public sealed class ServerFuzzer(int seed)
{
    private static readonly string[] Snippets = ["[[", "]]", "#", "#tag", "[[b#", "^", "|", "](", "[x](b.md)", "😀", "中文", "b́", "\r\n", "\n", "$x$", "`", "---\n", " ", "a", "\0", "\ud800"];
    private static readonly string[] Methods =
    [
        "textDocument/completion", "textDocument/definition", "textDocument/references", "textDocument/hover", "textDocument/prepareRename",
        "textDocument/rename", "textDocument/codeAction", "textDocument/documentSymbol", "textDocument/semanticTokens/full", "textDocument/foldingRange",
        "textDocument/documentLink", "textDocument/codeLens", "textDocument/prepareCallHierarchy", "workspace/symbol", "workspace/willRenameFiles",
        "notes/backlinks", "notes/graph", "notes/unlinkedMentions", "completionItem/resolve", "workspace/executeCommand", "textDocument/diagnostic",
    ];

    private readonly Random _rng = new(seed);

    public const string Vault = """
        //- /a.md
        # A
        See [[b]] and [[b#Part|label]] #tag
        //- /b.md
        ---
        aliases: [Bee]
        ---
        # B
        ## Part
        Text ^blk
        """;

    /// <summary>Runs <paramref name="steps"/> steps; returns the first broken invariant, or null.</summary>
    public async Task<string?> RunAsync(int steps)
    {
        await using var h = await LspHarness.StartAsync(Vault);
        await h.Open("a.md");
        var text = h.Text("a.md");
        int version = 1;
        var pending = new List<(string Method, Task Task)>();
        for (int step = 0; step < steps; step++)
        {
            switch (_rng.Next(10))
            {
                case < 5:
                    text = await Edit(h, text, ++version);
                    break;
                case < 8:
                    pending.Add(Request(h, text));
                    break;
                default:
                    pending.Add(Garbage(h));
                    break;
            }
            if (pending.Count >= 8 || step == steps - 1)
            {
                foreach (var (method, task) in pending)
                {
                    try { await task.WaitAsync(LspHarness.Timeout); }
                    catch (JsonRpcRemoteException e) when (e.Code != ErrorCodes.InternalError) { }
                    catch (JsonRpcRemoteException e) { return $"step {step}: {method} answered -32603: {e.Message}"; }
                    catch (TimeoutException) { return $"step {step}: {method} got no answer"; }
                }
                pending.Clear();
                // A barrier: answered only after every earlier notification was applied.
                await h.Request("workspace/symbol", new WorkspaceSymbolParams("a"), Default.WorkspaceSymbolParams, Default.SymbolInformationArray);
                var server = h.Server.Session.Workspace.OpenText(Fixture.FullPath("a.md"));
                if (server is not null && server != text) return $"step {step}: buffer differs from the replay: server {Escape(server)} replay {Escape(text)}; log: {string.Join(" | ", h.Log.Where(l => l.Contains("didChange", StringComparison.Ordinal)).Where(l => !l.Contains("not open", StringComparison.Ordinal)).Take(3))}";
                if (server is null) text = h.Server.Session.Workspace.View.Index[Fixture.FullPath("a.md")]?.Syntax.Text ?? text;
            }
        }
        var faults = h.Log.Where(l => l.Contains("failed:", StringComparison.Ordinal) && l.Contains("Exception", StringComparison.Ordinal)).ToList();
        return faults.Count > 0 ? "handler faults: " + faults[0] : null;
    }

    private async Task<string> Edit(LspHarness h, string text, int version)
    {
        var lines = LineIndex.Create(text);
        if (_rng.Next(20) == 0)
        {
            var full = string.Concat(Enumerable.Range(0, _rng.Next(8)).Select(_ => Snippets[_rng.Next(Snippets.Length)]));
            await h.Change("a.md", version, new TextDocumentContentChangeEvent(OverTheWire(full)));
            return OverTheWire(full);
        }
        int a = Snap(text, _rng.Next(text.Length + 1)), b = Snap(text, Math.Min(text.Length, a + _rng.Next(4)));
        var insert = Snippets[_rng.Next(Snippets.Length)];
        var (pa, pb) = (lines.ToPosition(a), lines.ToPosition(b));
        bool invalid = _rng.Next(15) == 0;
        var range = invalid
            ? new Range(new Position(pa.Line + 50, 0), new Position(pa.Line, 0))
            : new Range(new Position(pa.Line, pa.Character), new Position(pb.Line, pb.Character));
        await h.Change("a.md", version, new TextDocumentContentChangeEvent(OverTheWire(insert), range));
        // An invalid edit drops the buffer (the disk text stands in) until a full text comes: the checker re-reads it.
        return invalid ? text : text[..a] + OverTheWire(insert) + text[b..];
    }

    /// <summary>UTF-8 JSON cannot carry an unpaired surrogate: it arrives as U+FFFD.</summary>
    private static string OverTheWire(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) sb.Append(s, i++, 2);
            else sb.Append(char.IsSurrogate(s[i]) ? '\uFFFD' : s[i]);
        }
        return sb.ToString();
    }

    private static string Escape(string s) => JsonSerializer.Serialize(s, Default.String);

    private static int Snap(string text, int i) =>
        i > 0 && i < text.Length && (char.IsLowSurrogate(text[i]) && char.IsHighSurrogate(text[i - 1]) || text[i] == '\n' && text[i - 1] == '\r') ? i + 1 : i;

    private (string, Task) Request(LspHarness h, string text)
    {
        var lines = LineIndex.Create(text);
        var p = lines.ToPosition(_rng.Next(text.Length + 1));
        var pos = _rng.Next(10) == 0 ? new Position(p.Line + _rng.Next(5), p.Character + _rng.Next(50)) : new Position(p.Line, p.Character);
        var doc = new TextDocumentIdentifier(LspHarness.Uri(_rng.Next(6) == 0 ? "b.md" : "a.md"));
        return _rng.Next(6) switch
        {
            0 => ("completion", h.Request("textDocument/completion", new CompletionParams(doc, pos), Default.CompletionParams, Default.CompletionList)),
            1 => ("definition", h.Request("textDocument/definition", new TextDocumentPositionParams(doc, pos), Default.TextDocumentPositionParams, Default.LocationArray)),
            2 => ("references", h.Request("textDocument/references", new ReferenceParams(doc, pos, new ReferenceContext(true)), Default.ReferenceParams, Default.LocationArray)),
            3 => ("hover", h.Request("textDocument/hover", new TextDocumentPositionParams(doc, pos), Default.TextDocumentPositionParams, Default.Hover)),
            4 => ("rename", h.Request("textDocument/rename", new RenameParams(doc, pos, _rng.Next(2) == 0 ? "new-name" : "../x"), Default.RenameParams, Default.WorkspaceEdit)),
            _ => ("codeAction", h.Request("textDocument/codeAction", new CodeActionParams(doc, new Range(pos, pos), new CodeActionContext([])), Default.CodeActionParams, Default.CodeActionArray)),
        };
    }

    private (string, Task) Garbage(LspHarness h)
    {
        var method = Methods[_rng.Next(Methods.Length)];
        var json = RandomJson(3, topLevel: true);
        var p = JsonDocument.Parse(json).RootElement.Clone();
        return ($"{method} {json}", h.Request(method, (JsonElement?)p, Default.NullableJsonElement, Default.NullableJsonElement));
    }

    private string RandomJson(int depth, bool topLevel = false)
    {
        int kind = topLevel ? _rng.Next(3) : _rng.Next(depth <= 0 ? 5 : 8);
        var uri = JsonSerializer.Serialize(LspHarness.Uri(_rng.Next(2) == 0 ? "a.md" : "zz.md"), Default.String);
        return kind switch
        {
            0 => "{" + string.Join(",", Enumerable.Range(0, _rng.Next(4)).Select(_ => $"\"{Keys[_rng.Next(Keys.Length)]}\":{RandomJson(depth - 1)}")) + "}",
            1 => $"{{\"textDocument\":{{\"uri\":{uri}}},\"position\":{{\"line\":{_rng.Next(-2, 5)},\"character\":{_rng.Next(-2, 40)}}}}}",
            2 => "[" + RandomJson(depth - 1) + "]",
            3 => _rng.Next(-3, 100000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            4 => _rng.Next(3) switch { 0 => "null", 1 => "true", _ => "\"" + Snippets[_rng.Next(Snippets.Length)].Replace("\\", "\\\\").Replace("\r", "\\r").Replace("\n", "\\n").Replace("\0", "\\u0000").Replace("\ud800", "\\uFFFD") + "\"" },
            5 => uri,
            _ => "{" + string.Join(",", Enumerable.Range(0, _rng.Next(4)).Select(_ => $"\"{Keys[_rng.Next(Keys.Length)]}\":{RandomJson(depth - 1)}")) + "}",
        };
    }

    private static readonly string[] Keys = ["textDocument", "uri", "position", "line", "character", "query", "newName", "range", "start", "end", "context", "includeDeclaration", "item", "files", "oldUri", "newUri", "command", "arguments", "data", "label", "depth", "diagnostics"];
}
