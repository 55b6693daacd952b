using System.Diagnostics;
using System.Globalization;

namespace Notes.Lsp.Protocol.JsonRpc;

/// <summary>
/// Where one request's time went, from the moment its frame was read to the moment its answer was written:
/// waiting behind earlier messages in the dispatch queue (a serial didChange, for one), waiting for a thread-pool
/// thread, the handler itself, and writing the answer; and the garbage collections that ran meanwhile (in any
/// thread: a collection suspends them all). A value type, so timing every request allocates nothing.
/// </summary>
internal struct RequestTiming
{
    private long _read, _dispatched, _started, _computed;
    private int _gen0, _gen1, _gen2;
    private TimeSpan _paused;

    /// <summary>At dispatch: <paramref name="readAt"/> is when the reader loop queued the frame.</summary>
    public static RequestTiming Begin(long readAt) => new()
    {
        _read = readAt,
        _dispatched = Stopwatch.GetTimestamp(),
        _gen0 = GC.CollectionCount(0),
        _gen1 = GC.CollectionCount(1),
        _gen2 = GC.CollectionCount(2),
        _paused = GC.GetTotalPauseDuration(),
    };

    public void Started() => _started = Stopwatch.GetTimestamp();

    public void Computed() => _computed = Stopwatch.GetTimestamp();

    /// <summary>The answer is written: a description when the whole took <paramref name="threshold"/> or more, else null.</summary>
    public readonly string? End(TimeSpan threshold)
    {
        long written = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(_read, written) < threshold) return null;
        long started = _started == 0 ? _dispatched : _started, computed = _computed == 0 ? written : _computed;
        var paused = GC.GetTotalPauseDuration() - _paused;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Ms(_read, written)} ms from read to written (queued {Ms(_read, _dispatched)}, pool {Ms(_dispatched, started)}, handler {Ms(started, computed)}, write {Ms(computed, written)} ms; " +
            $"collections meanwhile gen0 {GC.CollectionCount(0) - _gen0}, gen1 {GC.CollectionCount(1) - _gen1}, gen2 {GC.CollectionCount(2) - _gen2}, paused {paused.TotalMilliseconds:F1} ms)");
    }

    private static string Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture);
}
