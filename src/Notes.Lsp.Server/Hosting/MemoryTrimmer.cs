namespace Notes.Lsp.Server.Hosting;

/// <summary>
/// Gives memory back after the two bursts that leave the most garbage behind: the first scan of a vault, and an answer
/// of more than half a megabyte (references of a note with thousands of backlinks, a rename across thousands of
/// files). Such a request runs across several young-generation collections, so its intermediate objects are promoted
/// and stay committed until a full collection that the runtime would start much later: at 10,000 notes the process
/// grew from 182 MB to 214 MB over a few hundred requests. One compacting collection after the burst, at most once per
/// <see cref="MinimumInterval"/>, keeps it at 190 MB (docs/BENCHMARKS.md); it costs a pause of tens of milliseconds,
/// after the answer has been sent.
/// </summary>
public sealed class MemoryTrimmer(Func<long>? clock = null, Action? collect = null)
{
    /// <summary>A message body at least this large counts as a burst.</summary>
    public const int LargeMessageBytes = 512 * 1024;

    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    private readonly Func<long> _clock = clock ?? (static () => Environment.TickCount64);
    private readonly Action _collect = collect ?? (static () => GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true));
    private readonly object _gate = new();
    private long _last = long.MinValue;

    /// <summary>Collections done so far.</summary>
    public int Collections { get; private set; }

    /// <summary>After a message is written: a large one triggers a collection (see the type's remarks).</summary>
    public void OnMessageWritten(int bytes)
    {
        if (bytes >= LargeMessageBytes) AfterBurst();
    }

    /// <summary>Compacts the heap unless that was done less than <see cref="MinimumInterval"/> ago; returns whether it did.</summary>
    public bool AfterBurst()
    {
        lock (_gate)
        {
            long now = _clock();
            if (_last != long.MinValue && now - _last < (long)MinimumInterval.TotalMilliseconds) return false;
            _collect();
            _last = _clock();
            Collections++;
            return true;
        }
    }
}
