using System.Buffers;

namespace Notes.Lsp.Protocol.JsonRpc;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over 16 KB chunks rented from <see cref="ArrayPool{T}.Shared"/>, returned on
/// dispose. A response of a megabyte (7,000 references, a rename across 5,000 files) needs its length before its
/// body is sent, so it is buffered; in one contiguous array it would double its way through the large-object heap
/// (and the pool would keep one array of each size per thread: 20 MB measured at 10,000 notes). Chunks stay below the
/// large-object threshold, and the body is copied to the output chunk by chunk.
/// </summary>
internal sealed class ChunkedBufferWriter : IBufferWriter<byte>, IDisposable
{
    internal const int ChunkSize = 16 * 1024;

    private readonly List<(byte[] Array, int Count)> _full = [];
    private byte[] _current = ArrayPool<byte>.Shared.Rent(ChunkSize);
    private int _used;
    private int _fullBytes;

    public int WrittenCount => _fullBytes + _used;

    public void Advance(int count)
    {
        if (count < 0 || _used + count > _current.Length) throw new ArgumentOutOfRangeException(nameof(count));
        _used += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _current.AsMemory(_used);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _current.AsSpan(_used);
    }

    /// <summary>Writes everything written so far to <paramref name="output"/>, in order.</summary>
    public void CopyTo(IBufferWriter<byte> output)
    {
        foreach (var (array, count) in _full) output.Write(array.AsSpan(0, count));
        output.Write(_current.AsSpan(0, _used));
    }

    /// <summary>Everything written so far, as one array (for tests and small messages).</summary>
    public byte[] ToArray()
    {
        var all = new byte[WrittenCount];
        int at = 0;
        foreach (var (array, count) in _full) { array.AsSpan(0, count).CopyTo(all.AsSpan(at)); at += count; }
        _current.AsSpan(0, _used).CopyTo(all.AsSpan(at));
        return all;
    }

    private void Reserve(int sizeHint)
    {
        var need = Math.Max(sizeHint, 1);
        if (_current.Length - _used >= need) return;
        if (_used > 0)
        {
            _full.Add((_current, _used));
            _fullBytes = checked(_fullBytes + _used);
        }
        else ArrayPool<byte>.Shared.Return(_current);
        _current = ArrayPool<byte>.Shared.Rent(Math.Max(ChunkSize, need));
        _used = 0;
    }

    public void Dispose()
    {
        foreach (var (array, _) in _full) ArrayPool<byte>.Shared.Return(array);
        _full.Clear();
        var current = Interlocked.Exchange(ref _current, []);
        if (current.Length > 0) ArrayPool<byte>.Shared.Return(current);
        _used = _fullBytes = 0;
    }
}
