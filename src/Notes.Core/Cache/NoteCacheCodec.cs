using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Notes.Core.Syntax;
using Notes.Core.Text;

namespace Notes.Core.Cache;

/// <summary>
/// The index cache's records: one cached note's path, stamp and parse (its text as the UTF-8 the index holds anyway),
/// as bytes, and back; one record at a time, so neither writing nor loading a 100,000-note cache holds it all in
/// memory twice. Names that recur (tags, link targets, fragments, citation keys) are shared through <see cref="StringPool"/> on the
/// way back, as a parse shares them. Pure: the file, its framing and its checksum are
/// <c>Notes.FileSystem.IndexCacheFile</c>'s. Decoding never throws and never trusts a count or a span: anything out
/// of bounds fails the record (<see cref="TryDecode"/> returns false), so a damaged cache is a cold scan, never a
/// wrong answer or a crash.
/// </summary>
public static class NoteCacheCodec
{
    /// <summary>Changes whenever the layout below or the meaning of a parse changes: an older payload is refused.</summary>
    public const int FormatVersion = 3;

    /// <summary>Appends one note's record to <paramref name="into"/> (which the caller frames and checksums).</summary>
    public static void Encode(CachedNote note, ArrayBufferWriter<byte> into) => WriteNote(new ByteWriter(into), note);

    private static void WriteNote(ByteWriter w, CachedNote n)
    {
        var s = n.Syntax;
        var (utf8, length, lineStarts) = s.Lines.CompactParts ?? throw new ArgumentException($"{n.RelativePath}: only compact notes are cached");
        w.String(n.RelativePath);
        w.Long(n.Stamp.Size);
        w.Long(n.Stamp.ModifiedTicks);
        w.ULong(n.Stamp.Hash);
        w.Varint(length);
        w.Bytes(utf8);
        w.Varint(lineStarts.Length);
        int prev = 0;
        foreach (var l in lineStarts) { w.Varint(l - prev); prev = l; }

        w.String(s.Title.Text);
        w.Varint((int)s.Title.Source);
        w.OptSpan(s.Title.Span);

        if (s.FrontMatter is { } fm)
        {
            w.Varint(1);
            w.Span(fm.Span);
            w.OptValue(fm.Title);
            w.Values(fm.Aliases);
            w.Values(fm.Tags);
            w.OptValue(fm.Id);
            w.Values(fm.Bibliography);
            w.OptValue(fm.CiteKey);
            w.OptSpan(fm.ReferencesSpan);
        }
        else w.Varint(0);

        w.Varint(s.Headings.Count);
        foreach (var h in s.Headings)
        {
            w.Varint(h.Level);
            w.String(h.Text);
            w.String(h.Slug);
            w.Span(h.Span); w.Span(h.TextSpan); w.Span(h.Section);
        }
        w.Varint(s.Links.Count);
        foreach (var l in s.Links)
        {
            w.Varint((int)l.Kind | (l.IsBlockRef ? 8 : 0));
            w.Span(l.Span);
            w.String(l.Target);
            w.Span(l.TargetSpan);
            w.OptString(l.Fragment);
            w.OptSpan(l.FragmentSpan);
            w.OptString(l.Label);
            w.OptSpan(l.LabelSpan);
        }
        w.Varint(s.ExternalLinks.Count);
        foreach (var e in s.ExternalLinks) { w.Span(e.Span); w.String(e.Url); w.Span(e.UrlSpan); }
        w.Varint(s.Tags.Count);
        foreach (var t in s.Tags) { w.String(t.Name); w.Span(t.Span); w.Span(t.NameSpan); w.Varint(t.InFrontMatter ? 1 : 0); }
        w.Varint(s.Citations.Count);
        foreach (var c in s.Citations)
        {
            w.Span(c.Span); w.String(c.Key); w.Span(c.KeySpan);
            w.Varint((c.InText ? 1 : 0) | (c.SuppressAuthor ? 2 : 0));
            w.OptString(c.Prefix); w.OptString(c.Locator);
            w.Span(c.Group);
        }
        w.Varint(s.Blocks.Count);
        foreach (var b in s.Blocks) { w.String(b.Id); w.Span(b.Span); w.Span(b.Block); }
        w.Varint(s.Tasks.Count);
        foreach (var t in s.Tasks) { w.Span(t.Span); w.Varint(t.Done ? 1 : 0); w.String(t.Text); }
        w.Varint(s.Footnotes.Count);
        foreach (var f in s.Footnotes) { w.String(f.Label); w.Span(f.Span); w.Varint(f.IsDefinition ? 1 : 0); }
        w.OptString(s.FirstParagraph);
        w.Varint(s.CodeAndMath.Count);
        foreach (var c in s.CodeAndMath) w.Span(c);
        w.Varint(s.Diagnostics.Count);
        foreach (var d in s.Diagnostics) { w.Span(d.Span); w.String(d.Code); w.String(d.Message); }
        w.Varint(s.FirstParagraphStart + 1);
        w.Long(s.InlineCost);
        w.Varint((s.CanReparse ? 1 : 0) | (s.MayHaveDefinitions ? 2 : 0));
    }

    /// <summary>The note of a record <see cref="Encode"/> wrote; false (with why) for anything else, whatever the bytes.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> record, out CachedNote? note, out string? error)
    {
        var r = new ByteReader(record);
        try
        {
            note = ReadNote(ref r);
            if (!r.AtEnd) throw new FormatException("bytes after the note");
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            note = null;
            error = $"{e.Message} at byte {r.Position}";
            return false;
        }
    }

    private static CachedNote ReadNote(ref ByteReader r)
    {
        var rel = r.String();
        var stamp = new FileStamp(r.Long(), r.Long(), r.ULong());
        int length = r.Varint();
        var utf8 = r.Bytes();
        if (length < 0 || utf8.Length > 3L * length || length > utf8.Length) throw new FormatException("text length");
        int lines = r.Count();
        if (lines < 1) throw new FormatException("no line");
        var starts = new int[lines];
        int at = 0;
        for (int i = 0; i < lines; i++)
        {
            int d = r.Varint();
            if (i == 0 ? d != 0 : d <= 0 || at + d > length) throw new FormatException("line start");
            at += d;
            starts[i] = at;
        }
        var rs = new SpanReader(length);

        var title = new NoteTitle(r.String(), (TitleSource)r.AtMost((int)TitleSource.FileName), rs.Opt(ref r));
        FrontMatter? fm = null;
        if (r.Flag())
            fm = new FrontMatter(rs.Read(ref r), OptValue(ref r, rs), Values(ref r, rs), Values(ref r, rs), OptValue(ref r, rs),
                Values(ref r, rs), OptValue(ref r, rs), rs.Opt(ref r));

        var headings = new Heading[r.Count()];
        for (int i = 0; i < headings.Length; i++)
        {
            int level = r.Varint();
            if (level is < 1 or > 6) throw new FormatException("heading level");
            headings[i] = new Heading(level, r.String(), r.String(), rs.Read(ref r), rs.Read(ref r), rs.Read(ref r));
        }
        var links = new NoteLink[r.Count()];
        for (int i = 0; i < links.Length; i++)
        {
            int kind = r.Varint();
            if ((kind & ~8) > (int)LinkKind.Image) throw new FormatException("link kind");
            links[i] = new NoteLink((LinkKind)(kind & 7), rs.Read(ref r), r.String(pooled: true), rs.Read(ref r), r.OptString(pooled: true), rs.Opt(ref r), (kind & 8) != 0,
                r.OptString(), rs.Opt(ref r));
        }
        var external = new ExternalLink[r.Count()];
        for (int i = 0; i < external.Length; i++) external[i] = new ExternalLink(rs.Read(ref r), r.String(), rs.Read(ref r));
        var tags = new Tag[r.Count()];
        for (int i = 0; i < tags.Length; i++) tags[i] = new Tag(r.String(pooled: true), rs.Read(ref r), rs.Read(ref r), r.Flag());
        var citations = new Citation[r.Count()];
        for (int i = 0; i < citations.Length; i++)
        {
            var span = rs.Read(ref r);
            var key = r.String(pooled: true);
            var keySpan = rs.Read(ref r);
            int mode = r.Varint();
            if ((mode & ~3) != 0) throw new FormatException("citation flags");
            citations[i] = new Citation(span, key, keySpan, (mode & 1) != 0, (mode & 2) != 0, r.OptString(), r.OptString(), rs.Read(ref r));
        }
        var blocks = new BlockAnchor[r.Count()];
        for (int i = 0; i < blocks.Length; i++) blocks[i] = new BlockAnchor(r.String(), rs.Read(ref r), rs.Read(ref r));
        var tasks = new TaskItem[r.Count()];
        for (int i = 0; i < tasks.Length; i++) tasks[i] = new TaskItem(rs.Read(ref r), r.Flag(), r.String());
        var footnotes = new Footnote[r.Count()];
        for (int i = 0; i < footnotes.Length; i++) footnotes[i] = new Footnote(r.String(), rs.Read(ref r), r.Flag());
        var first = r.OptString();
        var code = new TextSpan[r.Count()];
        for (int i = 0; i < code.Length; i++) code[i] = rs.Read(ref r);
        var diagnostics = new SyntaxDiagnostic[r.Count()];
        for (int i = 0; i < diagnostics.Length; i++) diagnostics[i] = new SyntaxDiagnostic(rs.Read(ref r), r.String(), r.String());
        int firstStart = r.Varint() - 1;
        if (firstStart < -1 || firstStart > length) throw new FormatException("first paragraph");
        long cost = r.Long();
        int flags = r.Varint();
        if ((flags & ~3) != 0) throw new FormatException("flags");

        var syntax = new ParsedNote(LineIndex.FromCompactParts(utf8, length, starts), title, fm, headings, links, external, tags, citations, blocks, tasks, footnotes,
            first, code, diagnostics)
        {
            FirstParagraphStart = firstStart,
            InlineCost = cost,
            CanReparse = (flags & 1) != 0,
            MayHaveDefinitions = (flags & 2) != 0,
        };
        return new CachedNote(rel, stamp, syntax);
    }

    private static FrontMatterValue? OptValue(ref ByteReader r, SpanReader rs) =>
        r.Flag() ? new FrontMatterValue(r.String(), rs.Read(ref r)) : null;

    private static FrontMatterValue[] Values(ref ByteReader r, SpanReader rs)
    {
        var values = new FrontMatterValue[r.Count()];
        for (int i = 0; i < values.Length; i++) values[i] = new FrontMatterValue(r.String(), rs.Read(ref r));
        return values;
    }

    /// <summary>Spans of one note: each must lie within its text.</summary>
    private readonly struct SpanReader(int length)
    {
        public TextSpan Read(ref ByteReader r)
        {
            int start = r.Varint(), len = r.Varint();
            if (start < 0 || len < 0 || (long)start + len > length) throw new FormatException("span");
            return new TextSpan(start, start + len);
        }

        public TextSpan? Opt(ref ByteReader r) => r.Flag() ? Read(ref r) : null;
    }

    private readonly struct ByteWriter(ArrayBufferWriter<byte> into)
    {
        private Span<byte> Take(int n)
        {
            var span = into.GetSpan(n)[..n];
            into.Advance(n);
            return span;
        }

        public void Varint(int value) => ULongVarint((uint)value);

        private void ULongVarint(ulong v)
        {
            var span = into.GetSpan(10);
            int n = 0;
            while (v >= 0x80) { span[n++] = (byte)(v | 0x80); v >>= 7; }
            span[n++] = (byte)v;
            into.Advance(n);
        }

        public void Long(long v) => ULongVarint((ulong)((v << 1) ^ (v >> 63))); // zigzag
        public void ULong(ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(Take(8), v);

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            Varint(bytes.Length);
            bytes.CopyTo(Take(bytes.Length));
        }

        public void String(string s)
        {
            int n = Encoding.UTF8.GetByteCount(s);
            Varint(n);
            Encoding.UTF8.GetBytes(s, Take(n));
        }

        public void OptString(string? s)
        {
            Varint(s is null ? 0 : 1);
            if (s is not null) String(s);
        }

        public void Span(TextSpan s) { Varint(s.Start); Varint(s.Length); }

        public void OptSpan(TextSpan? s)
        {
            Varint(s is null ? 0 : 1);
            if (s is { } v) Span(v);
        }

        public void OptValue(FrontMatterValue? v)
        {
            Varint(v is null ? 0 : 1);
            if (v is not null) { String(v.Value); Span(v.Span); }
        }

        public void Values(IReadOnlyList<FrontMatterValue> values)
        {
            Varint(values.Count);
            foreach (var v in values) { String(v.Value); Span(v.Span); }
        }
    }

    /// <summary>Reads what <see cref="ByteWriter"/> wrote; every fault is a <see cref="FormatException"/>.</summary>
    private ref struct ByteReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _at;

        public readonly int Position => _at;
        public readonly bool AtEnd => _at == _data.Length;

        private ulong ULongVarint()
        {
            ulong v = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (_at >= _data.Length) throw new FormatException("truncated");
                byte b = _data[_at++];
                v |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return v;
            }
            throw new FormatException("varint too long");
        }

        public int Varint()
        {
            ulong v = ULongVarint();
            if (v > int.MaxValue) throw new FormatException("number out of range");
            return (int)v;
        }

        /// <summary>A count of items that each take at least one byte: never more than the bytes left.</summary>
        public int Count()
        {
            int n = Varint();
            if (n > _data.Length - _at) throw new FormatException("count beyond the end");
            return n;
        }

        public bool Flag() => Varint() switch { 0 => false, 1 => true, _ => throw new FormatException("flag") };

        public int AtMost(int max)
        {
            int v = Varint();
            if (v > max) throw new FormatException("enumeration value");
            return v;
        }

        public long Long()
        {
            ulong v = ULongVarint();
            return (long)(v >> 1) ^ -(long)(v & 1);
        }

        public ulong ULong()
        {
            if (_data.Length - _at < 8) throw new FormatException("truncated");
            var v = BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(_at, 8));
            _at += 8;
            return v;
        }

        public byte[] Bytes()
        {
            int n = Count();
            var bytes = _data.Slice(_at, n).ToArray();
            _at += n;
            return bytes;
        }

        /// <summary>A string; <paramref name="pooled"/> for the names that recur across notes (tags, link targets and fragments), shared as a parse shares them.</summary>
        public string String(bool pooled = false)
        {
            int n = Count();
            var bytes = _data.Slice(_at, n);
            _at += n;
            if (pooled && n <= StringPool.MaxLength * 3)
            {
                Span<char> chars = stackalloc char[n];
                if (System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out _, out int written, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
                    throw new FormatException("string");
                return StringPool.Intern(chars[..written]);
            }
            try { return Strict.GetString(bytes); }
            catch (DecoderFallbackException) { throw new FormatException("string"); }
        }

        public string? OptString(bool pooled = false) => Flag() ? String(pooled) : null;
    }

    private static readonly UTF8Encoding Strict = new(false, true);
}
