using System.Text.Json;
using Notes.Core.Features;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Hosting;
using Notes.Lsp.Server.Protocol;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Handlers;

/// <summary>Wikilink, heading, block, label, path, tag and citation-key completion; previews come lazily through resolve.</summary>
public sealed class CompletionHandler : IHandler
{
    public void Register(ServerSession s)
    {
        s.Read("textDocument/completion", Default.CompletionParams, Default.CompletionList, (p, view, ct) =>
        {
            if (Proto.Note(view, p.TextDocument) is not { } note) return new CompletionList(false, []);
            var result = Completion.Complete(view.Index, note, Proto.Offset(note, p.Position, view.Encoding), view.Config, ct: ct);
            var items = result.Items.Select(c => new CompletionItem
            {
                Label = c.Label,
                Kind = KindOf(c.Kind),
                Detail = c.Detail,
                FilterText = c.FilterText,
                SortText = c.Rank.ToString("D6", System.Globalization.CultureInfo.InvariantCulture),
                TextEdit = new TextEdit(Proto.Range(note, c.Replace, view.Encoding), c.InsertText),
                // A note's preview and a citation's full reference come lazily, through resolve.
                Documentation = c.Documentation is { } doc ? MarkupContent.Markdown(doc) : null,
                Data = c.NotePath is null ? null
                    : JsonSerializer.SerializeToElement(new CompletionData(c.NotePath, c.Kind == CompletionKind.Citation ? c.Label : null), NotesJsonContext.Default.CompletionData),
            }).ToArray();
            return new CompletionList(result.IsIncomplete, items);
        });
        s.Read("completionItem/resolve", Default.CompletionItem, Default.CompletionItem, (item, view, ct) =>
        {
            // Data we did not make (another server's, or a client's mistake) leaves the item as it came.
            if (CompletionData.From(item.Data) is not { Path: { } path } data) return item;
            if (data.Key is { } key)
                return CitationFeatures.Documentation(view.Index, path, key) is { } reference ? item with { Documentation = MarkupContent.Markdown(reference) } : item;
            if (view.Index[path] is not { } target) return item;
            var preview = $"**{target.Title}**  \n`{target.RelativePath}`" + (target.Syntax.FirstParagraph is { Length: > 0 } first ? "\n\n---\n\n" + first : "");
            return item with { Documentation = MarkupContent.Markdown(preview) };
        });
    }

    private static int KindOf(CompletionKind k) => k switch
    {
        CompletionKind.Note or CompletionKind.Alias => CompletionItemKind.File,
        CompletionKind.Heading or CompletionKind.Block => CompletionItemKind.Reference,
        CompletionKind.Label => CompletionItemKind.Text,
        CompletionKind.Tag => CompletionItemKind.Keyword,
        CompletionKind.Citation => CompletionItemKind.Reference,
        _ => CompletionItemKind.File,
    };
}
