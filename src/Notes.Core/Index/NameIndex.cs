using System.Collections.Immutable;
using System.Numerics;
using System.Text;

namespace Notes.Core.Index;

/// <summary>
/// The <see cref="NameSignature"/>s of a list of notes (or attachments) as bit maps over their slots, one map per
/// signature bit: which slots have each character in a name, and which have a word starting with it. Completion asks
/// for the slots having every character of the pattern (and its first character at a word start, or not): the
/// answer is an AND of a few maps, word by word, so a keystroke visits the notes that can match and no other, in slot
/// order (the order a walk of the whole list would see them in: the same answer, ties included).
/// Immutable and persistent like <see cref="ChunkedList{T}"/>: the slots are cut in chunks of 512, each holding its
/// 128 maps' words (8 KB), and changing one slot copies one chunk and the chunk table; an unchanged signature changes
/// nothing (<see cref="SetItem"/> returns the same object).
/// </summary>
public sealed class NameIndex
{
    private const int SlotsPerChunk = 512;
    private const int WordsPerMap = SlotsPerChunk / 64;
    private const int Maps = 128; // 64 for NameSignature.Chars, then 64 for NameSignature.WordStarts
    private const int ChunkLength = Maps * WordsPerMap;
    private readonly ImmutableArray<ulong[]> _chunks;

    public static readonly NameIndex Empty = new([], 0);

    private NameIndex(ImmutableArray<ulong[]> chunks, int count)
    {
        _chunks = chunks;
        Count = count;
    }

    /// <summary>The number of slots.</summary>
    public int Count { get; }

    public static NameIndex From(IEnumerable<NameSignature> signatures)
    {
        var chunks = ImmutableArray.CreateBuilder<ulong[]>();
        int count = 0;
        foreach (var s in signatures)
        {
            if (count % SlotsPerChunk == 0) chunks.Add(new ulong[ChunkLength]);
            Write(chunks[^1], count % SlotsPerChunk, s);
            count++;
        }
        return new NameIndex(chunks.ToImmutable(), count);
    }

    /// <summary>The signature the maps hold for <paramref name="slot"/>.</summary>
    public NameSignature this[int slot]
    {
        get
        {
            if ((uint)slot >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(slot));
            var chunk = _chunks[slot / SlotsPerChunk];
            int i = slot % SlotsPerChunk, word = i / 64;
            ulong bit = 1UL << (i % 64), chars = 0, starts = 0;
            for (int m = 0; m < 64; m++)
            {
                if ((chunk[m * WordsPerMap + word] & bit) != 0) chars |= 1UL << m;
                if ((chunk[(64 + m) * WordsPerMap + word] & bit) != 0) starts |= 1UL << m;
            }
            return new NameSignature(chars, starts);
        }
    }

    public NameIndex SetItem(int slot, NameSignature signature)
    {
        if ((uint)slot >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(slot));
        if (this[slot] == signature) return this;
        var chunk = (ulong[])_chunks[slot / SlotsPerChunk].Clone();
        Write(chunk, slot % SlotsPerChunk, signature);
        return new NameIndex(_chunks.SetItem(slot / SlotsPerChunk, chunk), Count);
    }

    public NameIndex Add(NameSignature signature)
    {
        bool fresh = Count % SlotsPerChunk == 0;
        var chunk = fresh ? new ulong[ChunkLength] : (ulong[])_chunks[^1].Clone();
        Write(chunk, Count % SlotsPerChunk, signature);
        return new NameIndex(fresh ? _chunks.Add(chunk) : _chunks.SetItem(_chunks.Length - 1, chunk), Count + 1);
    }

    public NameIndex RemoveLast()
    {
        if (Count == 0) throw new InvalidOperationException("the index is empty");
        int last = Count - 1;
        if (last % SlotsPerChunk == 0) return new NameIndex(_chunks.RemoveAt(_chunks.Length - 1), last);
        // The slot's bits cleared, so no map holds anything past Count.
        var chunk = (ulong[])_chunks[^1].Clone();
        Write(chunk, last % SlotsPerChunk, default);
        return new NameIndex(_chunks.SetItem(_chunks.Length - 1, chunk), last);
    }

    /// <summary>
    /// The slots from <paramref name="from"/> on, in increasing order, whose signature has every bit of
    /// <paramref name="chars"/> in its <see cref="NameSignature.Chars"/>, and, when <paramref name="wordStart"/> is a
    /// bit, has it in its <see cref="NameSignature.WordStarts"/> (<paramref name="withWordStart"/>) or does not.
    /// </summary>
    public SlotEnumerator Slots(ulong chars, ulong wordStart = 0, bool withWordStart = true, int from = 0) =>
        new(this, chars, wordStart == 0 ? -1 : BitOperations.TrailingZeroCount(wordStart), withWordStart, from);

    /// <summary>A canonical text of the maps: each map's slots, as the names <paramref name="nameOf"/> gives them, sorted (for the incremental-versus-rebuild oracle).</summary>
    public void Dump(StringBuilder sb, string label, Func<int, string> nameOf)
    {
        for (int m = 0; m < Maps; m++)
        {
            var names = new List<string>();
            for (int c = 0; c < _chunks.Length; c++)
                for (int w = 0; w < WordsPerMap; w++)
                    for (ulong bits = _chunks[c][m * WordsPerMap + w]; bits != 0; bits &= bits - 1)
                    {
                        int slot = c * SlotsPerChunk + w * 64 + BitOperations.TrailingZeroCount(bits);
                        names.Add(slot < Count ? nameOf(slot) : $"(stray slot {slot})");
                    }
            if (names.Count == 0) continue;
            names.Sort(StringComparer.Ordinal);
            sb.Append(label).Append(m < 64 ? " char " : " word-start ").Append(m % 64).Append(": ").AppendJoin(", ", names).AppendLine();
        }
    }

    private static void Write(ulong[] chunk, int i, NameSignature s)
    {
        int word = i / 64;
        ulong bit = 1UL << (i % 64);
        for (int m = 0; m < 64; m++)
        {
            Put(ref chunk[m * WordsPerMap + word], (s.Chars >> m & 1) != 0);
            Put(ref chunk[(64 + m) * WordsPerMap + word], (s.WordStarts >> m & 1) != 0);
        }

        void Put(ref ulong w, bool on) => w = on ? w | bit : w & ~bit;
    }

    /// <summary>Allocation-free enumeration of the slots <see cref="Slots"/> selects.</summary>
    public struct SlotEnumerator
    {
        private readonly ImmutableArray<ulong[]> _chunks;
        private readonly int _count, _startMap;
        private readonly ulong _chars;
        private readonly bool _withStart;
        private int _next;      // the next word to read, over the whole index (chunk × words per map + word in the chunk)
        private int _wordBase;  // the slot of the first bit of _bits
        private ulong _bits;    // the selected slots of the current word not yet returned

        internal SlotEnumerator(NameIndex index, ulong chars, int startMap, bool withStart, int from)
        {
            _chunks = index._chunks;
            _count = index.Count;
            _chars = chars;
            _startMap = startMap;
            _withStart = withStart;
            from = Math.Max(from, 0);
            _next = from / 64;
            _wordBase = _next * 64;
            _bits = from < _count ? Read(_next++) & (~0UL << (from % 64)) : 0;
            Current = -1;
        }

        public int Current { get; private set; }

        public readonly SlotEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (_bits == 0)
            {
                if (_next * 64 >= _count) return false;
                _wordBase = _next * 64;
                _bits = Read(_next++);
            }
            Current = _wordBase + BitOperations.TrailingZeroCount(_bits);
            _bits &= _bits - 1;
            return true;
        }

        private readonly ulong Read(int word)
        {
            var chunk = _chunks[word / WordsPerMap];
            int w = word % WordsPerMap, left = _count - word * 64;
            ulong acc = left >= 64 ? ~0UL : (1UL << left) - 1;
            for (ulong rest = _chars; rest != 0 && acc != 0; rest &= rest - 1)
                acc &= chunk[BitOperations.TrailingZeroCount(rest) * WordsPerMap + w];
            if (_startMap >= 0)
            {
                ulong starts = chunk[(64 + _startMap) * WordsPerMap + w];
                acc &= _withStart ? starts : ~starts;
            }
            return acc;
        }
    }
}
