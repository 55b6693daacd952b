using System.Text.Json.Nodes;

namespace Notes.Lsp.Stdio;

/// <summary>
/// Random JSON-RPC sessions against <see cref="FuzzVault"/>, one <see cref="Random"/> per seed (so a seed is a
/// reproduction). Message mode: valid messages with random parameters, random incremental edits at random positions
/// (out-of-range ones included), emoji/CJK/CRLF text, mutated parameters, cancellations, and after each burst of edits a
/// comparison of documentSymbol/foldingRange on the edited buffer and on a fresh document opened with the replayed
/// text. Framing mode adds truncated, mislabelled and oversized frames, which desynchronise the stream.
/// </summary>
public sealed class FuzzGenerator(int seed, bool framing)
{
    private static readonly string[] Fragments =
    [
        "[[", "]]", "[[alpha", "[[beta#Part]]", "[[hub|", "|", "#", "#tag", "#greek/", " ", "a", "é", "e\u0301", "😀", "👩‍👩‍👧",
        "中文", "\r\n", "\n", "\r", "# Heading\n", "## Sub\n", "---\n", "title: x\n", "```\n", "$$\n", "](", "(../beta.md)",
        "^block", "- [ ] ", "\t", "\\", "<!-- ", " -->", "\uFEFF", "\u2028", "[[gamma/delta#Part Two]]", "[link](alpha.md#notes)",
    ];

    private static readonly string[] PositionMethods =
    [
        "textDocument/completion", "textDocument/hover", "textDocument/definition", "textDocument/references",
        "textDocument/prepareRename", "textDocument/rename", "textDocument/documentHighlight", "textDocument/prepareCallHierarchy",
    ];

    private static readonly string[] DocumentMethods =
    [
        "textDocument/documentSymbol", "textDocument/foldingRange", "textDocument/semanticTokens/full",
        "textDocument/documentLink", "textDocument/codeLens", "textDocument/codeAction", "textDocument/diagnostic",
    ];

    private sealed class Doc
    {
        public required string Uri;
        public string? Text; // null: the server dropped the buffer after an invalid change; the next change sends it whole
        public int Version = 1;
        public bool Open;
    }

    private readonly Random _rng = new(seed);
    private readonly List<Doc> _docs = [];
    private readonly List<JsonObject> _steps = [];
    private readonly List<string> _recentIds = [];
    private int _id;
    private int _fresh;

    public int Seed { get; } = seed;

    /// <summary>About <paramref name="count"/> steps, a prefix of the session for this seed.</summary>
    public List<JsonObject> Generate(int count)
    {
        _steps.Add(new JsonObject { ["$note"] = $"fuzz seed {Seed} mode {(framing ? "framing" : "messages")}" });
        foreach (var (path, text) in FuzzVault.Files.Take(2)) OpenDoc($"{Transcript.RootToken}/{path}", text);
        while (_steps.Count < count)
        {
            int roll = _rng.Next(100);
            if (roll < 35) Edit();
            else if (roll < 60) PositionRequest();
            else if (roll < 72) DocumentRequest();
            else if (roll < 76) WorkspaceSymbol();
            else if (roll < 80) Cancel();
            else if (roll < 84) OpenOrClose();
            else if (roll < 88) Compare();
            else if (roll < 91) Misc();
            else if (framing) BadFrame();
            else Edit();
        }
        foreach (var doc in _docs.Where(d => d.Open && d.Text is not null).ToList()) CompareDoc(doc);
        return _steps;
    }

    private string NextId() => _rng.Next(4) == 0 ? $"{++_id}" : $"f{++_id}";

    private JsonNode IdNode(string id) => id.StartsWith('f') ? JsonValue.Create(id) : JsonValue.Create(int.Parse(id, System.Globalization.CultureInfo.InvariantCulture) + 100_000);

    private JsonNode Request(string method, JsonNode? @params)
    {
        var id = IdNode(NextId());
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
        if (@params is not null) message["params"] = _rng.Next(12) == 0 ? Mutate(@params) : @params;
        _steps.Add(message);
        _recentIds.Add(id.ToJsonString());
        if (_recentIds.Count > 8) _recentIds.RemoveAt(0);
        return id.DeepClone();
    }

    private void Notify(string method, JsonNode? @params)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (@params is not null) message["params"] = @params;
        _steps.Add(message);
    }

    private void OpenDoc(string uri, string text)
    {
        var doc = _docs.FirstOrDefault(d => d.Uri == uri);
        if (doc is null) _docs.Add(doc = new Doc { Uri = uri });
        doc.Text = text;
        doc.Open = true;
        doc.Version++;
        Notify("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "markdown", ["version"] = doc.Version, ["text"] = text },
        });
    }

    private Doc? PickOpen()
    {
        var open = _docs.Where(d => d.Open).ToList();
        return open.Count == 0 ? null : open[_rng.Next(open.Count)];
    }

    private string RandomText(int pieces)
    {
        var parts = new string[pieces];
        for (int i = 0; i < pieces; i++) parts[i] = Fragments[_rng.Next(Fragments.Length)];
        return string.Concat(parts);
    }

    private (int Line, int Character) RandomPosition(string? text)
    {
        var starts = TextModel.LineStarts(text ?? "");
        int roll = _rng.Next(100);
        if (roll < 2) return (-1, 0);
        if (roll < 5) return (starts.Count + _rng.Next(3), _rng.Next(5)); // past the end
        if (roll < 8) return (_rng.Next(starts.Count), int.MaxValue);
        int line = _rng.Next(starts.Count);
        int length = TextModel.LineLength(text ?? "", starts, line);
        return (line, _rng.Next(length + (roll < 15 ? 6 : 1)));
    }

    private static JsonObject Position((int Line, int Character) p) => new() { ["line"] = p.Line, ["character"] = p.Character };

    private JsonObject TextDocument(Doc doc) => new() { ["uri"] = doc.Uri };

    private void Edit()
    {
        var doc = PickOpen();
        if (doc is null)
        {
            OpenOrClose();
            return;
        }
        var changes = new JsonArray();
        if (doc.Text is null || _rng.Next(40) == 0)
        {
            doc.Text = RandomText(_rng.Next(1, 30));
            changes.Add(new JsonObject { ["text"] = doc.Text });
        }
        else
        {
            int n = _rng.Next(1, 5);
            for (int i = 0; i < n; i++)
            {
                var a = RandomPosition(doc.Text);
                var b = _rng.Next(3) == 0 ? a : RandomPosition(doc.Text);
                if (_rng.Next(10) != 0 && (b.Line < a.Line || (b.Line == a.Line && b.Character < a.Character))) (a, b) = (b, a);
                string insert = _rng.Next(3) == 0 ? "" : RandomText(_rng.Next(1, 4));
                changes.Add(new JsonObject
                {
                    ["range"] = new JsonObject { ["start"] = Position(a), ["end"] = Position(b) },
                    ["text"] = insert,
                });
                doc.Text = doc.Text is null ? null : TextModel.Apply(doc.Text, a.Line, a.Character, b.Line, b.Character, insert);
            }
        }
        doc.Version++;
        Notify("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = doc.Uri, ["version"] = doc.Version },
            ["contentChanges"] = changes,
        });
    }

    private void PositionRequest()
    {
        var doc = PickOpen() ?? _docs[0];
        var method = PositionMethods[_rng.Next(PositionMethods.Length)];
        var p = new JsonObject { ["textDocument"] = TextDocument(doc), ["position"] = Position(RandomPosition(doc.Text)) };
        if (method == "textDocument/references") p["context"] = new JsonObject { ["includeDeclaration"] = _rng.Next(2) == 0 };
        if (method == "textDocument/rename") p["newName"] = new[] { "renamed", "", "a/b", "😀 x", "../up", "Alpha", "x#y" }[_rng.Next(7)];
        if (method == "textDocument/completion" && _rng.Next(2) == 0)
            p["context"] = new JsonObject { ["triggerKind"] = 2, ["triggerCharacter"] = "[" };
        Request(method, p);
    }

    private void DocumentRequest()
    {
        var doc = _rng.Next(10) == 0 ? new Doc { Uri = $"{Transcript.RootToken}/nowhere-{_rng.Next(3)}.md" } : PickOpen() ?? _docs[0];
        var method = DocumentMethods[_rng.Next(DocumentMethods.Length)];
        var p = new JsonObject { ["textDocument"] = TextDocument(doc) };
        if (method == "textDocument/codeAction")
        {
            p["range"] = new JsonObject { ["start"] = Position(RandomPosition(doc.Text)), ["end"] = Position(RandomPosition(doc.Text)) };
            p["context"] = new JsonObject { ["diagnostics"] = new JsonArray() };
        }
        Request(method, p);
    }

    private void WorkspaceSymbol() =>
        Request("workspace/symbol", new JsonObject { ["query"] = new[] { "", "a", "alp", "😀", "中", "[[", "#" }[_rng.Next(7)] });

    private void Cancel()
    {
        if (_recentIds.Count == 0) return;
        Notify("$/cancelRequest", new JsonObject { ["id"] = JsonNode.Parse(_recentIds[_rng.Next(_recentIds.Count)]) });
    }

    private void OpenOrClose()
    {
        var open = PickOpen();
        if (open is not null && _rng.Next(3) == 0)
        {
            open.Open = false;
            Notify("textDocument/didClose", new JsonObject { ["textDocument"] = TextDocument(open) });
            return;
        }
        if (_rng.Next(2) == 0)
        {
            var (path, text) = FuzzVault.Files.ElementAt(_rng.Next(FuzzVault.Files.Count));
            var uri = $"{Transcript.RootToken}/{path}";
            if (!_docs.Any(d => d.Open && d.Uri == uri)) OpenDoc(uri, text);
        }
        else
        {
            var uri = $"{Transcript.RootToken}/new-{_rng.Next(4)}.md";
            if (!_docs.Any(d => d.Open && d.Uri == uri)) OpenDoc(uri, RandomText(_rng.Next(0, 20)));
        }
    }

    private void Compare()
    {
        var doc = PickOpen();
        if (doc?.Text is not null) CompareDoc(doc);
    }

    private void CompareDoc(Doc doc)
    {
        var replay = new Doc { Uri = $"{Transcript.RootToken}/replay-{++_fresh}.md" };
        _docs.Add(replay);
        OpenDoc(replay.Uri, doc.Text!);
        foreach (var method in new[] { "textDocument/documentSymbol", "textDocument/foldingRange" })
        {
            var a = RequestExact(method, new JsonObject { ["textDocument"] = TextDocument(doc) });
            var b = RequestExact(method, new JsonObject { ["textDocument"] = TextDocument(replay) });
            _steps.Add(new JsonObject { ["$compare"] = new JsonArray(a, b) });
        }
        replay.Open = false;
        Notify("textDocument/didClose", new JsonObject { ["textDocument"] = TextDocument(replay) });
    }

    /// <summary>A request whose parameters are never mutated (comparisons).</summary>
    private JsonNode RequestExact(string method, JsonObject p)
    {
        var id = JsonValue.Create($"f{++_id}");
        _steps.Add(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = p });
        return id.DeepClone();
    }

    private void Misc()
    {
        switch (_rng.Next(7))
        {
            case 0: Request("notes/noSuchMethod", new JsonObject()); break;
            case 1: Notify("$/noSuchNotification", new JsonObject { ["x"] = 1 }); break;
            case 2: Notify("workspace/didChangeConfiguration", new JsonObject { ["settings"] = new JsonObject() }); break;
            case 3:
                Notify("workspace/didChangeWatchedFiles", new JsonObject
                {
                    ["changes"] = new JsonArray(new JsonObject { ["uri"] = $"{Transcript.RootToken}/ghost-{_rng.Next(3)}.md", ["type"] = 1 + _rng.Next(3) }),
                });
                break;
            case 4:
                var doc = PickOpen() ?? _docs[0];
                Notify("textDocument/didSave", new JsonObject { ["textDocument"] = TextDocument(doc), ["text"] = doc.Text ?? "" });
                break;
            case 5: Request("completionItem/resolve", new JsonObject { ["label"] = RandomText(2), ["data"] = Mutate(new JsonObject { ["x"] = 1 }) }); break;
            default: Request("textDocument/hover", RandomValue(2)); break;
        }
    }

    /// <summary>The same parameters with one node somewhere replaced by a random JSON value.</summary>
    private JsonNode Mutate(JsonNode node)
    {
        var copy = node.DeepClone();
        var containers = new List<JsonNode> { copy };
        for (int i = 0; i < containers.Count; i++)
        {
            if (containers[i] is JsonObject o) containers.AddRange(o.Select(kv => kv.Value).OfType<JsonNode>().Where(v => v is JsonObject or JsonArray));
            else if (containers[i] is JsonArray a) containers.AddRange(a.OfType<JsonNode>().Where(v => v is JsonObject or JsonArray));
        }
        var target = containers[_rng.Next(containers.Count)];
        if (target is JsonObject obj && obj.Count > 0)
        {
            var key = obj.ElementAt(_rng.Next(obj.Count)).Key;
            if (_rng.Next(4) == 0) obj.Remove(key);
            else obj[key] = RandomValue(1);
        }
        else if (target is JsonArray arr)
        {
            arr.Add(RandomValue(1));
        }
        return copy;
    }

    private JsonNode? RandomValue(int depth) => _rng.Next(depth > 0 ? 9 : 7) switch
    {
        0 => null,
        1 => JsonValue.Create(_rng.Next(-3, 3)),
        2 => JsonValue.Create(long.MaxValue),
        3 => JsonValue.Create(1.5),
        4 => JsonValue.Create(RandomText(1)),
        5 => JsonValue.Create(_rng.Next(2) == 0),
        6 => JsonValue.Create(""),
        7 => new JsonArray(RandomValue(depth - 1), RandomValue(depth - 1)),
        _ => new JsonObject { ["line"] = RandomValue(depth - 1), ["uri"] = RandomValue(depth - 1) },
    };

    /// <summary>Framing mode: a frame that is wrong on the wire.</summary>
    private void BadFrame()
    {
        string body = $"{{\"jsonrpc\":\"2.0\",\"id\":\"raw{++_id}\",\"method\":\"workspace/symbol\",\"params\":{{\"query\":\"a\"}}}}";
        int length = System.Text.Encoding.UTF8.GetByteCount(body);
        string raw = _rng.Next(12) switch
        {
            0 => $"Content-Length: {length - _rng.Next(1, 20)}\r\n\r\n{body}",
            1 => $"Content-Length: {length + _rng.Next(1, 20)}\r\n\r\n{body}",
            2 => $"Content-Length: abc\r\n\r\n{body}",
            3 => $"Content-Length: -5\r\n\r\n{body}",
            // (An oversized length is skipped by its length, swallowing what follows: TransportTranscriptTests covers it.)
            4 => $"content-LENGTH: {length}\r\n\r\n{body}",
            5 => $"Content-Type: application/json\r\n\r\n{body}",
            6 => $"Content-Length: {length}\n\n{body}",
            7 => $"X-Unknown: 1\r\nContent-Length: {length}\r\nContent-Type: x\r\n\r\n{body}",
            8 => "Content-Len",
            9 => RandomText(3),
            10 => $"Content-Length: 2\r\n\r\n[]",
            _ => $"Content-Length: {length}\r\n\r\n{body[..(length / 2)]}",
        };
        _steps.Add(new JsonObject { ["$raw"] = raw });
    }
}
