using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Hosting;
using Notes.Lsp.Server.Protocol;
using Notes.Lsp.Server.Workspace;
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
                // A library open beside the notes is kept for the requests asked in it, not indexed as a note.
                if (OpenTexts.IsBibliography(path)) s.Bibliographies.Open(path, p.TextDocument.Text);
                else s.Workspace.Open(path, p.TextDocument.Text, p.TextDocument.Version);
            }
            else s.Log.Write($"didOpen: not a file URI: {p.TextDocument.Uri}");
        });
        s.Notify("textDocument/didChange", Default.DidChangeTextDocumentParams, p =>
        {
            s.Rpc.CancelStaleReads(p.TextDocument.Uri);
            if (Proto.PathOf(p.TextDocument.Uri) is not { } path) { s.Log.Write($"didChange: not a file URI: {p.TextDocument.Uri}"); return; }
            var changes = p.ContentChanges.Select(Proto.Change).ToList();
            if (OpenTexts.IsBibliography(path))
            {
                if (!s.Bibliographies.Change(path, changes, s.Workspace.View.Encoding, out var why)) s.Log.Write($"didChange of a bibliography rejected: {why}");
                return;
            }
            if (!s.Workspace.Change(path, p.TextDocument.Version, changes, out var error)) s.Log.Write($"didChange rejected: {error}");
        });
        s.Notify("textDocument/didClose", Default.DidCloseTextDocumentParams, p =>
        {
            if (Proto.PathOf(p.TextDocument.Uri) is not { } path) return;
            if (OpenTexts.IsBibliography(path)) { if (!s.Bibliographies.Close(path)) s.Log.Write($"didClose for a bibliography that is not open: {path}; ignored"); return; }
            if (!s.Workspace.IsOpen(path)) s.Log.Write($"didClose for a document that is not open: {path}; ignored");
            s.Workspace.Close(path);
        });
        s.Notify("textDocument/didSave", Default.DidSaveTextDocumentParams, p =>
        {
            // A saved bibliography is read again when the watcher reports it, like any file changed on disk.
            if (Proto.PathOf(p.TextDocument.Uri) is { } path && !OpenTexts.IsBibliography(path)) s.Workspace.Save(path, p.Text);
        });
    }
}
