using Notes.Core.Syntax;

namespace Notes.Core.Index;

/// <summary>A link from <see cref="Source"/>, as resolved.</summary>
public sealed record LinkReference(NoteDocument Source, NoteLink Link, LinkResolution Resolution);

/// <summary>One use of a tag.</summary>
public sealed record TagUse(NoteDocument Note, Tag Tag);

/// <summary>The graph questions every feature asks. Pure functions of a snapshot.</summary>
public static class Queries
{
    /// <summary>
    /// Every link in the workspace that may mean <paramref name="target"/> (it is among the candidates). Links in
    /// template files are no backlinks; only a rename, which must update them too, asks for them (<paramref name="includeTemplates"/>).
    /// </summary>
    public static IEnumerable<LinkReference> LinksTo(WorkspaceSnapshot ws, NoteDocument target, CancellationToken ct = default, bool includeTemplates = false)
    {
        var keys = target.NameKeys;
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var k in keys) sources.UnionWith(ws.NotesLinkingWith(k));
        sources.Add(target.Path);
        foreach (var path in sources)
        {
            ct.ThrowIfCancellationRequested();
            var source = ws[path];
            if (source is null || !source.InWorkspace || (!includeTemplates && ws.IsTemplate(source))) continue;
            var links = source.Syntax.Links;
            for (int i = 0; i < links.Count; i++)
            {
                var link = links[i];
                var key = source.LinkKeyAt[i];
                if (key is null ? !(link.Target.Length == 0 && source == target) : !keys.Contains(key)) continue;
                var res = LinkResolver.Resolve(ws, source, link);
                if (res.Candidates.Any(c => c.Note.Path == target.Path))
                    yield return new LinkReference(source, link, res);
            }
        }
    }

    /// <summary>Every link or embed in the workspace that goes to the attachment <paramref name="file"/>.</summary>
    /// <remarks>As for notes, links in template files are left out unless <paramref name="includeTemplates"/> (a move must update them too).</remarks>
    public static IEnumerable<LinkReference> LinksToFile(WorkspaceSnapshot ws, AttachmentFile file, CancellationToken ct = default, bool includeTemplates = false)
    {
        var key = NameKey.Of(file.FileName);
        foreach (var path in ws.NotesLinkingWith(key))
        {
            ct.ThrowIfCancellationRequested();
            var source = ws[path];
            if (source is null || !source.InWorkspace || (!includeTemplates && ws.IsTemplate(source))) continue;
            var links = source.Syntax.Links;
            for (int i = 0; i < links.Count; i++)
            {
                if (source.LinkKeyAt[i] != key) continue;
                var res = LinkResolver.Resolve(ws, source, links[i]);
                if (res.File == file) yield return new LinkReference(source, links[i], res);
            }
        }
    }

    /// <summary>Attachments no note links to or embeds (bibliographies aside): what users clean up first. By path.</summary>
    public static IEnumerable<AttachmentFile> UnusedAttachments(WorkspaceSnapshot ws, CancellationToken ct = default)
    {
        var used = new HashSet<AttachmentFile>(ReferenceEqualityComparer.Instance);
        foreach (var n in ws.All)
        {
            ct.ThrowIfCancellationRequested();
            if (!n.InWorkspace) continue;
            var links = n.Syntax.Links;
            for (int i = 0; i < links.Count; i++)
            {
                // Only links whose key names some attachment can go to one: most links are skipped unresolved.
                if (n.LinkKeyAt[i] is null) continue;
                var target = links[i].Target;
                var name = target.AsSpan(target.Replace('\\', '/').TrimEnd('/').LastIndexOf('/') + 1);
                if (ws.Attachments.Named(name.TrimEnd('/')).IsEmpty) continue;
                if (LinkResolver.Resolve(ws, n, links[i]).File is { } f) used.Add(f);
            }
        }
        // A bibliography is used by the citations, not by links.
        return ws.Attachments.All.Where(f => f.Root.Length > 0 && !used.Contains(f) && !ws.Citations.Files.ContainsKey(f.Path));
    }

    public static IEnumerable<LinkReference> LinksToHeading(WorkspaceSnapshot ws, NoteDocument target, Heading heading, CancellationToken ct = default, bool includeTemplates = false) =>
        LinksTo(ws, target, ct, includeTemplates).Where(r => r.Resolution.Target == target && r.Resolution.Heading == heading);

    public static IEnumerable<LinkReference> LinksToBlock(WorkspaceSnapshot ws, NoteDocument target, BlockAnchor block, CancellationToken ct = default) =>
        LinksTo(ws, target, ct).Where(r => r.Resolution.Target == target && r.Resolution.Block == block);

    /// <summary>Every link of a note, resolved.</summary>
    public static IEnumerable<LinkResolution> LinksFrom(WorkspaceSnapshot ws, NoteDocument note) =>
        note.Syntax.Links.Select(l => LinkResolver.Resolve(ws, note, l));

    /// <summary>
    /// Uses of a tag, compared case-insensitively (<c>#BERT</c> finds <c>#bert</c>), with its nested children
    /// (<c>#ml</c> finds <c>#ml/nlp</c>) when asked.
    /// </summary>
    public static IEnumerable<TagUse> TagUses(WorkspaceSnapshot ws, string tag, bool includeChildren, CancellationToken ct = default)
    {
        bool Matches(string name) =>
            string.Equals(name, tag, StringComparison.OrdinalIgnoreCase) ||
            (includeChildren && name.Length > tag.Length && name[tag.Length] == '/' && name.StartsWith(tag, StringComparison.OrdinalIgnoreCase));
        var forms = ws.TagCounts.Keys.Where(Matches).ToHashSet(StringComparer.Ordinal);
        var paths = new SortedSet<string>(forms.SelectMany(f => ws.NotesTagged(f)), StringComparer.Ordinal);
        foreach (var p in paths)
        {
            ct.ThrowIfCancellationRequested();
            var note = ws[p];
            if (note is null || !note.InWorkspace) continue;
            foreach (var t in note.Syntax.Tags)
                if (forms.Contains(t.Name)) yield return new TagUse(note, t);
        }
    }

    /// <summary>Notes nothing links to (templates are no notes: neither listed nor counted as linking).</summary>
    public static IEnumerable<NoteDocument> Orphans(WorkspaceSnapshot ws)
    {
        var linked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in ws.All)
        {
            if (ws.IsTemplate(n)) continue;
            foreach (var r in LinksFrom(ws, n))
                if (r.Status is LinkStatus.Resolved or LinkStatus.Ambiguous && r.Target != n)
                    foreach (var c in r.Candidates) linked.Add(c.Note.Path);
        }
        return ws.All.Where(n => n.InWorkspace && !ws.IsTemplate(n) && !linked.Contains(n.Path)).OrderBy(n => n.Path, StringComparer.Ordinal);
    }

    /// <summary>Notes that link to no other note (templates aside).</summary>
    public static IEnumerable<NoteDocument> DeadEnds(WorkspaceSnapshot ws) =>
        ws.All
            .Where(n => n.InWorkspace && !ws.IsTemplate(n) && !LinksFrom(ws, n).Any(r => r.Status is LinkStatus.Resolved or LinkStatus.Ambiguous && r.Target != n))
            .OrderBy(n => n.Path, StringComparer.Ordinal);

    /// <summary>The text of the line holding <paramref name="offset"/>, trimmed (context for a backlink).</summary>
    public static string LineAt(ParsedNote note, int offset)
    {
        int line = note.Lines.LineOf(offset);
        int start = note.Lines.LineStart(line), end = note.Lines.LineEnd(line);
        var text = note.Text.AsSpan(start, end - start).Trim();
        return text.Length > 300 ? string.Concat(text[..300], "…") : text.ToString();
    }
}
