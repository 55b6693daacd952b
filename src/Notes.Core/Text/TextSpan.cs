namespace Notes.Core.Text;

/// <summary>A half-open range [Start, End) of UTF-16 offsets into a note's text.</summary>
public readonly record struct TextSpan(int Start, int End)
{
    public int Length => End - Start;
    public bool IsEmpty => End == Start;
    public static TextSpan FromLength(int start, int length) => new(start, start + length);
    /// <summary>True when <paramref name="offset"/> lies inside, or touches either end (a cursor at the edge is "on" it).</summary>
    public bool Touches(int offset) => offset >= Start && offset <= End;
    public bool Contains(int offset) => offset >= Start && offset < End;
    public bool Contains(TextSpan other) => other.Start >= Start && other.End <= End;
    public bool Overlaps(TextSpan other) => Start < other.End && other.Start < End;
    public override string ToString() => $"[{Start},{End})";
}
