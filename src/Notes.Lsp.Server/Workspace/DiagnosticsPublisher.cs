using System.Collections.Immutable;
using Notes.Core.Features;
using Notes.Core.Index;

namespace Notes.Lsp.Server.Workspace;

/// <summary>
/// Recomputes diagnostics for the notes a change can affect, off the dispatch loop, on the newest snapshot, and
/// publishes only those that changed (marksman's DiagnosticsManager). Bursts coalesce: while one batch is computed,
/// the next change's notes gather for the following one. Every note's diagnostics are pushed, for every client (the
/// one diagnostics model: see docs/ARCHITECTURE.md); each is published with the view it was computed on, so its
/// version is the version of the text it describes.
/// </summary>
public sealed class DiagnosticsPublisher : IDisposable
{
    private readonly Func<ServerView> _view;
    private readonly Func<ServerView, NoteDocument?, string, ImmutableArray<NoteDiagnostic>, Task> _publish;
    private readonly Action<string> _log;
    private readonly Action<int>? _idleWithProblems;
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int _problemCount;
    private readonly object _gate = new();
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableArray<NoteDiagnostic>> _published = new(StringComparer.Ordinal); // path → what was sent
    private readonly Dictionary<string, NoteDiagnosticsMemo> _memos = new(StringComparer.Ordinal); // open notes only
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _worker;
    private bool _all;
    private TaskCompletionSource _idle = NewIdle(true);

    /// <param name="publish">Sends one note's diagnostics, computed on the view given (the note is null when it was removed).</param>
    /// <param name="idle">Called with the number of problems published whenever a batch leaves nothing pending.</param>
    public DiagnosticsPublisher(Func<ServerView> view, Func<ServerView, NoteDocument?, string, ImmutableArray<NoteDiagnostic>, Task> publish, Action<string> log,
        Action<int>? idle = null)
    {
        _view = view;
        _publish = publish;
        _log = log;
        _idleWithProblems = idle;
        _worker = Task.Run(RunAsync);
    }

    public void Invalidate(IEnumerable<string> paths)
    {
        lock (_gate)
        {
            _pending.UnionWith(paths);
            if (_idle.Task.IsCompleted) _idle = NewIdle(false);
        }
        _signal.Release();
    }

    public void InvalidateAll()
    {
        lock (_gate)
        {
            _all = true;
            if (_idle.Task.IsCompleted) _idle = NewIdle(false);
        }
        _signal.Release();
    }

    /// <summary>Problems currently published, all notes together.</summary>
    public int ProblemCount => Volatile.Read(ref _problemCount);

    /// <summary>Completes when every change so far has been published (for tests and benchmarks).</summary>
    public Task WhenIdle()
    {
        lock (_gate) return _idle.Task;
    }

    private async Task RunAsync()
    {
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(ct).ConfigureAwait(false);
                List<string> batch;
                bool all;
                lock (_gate)
                {
                    batch = _pending.ToList();
                    _pending.Clear();
                    all = _all;
                    _all = false;
                }
                var view = _view();
                if (all) batch = view.Index.Notes.Keys.Concat(_published.Keys).Distinct(StringComparer.Ordinal).ToList();
                // Open documents first: the user is looking at them.
                batch.Sort((a, b) => view.OpenVersions.ContainsKey(b).CompareTo(view.OpenVersions.ContainsKey(a)));
                foreach (var path in batch)
                {
                    if (ct.IsCancellationRequested) break;
                    await PublishOne(view, path).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _log($"diagnostics: {e}");
            }
            finally
            {
                bool idle;
                lock (_gate)
                {
                    idle = _pending.Count == 0 && !_all && _signal.CurrentCount == 0;
                    if (idle) _idle.TrySetResult();
                }
                if (idle) _idleWithProblems?.Invoke(ProblemCount);
            }
        }
    }

    private async Task PublishOne(ServerView view, string path)
    {
        var note = view.Index[path];
        bool open = view.OpenVersions.ContainsKey(path);
        // An open note keeps what its links and tags resolved to: a keystroke recomputes only the ones it wrote.
        NoteDiagnosticsMemo? memo = null;
        if (open && note is not null) { if (!_memos.TryGetValue(path, out memo)) _memos[path] = memo = new NoteDiagnosticsMemo(); }
        else _memos.Remove(path);
        var diagnostics = note is null || !note.InWorkspace && !open
            ? ImmutableArray<NoteDiagnostic>.Empty
            : NoteDiagnostics.Compute(view.Index, note, view.Config, memo);
        int count = 0;
        foreach (var d in diagnostics) if (d.Severity >= Core.Config.Severity.Information) count++;
        Interlocked.Add(ref _problemCount, count - _counts.GetValueOrDefault(path));
        _counts[path] = count;
        if (_published.TryGetValue(path, out var old) ? Same(old, diagnostics) : diagnostics.IsEmpty) return;
        if (note is null && diagnostics.IsEmpty) _published.Remove(path); else _published[path] = diagnostics;
        await _publish(view, note, path, diagnostics).ConfigureAwait(false);
    }

    /// <summary>What the client was sent: the same spans, severities, codes, messages and related information (a memo hands back the same objects for unchanged ones).</summary>
    private static bool Same(ImmutableArray<NoteDiagnostic> a, ImmutableArray<NoteDiagnostic> b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
        {
            var (x, y) = (a[i], b[i]);
            if (ReferenceEquals(x, y)) continue;
            if (x.Span != y.Span || x.Severity != y.Severity || x.Code != y.Code || x.Message != y.Message || x.Related.Length != y.Related.Length) return false;
            for (int r = 0; r < x.Related.Length; r++)
                if (x.Related[r].Path != y.Related[r].Path || x.Related[r].Span != y.Related[r].Span) return false;
        }
        return true;
    }

    private static TaskCompletionSource NewIdle(bool done)
    {
        var t = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (done) t.SetResult();
        return t;
    }

    public void Dispose()
    {
        _stop.Cancel();
        try { _worker.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
        _stop.Dispose();
        _signal.Dispose();
    }
}
