using System.Text.Json;
using Notes.Core.Features;
using Notes.Core.Index;
using Notes.Lsp.Protocol.JsonRpc;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Hosting;
using Notes.Lsp.Server.Protocol;
using Notes.Lsp.Server.Workspace;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Handlers;

/// <summary>
/// Quick fixes (create the missing note, fix a tag variant here or everywhere, pick a candidate, make a link
/// unambiguous, link an unlinked mention) and the "create note from selection" refactoring, also as a command.
/// </summary>
public sealed class CodeActionHandler : IHandler
{
    public void Register(ServerSession s)
    {
        s.Refactor("textDocument/codeAction", Default.CodeActionParams, Default.CodeActionArray, (p, view, ct) =>
        {
            if (Proto.Note(view, p.TextDocument) is not { } note) return [];
            var range = Proto.Span(note, p.Range, view.Encoding);
            var actions = CodeActions.At(view.Index, note, range, view.Config, ct).ToList();
            if (range.Length > 0 && CodeActions.CreateFromSelection(view.Index, note, range, null, out _) is { } extract) actions.Add(extract);
            return actions
                .Where(a => p.Context.Only is not { Length: > 0 } only || only.Any(o => a.Kind == o || a.Kind.StartsWith(o + ".", StringComparison.Ordinal)))
                .Select(a => ToCodeAction(s, view, a, p.Context.Diagnostics))
                .OfType<CodeAction>().ToArray();
        });
        s.Command("workspace/executeCommand", Default.ExecuteCommandParams, (p, view, ct) =>
        {
            if (p.Command != Capabilities.CreateNoteCommand) throw new LspException(ErrorCodes.InvalidParams, $"unknown command {p.Command}");
            if (p.Arguments is not [var first, ..] || first.Deserialize(NotesJsonContext.Default.CreateNoteArgs) is not { } args)
                throw new LspException(ErrorCodes.InvalidParams, $"{p.Command} expects [{{uri, range, title}}]");
            if (Proto.Note(view, new TextDocumentIdentifier(args.Uri)) is not { } note)
                throw new LspException(ErrorCodes.InvalidParams, $"unknown document {args.Uri}");
            var action = CodeActions.CreateFromSelection(view.Index, note, Proto.Span(note, args.Range, view.Encoding), args.Title, out var error)
                ?? throw new LspException(ErrorCodes.RequestFailed, error ?? "cannot create a note here");
            return (Edits.Build(view, s.EditCaps, action.Edits, creates: action.Creates), action.Title);
        });
    }

    private static CodeAction? ToCodeAction(ServerSession s, ServerView view, NoteAction a, Diagnostic[] context)
    {
        WorkspaceEdit edit;
        try { edit = Edits.Build(view, s.EditCaps, a.Edits, creates: a.Creates); }
        catch (LspException e)
        {
            s.Log.Write($"code action '{a.Title}' left out: {e.Message}");
            return null;
        }
        return new CodeAction
        {
            Title = a.Title,
            Kind = a.Kind,
            IsPreferred = a.IsPreferred ? true : null,
            Diagnostics = a.DiagnosticCode is null ? null : context.Where(d => d.Code == a.DiagnosticCode).ToArray() is { Length: > 0 } ds ? ds : null,
            Edit = edit,
        };
    }
}
