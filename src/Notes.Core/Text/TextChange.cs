namespace Notes.Core.Text;

/// <summary>One change of an open document: a range (null for the whole text) and its replacement.</summary>
public readonly record struct TextChange(LinePosition? Start, LinePosition? End, string Text);

/// <summary>Applies editor changes to a document's text, in order, refusing any that does not fit it.</summary>
public static class TextChanges
{
    /// <summary>
    /// Applies <paramref name="changes"/> to <paramref name="text"/>. Returns null (and why, in <paramref name="error"/>)
    /// when a range is invalid: negative, end before start, or a line past the end. A character past the end of a line
    /// clamps to the line end, as the specification asks.
    /// </summary>
    /// <param name="lines">The line index of <paramref name="text"/> when the caller has it (a keystroke then scans no line of a long note).</param>
    public static string? Apply(string text, IEnumerable<TextChange> changes, PositionEncoding encoding, out string? error, LineIndex? lines = null)
    {
        error = null;
        foreach (var c in changes)
        {
            if (c.Start is null || c.End is null)
            {
                text = c.Text;
                lines = null;
                continue;
            }
            if (lines is null || !ReferenceEquals(lines.Text, text)) lines = LineIndex.Create(text);
            if (!TryOffset(lines, c.Start.Value, encoding, out int start) || !TryOffset(lines, c.End.Value, encoding, out int end))
            {
                error = $"range {c.Start}-{c.End} lies outside the document ({lines.LineCount} lines)";
                return null;
            }
            if (end < start)
            {
                error = $"range end {c.End} is before its start {c.Start}";
                return null;
            }
            var edited = string.Concat(text.AsSpan(0, start), c.Text, text.AsSpan(end));
            lines = lines.WithEdit(edited, start, end, start + c.Text.Length);
            text = edited;
        }
        return text;
    }

    private static bool TryOffset(LineIndex lines, LinePosition p, PositionEncoding encoding, out int offset)
    {
        // The position just after the last line break (line == LineCount, character 0) is the end of the text.
        if (p.Line == lines.LineCount && p.Character == 0)
        {
            offset = lines.Text.Length;
            return true;
        }
        return lines.TryGetOffset(p, encoding, out offset);
    }
}
