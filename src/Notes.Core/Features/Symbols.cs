using System.Collections.Immutable;
using Notes.Core.Index;
using Notes.Core.Text;

namespace Notes.Core.Features;

public enum SymbolKind { Note, Alias, Heading, Tag }

/// <summary>A heading in the outline, with the headings nested under it.</summary>
public sealed record OutlineNode(string Name, int Level, TextSpan Span, TextSpan SelectionSpan, ImmutableArray<OutlineNode> Children);

public sealed record WorkspaceSymbol(string Name, SymbolKind Kind, NoteLocation Location, string Container, int Score);

public static class Symbols
{
    /// <summary>The heading outline: each heading holds those of deeper levels that follow it.</summary>
    public static ImmutableArray<OutlineNode> Outline(NoteDocument note)
    {
        var headings = note.Syntax.Headings;
        int i = 0;
        return Level(0);

        ImmutableArray<OutlineNode> Level(int parentLevel)
        {
            var list = ImmutableArray.CreateBuilder<OutlineNode>();
            while (i < headings.Count && headings[i].Level > parentLevel)
            {
                var h = headings[i++];
                var children = Level(h.Level);
                list.Add(new OutlineNode(h.Text.Length == 0 ? "(empty heading)" : h.Text, h.Level, h.Section, h.TextSpan, children));
            }
            return list.ToImmutable();
        }
    }

    /// <summary>Notes (by title and alias), headings and tags matching <paramref name="query"/>, best first.</summary>
    public static ImmutableArray<WorkspaceSymbol> Search(WorkspaceSnapshot ws, string query, int limit = 200, CancellationToken ct = default)
    {
        var top = new PriorityQueue<WorkspaceSymbol, int>();
        int seen = 0;
        void Offer(WorkspaceSymbol s)
        {
            if (top.Count < limit) top.Enqueue(s, s.Score);
            else if (top.TryPeek(out _, out var worst) && s.Score > worst) top.EnqueueDequeue(s, s.Score);
        }
        foreach (var n in ws.All)
        {
            if ((++seen & 511) == 0) ct.ThrowIfCancellationRequested();
            if (!n.InWorkspace) continue;
            var titleSpan = NoteDiagnostics.TitleSpan(n);
            if (FuzzyMatcher.Score(query, n.Title) is { } s) Offer(new WorkspaceSymbol(n.Title, SymbolKind.Note, new NoteLocation(n.Path, titleSpan), n.RelativePath, s + 5));
            foreach (var a in n.Syntax.Aliases)
                if (FuzzyMatcher.Score(query, a.Value) is { } sa) Offer(new WorkspaceSymbol(a.Value, SymbolKind.Alias, new NoteLocation(n.Path, a.Span), n.RelativePath, sa));
            if (query.Length == 0) continue; // an empty query lists notes, not every heading
            foreach (var h in n.Syntax.Headings)
                if (h.Span != titleSpan && FuzzyMatcher.Score(query, h.Text) is { } sh) Offer(new WorkspaceSymbol(h.Text, SymbolKind.Heading, new NoteLocation(n.Path, h.Span), n.Title, sh));
        }
        var q = query.TrimStart('#');
        foreach (var (tag, _) in ws.TagCounts)
        {
            if (FuzzyMatcher.Score(q, tag) is not { } st) continue;
            var first = Queries.TagUses(ws, tag, includeChildren: false, ct).FirstOrDefault();
            if (first is not null) Offer(new WorkspaceSymbol("#" + tag, SymbolKind.Tag, new NoteLocation(first.Note.Path, first.Tag.Span), "tag", st + (query.StartsWith('#') ? 10 : 0)));
        }
        var list = new List<WorkspaceSymbol>(top.Count);
        while (top.TryDequeue(out var s, out _)) list.Add(s);
        list.Reverse();
        return list.ToImmutableArray();
    }
}
