using System.Collections;
using System.Collections.Immutable;

namespace Notes.Core.Index;

/// <summary>
/// An immutable list in fixed-size chunks: replacing, adding or removing the last item copies one chunk and the
/// chunk table, not the whole list (an edit to one of 100,000 notes copies ~5 KB, not 800 KB of large-object heap),
/// and walking it is as fast as walking an array.
/// </summary>
public sealed class ChunkedList<T> : IReadOnlyList<T>
{
    private const int ChunkSize = 512;
    private readonly ImmutableArray<T[]> _chunks;

    public static readonly ChunkedList<T> Empty = new([], 0);

    private ChunkedList(ImmutableArray<T[]> chunks, int count)
    {
        _chunks = chunks;
        Count = count;
    }

    public static ChunkedList<T> From(IEnumerable<T> items)
    {
        var chunks = ImmutableArray.CreateBuilder<T[]>();
        int count = 0;
        foreach (var chunk in items.Chunk(ChunkSize))
        {
            chunks.Add(chunk);
            count += chunk.Length;
        }
        return new ChunkedList<T>(chunks.ToImmutable(), count);
    }

    public int Count { get; }

    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            return _chunks[index / ChunkSize][index % ChunkSize];
        }
    }

    public ChunkedList<T> SetItem(int index, T item)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
        var chunk = (T[])_chunks[index / ChunkSize].Clone();
        chunk[index % ChunkSize] = item;
        return new ChunkedList<T>(_chunks.SetItem(index / ChunkSize, chunk), Count);
    }

    public ChunkedList<T> Add(T item)
    {
        if (Count % ChunkSize == 0) return new ChunkedList<T>(_chunks.Add([item]), Count + 1);
        var last = _chunks[^1];
        var grown = new T[last.Length + 1];
        last.CopyTo(grown, 0);
        grown[^1] = item;
        return new ChunkedList<T>(_chunks.SetItem(_chunks.Length - 1, grown), Count + 1);
    }

    public ChunkedList<T> RemoveLast()
    {
        if (Count == 0) throw new InvalidOperationException("the list is empty");
        var last = _chunks[^1];
        return last.Length == 1
            ? new ChunkedList<T>(_chunks.RemoveAt(_chunks.Length - 1), Count - 1)
            : new ChunkedList<T>(_chunks.SetItem(_chunks.Length - 1, last[..^1]), Count - 1);
    }

    public IEnumerator<T> GetEnumerator()
    {
        foreach (var chunk in _chunks)
            foreach (var item in chunk)
                yield return item;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
