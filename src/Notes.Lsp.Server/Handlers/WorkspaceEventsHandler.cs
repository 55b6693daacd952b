using Notes.Core.Features;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Hosting;
using Notes.Lsp.Server.Protocol;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Handlers;

/// <summary>Configuration changes, files changed on disk, and file renames made in the editor.</summary>
public sealed class WorkspaceEventsHandler : IHandler
{
    public void Register(ServerSession s)
    {
        s.Notify("workspace/didChangeConfiguration", Default.DidChangeConfigurationParams, p =>
        {
            // Clients that support pull send an empty notification as a nudge; others push the settings.
            if (s.Client.Workspace?.Configuration == true) _ = s.Reload.PullConfigurationAsync();
            else if (p.Settings is { ValueKind: System.Text.Json.JsonValueKind.Object } settings)
                s.Reload.ApplySettings(settings.TryGetProperty("notes", out var notes) ? notes : settings);
        });
        s.Notify("$/setTrace", Default.SetTraceParams, p => s.Log.Trace = p.Value);
        s.Notify("workspace/didChangeWatchedFiles", Default.DidChangeWatchedFilesParams, p =>
        {
            foreach (var change in p.Changes)
                if (Proto.PathOf(change.Uri) is { } path) s.Workspace.DiskChanged(path);
        });
        s.Notify("workspace/didRenameFiles", Default.RenameFilesParams, p =>
        {
            foreach (var f in p.Files)
            {
                if (Proto.PathOf(f.OldUri) is { } oldPath) s.Workspace.DiskChanged(oldPath);
                if (Proto.PathOf(f.NewUri) is { } newPath) s.Workspace.DiskChanged(newPath);
            }
        });
        s.Refactor("workspace/willRenameFiles", Default.RenameFilesParams, Default.WorkspaceEdit, (p, view, ct) =>
        {
            var moves = p.Files
                .Select(f => (Old: Proto.PathOf(f.OldUri), New: Proto.PathOf(f.NewUri)))
                .Where(m => m.Old is not null && m.New is not null)
                .Select(m => new FileMove(m.Old!, m.New!));
            var plan = Rename.ForMovedFiles(view.Index, moves, ct);
            return Edits.Build(view, s.EditCaps with { RenameFiles = true }, plan.Edits);
        });
    }
}
