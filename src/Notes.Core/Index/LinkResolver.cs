using System.Collections.Immutable;
using Notes.Core.Syntax;

namespace Notes.Core.Index;

/// <summary>Why a note was taken to be a link's target.</summary>
public enum MatchReason
{
    SameNote, Stem, Title, Alias, Path,
    /// <summary>
    /// By file name, among several notes of that name: the one in the linking note's own folder (Obsidian's choice).
    /// </summary>
    Neighbour,
}

public enum LinkStatus
{
    /// <summary>Exactly one note is meant.</summary>
    Resolved,
    /// <summary>Several notes match equally well; <see cref="LinkResolution.Candidates"/> lists them, best first.</summary>
    Ambiguous,
    /// <summary>No note matches.</summary>
    Broken,
    /// <summary>The target lies outside every workspace root (or the linking note is outside them).</summary>
    OutsideWorkspace,
    /// <summary>The link goes to an attachment, a file that is not a note (<see cref="LinkResolution.File"/>); fragments are not checked.</summary>
    File,
    /// <summary>The target is template syntax (<c>{{title}}</c>, <c>&lt;% tp.file.title %&gt;</c>), filled in when a template is used: not checked.</summary>
    TemplateSyntax,
}

public enum FragmentStatus { None, Found, UnknownHeading, UnknownBlock }

public sealed record LinkCandidate(NoteDocument Note, MatchReason Reason);

/// <summary>One part of a link's heading path and the heading it matched; [Start, End) is the part's place in the fragment.</summary>
public readonly record struct HeadingStep(Heading Heading, int Start, int End);

/// <summary>How one link resolved, and why.</summary>
public sealed record LinkResolution(
    NoteDocument Source,
    NoteLink Link,
    LinkStatus Status,
    ImmutableArray<LinkCandidate> Candidates,
    FragmentStatus FragmentStatus,
    Heading? Heading,
    BlockAnchor? Block,
    AttachmentFile? File = null)
{
    /// <summary>The note the link goes to: the only candidate, or the best of several.</summary>
    public NoteDocument? Target => Candidates.IsDefaultOrEmpty ? null : Candidates[0].Note;
    public MatchReason? Reason => Candidates.IsDefaultOrEmpty ? null : Candidates[0].Reason;
}

/// <summary>
/// Resolves links the way each tool our users come from does, all at once:
/// file stem, title slug, alias (case-insensitive; spaces, dashes, underscores alike), path suffix, relative and
/// root-relative paths, with or without <c>.md</c>. Several matches: an exact stem beats a title or alias, then the
/// nearest by path wins, and the link is reported ambiguous. Nothing resolves outside the workspace roots.
/// </summary>
public static class LinkResolver
{
    public static LinkResolution Resolve(WorkspaceSnapshot ws, NoteDocument source, NoteLink link)
    {
        if (IsTemplateSyntax(link.Target))
            return new LinkResolution(source, link, LinkStatus.TemplateSyntax, [], FragmentStatus.None, null, null);
        var (status, candidates) = ResolveTarget(ws, source, link, out var file);
        if (file is not null)
            return new LinkResolution(source, link, LinkStatus.File, [], FragmentStatus.None, null, null, file);
        if (status is not (LinkStatus.Resolved or LinkStatus.Ambiguous) || link.Fragment is null)
            return new LinkResolution(source, link, status, candidates, FragmentStatus.None, null, null);
        var target = candidates[0].Note;
        if (link.IsBlockRef)
        {
            var block = target.Syntax.Blocks.FirstOrDefault(b => string.Equals(b.Id, link.Fragment, StringComparison.Ordinal));
            return new LinkResolution(source, link, status, candidates, block is null ? FragmentStatus.UnknownBlock : FragmentStatus.Found, null, block);
        }
        var heading = FindHeading(target, link.Fragment);
        return new LinkResolution(source, link, status, candidates, heading is null ? FragmentStatus.UnknownHeading : FragmentStatus.Found, heading, null);
    }

    /// <summary>
    /// The heading a fragment names (the deepest of a heading path): see <see cref="FindHeadingPath"/>.
    /// </summary>
    public static Heading? FindHeading(NoteDocument note, string fragment) =>
        !fragment.Contains('#') ? FindHeadingText(note.Syntax.Headings, fragment) // most links: no allocation
        : FindHeadingPath(note, fragment) is { Length: > 0 } steps ? steps[^1].Heading : null;

    /// <summary>
    /// The headings a fragment names, one per part. One part (<c>Key Ideas</c>): a heading by its slug, else by its text,
    /// case-insensitively, the first in the note. A heading path (<c>General#Account</c>, Obsidian's nested headings):
    /// the first heading matching the last part whose chain of enclosing headings holds the earlier parts in order, not
    /// necessarily as direct parents; each earlier part is the nearest such ancestor. Empty parts (<c>A##B</c>, a
    /// trailing <c>#</c>) are skipped. A path no chain matches is tried as one heading text (a heading may hold a
    /// <c>#</c>). Null when nothing matches.
    /// </summary>
    public static HeadingStep[]? FindHeadingPath(NoteDocument note, string fragment)
    {
        var headings = note.Syntax.Headings;
        var parts = HeadingPathParts(fragment);
        if (parts.Count == 1 && FindHeadingText(headings, fragment[parts[0].Start..parts[0].End]) is { } single)
            return [new HeadingStep(single, parts[0].Start, parts[0].End)];
        if (parts.Count > 1)
        {
            var keys = parts.Select(p => fragment[p.Start..p.End]).Select(t => (Text: t, Key: NameKey.Of(t))).ToArray();
            bool Matches(Heading h, int part) =>
                string.Equals(h.Slug, keys[part].Text, StringComparison.OrdinalIgnoreCase) || (keys[part].Key.Length > 0 && NameKey.Matches(h.Text, keys[part].Key));
            var chain = new List<Heading>(); // the headings enclosing the current one, outermost first
            foreach (var h in headings)
            {
                while (chain.Count > 0 && chain[^1].Level >= h.Level) chain.RemoveAt(chain.Count - 1);
                if (Matches(h, parts.Count - 1))
                {
                    var steps = new HeadingStep[parts.Count];
                    steps[^1] = new HeadingStep(h, parts[^1].Start, parts[^1].End);
                    int part = parts.Count - 2;
                    for (int c = chain.Count - 1; c >= 0 && part >= 0; c--)
                        if (Matches(chain[c], part)) { steps[part] = new HeadingStep(chain[c], parts[part].Start, parts[part].End); part--; }
                    if (part < 0) return steps;
                }
                chain.Add(h);
            }
        }
        return FindHeadingText(headings, fragment) is { } whole ? [new HeadingStep(whole, 0, fragment.Length)] : null;
    }

    /// <summary>The non-empty <c>#</c>-separated parts of a heading path, trimmed, as [Start, End) in it.</summary>
    public static List<(int Start, int End)> HeadingPathParts(string fragment)
    {
        var parts = new List<(int, int)>();
        for (int start = 0; start <= fragment.Length;)
        {
            int end = fragment.IndexOf('#', start);
            if (end < 0) end = fragment.Length;
            int s = start, e = end;
            while (s < e && char.IsWhiteSpace(fragment[s])) s++;
            while (e > s && char.IsWhiteSpace(fragment[e - 1])) e--;
            if (e > s) parts.Add((s, e));
            start = end + 1;
        }
        return parts;
    }

    /// <summary>A heading by its slug or its text, case-insensitively.</summary>
    private static Heading? FindHeadingText(IReadOnlyList<Heading> headings, string fragment)
    {
        foreach (var h in headings)
            if (string.Equals(h.Slug, fragment, StringComparison.OrdinalIgnoreCase)) return h;
        var key = NameKey.Of(fragment);
        if (key.Length == 0) return null;
        foreach (var h in headings)
            if (NameKey.Matches(h.Text, key)) return h;
        return null;
    }

    /// <summary>True for a link target that names a note: a Markdown extension, or no extension at all.</summary>
    public static bool IsNoteTarget(string target)
    {
        var name = target.AsSpan(target.LastIndexOfAny(['/', '\\']) + 1);
        if (NameKey.HasNoteExtension(name)) return true;
        int dot = name.LastIndexOf('.');
        // "gpt-3.5" has a dot but no file extension: an extension is short, starts with a letter and is letters and
        // digits ("png", "mp4", "m4a", "ipynb").
        if (dot <= 0 || dot == name.Length - 1) return true;
        var ext = name[(dot + 1)..];
        if (ext.Length > 5 || !char.IsAsciiLetter(ext[0])) return true;
        foreach (var c in ext) if (!char.IsAsciiLetterOrDigit(c)) return true;
        return false;
    }

    private static (LinkStatus, ImmutableArray<LinkCandidate>) ResolveTarget(WorkspaceSnapshot ws, NoteDocument source, NoteLink link, out AttachmentFile? file)
    {
        file = null;
        var target = link.Target.Replace('\\', '/');
        if (target.Length == 0)
            return (LinkStatus.Resolved, [new LinkCandidate(source, MatchReason.SameNote)]);
        // A target with a file extension that is not Markdown names an attachment first (a note may still carry a
        // dotted name: "[[e.g]]"); a note-like target that finds no note may still name a file ("[[LICENSE]]").
        if (!IsNoteTarget(target))
        {
            var (fileStatus, found) = ResolveFile(ws, source, link, target);
            if (found is not null) { file = found; return (LinkStatus.File, []); }
            if (fileStatus == LinkStatus.OutsideWorkspace || !link.IsWiki) return (fileStatus, []);
        }
        var verdict = ResolveNoteTarget(ws, source, link, target);
        if (verdict.Item1 == LinkStatus.Broken && IsNoteTarget(target) && !NameKey.HasNoteExtension(target) &&
            ResolveFile(ws, source, link, target).Item2 is { } plain)
        {
            file = plain;
            return (LinkStatus.File, []);
        }
        return verdict;
    }

    private static (LinkStatus, ImmutableArray<LinkCandidate>) ResolveNoteTarget(WorkspaceSnapshot ws, NoteDocument source, NoteLink link, string target)
    {
        if (link.Kind is LinkKind.Markdown or LinkKind.Image)
        {
            var byPath = ResolvePath(ws, source, target.StartsWith('/') ? target : "./" + target);
            // A bare file name that is not beside the note finds it by file name, as Obsidian's "shortest path" links do.
            if (byPath.Item1 == LinkStatus.Broken && !target.Contains('/'))
            {
                var byName = ResolveName(ws, source, target);
                if (!byName.Item2.IsDefaultOrEmpty && byName.Item2.All(c => c.Reason == MatchReason.Stem)) return byName;
            }
            return byPath;
        }
        if (target.StartsWith("./", StringComparison.Ordinal) || target.StartsWith("../", StringComparison.Ordinal) ||
            target.StartsWith('/') || HasParentSegment(target))
            return ResolvePath(ws, source, target);
        if (target.Contains('/'))
            return ResolveSuffix(ws, source, target);
        return ResolveName(ws, source, target);
    }

    /// <summary>
    /// An attachment by the rules users know: the file name with its extension, case-insensitively; <c>./x</c>,
    /// <c>../x</c> relative to the note and <c>/x</c> relative to its root; <c>dir/x.png</c> as a path suffix (Obsidian's
    /// shortest unique path) and, in Markdown links, first relative to the note. Several files of one name: the one in
    /// the linking note's folder, else the nearest by folders shared, then the shortest path, silently (as Obsidian
    /// picks one). Broken when no file of that name is in the note's root.
    /// </summary>
    private static (LinkStatus, AttachmentFile?) ResolveFile(WorkspaceSnapshot ws, NoteDocument source, NoteLink link, string target)
    {
        if (!source.InWorkspace) return (LinkStatus.OutsideWorkspace, null);
        var trimmed = target.TrimEnd('/');
        var name = trimmed[(trimmed.LastIndexOf('/') + 1)..];
        if (name.Length == 0) return (LinkStatus.Broken, null);
        var named = ws.Attachments.Named(name);
        bool explicitPath = target.StartsWith("./", StringComparison.Ordinal) || target.StartsWith("../", StringComparison.Ordinal) ||
                            target.StartsWith('/') || HasParentSegment(target);
        if (explicitPath || (!link.IsWiki && target.Contains('/')))
        {
            string? full = target.StartsWith('/')
                ? NotePath.Combine(source.Root, trimmed[1..])
                : NotePath.Combine(NotePath.Directory(source.Path), trimmed);
            if (full is null || !NotePath.IsUnder(full, source.Root) || full.Length == source.Root.Length)
                return (LinkStatus.OutsideWorkspace, null);
            if (AtPath(ws, named, full) is { } exact) return (LinkStatus.File, exact);
            if (explicitPath) return (LinkStatus.Broken, null);
        }
        if (named.IsEmpty) return (LinkStatus.Broken, null);
        string[]? segments = trimmed.Contains('/') ? trimmed.Split('/', StringSplitOptions.RemoveEmptyEntries) : null;
        AttachmentFile? best = null;
        int bestShared = -1;
        string sourceDir = NotePath.Directory(source.Path);
        foreach (var path in named)
        {
            var f = ws.Attachments[path]!;
            if (f.Root != source.Root) continue;
            if (segments is not null && !EndsWithSegmentsIgnoringCase(f.RelativePath, segments)) continue;
            int shared = NotePath.Directory(f.Path) == sourceDir ? int.MaxValue : NotePath.SharedDirectorySegments(f.Path, source.Path);
            if (best is null || shared > bestShared ||
                (shared == bestShared && (f.Path.Length < best.Path.Length || (f.Path.Length == best.Path.Length && string.CompareOrdinal(f.Path, best.Path) < 0))))
            {
                best = f;
                bestShared = shared;
            }
        }
        return best is null ? (LinkStatus.Broken, null) : (LinkStatus.File, best);
    }

    /// <summary>The attachment at exactly <paramref name="full"/>; failing that, the one whose path differs only in case.</summary>
    private static AttachmentFile? AtPath(WorkspaceSnapshot ws, ImmutableArray<string> named, string full)
    {
        if (ws.Attachments[full] is { } exact) return exact;
        foreach (var p in named)
            if (string.Equals(p, full, StringComparison.OrdinalIgnoreCase)) return ws.Attachments[p];
        return null;
    }

    private static bool EndsWithSegmentsIgnoringCase(string relativePath, string[] segments)
    {
        var parts = relativePath.Split('/');
        if (parts.Length < segments.Length) return false;
        for (int i = 1; i <= segments.Length; i++)
            if (!string.Equals(parts[^i], segments[^i], StringComparison.OrdinalIgnoreCase)) return false;
        return true;
    }

    private static bool HasParentSegment(string target)
    {
        for (int i = target.IndexOf("..", StringComparison.Ordinal); i >= 0; i = target.IndexOf("..", i + 1, StringComparison.Ordinal))
            if ((i == 0 || target[i - 1] == '/') && (i + 2 == target.Length || target[i + 2] == '/')) return true;
        return false;
    }

    /// <summary><c>./x</c>, <c>../x</c> relative to the linking note; <c>/x</c> relative to its root.</summary>
    private static (LinkStatus, ImmutableArray<LinkCandidate>) ResolvePath(WorkspaceSnapshot ws, NoteDocument source, string target)
    {
        if (!source.InWorkspace) return (LinkStatus.OutsideWorkspace, []);
        string? full = target.StartsWith('/')
            ? NotePath.Combine(source.Root, target[1..])
            : NotePath.Combine(NotePath.Directory(source.Path), target);
        if (full is null || !NotePath.IsUnder(full, source.Root) || full.Length == source.Root.Length)
            return (LinkStatus.OutsideWorkspace, []);
        var wanted = NameKey.StripNoteExtension(full);
        var key = NameKey.OfStem(NotePath.FileName(full));
        var found = ImmutableArray.CreateBuilder<LinkCandidate>();
        foreach (var path in ws.NotesNamed(key))
        {
            var n = ws[path]!;
            if (n.StemKey == key && NameKey.StripNoteExtension(n.Path).Equals(wanted, StringComparison.OrdinalIgnoreCase))
                found.Add(new LinkCandidate(n, MatchReason.Path));
        }
        if (found.Count > 1)
        {
            var exact = NameKey.StripNoteExtension(full).ToString();
            found.Sort((a, b) =>
            {
                int c = ExactCase(a).CompareTo(ExactCase(b));
                return c != 0 ? c : string.CompareOrdinal(a.Note.Path, b.Note.Path);
            });
            int ExactCase(LinkCandidate c) => NameKey.StripNoteExtension(c.Note.Path).SequenceEqual(exact) ? 0 : 1;
        }
        return Verdict(found.DrainToImmutable());
    }

    /// <summary><c>[[dir/note]]</c>: any note whose path relative to its root ends with these segments.</summary>
    private static (LinkStatus, ImmutableArray<LinkCandidate>) ResolveSuffix(WorkspaceSnapshot ws, NoteDocument source, string target)
    {
        if (!source.InWorkspace) return (LinkStatus.OutsideWorkspace, []);
        var segments = NameKey.StripNoteExtension(target.Trim('/')).ToString().Split('/').Select(s => NameKey.Of(s)).ToArray();
        var key = segments[^1];
        var found = ws.NotesNamed(key)
            .Select(p => ws[p]!)
            .Where(n => n.Root == source.Root && n.StemKey == key && EndsWithSegments(n.RelativePath, segments))
            .OrderByDescending(n => NotePath.SharedDirectorySegments(n.Path, source.Path))
            .ThenBy(n => n.Path.Length)
            .ThenBy(n => n.Path, StringComparer.Ordinal)
            .Select(n => new LinkCandidate(n, MatchReason.Path))
            .ToImmutableArray();
        return Verdict(found);
    }

    private static bool EndsWithSegments(string relativePath, string[] segments)
    {
        var parts = NameKey.StripNoteExtension(relativePath).ToString().Split('/');
        if (parts.Length < segments.Length) return false;
        for (int i = 1; i <= segments.Length; i++)
            if (NameKey.Of(parts[^i]) != segments[^i]) return false;
        return true;
    }

    /// <summary>True for a target holding template syntax: <c>{{...}}</c> (Obsidian's Templates, Zotero Integration) or <c>&lt;% ... %&gt;</c> (Templater).</summary>
    public static bool IsTemplateSyntax(string target)
    {
        int open = target.IndexOf("{{", StringComparison.Ordinal);
        if (open >= 0 && target.IndexOf("}}", open + 2, StringComparison.Ordinal) > 0) return true;
        open = target.IndexOf("<%", StringComparison.Ordinal);
        return open >= 0 && target.IndexOf("%>", open + 2, StringComparison.Ordinal) > 0;
    }

    /// <summary>
    /// <c>[[name]]</c>: stem, title or alias. An exact stem match outranks titles and aliases. Several notes with that
    /// file name and exactly one of them in the linking note's own folder: that one, silently (<see cref="MatchReason.Neighbour"/>).
    /// </summary>
    private static (LinkStatus, ImmutableArray<LinkCandidate>) ResolveName(WorkspaceSnapshot ws, NoteDocument source, string target)
    {
        if (!source.InWorkspace) return (LinkStatus.OutsideWorkspace, []);
        var written = NameKey.StripNoteExtension(target.Trim()).ToString();
        var key = NameKey.Of(written);
        if (key.Length == 0) return (LinkStatus.Broken, []);
        // Written without LINQ: backlink queries resolve thousands of links per request, and nearly all have one match.
        var named = ws.NotesNamed(key);
        var matches = ImmutableArray.CreateBuilder<LinkCandidate>(named.Length);
        bool anyStem = false;
        foreach (var path in named)
        {
            var n = ws[path]!;
            if (n.Root != source.Root) continue;
            var reason = n.StemKey == key ? MatchReason.Stem : n.TitleKey == key ? MatchReason.Title : MatchReason.Alias;
            anyStem |= reason == MatchReason.Stem;
            matches.Add(new LinkCandidate(n, reason));
        }
        if (anyStem) matches.RemoveAll(c => c.Reason != MatchReason.Stem);
        if (anyStem && matches.Count > 1 && Neighbour(matches, source) is { } neighbour)
            return (LinkStatus.Resolved, [neighbour with { Reason = MatchReason.Neighbour }]);
        if (matches.Count > 1)
            matches.Sort((a, b) =>
            {
                int c = ExactStem(a).CompareTo(ExactStem(b));
                if (c == 0) c = NotePath.SharedDirectorySegments(b.Note.Path, source.Path).CompareTo(NotePath.SharedDirectorySegments(a.Note.Path, source.Path));
                if (c == 0) c = a.Note.Path.Length.CompareTo(b.Note.Path.Length);
                return c != 0 ? c : string.CompareOrdinal(a.Note.Path, b.Note.Path);
            });
        return Verdict(matches.DrainToImmutable());

        int ExactStem(LinkCandidate c) => string.Equals(c.Note.Stem, written, StringComparison.Ordinal) ? 0 : 1;
    }

    /// <summary>The only candidate in the same folder as <paramref name="source"/>, or null (none, or several).</summary>
    private static LinkCandidate? Neighbour(ImmutableArray<LinkCandidate>.Builder candidates, NoteDocument source)
    {
        var folder = NotePath.Directory(source.Path);
        LinkCandidate? found = null;
        foreach (var c in candidates)
        {
            if (!string.Equals(NotePath.Directory(c.Note.Path), folder, StringComparison.Ordinal)) continue;
            if (found is not null) return null;
            found = c;
        }
        return found;
    }

    private static (LinkStatus, ImmutableArray<LinkCandidate>) Verdict(ImmutableArray<LinkCandidate> found) =>
        found.Length switch
        {
            0 => (LinkStatus.Broken, found),
            1 => (LinkStatus.Resolved, found),
            _ => (LinkStatus.Ambiguous, found),
        };
}
