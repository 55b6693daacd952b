using Notes.Core.Features;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Hosting;
using Notes.Lsp.Server.Protocol;
using Notes.Lsp.Server.Workspace;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Handlers;

/// <summary>The heading outline of a note, and notes, aliases, headings and tags across the workspace.</summary>
public sealed class SymbolsHandler : IHandler
{
    public void Register(ServerSession s)
    {
        s.Read("textDocument/documentSymbol", Default.DocumentSymbolParams, Default.DocumentSymbolArray, (p, view, ct) =>
            Proto.Note(view, p.TextDocument) is { } note ? Symbols.Outline(note).Select(n => ToSymbol(view, note, n)).ToArray() : []);
        s.Read("workspace/symbol", Default.WorkspaceSymbolParams, Default.SymbolInformationArray, (p, view, ct) =>
            Symbols.Search(view.Index, p.Query ?? "", ct: ct)
                .Select(w => Proto.Location(view, w.Location) is { } loc ? new SymbolInformation(w.Name, KindOf(w.Kind), loc, w.Container) : null)
                .OfType<SymbolInformation>().ToArray());
    }

    private static DocumentSymbol ToSymbol(ServerView view, Core.Index.NoteDocument note, OutlineNode n) =>
        new(n.Name, SymbolKindCode.String, Proto.Range(note, n.Span, view.Encoding), Proto.Range(note, n.SelectionSpan, view.Encoding), $"H{n.Level}",
            n.Children.IsEmpty ? null : n.Children.Select(c => ToSymbol(view, note, c)).ToArray());

    private static int KindOf(SymbolKind k) => k switch
    {
        SymbolKind.Note => SymbolKindCode.File,
        SymbolKind.Alias => SymbolKindCode.Key,
        SymbolKind.Heading => SymbolKindCode.String,
        _ => SymbolKindCode.Constant,
    };
}
