using Notes.Core.Features;
using Notes.Core.Index;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Hosting;
using Notes.Lsp.Server.Protocol;
using Notes.Lsp.Server.Workspace;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Handlers;

/// <summary>The link graph as a call hierarchy: incoming = notes linking here, outgoing = notes linked from here.</summary>
public sealed class CallHierarchyHandler : IHandler
{
    public void Register(ServerSession s)
    {
        s.Read("textDocument/prepareCallHierarchy", Default.CallHierarchyPrepareParams, Default.CallHierarchyItemArray, (p, view, ct) =>
        {
            if (Proto.Note(view, p.TextDocument) is not { } note) return [];
            var offset = Proto.Offset(note, p.Position, view.Encoding);
            var target = Navigation.ElementAt(note, offset) is CursorElement.OnLink { Link: var link }
                ? LinkResolver.Resolve(view.Index, note, link).Target ?? note
                : note;
            return [Item(view, target)];
        });
        s.Read("callHierarchy/incomingCalls", Default.CallHierarchyIncomingCallsParams, Default.CallHierarchyIncomingCallArray, (p, view, ct) =>
            Proto.Note(view, new TextDocumentIdentifier(p.Item.Uri)) is { } note
                ? LinkGraph.Incoming(view.Index, note, ct).Select(c => new CallHierarchyIncomingCall(Item(view, c.Note),
                    c.Spans.Select(sp => Proto.Range(c.Note, sp, view.Encoding)).ToArray())).ToArray()
                : []);
        s.Read("callHierarchy/outgoingCalls", Default.CallHierarchyOutgoingCallsParams, Default.CallHierarchyOutgoingCallArray, (p, view, ct) =>
            Proto.Note(view, new TextDocumentIdentifier(p.Item.Uri)) is { } note
                ? LinkGraph.Outgoing(view.Index, note).Select(c => new CallHierarchyOutgoingCall(Item(view, c.Note),
                    c.Spans.Select(sp => Proto.Range(note, sp, view.Encoding)).ToArray())).ToArray()
                : []);
    }

    private static CallHierarchyItem Item(ServerView view, NoteDocument note)
    {
        var title = Proto.Range(note, NoteDiagnostics.TitleSpan(note), view.Encoding);
        var whole = Proto.Range(note, new Core.Text.TextSpan(0, note.Syntax.Text.Length), view.Encoding);
        return new CallHierarchyItem(note.Title, SymbolKindCode.File, Proto.Uri(note.Path), whole, title, note.RelativePath);
    }
}
