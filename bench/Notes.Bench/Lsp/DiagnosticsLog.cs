using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Notes.Bench.Lsp;

/// <summary>One <c>textDocument/publishDiagnostics</c> as it arrived (timestamp taken on the reader thread).</summary>
public readonly record struct Published(string Path, long Timestamp, int? Version, int Count);

/// <summary>Every published diagnostics notification and every <c>notes/status</c>, with arrival times; waitable.</summary>
public sealed class DiagnosticsLog
{
    private readonly Lock _gate = new();
    private readonly List<Published> _events = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastNotification = Stopwatch.GetTimestamp();

    public long ReadyTimestamp { get; private set; }
    public int ReadyNotes { get; private set; }

    public int Mark
    {
        get { lock (_gate) return _events.Count; }
    }

    /// <summary>The handler to hang on <c>LspProcess.OnNotification</c>.</summary>
    public void OnNotification(string method, JsonNode? p)
    {
        long now = Stopwatch.GetTimestamp();
        Volatile.Write(ref _lastNotification, now);
        if (method == "notes/status" && p?["state"]?.ToString() == "ready" && ReadyTimestamp == 0)
        {
            ReadyNotes = p["notes"]?.GetValue<int>() ?? 0;
            ReadyTimestamp = now;
        }
        if (method != "textDocument/publishDiagnostics" || p?["uri"] is null) return;
        var e = new Published(PathOf(p["uri"]!.ToString()), now, p["version"]?.GetValue<int>(), (p["diagnostics"] as JsonArray)?.Count ?? 0);
        TaskCompletionSource changed;
        lock (_gate)
        {
            _events.Add(e);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.SetResult();
    }

    public static string PathOf(string uri) => Uri.UnescapeDataString(new Uri(uri).AbsolutePath);

    /// <summary>The events from <paramref name="mark"/> on.</summary>
    public List<Published> Since(int mark)
    {
        lock (_gate) return _events.GetRange(mark, _events.Count - mark);
    }

    /// <summary>Waits until <paramref name="done"/> holds for the events since <paramref name="mark"/>; false on timeout.</summary>
    public async Task<bool> WaitAsync(int mark, Func<List<Published>, bool> done, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            Task changed;
            lock (_gate) changed = _changed.Task;
            if (done(Since(mark))) return true;
            var left = deadline - Stopwatch.GetTimestamp();
            if (left <= 0) return false;
            await Task.WhenAny(changed, Task.Delay(TimeSpan.FromSeconds((double)left / Stopwatch.Frequency)));
        }
    }

    /// <summary>Waits until no notification has arrived for <paramref name="quiet"/> (at most <paramref name="max"/>).</summary>
    public async Task QuietAsync(TimeSpan quiet, TimeSpan max)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < max && Stopwatch.GetElapsedTime(Volatile.Read(ref _lastNotification)) < quiet) await Task.Delay(50);
    }
}
