using System.Collections.Immutable;
using System.Numerics;
using System.Text;

namespace Notes.Core.Index;

/// <summary>
/// The names of a list of notes (or attachments), slot by slot, and their <see cref="NameSignature"/>s as bit maps
/// over the slots, one map per bit: which slots have each character in a name, which have a word starting with it,
/// and which a name. Completion asks for the slots having every character of the pattern (and its first character at
/// a word start, or not): an AND of a few maps, word by word, so a keystroke visits the notes that can match and no
/// other, in slot order (the order a walk of the whole list sees them in: the same answer, ties included).
/// Each chunk of 512 slots holds its 192 maps' words (12 KB) and its slots' names (for a note: title, stem, aliases)
/// one after another in one string, so scoring the candidates reads one text per chunk instead of following each
/// note's objects across the heap (at 100,000 notes those cache misses, not the matching, were most of the cost).
/// Immutable and persistent like <see cref="ChunkedList{T}"/>: changing one slot copies its chunk and the chunk
/// tables; a note whose names did not change keeps the index as it is (the snapshot shares it).
/// </summary>
public sealed class NameIndex
{
    private const int SlotsPerChunk = 512;
    private const int WordsPerMap = SlotsPerChunk / 64;
    private const int Maps = 192; // 64 for NameSignature.Chars, 64 for NameSignature.WordStarts, 64 for the first characters of the names
    private const int HeadMaps = 128;
    private const int ChunkLength = Maps * WordsPerMap;
    private readonly ImmutableArray<ulong[]> _chunks;
    private readonly ImmutableArray<NameText> _texts; // the names of each chunk's slots

    public static readonly NameIndex Empty = new([], [], 0);

    private NameIndex(ImmutableArray<ulong[]> chunks, ImmutableArray<NameText> texts, int count)
    {
        _chunks = chunks;
        _texts = texts;
        Count = count;
    }

    /// <summary>The number of slots.</summary>
    public int Count { get; }

    /// <summary>An index of the given names, one list per slot (their signature is <see cref="NameSignature.Of"/> of them).</summary>
    public static NameIndex From(IEnumerable<IReadOnlyList<string>> names)
    {
        var chunks = ImmutableArray.CreateBuilder<ulong[]>();
        var texts = ImmutableArray.CreateBuilder<NameText>();
        var slots = new List<IReadOnlyList<string>>(SlotsPerChunk);
        int count = 0;
        foreach (var n in names)
        {
            if (count % SlotsPerChunk == 0) chunks.Add(new ulong[ChunkLength]);
            Write(chunks[^1], count % SlotsPerChunk, n);
            slots.Add(n);
            if (slots.Count == SlotsPerChunk) Flush();
            count++;
        }
        Flush();
        return new NameIndex(chunks.ToImmutable(), texts.ToImmutable(), count);

        void Flush()
        {
            if (slots.Count == 0) return;
            texts.Add(NameText.Of(slots));
            slots.Clear();
        }
    }

    /// <summary>How many names <paramref name="slot"/> has.</summary>
    public int NameCount(int slot) => _texts[slot / SlotsPerChunk].NameCount(slot % SlotsPerChunk);

    /// <summary>Name <paramref name="i"/> of <paramref name="slot"/>, in the order given (for a note: title, stem, then its aliases).</summary>
    public ReadOnlySpan<char> Name(int slot, int i) => _texts[slot / SlotsPerChunk].Name(slot % SlotsPerChunk, i);

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

    /// <summary>The index with other names for <paramref name="slot"/> (the caller shares the index instead when the names are the same).</summary>
    public NameIndex SetItem(int slot, IReadOnlyList<string> names)
    {
        if ((uint)slot >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(slot));
        int c = slot / SlotsPerChunk;
        var chunk = (ulong[])_chunks[c].Clone();
        Write(chunk, slot % SlotsPerChunk, names);
        return new NameIndex(_chunks.SetItem(c, chunk), _texts.SetItem(c, _texts[c].Splice(slot % SlotsPerChunk, names)), Count);
    }

    public NameIndex Add(IReadOnlyList<string> names)
    {
        if (Count % SlotsPerChunk == 0)
        {
            var fresh = new ulong[ChunkLength];
            Write(fresh, 0, names);
            return new NameIndex(_chunks.Add(fresh), _texts.Add(NameText.Of([names])), Count + 1);
        }
        var chunk = (ulong[])_chunks[^1].Clone();
        Write(chunk, Count % SlotsPerChunk, names);
        return new NameIndex(_chunks.SetItem(_chunks.Length - 1, chunk),
            _texts.SetItem(_texts.Length - 1, _texts[^1].Splice(Count % SlotsPerChunk, names)), Count + 1);
    }

    public NameIndex RemoveLast()
    {
        if (Count == 0) throw new InvalidOperationException("the index is empty");
        int last = Count - 1;
        if (last % SlotsPerChunk == 0) return new NameIndex(_chunks.RemoveAt(_chunks.Length - 1), _texts.RemoveAt(_texts.Length - 1), last);
        // The slot's bits cleared, so no map holds anything past Count.
        var chunk = (ulong[])_chunks[^1].Clone();
        Write(chunk, last % SlotsPerChunk, []);
        return new NameIndex(_chunks.SetItem(_chunks.Length - 1, chunk), _texts.SetItem(_texts.Length - 1, _texts[^1].Splice(last % SlotsPerChunk, null)), last);
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
            sb.Append(label).Append(m < 64 ? " char " : m < HeadMaps ? " word-start " : " name-start ").Append(m % 64).Append(": ").AppendJoin(", ", names).AppendLine();
        }
        var texts = new List<string>(Count);
        for (int slot = 0; slot < Count; slot++)
        {
            var line = new StringBuilder(nameOf(slot)).Append(" =");
            for (int i = 0; i < NameCount(slot); i++) line.Append(" «").Append(Name(slot, i)).Append('»');
            texts.Add(line.ToString());
        }
        texts.Sort(StringComparer.Ordinal);
        foreach (var t in texts) sb.Append(label).Append(' ').AppendLine(t);
    }

    /// <summary>The names of one chunk's slots: one string, and where each name ends.</summary>
    private sealed class NameText
    {
        private readonly string _text;
        private readonly int[] _ends;  // the end in _text of each name, slot after slot
        private readonly int[] _first; // the index in _ends of each slot's first name; one more entry than slots

        private NameText(string text, int[] ends, int[] first)
        {
            _text = text;
            _ends = ends;
            _first = first;
        }

        public static NameText Of(IReadOnlyList<IReadOnlyList<string>> slots)
        {
            var text = new StringBuilder();
            var ends = new List<int>();
            var first = new int[slots.Count + 1];
            for (int s = 0; s < slots.Count; s++)
            {
                first[s] = ends.Count;
                foreach (var name in slots[s])
                {
                    text.Append(name);
                    ends.Add(text.Length);
                }
            }
            first[^1] = ends.Count;
            return new NameText(text.ToString(), [.. ends], first);
        }

        public int NameCount(int slot) => _first[slot + 1] - _first[slot];

        public ReadOnlySpan<char> Name(int slot, int i)
        {
            int j = _first[slot] + i, start = j == 0 ? 0 : _ends[j - 1];
            return _text.AsSpan(start, _ends[j] - start);
        }

        /// <summary>The same with the names of <paramref name="slot"/> replaced (one past the last slot: added; null: the slot removed).</summary>
        public NameText Splice(int slot, IReadOnlyList<string>? names)
        {
            int slots = _first.Length - 1;
            bool existed = slot < slots;
            int firstName = _first[slot], endName = existed ? _first[slot + 1] : _ends.Length;
            int charStart = firstName == 0 ? 0 : _ends[firstName - 1], charEnd = endName == 0 ? 0 : _ends[endName - 1];
            var text = new StringBuilder(_text.Length + 64).Append(_text, 0, charStart);
            var ends = new List<int>(_ends.Length + 4);
            for (int j = 0; j < firstName; j++) ends.Add(_ends[j]);
            foreach (var name in names ?? [])
            {
                text.Append(name);
                ends.Add(text.Length);
            }
            int shift = text.Length - charEnd, added = ends.Count - endName;
            text.Append(_text, charEnd, _text.Length - charEnd);
            for (int j = endName; j < _ends.Length; j++) ends.Add(_ends[j] + shift);
            int newSlots = slots + (existed ? 0 : 1) - (names is null ? 1 : 0);
            var first = new int[newSlots + 1];
            for (int s = 0; s <= newSlots; s++)
                first[s] = s <= slot ? _first[Math.Min(s, slots)] : _first[s + (names is null ? 1 : 0) - (existed ? 0 : 1)] + added;
            first[newSlots] = ends.Count;
            return new NameText(text.ToString(), [.. ends], first);
        }
    }

    /// <summary>True when some name of <paramref name="slot"/> might begin with the character whose <see cref="NameSignature.Bit"/> is given.</summary>
    public bool StartsAName(int slot, ulong charBit) =>
        (_chunks[slot / SlotsPerChunk][(HeadMaps + BitOperations.TrailingZeroCount(charBit)) * WordsPerMap + slot % SlotsPerChunk / 64] & 1UL << (slot % 64)) != 0;

    private static void Write(ulong[] chunk, int i, IReadOnlyList<string> names)
    {
        var s = NameSignature.Of(names);
        ulong heads = 0;
        foreach (var name in names) if (name.Length > 0) heads |= NameSignature.Bit(name[0]);
        int word = i / 64;
        ulong bit = 1UL << (i % 64);
        for (int m = 0; m < 64; m++)
        {
            Put(ref chunk[m * WordsPerMap + word], (s.Chars >> m & 1) != 0);
            Put(ref chunk[(64 + m) * WordsPerMap + word], (s.WordStarts >> m & 1) != 0);
            Put(ref chunk[(HeadMaps + m) * WordsPerMap + word], (heads >> m & 1) != 0);
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
