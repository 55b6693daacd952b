using System.Collections.Immutable;
using Notes.Core.Features;
using Notes.Core.Index;
using Notes.FileSystem;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Protocol;
using Notes.Lsp.Server.Workspace;

namespace Notes.Lsp.Server.Hosting;

/// <summary>
/// What the server tells the client unasked: every note's diagnostics (pushed, for every client: the one model),
/// problems of the configuration file, and <c>notes/status</c>.
/// </summary>
public sealed class Publishing
{
    private readonly NotesWorkspace _workspace;
    private readonly ClientRequests _client;
    private readonly Func<bool> _ready;
    private readonly Func<int> _notesRead;
    private readonly HashSet<string> _configFilesWithProblems = new(StringComparer.Ordinal);
    private int _lastStatusProblems = -1;

    public Publishing(NotesWorkspace workspace, ClientRequests client, ServerLog log, Func<bool> ready, Func<int> notesRead)
    {
        _workspace = workspace;
        _client = client;
        _ready = ready;
        _notesRead = notesRead;
        Diagnostics = new DiagnosticsPublisher(() => workspace.View, PublishAsync, log.Write, OnIdle);
        workspace.Changed += c =>
        {
            var view = workspace.View;
            if (!view.Ready) return;
            if (c.Bibliography is not null)
            {
                Diagnostics.Invalidate(DiagnosticsScope.AffectedByBibliography(c.Before, c.After, c.Bibliography));
                _ = PublishBibliographyProblemsAsync();
                return;
            }
            Diagnostics.Invalidate(c.AttachmentName is { } name
                ? DiagnosticsScope.AffectedByAttachment(c.After, name)
                : DiagnosticsScope.Affected(c.Before, c.After, c.Old, c.New, view.Config));
        };
        workspace.Reset += () =>
        {
            if (workspace.View.Ready)
            {
                Diagnostics.InvalidateAll();
                _ = PublishBibliographyProblemsAsync();
            }
            _ = PublishConfigProblemsAsync();
        };
    }

    public DiagnosticsPublisher Diagnostics { get; }

    /// <summary>One note's diagnostics, with the version of the text they were computed on (not the newest one).</summary>
    private Task PublishAsync(ServerView view, NoteDocument? note, string path, ImmutableArray<NoteDiagnostic> diagnostics)
    {
        int? version = view.OpenVersions.TryGetValue(path, out var v) ? v : null;
        return _client.NotifyAsync("textDocument/publishDiagnostics",
            new PublishDiagnosticsParams(Proto.Uri(path), Proto.Diagnostics(view, note, diagnostics), version),
            LspJsonContext.Default.PublishDiagnosticsParams);
    }

    /// <summary>Bad configuration is a diagnostic on the configuration file; the defaults stay in force.</summary>
    private async Task PublishConfigProblemsAsync()
    {
        var problems = _workspace.ConfigProblems;
        foreach (var root in _workspace.Roots)
        {
            var path = root + "/" + ConfigLoader.FileName;
            var diagnostics = problems.Select(Proto.ConfigDiagnostic).ToArray();
            lock (_configFilesWithProblems)
            {
                if (diagnostics.Length > 0) _configFilesWithProblems.Add(path);
                else if (!_configFilesWithProblems.Remove(path)) continue; // nothing to clear
            }
            await _client.NotifyAsync("textDocument/publishDiagnostics", new PublishDiagnosticsParams(Proto.Uri(path), diagnostics),
                LspJsonContext.Default.PublishDiagnosticsParams).ConfigureAwait(false);
        }
    }

    private readonly Dictionary<string, Diagnostic[]> _bibliographyProblems = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _bibliographyGate = new(1, 1);

    /// <summary>
    /// A bibliography file's own problems (malformed entries, keys defined twice) are diagnostics on that file; they are
    /// recomputed for every file when any of them changes (a key's duplicate may be in another), and sent when they differ.
    /// </summary>
    private async Task PublishBibliographyProblemsAsync()
    {
        await _bibliographyGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var view = _workspace.View;
            var now = new Dictionary<string, Diagnostic[]>(StringComparer.Ordinal);
            foreach (var file in view.Index.Citations.Files.Values)
                now[file.Path] = CitationFeatures.ForFile(view.Index, file, view.Config).Select(d => Proto.Diagnostic(view, file.Lines, d)).ToArray();
            foreach (var path in _bibliographyProblems.Keys.Except(now.Keys).ToList()) now[path] = [];
            foreach (var (path, diagnostics) in now)
            {
                var before = _bibliographyProblems.GetValueOrDefault(path) ?? [];
                if (before.Length == 0 && diagnostics.Length == 0) continue;
                if (before.Length == diagnostics.Length && before.Zip(diagnostics).All(x => x.First.Range == x.Second.Range && x.First.Message == x.Second.Message)) continue;
                if (diagnostics.Length == 0) _bibliographyProblems.Remove(path); else _bibliographyProblems[path] = diagnostics;
                await _client.NotifyAsync("textDocument/publishDiagnostics", new PublishDiagnosticsParams(Proto.Uri(path), diagnostics),
                    LspJsonContext.Default.PublishDiagnosticsParams).ConfigureAwait(false);
            }
        }
        finally
        {
            _bibliographyGate.Release();
        }
    }

    private void OnIdle(int problems)
    {
        if (!_ready() || Interlocked.Exchange(ref _lastStatusProblems, problems) == problems) return;
        _ = StatusAsync("ready");
    }

    public Task StatusAsync(string state) =>
        _client.NotifyAsync("notes/status", new StatusParams(state, _workspace.View.Index.Notes.Count, Diagnostics.ProblemCount, _notesRead(), null),
            NotesJsonContext.Default.StatusParams);
}
