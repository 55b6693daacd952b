using Notes.Lsp.Protocol.Lsp;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Bench.Lsp;

/// <summary>A document the benchmark client has open: its text and version, edited with incremental changes.</summary>
public sealed class OpenDocument
{
    private readonly ServerProcess _server;

    public string Path { get; }
    public string Uri { get; }
    public string Name => System.IO.Path.GetFileName(Path);
    public string Text { get; private set; }
    public int Version { get; private set; } = 1;

    private OpenDocument(ServerProcess server, string path, string text)
    {
        _server = server;
        Path = path;
        Uri = ServerProcess.Uri(path);
        Text = text;
    }

    public static async Task<OpenDocument> OpenAsync(ServerProcess server, string path) => await OpenAsync(server, path, await File.ReadAllTextAsync(path));

    /// <summary>Opens <paramref name="path"/> with <paramref name="text"/> (the file need not exist: open documents win over the disk).</summary>
    public static async Task<OpenDocument> OpenAsync(ServerProcess server, string path, string text)
    {
        var doc = new OpenDocument(server, path, text);
        await server.Rpc.SendNotificationAsync("textDocument/didOpen", new DidOpenTextDocumentParams(new TextDocumentItem(doc.Uri, "markdown", doc.Version, doc.Text)),
            Default.DidOpenTextDocumentParams);
        return doc;
    }

    public TextDocumentIdentifier Id => new(Uri);

    /// <summary>Replaces <paramref name="length"/> characters at <paramref name="offset"/> and sends the change; returns the new version.</summary>
    public async Task<int> ReplaceAsync(int offset, int length, string newText)
    {
        var start = PositionAt(offset);
        var kept = _known; // the text before offset does not change
        var range = new Notes.Lsp.Protocol.Lsp.Range(start, PositionAt(offset + length));
        Text = string.Concat(Text.AsSpan(0, offset), newText, Text.AsSpan(offset + length));
        _known = kept;
        Version++;
        await _server.Rpc.SendNotificationAsync("textDocument/didChange",
            new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(Uri, Version), [new TextDocumentContentChangeEvent(newText, range)]),
            Default.DidChangeTextDocumentParams);
        return Version;
    }

    // The position of an offset in the text's unchanged prefix, where the next search starts: typing at the end of a
    // 400 KB note must not cost the client a scan of the whole text per keystroke (it would be timed as the server's).
    private (int Offset, int Line, int LineStart) _known;

    public Position PositionAt(int offset)
    {
        var (from, line, lineStart) = _known.Offset <= offset ? _known : (0, 0, 0);
        for (int i = from; i < offset; i++)
        {
            if (Text[i] == '\n') { line++; lineStart = i + 1; }
        }
        _known = (offset, line, lineStart);
        return new Position(line, offset - lineStart);
    }

    /// <summary>The LSP position (UTF-16, the default encoding) of an offset.</summary>
    public static Position PositionAt(string text, int offset)
    {
        int line = 0, lineStart = 0;
        for (int i = 0; i < offset; i++)
        {
            if (text[i] == '\n') { line++; lineStart = i + 1; }
        }
        return new Position(line, offset - lineStart);
    }
}
