using Notes.Core.Text;

namespace Notes.Core.Syntax;

/// <summary>Parses a note. Never throws. (Placeholder scanner; the Markdig-based parser replaces it.)</summary>
public static class NoteParser
{
    public static ParsedNote Parse(string text, string fileStem)
    {
        var links = new List<NoteLink>();
        int i = 0;
        while ((i = text.IndexOf("[[", i, StringComparison.Ordinal)) >= 0)
        {
            int close = text.IndexOf("]]", i + 2, StringComparison.Ordinal);
            int nl = text.IndexOf('\n', i + 2);
            if (close < 0 || (nl >= 0 && nl < close)) { i += 2; continue; }
            int ts = i + 2;
            string inner = text[ts..close];
            int cut = inner.IndexOfAny(['#', '|', '^']);
            int te = cut < 0 ? close : ts + cut;
            links.Add(new NoteLink(LinkKind.WikiLink, new TextSpan(i, close + 2), text[ts..te], new TextSpan(ts, te), null, null, false, null, null));
            i = close + 2;
        }
        return new ParsedNote(text, LineIndex.Create(text), new NoteTitle(fileStem, TitleSource.FileName, null), null,
            [], links, [], [], [], [], [], null, [], []);
    }
}
