using Notes.Core.Features;
using Notes.Lsp.Protocol.JsonRpc;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Hosting;
using Notes.Lsp.Server.Protocol;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Handlers;

/// <summary>Rename of notes (file and every link), headings, tags and aliases: one WorkspaceEdit, nothing written by us.</summary>
public sealed class RenameHandler : IHandler
{
    public void Register(ServerSession s)
    {
        s.Read("textDocument/prepareRename", Default.TextDocumentPositionParams, Default.PrepareRenameResult, (p, view, ct) =>
        {
            if (Proto.Note(view, p.TextDocument) is not { } note) return null!;
            var prepared = Rename.Prepare(view.Index, note, Proto.Offset(note, p.Position, view.Encoding), out var error);
            if (prepared is null) throw new LspException(ErrorCodes.RequestFailed, error ?? "Nothing to rename here.");
            return new Notes.Lsp.Protocol.Lsp.PrepareRenameResult(Proto.Range(note, prepared.Span, view.Encoding), prepared.Placeholder);
        });
        s.Refactor("textDocument/rename", Default.RenameParams, Default.WorkspaceEdit, (p, view, ct) =>
        {
            if (Proto.Note(view, p.TextDocument) is not { } note) return null!;
            var outcome = Rename.Apply(view.Index, note, Proto.Offset(note, p.Position, view.Encoding), p.NewName, ct, view.Config.RenameKeysInBibliography);
            if (outcome.Plan is not { } plan) throw new LspException(ErrorCodes.RequestFailed, outcome.Error ?? "Rename failed.");
            return Edits.Build(view, s.EditCaps, plan.Edits, plan.Moves);
        });
    }
}
