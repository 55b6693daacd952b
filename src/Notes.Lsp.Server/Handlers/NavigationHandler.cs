using Notes.Core.Features;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Hosting;
using Notes.Lsp.Server.Protocol;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Handlers;

/// <summary>Go-to-definition and find-references (backlinks of notes, headings, blocks and tags).</summary>
public sealed class NavigationHandler : IHandler
{
    public void Register(ServerSession s)
    {
        s.Read("textDocument/definition", Default.TextDocumentPositionParams, Default.LocationArray, (p, view, ct) =>
            Proto.Note(view, p.TextDocument) is { } note
                ? Proto.Locations(view, Navigation.Definition(view.Index, note, Proto.Offset(note, p.Position, view.Encoding), view.Config))
                : []);
        s.Read("textDocument/references", Default.ReferenceParams, Default.LocationArray, (p, view, ct) =>
            Proto.Note(view, p.TextDocument) is { } note
                ? Proto.Locations(view, Navigation.References(view.Index, note, Proto.Offset(note, p.Position, view.Encoding),
                    p.Context?.IncludeDeclaration ?? false, ct).Select(r => r.Location))
                // asked from an attachment itself (an SVG or a data file open as text): the notes that use it
                : Proto.PathOf(p.TextDocument.Uri) is { } path && view.Index.Attachments[path] is { } file
                    ? Proto.Locations(view, Navigation.FileRefs(view.Index, file, ct).Select(r => r.Location))
                    : []);
    }
}
