using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Hosting;
using Notes.Lsp.Server.Protocol;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Handlers;

/// <summary>didOpen / didChange / didClose / didSave: applied in arrival order; an edit cancels the reads of that document still in flight.</summary>
public sealed class TextSyncHandler : IHandler
{
    public void Register(ServerSession s)
    {
        s.Notify("textDocument/didOpen", Default.DidOpenTextDocumentParams, p =>
        {
            if (Proto.PathOf(p.TextDocument.Uri) is { } path)
            {
                s.Workspace.Open(path, p.TextDocument.Text, p.TextDocument.Version);
            }
            else s.Log.Write($"didOpen: not a file URI: {p.TextDocument.Uri}");
        });
        s.Notify("textDocument/didChange", Default.DidChangeTextDocumentParams, p =>
        {
            s.Rpc.CancelStaleReads(p.TextDocument.Uri);
            if (Proto.PathOf(p.TextDocument.Uri) is not { } path) { s.Log.Write($"didChange: not a file URI: {p.TextDocument.Uri}"); return; }
            var changes = p.ContentChanges.Select(Proto.Change).ToList();
            if (!s.Workspace.Change(path, p.TextDocument.Version, changes, out var error)) s.Log.Write($"didChange rejected: {error}");
        });
        s.Notify("textDocument/didClose", Default.DidCloseTextDocumentParams, p =>
        {
            if (Proto.PathOf(p.TextDocument.Uri) is not { } path) return;
            if (!s.Workspace.IsOpen(path)) s.Log.Write($"didClose for a document that is not open: {path}; ignored");
            s.Workspace.Close(path);
        });
        s.Notify("textDocument/didSave", Default.DidSaveTextDocumentParams, p =>
        {
            if (Proto.PathOf(p.TextDocument.Uri) is { } path) s.Workspace.Save(path, p.Text);
        });
    }
}
