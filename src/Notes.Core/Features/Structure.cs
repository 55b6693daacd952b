using System.Collections.Immutable;
using Notes.Core.Index;
using Notes.Core.Text;

namespace Notes.Core.Features;

public sealed record BacklinkLens(TextSpan Span, int Count, string Path, int Offset)
{
    /// <summary>What the lens says.</summary>
    public string Title => Count == 1 ? "1 backlink" : $"{Count} backlinks";
}

public sealed record ResolvedDocumentLink(TextSpan Span, string TargetPath, TextSpan TargetSpan);

public enum FoldKind { Section, FrontMatter, Code }

public sealed record Fold(int StartLine, int EndLine, FoldKind Kind);

public enum TokenKind { Wikilink = 0, Tag = 1, UnresolvedLink = 2 }

public sealed record SemanticToken(TextSpan Span, TokenKind Kind);

/// <summary>Per-note structure for the editor: backlink lenses, clickable links, folds and semantic tokens.</summary>
public static class Structure
{
    /// <summary>
    /// "N backlinks" above the note's title and each heading. The visible title (the first H1) carries the note's
    /// lens, counting what find-references there lists (every note linking here); a front-matter title carries it only
    /// when the note has no H1.
    /// </summary>
    public static ImmutableArray<BacklinkLens> Lenses(WorkspaceSnapshot ws, NoteDocument note, CancellationToken ct = default)
    {
        if (!note.InWorkspace) return [];
        var links = Queries.LinksTo(ws, note, ct).Where(r => r.Resolution.Target == note && r.Source != note).ToList();
        var result = ImmutableArray.CreateBuilder<BacklinkLens>();
        var title = NoteDiagnostics.TitleSpan(note);
        var titleHeading = note.Syntax.Headings.FirstOrDefault(h => Navigation.IsTitleHeading(note.Syntax, h));
        if (titleHeading is null || titleHeading.Span == title)
            result.Add(new BacklinkLens(titleHeading?.Span ?? title, links.Count, note.Path, title.Start));
        foreach (var h in note.Syntax.Headings)
        {
            if (h == titleHeading)
            {
                if (h.Span != title) result.Add(new BacklinkLens(h.Span, links.Count, note.Path, h.TextSpan.Start));
                continue;
            }
            if (h.Span == title || note.Syntax.Title.Span is { } ts && ts.Overlaps(h.Span)) continue;
            result.Add(new BacklinkLens(h.Span, links.Count(l => l.Resolution.Heading == h), note.Path, h.TextSpan.Start));
        }
        return result.ToImmutable();
    }

    /// <summary>Every link that resolves, with where it goes.</summary>
    public static ImmutableArray<ResolvedDocumentLink> Links(WorkspaceSnapshot ws, NoteDocument note) =>
        Queries.LinksFrom(ws, note)
            .Where(r => r.Target is not null && r.Status is LinkStatus.Resolved or LinkStatus.Ambiguous)
            .Select(r => new ResolvedDocumentLink(r.Link.Span, r.Target!.Path, r.Heading?.Span ?? r.Block?.Block ?? NoteDiagnostics.TitleSpan(r.Target)))
            .ToImmutableArray();

    public static ImmutableArray<Fold> Folds(NoteDocument note)
    {
        var s = note.Syntax;
        var lines = s.Lines;
        var result = ImmutableArray.CreateBuilder<Fold>();
        if (s.FrontMatter is { } fm) AddFold(fm.Span, FoldKind.FrontMatter);
        foreach (var h in s.Headings) AddFold(h.Section, FoldKind.Section);
        foreach (var c in s.CodeAndMath) AddFold(c, FoldKind.Code);
        return result.ToImmutable();

        void AddFold(TextSpan span, FoldKind kind)
        {
            int start = lines.LineOf(span.Start);
            int end = lines.LineOf(Math.Max(span.Start, span.End - 1));
            // a section ends before the blank lines that trail it
            while (kind == FoldKind.Section && end > start && lines.LineEnd(end) == lines.LineStart(end)) end--;
            if (end > start) result.Add(new Fold(start, end, kind));
        }
    }

    public static ImmutableArray<SemanticToken> Tokens(WorkspaceSnapshot ws, NoteDocument note)
    {
        var tokens = new List<SemanticToken>();
        foreach (var r in Queries.LinksFrom(ws, note))
        {
            if (r.Status is LinkStatus.TemplateSyntax) continue;
            bool ok = r.Status is LinkStatus.Resolved or LinkStatus.Ambiguous or LinkStatus.File && r.FragmentStatus is FragmentStatus.None or FragmentStatus.Found;
            tokens.Add(new SemanticToken(r.Link.Span, ok ? TokenKind.Wikilink : TokenKind.UnresolvedLink));
        }
        foreach (var t in note.Syntax.Tags)
            if (!t.InFrontMatter) tokens.Add(new SemanticToken(t.Span, TokenKind.Tag));
        return tokens.OrderBy(t => t.Span.Start).ToImmutableArray();
    }
}
