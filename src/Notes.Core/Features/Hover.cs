using System.Text;
using Notes.Core.Index;
using Notes.Core.Syntax;
using Notes.Core.Text;

namespace Notes.Core.Features;

/// <summary>Hover text (Markdown) and the span it is about.</summary>
public sealed record HoverInfo(string Markdown, TextSpan Span);

/// <summary>
/// Hover on a link: the target's title and path, how the link resolved and why, the other candidates if ambiguous,
/// the linked section or first paragraph, and the backlink count. Hover on a tag: count, variants, a few notes.
/// </summary>
public static class Hover
{
    public const int PreviewChars = 600;

    /// <param name="fileUri">How the editor addresses a file (a <c>file:</c> URI), for images shown in the hover; none, no image.</param>
    public static HoverInfo? At(WorkspaceSnapshot ws, NoteDocument note, int offset, CancellationToken ct = default, Func<string, string>? fileUri = null)
    {
        switch (Navigation.ElementAt(note, offset))
        {
            case CursorElement.OnLink { Link: var link }:
                return new HoverInfo(ForLink(ws, note, link, ct, fileUri), link.Span);
            case CursorElement.OnCitation { Citation: var cite }:
                return CitationFeatures.Hover(ws, note, cite) is { } cited ? new HoverInfo(cited, cite.Span) : null;
            case CursorElement.Nothing when CitationFeatures.CiteKeyAt(note, offset) is { } ck && note.LiteratureKey is { } key:
                var defs = ws.Citations.DefinitionsFor(note, key);
                return new HoverInfo(defs.IsEmpty ? $"**`{key}`** is in no bibliography" : CitationFeatures.ForKey(ws, key, defs[0]), ck.Span);
            case CursorElement.OnTag { Tag: var tag }:
                return new HoverInfo(ForTag(ws, tag.Name, ct), tag.Span);
            case CursorElement.OnTitle when note.Syntax.Title.Span is { } span:
                return new HoverInfo(ForTitle(ws, note, ct), span);
            case CursorElement.OnHeading { Heading: var h } when Navigation.IsTitleHeading(note.Syntax, h):
                return new HoverInfo(ForTitle(ws, note, ct), h.Span);
            default:
                return null;
        }
    }

    public const string InTemplate = "*This file is a template: its links are not checked and are no backlinks.*";

    public static string ForLink(WorkspaceSnapshot ws, NoteDocument note, NoteLink link, CancellationToken ct = default, Func<string, string>? fileUri = null)
    {
        var text = ForLinkOnly(ws, note, link, ct, fileUri);
        return ws.IsTemplate(note) ? InTemplate + "\n\n" + text : text;
    }

    private static string ForLinkOnly(WorkspaceSnapshot ws, NoteDocument note, NoteLink link, CancellationToken ct, Func<string, string>? fileUri)
    {
        var r = LinkResolver.Resolve(ws, note, link);
        var sb = new StringBuilder();
        switch (r.Status)
        {
            case LinkStatus.Broken when !LinkResolver.IsNoteTarget(link.Target):
                return $"**{NoteDiagnostics.BrokenMessage(link)}**";
            case LinkStatus.Broken:
                return $"**No note named `{link.Target}`**\n\nA code action can create it.";
            case LinkStatus.File:
                return ForFile(ws, r.File!, ct, fileUri);
            case LinkStatus.OutsideWorkspace:
                return $"**`{link.Target}` lies outside the workspace**; it is not followed.";
            case LinkStatus.TemplateSyntax:
                return $"Template syntax: `{link.Target}` is filled in when the template is used; not checked.";
        }
        var target = r.Target!;
        sb.Append("**").Append(Escape(target.Title)).Append("**  \n`").Append(target.RelativePath).Append("`  \n");
        if (r.Reason == MatchReason.Neighbour) AppendNeighbour(sb, ws, target);
        else sb.Append("Resolved by ").Append(NoteDiagnostics.Describe(r.Reason!.Value));
        if (r.Reason is MatchReason.Alias or MatchReason.Title or MatchReason.Stem)
            sb.Append(" (`").Append(link.Target).Append("`)");
        int backlinks = Queries.LinksTo(ws, target, ct).Count();
        sb.Append(" · ").Append(backlinks).Append(backlinks == 1 ? " backlink" : " backlinks").Append('\n');
        if (r.Status == LinkStatus.Ambiguous)
        {
            sb.Append("\n**Ambiguous**: ").Append(r.Candidates.Length).Append(" notes match:\n");
            foreach (var c in r.Candidates)
                sb.Append("- `").Append(c.Note.RelativePath).Append("` (").Append(NoteDiagnostics.Describe(c.Reason)).Append(")\n");
        }
        if (r.FragmentStatus == FragmentStatus.UnknownHeading) sb.Append("\nNo heading `").Append(link.Fragment).Append("` in this note.\n");
        if (r.FragmentStatus == FragmentStatus.UnknownBlock) sb.Append("\nNo block `^").Append(link.Fragment).Append("` in this note.\n");
        var preview = r.Heading is { } h ? Section(target.Syntax, h)
            : r.Block is { } b ? Clip(target.Syntax.Text.AsSpan(b.Block.Start, b.Block.Length).ToString())
            : target.Syntax.FirstParagraph;
        if (!string.IsNullOrWhiteSpace(preview)) sb.Append("\n---\n\n").Append(preview.Trim()).Append('\n');
        return sb.ToString();
    }

    /// <summary>An attachment: its name, path, kind and size, how many notes use it, and the image itself when it is one.</summary>
    public static string ForFile(WorkspaceSnapshot ws, AttachmentFile file, CancellationToken ct = default, Func<string, string>? fileUri = null)
    {
        var sb = new StringBuilder();
        sb.Append("**").Append(Escape(file.FileName)).Append("**  \n`").Append(file.RelativePath).Append("` · ")
            .Append(file.Kind switch
            {
                AttachmentKind.Image => "image",
                AttachmentKind.Pdf => "PDF",
                AttachmentKind.Audio => "audio",
                AttachmentKind.Video => "video",
                _ => "file",
            });
        if (file.Size >= 0) sb.Append(" · ").Append(Size(file.Size));
        int notes = Queries.LinksToFile(ws, file, ct).Select(r => r.Source).Distinct().Count();
        sb.Append(" · ").Append(notes).Append(notes == 1 ? " note uses it" : " notes use it").Append('\n');
        if (file.Kind == AttachmentKind.Image && fileUri is not null)
            sb.Append("\n![").Append(file.FileName.Replace("]", "\\]")).Append("](").Append(fileUri(file.Path).Replace(")", "%29").Replace(" ", "%20")).Append(")\n");
        return sb.ToString();
    }

    private static string Size(long bytes) =>
        bytes < 1024 ? $"{bytes} B"
        : bytes < 1024 * 1024 ? (bytes / 1024.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " KB"
        : (bytes / (1024.0 * 1024)).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " MB";

    /// <summary>"resolved to the note beside this one; another note of that name is in b/".</summary>
    private static void AppendNeighbour(StringBuilder sb, WorkspaceSnapshot ws, NoteDocument target)
    {
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in ws.NotesNamed(target.StemKey))
            if (ws[path] is { } n && n != target && n.Root == target.Root && n.StemKey == target.StemKey)
                folders.Add(NotePath.Directory(n.RelativePath) is { Length: > 0 } dir ? $"`{dir}/`" : "the root folder");
        sb.Append("Resolved to the note beside this one; ")
            .Append(folders.Count == 1 ? "another note of that name is in " : "other notes of that name are in ")
            .AppendJoin(", ", folders);
    }

    /// <summary>Hover on a note's own title: its backlinks (the notes that link here), the first few by path.</summary>
    public static string ForTitle(WorkspaceSnapshot ws, NoteDocument note, CancellationToken ct = default)
    {
        const int shown = 10;
        var sources = Queries.LinksTo(ws, note, ct).Where(r => r.Source != note).Select(r => r.Source).Distinct().ToList();
        var sb = new StringBuilder();
        sb.Append("**").Append(Escape(note.Title)).Append("**  \n`").Append(note.RelativePath).Append("` · ")
            .Append(sources.Count).Append(sources.Count == 1 ? " note links here" : " notes link here").Append('\n');
        if (sources.Count > 0)
        {
            sb.Append('\n');
            foreach (var n in sources.Take(shown)) sb.Append("- ").Append(Escape(n.Title)).Append(" (`").Append(n.RelativePath).Append("`)\n");
            if (sources.Count > shown) sb.Append("- … and ").Append(sources.Count - shown).Append(" more\n");
        }
        return sb.ToString();
    }

    public static string ForTag(WorkspaceSnapshot ws, string tag, CancellationToken ct = default)
    {
        var stats = ws.TagStatistics;
        var sb = new StringBuilder();
        int count = stats.Count(tag);
        sb.Append("**#").Append(tag).Append("** · used ").Append(count).Append(count == 1 ? " time" : " times").Append('\n');
        if (stats.GroupOf(tag) is { HasVariants: true } g)
        {
            sb.Append("\nVariants: ").AppendJoin(", ", g.Forms.Select(f => $"`#{f.Name}` ({f.Count})"));
            sb.Append(" — dominant `#").Append(g.Dominant).Append("`\n");
        }
        var notes = Queries.TagUses(ws, tag, includeChildren: false, ct).Select(u => u.Note).Distinct().Take(5).ToList();
        if (notes.Count > 0)
        {
            sb.Append("\nUsed in:\n");
            foreach (var n in notes) sb.Append("- ").Append(Escape(n.Title)).Append(" (`").Append(n.RelativePath).Append("`)\n");
        }
        return sb.ToString();
    }

    /// <summary>The section under a heading, clipped.</summary>
    public static string Section(ParsedNote note, Heading h) =>
        Clip(note.Text.AsSpan(h.Section.Start, h.Section.Length).ToString());

    private static string Clip(string s) => s.Length <= PreviewChars ? s : s[..PreviewChars] + "…";

    private static string Escape(string s) => s.Replace("*", "\\*").Replace("_", "\\_");
}
