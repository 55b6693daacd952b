using System.Collections.Immutable;
using Notes.Core.Index;
using Notes.Core.Syntax;
using Notes.Core.Text;

namespace Notes.Core.Features;

/// <summary>A place in a note: a path and a span in its text.</summary>
public sealed record NoteLocation(string Path, TextSpan Span);

/// <summary>A reference found by find-references, with the line around it for context.</summary>
public sealed record NoteReference(NoteLocation Location, ParsedNote Source, bool IsDeclaration)
{
    /// <summary>The line the reference stands on, for a backlinks panel (computed on demand: find-references does not need it).</summary>
    public string Context => Queries.LineAt(Source, Location.Span.Start);
}

/// <summary>What the cursor is on.</summary>
public abstract record CursorElement
{
    public sealed record OnLink(NoteLink Link) : CursorElement;
    public sealed record OnTag(Tag Tag) : CursorElement;
    public sealed record OnCitation(Citation Citation) : CursorElement;
    public sealed record OnHeading(Heading Heading) : CursorElement;
    public sealed record OnBlock(BlockAnchor Block) : CursorElement;
    public sealed record OnTitle : CursorElement;
    public sealed record Nothing : CursorElement;
}

/// <summary>Go-to-definition and find-references (backlinks) on links, titles, headings, blocks and tags.</summary>
public static class Navigation
{
    public static CursorElement ElementAt(NoteDocument note, int offset)
    {
        var s = note.Syntax;
        foreach (var l in s.Links) if (l.Span.Touches(offset) && offset != l.Span.End) return new CursorElement.OnLink(l);
        if (CitationFeatures.At(note, offset) is { } c) return new CursorElement.OnCitation(c);
        foreach (var t in s.Tags) if (t.Span.Touches(offset)) return new CursorElement.OnTag(t);
        foreach (var b in s.Blocks) if (b.Span.Touches(offset)) return new CursorElement.OnBlock(b);
        if (s.Title.Span is { } ts && ts.Touches(offset)) return new CursorElement.OnTitle();
        foreach (var h in s.Headings) if (h.Span.Touches(offset)) return new CursorElement.OnHeading(h);
        return new CursorElement.Nothing();
    }

    /// <summary>Where a link goes: the heading, the block, or the note's title line; every candidate of an ambiguous link.</summary>
    public static ImmutableArray<NoteLocation> Definition(WorkspaceSnapshot ws, NoteDocument note, int offset, Config.NotesConfig? config = null)
    {
        var element = ElementAt(note, offset);
        if (element is CursorElement.OnTag { Tag: var tag })
            return VocabularyEntry(ws, note, tag, config ?? Config.NotesConfig.Default);
        if (element is CursorElement.OnCitation { Citation: var cite })
            return CitationFeatures.Counts(ws, note, cite) ? CitationFeatures.Definition(ws, note, cite.Key) : [];
        if (CitationFeatures.CiteKeyAt(note, offset) is not null && note.LiteratureKey is { } litKey)
            return [.. ws.Citations.DefinitionsFor(note, litKey).Select(d => new NoteLocation(d.Path, d.Entry.KeySpan))];
        if (element is not CursorElement.OnLink { Link: var link }) return [];
        var r = LinkResolver.Resolve(ws, note, link);
        if (r.File is { } file) return [new NoteLocation(file.Path, default)]; // the editor opens the file itself
        if (r.Status is not (LinkStatus.Resolved or LinkStatus.Ambiguous)) return [];
        return r.Candidates.Select((c, i) =>
        {
            if (i == 0 && r.Heading is { } h) return new NoteLocation(c.Note.Path, h.Span);
            if (i == 0 && r.Block is { } b) return new NoteLocation(c.Note.Path, b.Block);
            if (c.Note.Syntax.Headings.Count > 0 && link.Fragment is { } f && !link.IsBlockRef && LinkResolver.FindHeading(c.Note, f) is { } h2)
                return new NoteLocation(c.Note.Path, h2.Span);
            return new NoteLocation(c.Note.Path, NoteDiagnostics.TitleSpan(c.Note));
        }).ToImmutableArray();
    }

    /// <summary>A tag's definition is its entry in the vocabulary note, when the workspace has one.</summary>
    private static ImmutableArray<NoteLocation> VocabularyEntry(WorkspaceSnapshot ws, NoteDocument note, Tag tag, Config.NotesConfig config)
    {
        if (note.Root.Length == 0 || config.TagVocabularyFile.Length == 0) return [];
        if (ws[note.Root + "/" + config.TagVocabularyFile.TrimStart('/')] is not { } vocab || vocab == note) return [];
        var entry = vocab.Syntax.Tags.FirstOrDefault(t => string.Equals(t.Name, tag.Name, StringComparison.OrdinalIgnoreCase));
        return entry is null ? [] : [new NoteLocation(vocab.Path, entry.Span)];
    }

    /// <summary>
    /// Backlinks: on a title (or a link to a note), every link to that note; on a heading, links to the heading; on a
    /// block id, links to the block; on a tag, every use of it and of its nested children.
    /// </summary>
    public static ImmutableArray<NoteReference> References(WorkspaceSnapshot ws, NoteDocument note, int offset, bool includeDeclaration, CancellationToken ct = default)
    {
        switch (ElementAt(note, offset))
        {
            case CursorElement.OnCitation { Citation: var cite }:
                return CitationFeatures.Counts(ws, note, cite) ? CitationFeatures.References(ws, cite.Key, includeDeclaration, ct) : [];
            case CursorElement.Nothing when CitationFeatures.CiteKeyAt(note, offset) is not null && note.LiteratureKey is { } litKey:
                return CitationFeatures.References(ws, litKey, includeDeclaration, ct);
            case CursorElement.OnTag { Tag: var tag }:
                return Queries.TagUses(ws, tag.Name, includeChildren: true, ct)
                    .Select(u => new NoteReference(new NoteLocation(u.Note.Path, u.Tag.Span), u.Note.Syntax, false))
                    .ToImmutableArray();
            case CursorElement.OnLink { Link: var link }:
            {
                var r = LinkResolver.Resolve(ws, note, link);
                if (r.File is { } file) return FileRefs(ws, file, ct);
                if (r.Target is not { } target) return [];
                if (r.Heading is { } h) return HeadingRefs(ws, target, h, includeDeclaration, ct);
                if (r.Block is { } b) return BlockRefs(ws, target, b, includeDeclaration, ct);
                return NoteRefs(ws, target, includeDeclaration, ct);
            }
            case CursorElement.OnHeading { Heading: var h } when IsTitleHeading(note.Syntax, h):
                // The visible title: every link to the note (links to this heading among them), with or without a front-matter title.
                return WithCitations(ws, note, Collect(Queries.LinksTo(ws, note, ct), includeDeclaration ? new NoteLocation(note.Path, h.Span) : null, note), ct);
            case CursorElement.OnHeading { Heading: var h }:
                return HeadingRefs(ws, note, h, includeDeclaration, ct);
            case CursorElement.OnBlock { Block: var b }:
                return BlockRefs(ws, note, b, includeDeclaration, ct);
            case CursorElement.OnTitle:
                return NoteRefs(ws, note, includeDeclaration, ct);
            default:
                return [];
        }
    }

    /// <summary>The note's first level-1 heading: what the user reads as its title, whatever the front matter says.</summary>
    public static bool IsTitleHeading(ParsedNote note, Heading h)
    {
        foreach (var x in note.Headings)
            if (x.Level == 1) return x == h;
        return false;
    }

    /// <summary>Every link or embed of an attachment, by note path then position.</summary>
    public static ImmutableArray<NoteReference> FileRefs(WorkspaceSnapshot ws, AttachmentFile file, CancellationToken ct = default) =>
        Queries.LinksToFile(ws, file, ct)
            .Select(r => new NoteReference(new NoteLocation(r.Source.Path, r.Link.Span), r.Source.Syntax, false))
            .OrderBy(r => r.Location.Path, StringComparer.Ordinal).ThenBy(r => r.Location.Span.Start)
            .ToImmutableArray();

    /// <summary>Every link to a note; for a literature note, every citation of its key too (after the links).</summary>
    public static ImmutableArray<NoteReference> NoteRefs(WorkspaceSnapshot ws, NoteDocument target, bool includeDeclaration, CancellationToken ct = default)
        => WithCitations(ws, target, Collect(Queries.LinksTo(ws, target, ct), includeDeclaration ? new NoteLocation(target.Path, NoteDiagnostics.TitleSpan(target)) : null, target), ct);

    /// <summary>A literature note's backlinks: its links, then the citations of its key in other notes.</summary>
    private static ImmutableArray<NoteReference> WithCitations(WorkspaceSnapshot ws, NoteDocument target, ImmutableArray<NoteReference> links, CancellationToken ct) =>
        CitationFeatures.LiteratureKeyOf(ws, target) is { } key ? links.AddRange(CitationFeatures.References(ws, key, false, ct).Where(r => r.Location.Path != target.Path)) : links;

    private static ImmutableArray<NoteReference> HeadingRefs(WorkspaceSnapshot ws, NoteDocument target, Heading h, bool includeDeclaration, CancellationToken ct) =>
        Collect(Queries.LinksToHeading(ws, target, h, ct), includeDeclaration ? new NoteLocation(target.Path, h.Span) : null, target);

    private static ImmutableArray<NoteReference> BlockRefs(WorkspaceSnapshot ws, NoteDocument target, BlockAnchor b, bool includeDeclaration, CancellationToken ct) =>
        Collect(Queries.LinksToBlock(ws, target, b, ct), includeDeclaration ? new NoteLocation(target.Path, b.Span) : null, target);

    private static ImmutableArray<NoteReference> Collect(IEnumerable<LinkReference> refs, NoteLocation? declaration, NoteDocument target)
    {
        var list = ImmutableArray.CreateBuilder<NoteReference>();
        if (declaration is not null) list.Add(new NoteReference(declaration, target.Syntax, true));
        foreach (var r in refs)
            list.Add(new NoteReference(new NoteLocation(r.Source.Path, r.Link.Span), r.Source.Syntax, false));
        return list.ToImmutable();
    }
}
