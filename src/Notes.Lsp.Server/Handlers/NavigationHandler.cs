using Notes.Core.Features;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Hosting;
using Notes.Lsp.Server.Protocol;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Handlers;

/// <summary>Go-to-definition and find-references (backlinks of notes, headings, blocks and tags; the citations of a bibliography entry).</summary>
public sealed class NavigationHandler : IHandler
{
    public void Register(ServerSession s)
    {
        s.Read("textDocument/definition", Default.TextDocumentPositionParams, Default.LocationArray, (p, view, ct) =>
            Proto.Note(view, p.TextDocument) is { } note
                ? Proto.Locations(view, Navigation.Definition(view.Index, note, Proto.Offset(note, p.Position, view.Encoding), view.Config))
                // asked on an entry of an open bibliography: its literature notes
                : Proto.BibliographyKeyAt(s.Bibliographies, p.TextDocument, p.Position, view.Encoding) is { } entry
                    ? Proto.Locations(view, CitationFeatures.EntryDefinition(view.Index, entry.Key))
                    : []);
        s.Read("textDocument/references", Default.ReferenceParams, Default.LocationArray, (p, view, ct) =>
            Proto.Note(view, p.TextDocument) is { } note
                ? Proto.Locations(view, Navigation.References(view.Index, note, Proto.Offset(note, p.Position, view.Encoding),
                    p.Context?.IncludeDeclaration ?? false, ct).Select(r => r.Location))
                // asked on an entry of an open bibliography: every note citing its key
                : Proto.BibliographyKeyAt(s.Bibliographies, p.TextDocument, p.Position, view.Encoding) is { } entry
                    ? Proto.Locations(view, CitationFeatures.EntryReferences(view.Index, entry.Key, p.Context?.IncludeDeclaration ?? false, ct))
                // asked from an attachment itself (an SVG or a data file open as text): the notes that use it
                : Proto.PathOf(p.TextDocument.Uri) is { } path && view.Index.Attachments[path] is { } file
                    ? Proto.Locations(view, Navigation.FileRefs(view.Index, file, ct).Select(r => r.Location))
                    : []);
    }
}
