using System.Collections.Immutable;
using Notes.Core.Index;
using Notes.Core.Text;

namespace Notes.Core.Features;

/// <summary>Text that names another note by its title or an alias without linking it.</summary>
public sealed record UnlinkedMention(TextSpan Span, string Text, NoteDocument Target);

public static class UnlinkedMentions
{
    private const int MaxWords = 6;
    private const int MinKeyLength = 4;

    /// <summary>
    /// Every run of up to six words whose name key is another note's title or alias, outside links, code, math,
    /// headings and front matter. Longest match wins; each note is suggested at most once per line.
    /// </summary>
    public static ImmutableArray<UnlinkedMention> Find(WorkspaceSnapshot ws, NoteDocument note, CancellationToken ct = default)
    {
        var s = note.Syntax;
        var text = s.Text;
        var blocked = s.Links.Select(l => l.Span).Concat(s.ExternalLinks.Select(l => l.Span)).Concat(s.CodeAndMath)
            .Concat(s.Headings.Select(h => h.Span)).Concat(s.Tags.Select(t => t.Span))
            .Concat(s.FrontMatter is { } fm ? [fm.Span] : []).OrderBy(x => x.Start).ToList();
        var words = new List<TextSpan>();
        for (int i = 0; i < text.Length;)
        {
            if (!char.IsLetterOrDigit(text[i])) { i++; continue; }
            int start = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '-' or '_' or '\'')) i++;
            words.Add(new TextSpan(start, i));
        }
        var result = ImmutableArray.CreateBuilder<UnlinkedMention>();
        var linkedTargets = Queries.LinksFrom(ws, note).Select(r => r.Target?.Path).Where(p => p is not null).ToHashSet(StringComparer.Ordinal);
        for (int w = 0; w < words.Count; w++)
        {
            if ((w & 255) == 0) ct.ThrowIfCancellationRequested();
            for (int n = Math.Min(MaxWords, words.Count - w); n >= 1; n--)
            {
                var span = new TextSpan(words[w].Start, words[w + n - 1].End);
                if (n > 1 && text.AsSpan(span.Start, span.Length).IndexOfAny('\n', '\r') >= 0) continue;
                var key = NameKey.Of(text.AsSpan(span.Start, span.Length));
                if (key.Length < MinKeyLength) continue;
                var target = ws.NotesNamed(key).Select(p => ws[p]!)
                    .FirstOrDefault(t => t != note && t.Root == note.Root && (t.TitleKey == key && t.Syntax.Title.Source != Syntax.TitleSource.FileName || t.AliasKeys.Contains(key)));
                if (target is null || linkedTargets.Contains(target.Path) || Blocked(blocked, span)) continue;
                result.Add(new UnlinkedMention(span, text.Substring(span.Start, span.Length), target));
                w += n - 1;
                break;
            }
        }
        return result.ToImmutable();
    }

    private static bool Blocked(List<TextSpan> blocked, TextSpan span)
    {
        foreach (var b in blocked)
        {
            if (b.Start >= span.End) break;
            if (b.Overlaps(span)) return true;
        }
        return false;
    }
}
