using System.Text.Json.Nodes;

namespace Notes.Bench.Lsp;

/// <summary>Parameters of the LSP messages the benchmarks send.</summary>
public static class Messages
{
    public static JsonObject Pos(int line, int character) => new() { ["line"] = line, ["character"] = character };

    public static JsonObject DidOpen(string uri, string text, int version = 1) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "markdown", ["version"] = version, ["text"] = text },
    };

    /// <summary>One incremental change inserting <paramref name="text"/> at (line, character).</summary>
    public static JsonObject Insert(string uri, int version, int line, int character, string text) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
        ["contentChanges"] = new JsonArray(new JsonObject
        {
            ["range"] = new JsonObject { ["start"] = Pos(line, character), ["end"] = Pos(line, character) },
            ["text"] = text,
        }),
    };

    public static JsonObject At(string uri, int line, int character) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri },
        ["position"] = Pos(line, character),
    };

    public static JsonObject Completion(string uri, int line, int character)
    {
        var p = At(uri, line, character);
        p["context"] = new JsonObject { ["triggerKind"] = 1 };
        return p;
    }

    public static JsonObject References(string uri, int line, int character)
    {
        var p = At(uri, line, character);
        p["context"] = new JsonObject { ["includeDeclaration"] = false };
        return p;
    }

    /// <summary>The (line, character) of the first occurrence of <paramref name="needle"/>, UTF-16, or null.</summary>
    public static (int Line, int Character)? Find(string text, string needle)
    {
        int offset = text.IndexOf(needle, StringComparison.Ordinal);
        if (offset < 0) return null;
        int line = 0, lineStart = 0;
        for (int i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return (line, offset - lineStart);
    }

    /// <summary>Items of a completion answer (a list or a CompletionList).</summary>
    public static int CompletionCount(JsonNode? result) => result switch
    {
        JsonArray a => a.Count,
        JsonObject o => (o["items"] as JsonArray)?.Count ?? 0,
        _ => 0,
    };

    /// <summary>Text edits in a WorkspaceEdit (changes or documentChanges).</summary>
    public static (int Files, int Edits) EditCount(JsonNode? edit)
    {
        int files = 0, edits = 0;
        if (edit?["changes"] is JsonObject changes)
        {
            foreach (var (_, v) in changes)
            {
                files++;
                edits += (v as JsonArray)?.Count ?? 0;
            }
        }
        if (edit?["documentChanges"] is JsonArray docs)
        {
            foreach (var d in docs)
            {
                if (d?["edits"] is JsonArray e)
                {
                    files++;
                    edits += e.Count;
                }
            }
        }
        return (files, edits);
    }
}
