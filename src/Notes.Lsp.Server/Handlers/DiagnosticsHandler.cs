using Notes.Core.Features;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Hosting;
using Notes.Lsp.Server.Protocol;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Handlers;

/// <summary>Pulled diagnostics (<c>textDocument/diagnostic</c>, <c>workspace/diagnostic</c>) for clients that ask; the rest is pushed.</summary>
public sealed class DiagnosticsHandler : IHandler
{
    public void Register(ServerSession s)
    {
        s.Read("textDocument/diagnostic", Default.DocumentDiagnosticParams, Default.FullDocumentDiagnosticReport, (p, view, ct) =>
            new FullDocumentDiagnosticReport("full", Proto.Note(view, p.TextDocument) is { } note
                ? Proto.Diagnostics(view, note, NoteDiagnostics.Compute(view.Index, note, view.Config, ct))
                : []));
        s.Read("workspace/diagnostic", Default.WorkspaceDiagnosticParams, Default.WorkspaceDiagnosticReport, (p, view, ct) =>
            new WorkspaceDiagnosticReport(view.Index.All
                .Where(n => n.InWorkspace)
                .Select(n => new WorkspaceDocumentDiagnosticReport("full", Proto.Uri(n.Path),
                    Proto.Diagnostics(view, n, NoteDiagnostics.Compute(view.Index, n, view.Config, ct)),
                    view.OpenVersions.TryGetValue(n.Path, out var v) ? v : null))
                .ToArray()));
    }
}
