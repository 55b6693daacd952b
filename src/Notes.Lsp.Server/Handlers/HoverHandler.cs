using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Hosting;
using Notes.Lsp.Server.Protocol;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Handlers;

/// <summary>Previews of links (target, how it resolved, first paragraph or section, backlinks) and tags.</summary>
public sealed class HoverHandler : IHandler
{
    public void Register(ServerSession s) =>
        s.Read("textDocument/hover", Default.TextDocumentPositionParams, Default.Hover, (p, view, ct) =>
            Proto.Note(view, p.TextDocument) is { } note
            && Core.Features.Hover.At(view.Index, note, Proto.Offset(note, p.Position, view.Encoding), ct, Proto.Uri) is { } info
                ? new Hover(MarkupContent.Markdown(info.Markdown), Proto.Range(note, info.Span, view.Encoding))
                // on an entry of an open bibliography: the reference as the notes see it, who cites it, its literature note
                : Proto.BibliographyKeyAt(s.Bibliographies, p.TextDocument, p.Position, view.Encoding) is { } entry
                  && Core.Features.CitationFeatures.EntryHover(view.Index, entry.Path, entry.Key) is { } markdown
                    ? new Hover(MarkupContent.Markdown(markdown), entry.Range)
                    : null!);
}
