using Notes.Lsp.Protocol.Lsp;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Bench.Lsp;

/// <summary>
/// The keystroke the <c>lsp</c> and <c>tail</c> benchmarks time: in an open note ending in <c>See [[xy</c>, the two
/// characters after <c>[[</c> are replaced (one didChange) and completion is asked at the end (one request); <c>cite</c>
/// types the same way after <c>[@</c>.
/// </summary>
public sealed class CompletionTyping
{
    public static readonly string[] Prefixes = ["at", "tr", "gr", "op", "pr", "em", "di", "ba", "ke", "ca", "sp", "sc", "to", "en", "ma", "cu", "re", "co", "me", "po", "al", "be", "qu", "au", "dr"];
    private readonly ServerProcess _server;

    private readonly string[] _prefixes;

    private CompletionTyping(ServerProcess server, OpenDocument doc, string[] prefixes)
    {
        _server = server;
        Document = doc;
        _prefixes = prefixes;
    }

    public OpenDocument Document { get; }

    public static async Task<CompletionTyping> StartAsync(ServerProcess server, BenchVault vault) =>
        await StartAsync(server, await OpenDocument.OpenAsync(server, LspBenchmark.EditedNote(vault)));

    /// <summary>Starts typing at the end of <paramref name="doc"/>, already open: after <paramref name="opening"/> (<c>See [[</c>), two characters from <paramref name="prefixes"/> at a time.</summary>
    public static async Task<CompletionTyping> StartAsync(ServerProcess server, OpenDocument doc, string opening = "See [[", string[]? prefixes = null)
    {
        prefixes ??= Prefixes;
        await doc.ReplaceAsync(doc.Text.Length, 0, "\n\n" + opening + prefixes[0]);
        return new CompletionTyping(server, doc, prefixes);
    }

    /// <summary>Keystroke <paramref name="i"/> and its completion; returns the number of items.</summary>
    public async Task<int> StepAsync(int i)
    {
        var doc = Document;
        await doc.ReplaceAsync(doc.Text.Length - 2, 2, _prefixes[i % _prefixes.Length]);
        var list = await _server.Rpc.SendRequestAsync("textDocument/completion", new CompletionParams(doc.Id, doc.PositionAt(doc.Text.Length), new CompletionContext(1)),
            Default.CompletionParams, Default.CompletionList);
        return list?.Items.Length ?? 0;
    }
}
