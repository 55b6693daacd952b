using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Notes.Core.Text;

/// <summary>How a client counts characters in a line (LSP <c>positionEncoding</c>).</summary>
public enum PositionEncoding { Utf16, Utf8, Utf32 }

/// <summary>A zero-based line and character, counted in some <see cref="PositionEncoding"/>.</summary>
public readonly record struct LinePosition(int Line, int Character) : IComparable<LinePosition>
{
    public int CompareTo(LinePosition other) =>
        Line != other.Line ? Line.CompareTo(other.Line) : Character.CompareTo(other.Character);
    public override string ToString() => $"({Line},{Character})";
}

/// <summary>
/// Maps offsets in a string (UTF-16 code units) to LSP line/character positions and back.
/// Lines end at LF, CRLF or a lone CR, as the LSP specification defines them.
/// Immutable and cheap to share; building it is one pass over the text. It also holds the text itself: as the
/// string it was built from, or, after <see cref="Compact"/>, as UTF-8 bytes (half the memory for the notes no editor
/// has open, which is nearly all of them) decoded again on demand and cached until the next collection.
/// </summary>
public sealed class LineIndex
{
    private readonly string? _text;
    private readonly byte[]? _utf8;
    private readonly int _length;
    private readonly int[] _lineStarts;
    private WeakReference<string>? _decoded;

    private LineIndex(string? text, byte[]? utf8, int length, int[] lineStarts)
    {
        _text = text;
        _utf8 = utf8;
        _length = length;
        _lineStarts = lineStarts;
    }

    public static LineIndex Create(string text)
    {
        var starts = new List<int>(Math.Max(4, text.Length / 40)) { 0 };
        for (int i = NextLineStart(text, 0); i >= 0; i = NextLineStart(text, i)) starts.Add(i);
        return new LineIndex(text, null, text.Length, starts.ToArray());
    }

    /// <summary>The start of the line after the break at or after <paramref name="i"/> (LF, CRLF or a lone CR), or -1 when none follows.</summary>
    private static int NextLineStart(string text, int i)
    {
        if (i >= text.Length) return -1;
        int k = text.AsSpan(i).IndexOfAny('\r', '\n');
        if (k < 0) return -1;
        i += k;
        return text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? i + 2 : i + 1;
    }

    /// <summary>
    /// The index of <paramref name="newText"/>, which is this index's text with [<paramref name="start"/>,
    /// <paramref name="oldEnd"/>) replaced by [<paramref name="start"/>, <paramref name="newEnd"/>) of the new text: the
    /// line starts before the edit are kept, those after it shifted, and only the lines between are scanned. Equal to
    /// <see cref="Create"/> of the new text (the incremental-reparse oracle checks it).
    /// </summary>
    public LineIndex WithEdit(string newText, int start, int oldEnd, int newEnd)
    {
        int delta = newEnd - oldEnd;
        if (start < 0 || oldEnd < start || newEnd < start || oldEnd > _length || newText.Length != _length + delta) return Create(newText);
        // Keep every line that starts before the one holding start - 1: a CR there may join an LF inserted at start.
        int keep = LineOf(Math.Max(0, start - 1));
        var starts = new List<int>(_lineStarts.Length + 16);
        for (int l = 0; l <= keep; l++) starts.Add(_lineStarts[l]);
        for (int i = NextLineStart(newText, _lineStarts[keep]); i >= 0; i = NextLineStart(newText, i))
        {
            if (i - 1 >= newEnd)
            {
                // The break before this line start, and the character after it, are past the edit: the old index from here.
                int at = Array.BinarySearch(_lineStarts, i - delta);
                if (at < 0) return Create(newText);
                for (int l = at; l < _lineStarts.Length; l++) starts.Add(_lineStarts[l] + delta);
                return new LineIndex(newText, null, newText.Length, starts.ToArray());
            }
            starts.Add(i);
        }
        return new LineIndex(newText, null, newText.Length, starts.ToArray());
    }

    /// <summary>
    /// The same index holding its text as UTF-8. A text that UTF-8 cannot carry exactly (a lone surrogate) stays a
    /// string, so <see cref="Text"/> is always the very string the index was built from.
    /// </summary>
    public LineIndex Compact()
    {
        if (_text is not { } text) return this;
        var bytes = new byte[Encoding.UTF8.GetByteCount(text)];
        if (Utf8.FromUtf16(text, bytes, out _, out int written, replaceInvalidSequences: false) != OperationStatus.Done || written != bytes.Length)
            return this;
        return new LineIndex(null, bytes, _length, _lineStarts);
    }

    /// <summary>The compact form's parts (for the index cache): the UTF-8 text, its length in UTF-16 units and the line starts; null for an index holding a string.</summary>
    internal (byte[] Utf8, int Length, int[] LineStarts)? CompactParts => _utf8 is { } bytes ? (bytes, _length, _lineStarts) : null;

    /// <summary>A compact index from its parts, as <see cref="CompactParts"/> gave them (the caller checked them).</summary>
    internal static LineIndex FromCompactParts(byte[] utf8, int length, int[] lineStarts) => new(null, utf8, length, lineStarts);

    /// <summary>True when the text is held as UTF-8 (see <see cref="Compact"/>).</summary>
    public bool IsCompact => _utf8 is not null;

    /// <summary>The text; decoded from UTF-8 for a compact index (and kept until the garbage collector wants the memory).</summary>
    public string Text
    {
        get
        {
            if (_text is { } text) return text;
            if (_decoded is { } weak && weak.TryGetTarget(out var cached)) return cached;
            var decoded = Encoding.UTF8.GetString(_utf8!);
            _decoded = new WeakReference<string>(decoded); // a race decodes twice, never wrongly
            return decoded;
        }
    }

    public int Length => _length;
    public int LineCount => _lineStarts.Length;

    public int LineStart(int line) => _lineStarts[line];

    /// <summary>Offset just past the last character of the line, before its terminator.</summary>
    public int LineEnd(int line)
    {
        int end = line + 1 < _lineStarts.Length ? _lineStarts[line + 1] : _length;
        if (end == _lineStarts[line]) return end;
        var text = Text;
        if (text[end - 1] == '\n') end--;
        if (end > _lineStarts[line] && text[end - 1] == '\r') end--;
        return end;
    }

    /// <summary>The line that holds <paramref name="offset"/> (clamped to the text).</summary>
    public int LineOf(int offset)
    {
        offset = Math.Clamp(offset, 0, _length);
        int i = Array.BinarySearch(_lineStarts, offset);
        return i >= 0 ? i : ~i - 1;
    }

    public LinePosition ToPosition(int offset, PositionEncoding encoding = PositionEncoding.Utf16)
    {
        offset = Math.Clamp(offset, 0, _length);
        int line = LineOf(offset);
        int start = _lineStarts[line];
        // UTF-16 columns are offsets: no need to look at (or decode) the text.
        return new LinePosition(line, encoding == PositionEncoding.Utf16 ? offset - start : Count(Text.AsSpan(start, offset - start), encoding));
    }

    /// <summary>
    /// The offset of a position. A character past the end of its line clamps to the line end; a
    /// position inside a code point (a surrogate pair, a UTF-8 sequence) snaps back to its start.
    /// Returns false for a negative position or a line past the end of the text.
    /// </summary>
    public bool TryGetOffset(LinePosition position, PositionEncoding encoding, out int offset)
    {
        offset = 0;
        if (position.Line < 0 || position.Character < 0) return false;
        if (position.Line >= _lineStarts.Length)
        {
            // The position just past the last line is valid only at character 0 when the text ends in a line break.
            return false;
        }
        int start = _lineStarts[position.Line];
        int end = LineEnd(position.Line);
        offset = Advance(start, end, position.Character, encoding);
        return true;
    }

    /// <summary>Like <see cref="TryGetOffset"/>, but clamps every out-of-range position into the text.</summary>
    public int GetOffsetClamped(LinePosition position, PositionEncoding encoding = PositionEncoding.Utf16)
    {
        if (position.Line < 0) return 0;
        if (position.Line >= _lineStarts.Length) return _length;
        return TryGetOffset(position with { Character = Math.Max(0, position.Character) }, encoding, out var o) ? o : 0;
    }

    private int Advance(int start, int end, int units, PositionEncoding encoding)
    {
        var text = Text;
        int i = start;
        int counted = 0;
        while (i < end)
        {
            char c = text[i];
            bool pair = char.IsHighSurrogate(c) && i + 1 < end && char.IsLowSurrogate(text[i + 1]);
            int width = encoding switch
            {
                PositionEncoding.Utf16 => pair ? 2 : 1,
                PositionEncoding.Utf32 => 1,
                _ => pair ? 4 : Utf8Width(c),
            };
            if (counted + width > units) break; // inside this code point: snap to its start
            counted += width;
            i += pair ? 2 : 1;
            if (counted == units) break;
        }
        return i;
    }

    public static int Count(ReadOnlySpan<char> s, PositionEncoding encoding)
    {
        if (encoding == PositionEncoding.Utf16) return s.Length;
        int n = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            bool pair = char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]);
            if (pair) { n += encoding == PositionEncoding.Utf8 ? 4 : 1; i++; }
            else n += encoding == PositionEncoding.Utf8 ? Utf8Width(c) : 1;
        }
        return n;
    }

    // A lone surrogate is encoded as U+FFFD (3 bytes) by every UTF-8 encoder we meet.
    private static int Utf8Width(char c) => c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
}
