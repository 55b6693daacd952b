namespace Notes.Lsp.Stdio;

/// <summary>
/// What an editor's buffer holds after incremental changes (UTF-16 positions), written independently of the server:
/// lines end at CRLF, CR or LF; a character past the end of a line clamps to it; a position between the halves of a
/// surrogate pair snaps back to the pair's start; a negative position, a line past the end (except line == line count,
/// character 0, the very end) or an end before the start makes the change invalid (null).
/// </summary>
public static class TextModel
{
    public static string? Apply(string text, int startLine, int startCharacter, int endLine, int endCharacter, string newText)
    {
        var starts = LineStarts(text);
        var start = Offset(text, starts, startLine, startCharacter);
        var end = Offset(text, starts, endLine, endCharacter);
        if (start is null || end is null || end < start) return null;
        return string.Concat(text.AsSpan(0, start.Value), newText, text.AsSpan(end.Value));
    }

    public static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            if (text[i] is '\r' or '\n') starts.Add(i + 1);
        }
        return starts;
    }

    /// <summary>The length of line <paramref name="line"/> without its terminator.</summary>
    public static int LineLength(string text, List<int> starts, int line)
    {
        int end = line + 1 < starts.Count ? starts[line + 1] : text.Length;
        int start = starts[line];
        if (end > start && text[end - 1] == '\n') end--;
        if (end > start && text[end - 1] == '\r') end--;
        return end - start;
    }

    private static int? Offset(string text, List<int> starts, int line, int character)
    {
        if (line < 0 || character < 0) return null;
        if (line == starts.Count && character == 0) return text.Length;
        if (line >= starts.Count) return null;
        int offset = starts[line] + Math.Min(character, LineLength(text, starts, line));
        if (offset > 0 && offset < text.Length && char.IsHighSurrogate(text[offset - 1]) && char.IsLowSurrogate(text[offset])) offset--;
        return offset;
    }
}
