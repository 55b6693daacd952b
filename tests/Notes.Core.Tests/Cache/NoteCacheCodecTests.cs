using System.Buffers;
using Notes.Core.Cache;
using Notes.Core.Syntax;
using Notes.Core.Tests.Syntax;
using Xunit;

namespace Notes.Core.Tests.Cache;

public class NoteCacheCodecTests
{
    private static List<CachedNote> RandomNotes(int seed, int count)
    {
        var rng = new Random(seed);
        var notes = new List<CachedNote>();
        for (int i = 0; i < count; i++)
        {
            var text = i % 7 == 3 ? "" : IncrementalParseOracleTests.RandomNote(rng);
            if (i % 5 == 1) text = "---\ntitle: Über 🧪 名前\naliases: [a, b]\ntags: [x/y]\nid: 42\n---\n" + text.Replace("\n", "\r\n");
            var stem = $"note {i} ✓";
            notes.Add(new CachedNote($"dir {i % 3}/{stem}.md", new FileStamp(text.Length, 638_000_000_000_000_000 + i, (ulong)rng.NextInt64()), NoteParser.Parse(text, stem).Compact()));
        }
        return notes;
    }

    private static byte[] Record(CachedNote note)
    {
        var w = new ArrayBufferWriter<byte>();
        NoteCacheCodec.Encode(note, w);
        return w.WrittenSpan.ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_decoded_payload_equals_what_was_encoded_field_by_field(int seed)
    {
        var notes = RandomNotes(seed, 60);
        var back = new List<CachedNote>();
        foreach (var n in notes)
        {
            Assert.True(NoteCacheCodec.TryDecode(Record(n), out var b, out var error), error);
            back.Add(b!);
        }
        for (int i = 0; i < notes.Count; i++)
        {
            Assert.Equal(notes[i].RelativePath, back[i].RelativePath);
            Assert.Equal(notes[i].Stamp, back[i].Stamp);
            Assert.True(back[i].Syntax.Lines.IsCompact);
            Assert.Equal(notes[i].Syntax.Text, back[i].Syntax.Text);
            Assert.Equal(IncrementalParseOracleTests.Dump(notes[i].Syntax), IncrementalParseOracleTests.Dump(back[i].Syntax));
        }
    }

    [Fact]
    public void A_note_holding_its_text_as_a_string_is_not_encoded()
    {
        var note = new CachedNote("a.md", default, NoteParser.Parse("# A", "a"));
        Assert.Throws<ArgumentException>(() => Record(note));
    }

    [Fact]
    public void An_empty_record_and_trailing_bytes_are_refused()
    {
        Assert.False(NoteCacheCodec.TryDecode([], out _, out var e1));
        Assert.Contains("truncated", e1);
        var bytes = Record(RandomNotes(4, 1)[0]);
        Assert.False(NoteCacheCodec.TryDecode([.. bytes, 0], out _, out var e2));
        Assert.Contains("after the note", e2);
    }

    /// <summary>
    /// The loader checks a checksum before it decodes, but the decoder must not need it: truncations, flipped bytes,
    /// inserted and deleted runs never throw, and whatever decodes has every span inside its text.
    /// </summary>
    [Fact]
    public void Mutated_payloads_never_throw_and_what_decodes_is_in_bounds()
    {
        var rng = new Random(7);
        var records = RandomNotes(11, 12).Select(Record).ToList();
        int decoded = 0;
        for (int round = 0; round < 3000; round++)
        {
            var bytes = records[round % records.Count].ToList();
            int mutations = 1 + rng.Next(4);
            for (int m = 0; m < mutations && bytes.Count > 0; m++)
            {
                int at = rng.Next(bytes.Count);
                switch (rng.Next(4))
                {
                    case 0: bytes[at] ^= (byte)(1 << rng.Next(8)); break;
                    case 1: bytes[at] = (byte)rng.Next(256); break;
                    case 2: bytes.RemoveRange(at, Math.Min(bytes.Count - at, rng.Next(1, 16))); break;
                    default: bytes.InsertRange(at, Enumerable.Range(0, rng.Next(1, 8)).Select(_ => (byte)rng.Next(256))); break;
                }
            }
            if (round % 10 == 0) bytes = bytes.Take(rng.Next(bytes.Count)).ToList();
            if (!NoteCacheCodec.TryDecode(bytes.ToArray(), out var n, out _)) continue;
            decoded++;
            {
                int length = n!.Syntax.Lines.Length;
                foreach (var l in n.Syntax.Links) Assert.InRange(l.Span.End, 0, length);
                foreach (var t in n.Syntax.Tags) Assert.InRange(t.Span.End, 0, length);
                foreach (var h in n.Syntax.Headings) Assert.InRange(h.Section.End, 0, length);
                for (int line = 0; line < n.Syntax.Lines.LineCount; line++) Assert.InRange(n.Syntax.Lines.LineStart(line), 0, length);
            }
        }
        Assert.True(decoded < 3000, "some mutation must be refused");
    }
}
