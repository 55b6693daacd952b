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
            if (i % 5 == 1) text = "---\ntitle: Über 🧪 名前\naliases: [a, b]\ntags: [x/y]\nid: 42\nbibliography: [refs 🧪.bib, b.json]\ncitekey: über2024\nreferences:\n  - id: r\n---\n"
                + "See [vgl. @Müller_2020, S. 5; -@{odd 名前}] and @doe 🧪 [p. 3].\n" + text.Replace("\n", "\r\n");
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
        // Not vacuous: the notes hold citations of every shape and the front matter's bibliography keys.
        var all = notes.SelectMany(n => n.Syntax.Citations).ToList();
        Assert.Contains(all, c => c.InText && c.Locator is not null);
        Assert.Contains(all, c => c.SuppressAuthor && c.Prefix is null);
        Assert.Contains(all, c => !c.InText && c.Prefix is not null && c.Locator is not null);
        Assert.Contains(notes, n => n.Syntax.FrontMatter is { Bibliography.Count: > 0, CiteKey: not null, HasReferences: true });
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
    public void Citations_and_bibliography_keys_come_back_exactly()
    {
        var text = "---\nbibliography:\n  - a.bib\n  - \"b c.json\"\ncitation-key: k\nreferences: []\n---\n[see @a, p. 5; -@{b c}] @d [ch. 2]\n";
        var note = new CachedNote("c.md", default, NoteParser.Parse(text, "c").Compact());
        Assert.True(NoteCacheCodec.TryDecode(Record(note), out var back, out var error), error);
        Assert.Equal(note.Syntax.Citations, back!.Syntax.Citations);
        Assert.Equal(3, back.Syntax.Citations.Count);
        var fm = back.Syntax.FrontMatter!;
        Assert.Equal(note.Syntax.FrontMatter!.Bibliography, fm.Bibliography);
        Assert.Equal(["a.bib", "b c.json"], fm.Bibliography.Select(b => b.Value));
        Assert.Equal(note.Syntax.FrontMatter.CiteKey, fm.CiteKey);
        Assert.Equal(note.Syntax.FrontMatter.ReferencesSpan, fm.ReferencesSpan);
        Assert.True(fm.HasReferences);
        Assert.Equal(3, NoteCacheCodec.FormatVersion);
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
                foreach (var c in n.Syntax.Citations) { Assert.InRange(c.Span.End, 0, length); Assert.InRange(c.KeySpan.End, 0, length); Assert.InRange(c.Group.End, 0, length); }
                if (n.Syntax.FrontMatter is { } fm)
                {
                    foreach (var v in fm.Bibliography) Assert.InRange(v.Span.End, 0, length);
                    if (fm.CiteKey is { } k) Assert.InRange(k.Span.End, 0, length);
                    if (fm.ReferencesSpan is { } r) Assert.InRange(r.End, 0, length);
                }
                foreach (var h in n.Syntax.Headings) Assert.InRange(h.Section.End, 0, length);
                for (int line = 0; line < n.Syntax.Lines.LineCount; line++) Assert.InRange(n.Syntax.Lines.LineStart(line), 0, length);
            }
        }
        Assert.True(decoded < 3000, "some mutation must be refused");
    }
}
