using System.Collections.Immutable;
using Notes.Core.Features;
using Notes.FileSystem;
using Notes.Lsp.Protocol.JsonRpc;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Workspace;

namespace Notes.Lsp.Server.Protocol;

/// <summary>What the client said it can apply (<c>workspace.workspaceEdit</c>).</summary>
public sealed record EditCapabilities(bool DocumentChanges, bool CreateFiles, bool RenameFiles)
{
    public static readonly EditCapabilities None = new(false, false, false);

    public static EditCapabilities From(ClientCapabilities? caps)
    {
        var we = caps?.Workspace?.WorkspaceEdit;
        var ops = we?.ResourceOperations ?? [];
        return new EditCapabilities(we?.DocumentChanges == true, ops.Contains("create"), ops.Contains("rename"));
    }
}

/// <summary>
/// Core edit plans → one LSP WorkspaceEdit. Every path must lie inside a workspace root, or the whole edit is
/// refused; file operations only when the client declared them; document versions for open documents.
/// </summary>
public static class Edits
{
    public static WorkspaceEdit Build(
        ServerView view,
        EditCapabilities caps,
        ImmutableDictionary<string, ImmutableArray<TextEditSpec>> edits,
        ImmutableArray<FileMove> moves = default,
        ImmutableArray<NewNote> creates = default)
    {
        moves = moves.IsDefault ? [] : moves;
        creates = creates.IsDefault ? [] : creates;
        foreach (var path in edits.Keys.Concat(moves.SelectMany(m => new[] { m.OldPath, m.NewPath })).Concat(creates.Select(c => c.Path)))
            if (!view.Index.Roots.Any(r => PathGuard.IsInside(r, path)))
                throw new LspException(ErrorCodes.RequestFailed, $"refused: {path} is outside the workspace");
        if ((moves.Length > 0 || creates.Length > 0) && !caps.DocumentChanges)
            throw new LspException(ErrorCodes.RequestFailed, "the editor cannot apply file operations (workspaceEdit.documentChanges)");
        if (moves.Length > 0 && !caps.RenameFiles)
            throw new LspException(ErrorCodes.RequestFailed, "the editor cannot rename files (workspaceEdit.resourceOperations lacks 'rename')");
        if (creates.Length > 0 && !caps.CreateFiles)
            throw new LspException(ErrorCodes.RequestFailed, "the editor cannot create files (workspaceEdit.resourceOperations lacks 'create')");

        var textEdits = edits.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (Path: kv.Key, Edits: ToTextEdits(view, kv.Key, kv.Value)))
            .Where(x => x.Edits.Length > 0)
            .ToList();
        if (!caps.DocumentChanges)
            return new WorkspaceEdit { Changes = textEdits.ToDictionary(x => Proto.Uri(x.Path), x => x.Edits) };

        var changes = new List<DocumentChange>();
        foreach (var c in creates)
        {
            var uri = Proto.Uri(c.Path);
            changes.Add(new DocumentChange { Kind = "create", Uri = uri, Options = new FileOperationOptions(IgnoreIfExists: true) });
            changes.Add(new DocumentChange
            {
                TextDocument = new OptionalVersionedTextDocumentIdentifier(uri, null),
                Edits = [new TextEdit(new Notes.Lsp.Protocol.Lsp.Range(new Position(0, 0), new Position(0, 0)), c.Content)],
            });
        }
        // Text edits address the files under their old names, so they come before the moves.
        foreach (var (path, list) in textEdits)
            changes.Add(new DocumentChange
            {
                TextDocument = new OptionalVersionedTextDocumentIdentifier(Proto.Uri(path), view.OpenVersions.TryGetValue(path, out var v) ? v : null),
                Edits = list,
            });
        foreach (var m in moves)
            changes.Add(new DocumentChange { Kind = "rename", OldUri = Proto.Uri(m.OldPath), NewUri = Proto.Uri(m.NewPath) });
        return new WorkspaceEdit { DocumentChanges = changes.ToArray() };
    }

    private static TextEdit[] ToTextEdits(ServerView view, string path, ImmutableArray<TextEditSpec> specs)
    {
        if (view.Index[path] is not { } note) return [];
        return specs.Select(e => new TextEdit(Proto.Range(note, e.Span, view.Encoding), e.NewText)).ToArray();
    }
}
