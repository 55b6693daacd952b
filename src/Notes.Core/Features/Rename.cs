using System.Collections.Immutable;
using Notes.Core.Index;
using Notes.Core.Syntax;
using Notes.Core.Text;

namespace Notes.Core.Features;

public sealed record TextEditSpec(TextSpan Span, string NewText);

public sealed record FileMove(string OldPath, string NewPath);

/// <summary>Every text edit by note path, and the file to move (if any). Nothing is written: the editor applies it.</summary>
public sealed record RenamePlan(ImmutableDictionary<string, ImmutableArray<TextEditSpec>> Edits, ImmutableArray<FileMove> Moves)
{
    public int EditCount => Edits.Values.Sum(e => e.Length);
}

public sealed record RenameOutcome(RenamePlan? Plan, string? Error)
{
    public static RenameOutcome Fail(string error) => new(null, error);
}

public sealed record PrepareRenameResult(TextSpan Span, string Placeholder);

/// <summary>
/// Rename of a note (from its title or any link to it), a heading, a tag (nested children too) or an alias, and
/// rewriting of links when files move. Each link keeps its label, fragment and style.
/// </summary>
public static class Rename
{
    public static PrepareRenameResult? Prepare(WorkspaceSnapshot ws, NoteDocument note, int offset, out string? error)
    {
        error = null;
        if (!note.InWorkspace) { error = "This note is outside the workspace; open its folder to rename across notes."; return null; }
        foreach (var alias in note.Syntax.Aliases)
            if (alias.Span.Touches(offset)) return new PrepareRenameResult(alias.Span, alias.Value);
        if (CitationFeatures.CiteKeyAt(note, offset) is { } ck && note.LiteratureKey is { } litKey)
            return new PrepareRenameResult(ck.Span, litKey);
        switch (Navigation.ElementAt(note, offset))
        {
            case CursorElement.OnCitation { Citation: var cite }:
                if (!CitationFeatures.Counts(ws, note, cite)) { error = $"'@{cite.Key}' is no key of the bibliography."; return null; }
                return new PrepareRenameResult(cite.KeySpan, cite.Key);
            case CursorElement.OnLink { Link: var link }:
            {
                var r = LinkResolver.Resolve(ws, note, link);
                if (r.Target is { } t && FragmentHeadingAt(note, t, link, offset) is var (h, part)) return new PrepareRenameResult(part, h.Text);
                if (r.Target is null || r.Target == note && link.Target.Length == 0) { error = "This link does not lead to a note."; return null; }
                if (r.Status == LinkStatus.Ambiguous) { error = "This link is ambiguous; make it unambiguous before renaming its note."; return null; }
                return new PrepareRenameResult(link.TargetSpan, r.Target.Stem);
            }
            case CursorElement.OnTag { Tag: var tag }:
                return new PrepareRenameResult(tag.NameSpan, tag.Name);
            case CursorElement.OnTitle when note.Syntax.Title.Span is { } ts:
                return new PrepareRenameResult(TitleTextSpan(note) ?? ts, note.Title);
            case CursorElement.OnHeading { Heading: var h }:
                return new PrepareRenameResult(h.TextSpan, h.Text);
        }
        error = "Nothing to rename here: place the cursor on a title, heading, link, tag or alias.";
        return null;
    }

    /// <param name="keysInBibliography">A citation key's rename also renames its entries in the bibliography files.</param>
    public static RenameOutcome Apply(WorkspaceSnapshot ws, NoteDocument note, int offset, string newName, CancellationToken ct = default, bool keysInBibliography = false)
    {
        if (Prepare(ws, note, offset, out var error) is null) return RenameOutcome.Fail(error!);
        newName = newName.Trim();
        if (newName.Length == 0) return RenameOutcome.Fail("The new name is empty.");
        foreach (var alias in note.Syntax.Aliases)
            if (alias.Span.Touches(offset)) return RenameAlias(ws, note, alias, newName, ct);
        if (CitationFeatures.CiteKeyAt(note, offset) is not null && note.LiteratureKey is { } litKey)
            return CitationFeatures.RenameKey(ws, litKey, newName, keysInBibliography, ct);
        switch (Navigation.ElementAt(note, offset))
        {
            case CursorElement.OnCitation { Citation: var cite }:
                return CitationFeatures.RenameKey(ws, cite.Key, newName, keysInBibliography, ct);
            case CursorElement.OnLink { Link: var link }:
            {
                var r = LinkResolver.Resolve(ws, note, link);
                if (r.Target is { } t && FragmentHeadingAt(note, t, link, offset) is var (h, _)) return RenameHeading(ws, t, h, newName, ct);
                return RenameNote(ws, r.Target!, newName, retitle: false, ct);
            }
            case CursorElement.OnTag { Tag: var tag }:
                return RenameTag(ws, tag.Name, newName.TrimStart('#'), ct);
            case CursorElement.OnTitle:
                return RenameNote(ws, note, newName, retitle: true, ct);
            case CursorElement.OnHeading { Heading: var h }:
                return RenameHeading(ws, note, h, newName, ct);
        }
        return RenameOutcome.Fail("Nothing to rename here.");
    }

    /// <summary>Checks a new file name (stem): no separators, control characters, reserved names or escapes.</summary>
    public static string? ValidateStem(string stem)
    {
        if (stem.Length == 0) return "The new name is empty.";
        if (stem.IndexOfAny(['/', '\\', '\0', ':', '*', '?', '"', '<', '>', '|']) >= 0 || stem.Any(char.IsControl))
            return $"'{stem}' cannot be a file name: it holds a path separator or a reserved character.";
        if (stem is "." or ".." || stem.StartsWith('.')) return $"'{stem}' cannot be a note's file name.";
        var upper = stem.ToUpperInvariant();
        string[] reserved = ["CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"];
        if (reserved.Contains(upper)) return $"'{stem}' is a reserved file name on Windows.";
        if (stem.Length > 200) return "The new name is too long.";
        return null;
    }

    private static RenameOutcome RenameNote(WorkspaceSnapshot ws, NoteDocument target, string newName, bool retitle, CancellationToken ct)
    {
        // From the title, the new name is a title and the file follows its slug; from a link, it is the new file stem.
        var newStem = retitle ? NameKey.Of(newName) : NameKey.StripNoteExtension(newName).ToString();
        if (ValidateStem(newStem) is { } bad) return RenameOutcome.Fail(bad);
        var ext = target.Path.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase) ? ".markdown" : ".md";
        var newPath = NotePath.Directory(target.Path) + "/" + newStem + ext;
        if (newPath != target.Path && ws[newPath] is not null) return RenameOutcome.Fail($"A note named {newStem}{ext} already exists there.");
        var edits = new Dictionary<string, List<TextEditSpec>>(StringComparer.Ordinal);
        if (retitle && TitleTextSpan(target) is { } titleSpan) Add(edits, target.Path, new TextEditSpec(titleSpan, newName));
        var moves = newPath == target.Path ? ImmutableArray<FileMove>.Empty : [new FileMove(target.Path, newPath)];
        var moved = moves.ToDictionary(m => m.OldPath, m => m.NewPath, StringComparer.Ordinal);
        foreach (var r in Queries.LinksTo(ws, target, ct, includeTemplates: true))
        {
            if (r.Resolution.Target != target || r.Link.Target.Length == 0) continue;
            if (r.Resolution.Reason == MatchReason.Alias) continue; // the alias still names it
            if (r.Resolution.Reason == MatchReason.Title && !retitle) continue; // the title is unchanged
            var text = RewriteTarget(ws, r.Source, r.Link, r.Resolution.Reason!.Value, target, moved, retitle ? newName : null);
            if (text is not null) Add(edits, r.Source.Path, new TextEditSpec(r.Link.TargetSpan, text));
        }
        return new RenameOutcome(new RenamePlan(Freeze(edits), moves), null);
    }

    /// <summary>
    /// Links to and from notes that move (a file or a folder renamed in the editor) are rewritten so that every one
    /// still resolves to the same note afterwards.
    /// </summary>
    public static RenamePlan ForMovedFiles(WorkspaceSnapshot ws, IEnumerable<FileMove> requested, CancellationToken ct = default)
    {
        var moved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in requested)
        {
            if (ws[m.OldPath] is not null || ws.Attachments[m.OldPath] is not null) { moved[m.OldPath] = m.NewPath; continue; }
            foreach (var p in ws.Notes.Keys.Concat(ws.Attachments.ByPath.Keys)) // a folder
                if (NotePath.IsUnder(p, m.OldPath)) moved[p] = m.NewPath + p[m.OldPath.Length..];
        }
        var edits = new Dictionary<string, List<TextEditSpec>>(StringComparer.Ordinal);
        var seen = new HashSet<(string, int)>();
        foreach (var (oldPath, _) in moved)
        {
            if (ws.Attachments[oldPath] is { } file)
            {
                foreach (var r in Queries.LinksToFile(ws, file, ct, includeTemplates: true))
                {
                    if (!seen.Add((r.Source.Path, r.Link.Span.Start))) continue;
                    var text = RewriteFileTarget(ws, r.Source, r.Link, file, moved);
                    if (text is not null && text != r.Link.Target) Add(edits, r.Source.Path, new TextEditSpec(r.Link.TargetSpan, text));
                }
                continue;
            }
            var target = ws[oldPath]!;
            foreach (var r in Queries.LinksTo(ws, target, ct, includeTemplates: true))
            {
                if (r.Resolution.Target != target || r.Link.Target.Length == 0 || !seen.Add((r.Source.Path, r.Link.Span.Start))) continue;
                var text = RewriteTarget(ws, r.Source, r.Link, r.Resolution.Reason!.Value, target, moved, null);
                if (text is not null && text != r.Link.Target) Add(edits, r.Source.Path, new TextEditSpec(r.Link.TargetSpan, text));
            }
            // relative links inside a moved note now start from its new folder
            foreach (var res in Queries.LinksFrom(ws, target))
            {
                if (!IsRelative(res.Link) || !seen.Add((target.Path, res.Link.Span.Start))) continue;
                string? text = res.File is { } f ? RewriteFileTarget(ws, target, res.Link, f, moved)
                    : res.Target is { } t && res.Reason == MatchReason.Path ? RewriteTarget(ws, target, res.Link, MatchReason.Path, t, moved, null)
                    : null;
                if (text is not null && text != res.Link.Target) Add(edits, target.Path, new TextEditSpec(res.Link.TargetSpan, text));
            }
        }
        return new RenamePlan(Freeze(edits), moved.Select(kv => new FileMove(kv.Key, kv.Value)).ToImmutableArray());
    }

    /// <summary>
    /// The new target text of a link to a moved attachment, in the link's own form: a file name stays a file name
    /// (renamed if the file was), a path suffix keeps its number of segments, a relative or root path is recomputed.
    /// Markdown destinations are percent-encoded unless the link wrote its spaces plainly (<c>&lt;a b.png&gt;</c>).
    /// </summary>
    private static string? RewriteFileTarget(WorkspaceSnapshot ws, NoteDocument source, NoteLink link, AttachmentFile file, IReadOnlyDictionary<string, string> moved)
    {
        var fileNew = moved.GetValueOrDefault(file.Path, file.Path);
        var sourceNew = moved.GetValueOrDefault(source.Path, source.Path);
        var target = link.Target.Replace('\\', '/');
        string result;
        if (link.Kind is LinkKind.Markdown or LinkKind.Image || target.StartsWith("./", StringComparison.Ordinal) || target.StartsWith("../", StringComparison.Ordinal))
        {
            if (target.StartsWith('/')) result = "/" + NotePath.Relative(fileNew, file.Root);
            else
            {
                result = Completion.RelativeTo(NotePath.Directory(sourceNew), fileNew);
                if (!target.StartsWith("./", StringComparison.Ordinal) && result.StartsWith("./", StringComparison.Ordinal)) result = result[2..];
            }
            if (link.Kind is LinkKind.Markdown or LinkKind.Image)
            {
                var text = source.Syntax.Text;
                bool plain = text.AsSpan(link.TargetSpan.Start, link.TargetSpan.Length).Contains(' ') ||
                             (link.TargetSpan.Start > 0 && text[link.TargetSpan.Start - 1] == '<');
                if (!plain) result = result.Replace("%", "%25").Replace(" ", "%20");
            }
            return result;
        }
        if (target.StartsWith('/')) return "/" + NotePath.Relative(fileNew, file.Root);
        int segments = target.Trim('/').Split('/').Length;
        var parts = NotePath.Relative(fileNew, file.Root).Split('/');
        result = string.Join('/', parts[^Math.Min(segments, parts.Length)..]);
        return result;
    }

    private static bool IsRelative(NoteLink link) =>
        link.Kind is LinkKind.Markdown or LinkKind.Image || link.Target.StartsWith("./", StringComparison.Ordinal) || link.Target.StartsWith("../", StringComparison.Ordinal);

    /// <summary>The new target text of one link, in the link's own style, or null to leave it.</summary>
    private static string? RewriteTarget(WorkspaceSnapshot ws, NoteDocument source, NoteLink link, MatchReason reason, NoteDocument target, IReadOnlyDictionary<string, string> moved, string? newTitle)
    {
        var targetNew = moved.GetValueOrDefault(target.Path, target.Path);
        var sourceNew = moved.GetValueOrDefault(source.Path, source.Path);
        var newStem = NotePath.Stem(targetNew);
        bool keepExt = NameKey.HasNoteExtension(link.Target);
        string ext = keepExt ? link.Target[link.Target.LastIndexOf('.')..] : "";
        if (link.Kind is LinkKind.Markdown or LinkKind.Image)
        {
            var rel = link.Target.StartsWith('/')
                ? "/" + NotePath.Relative(targetNew, source.Root)
                : Completion.RelativeTo(NotePath.Directory(sourceNew), targetNew);
            if (!link.Target.StartsWith("./", StringComparison.Ordinal) && rel.StartsWith("./", StringComparison.Ordinal)) rel = rel[2..];
            if (!keepExt) rel = NameKey.StripNoteExtension(rel).ToString();
            return rel.Replace("%", "%25").Replace(" ", "%20");
        }
        switch (reason)
        {
            case MatchReason.Title:
                return newTitle is null ? null : (link.Target.Contains(' ') ? newTitle : NameKey.Of(newTitle)) + ext;
            case MatchReason.Stem or MatchReason.Neighbour:
                return NameKey.Of(target.Stem) == NameKey.Of(newStem) ? null : newStem + ext;
            case MatchReason.Path when IsRelative(link):
                return NameKey.StripNoteExtension(Completion.RelativeTo(NotePath.Directory(sourceNew), targetNew)).ToString() + ext;
            case MatchReason.Path when link.Target.StartsWith('/'):
                return "/" + NameKey.StripNoteExtension(NotePath.Relative(targetNew, target.Root)).ToString() + ext;
            case MatchReason.Path:
            {
                // a path suffix: keep as many segments as the link had
                int segments = link.Target.Trim('/').Split('/').Length;
                var parts = NameKey.StripNoteExtension(NotePath.Relative(targetNew, target.Root)).ToString().Split('/');
                return string.Join('/', parts[^Math.Min(segments, parts.Length)..]) + ext;
            }
            default:
                return null;
        }
    }

    private static RenameOutcome RenameHeading(WorkspaceSnapshot ws, NoteDocument note, Heading h, string newText, CancellationToken ct)
    {
        if (newText.Contains('\n') || newText.Contains('\r')) return RenameOutcome.Fail("A heading is one line.");
        var edits = new Dictionary<string, List<TextEditSpec>>(StringComparer.Ordinal);
        Add(edits, note.Path, new TextEditSpec(h.TextSpan, newText));
        var newSlug = NameKey.Of(newText);
        foreach (var r in Queries.LinksTo(ws, note, ct, includeTemplates: true)) // paths through the heading too, templates too
        {
            if (r.Resolution.Target != note || r.Resolution.Heading is null) continue;
            foreach (var (step, part, written) in FragmentSteps(r.Source, note, r.Link))
            {
                if (step != h) continue;
                bool bySlug = string.Equals(written, h.Slug, StringComparison.OrdinalIgnoreCase) && !string.Equals(written, h.Text, StringComparison.Ordinal);
                Add(edits, r.Source.Path, new TextEditSpec(part, bySlug || r.Link.Kind is LinkKind.Markdown ? newSlug : newText));
            }
        }
        return new RenameOutcome(new RenamePlan(Freeze(edits), []), null);
    }

    /// <summary>The heading named by the part of <paramref name="link"/>'s fragment under the cursor, and that part's span.</summary>
    private static (Heading Heading, TextSpan Part)? FragmentHeadingAt(NoteDocument source, NoteDocument target, NoteLink link, int offset)
    {
        if (link.FragmentSpan is not { } fs || !fs.Touches(offset)) return null;
        foreach (var (h, part, _) in FragmentSteps(source, target, link))
            if (part.Touches(offset)) return (h, part);
        return null;
    }

    /// <summary>
    /// The headings a link's fragment goes through, each with its part's span and text: one per part of a heading path
    /// (<c>[[Settings#General#Account]]</c>), so a rename rewrites only its own part; one for the whole fragment where
    /// the source is not the fragment as written (a percent-encoded Markdown link).
    /// </summary>
    private static IEnumerable<(Heading Heading, TextSpan Part, string Written)> FragmentSteps(NoteDocument source, NoteDocument target, NoteLink link)
    {
        if (link.IsBlockRef || link.Fragment is not { } fragment || link.FragmentSpan is not { } fs) yield break;
        if (LinkResolver.FindHeadingPath(target, fragment) is not { Length: > 0 } steps) yield break;
        if (!source.Syntax.Text.AsSpan(fs.Start, fs.Length).SequenceEqual(fragment))
        {
            yield return (steps[^1].Heading, fs, fragment);
            yield break;
        }
        foreach (var step in steps) yield return (step.Heading, new TextSpan(fs.Start + step.Start, fs.Start + step.End), fragment[step.Start..step.End]);
    }

    private static RenameOutcome RenameTag(WorkspaceSnapshot ws, string oldTag, string newTag, CancellationToken ct)
    {
        if (newTag.Length == 0 || !newTag.All(Completion.IsTagChar) || newTag.All(char.IsDigit) || newTag.StartsWith('/') || newTag.EndsWith('/'))
            return RenameOutcome.Fail($"'#{newTag}' is not a valid tag: use letters, digits, '_', '-' and '/' for nesting.");
        var edits = new Dictionary<string, List<TextEditSpec>>(StringComparer.Ordinal);
        foreach (var use in Queries.TagUses(ws, oldTag, includeChildren: true, ct))
            Add(edits, use.Note.Path, new TextEditSpec(new TextSpan(use.Tag.NameSpan.Start, use.Tag.NameSpan.Start + oldTag.Length), newTag));
        return new RenameOutcome(new RenamePlan(Freeze(edits), []), null);
    }

    private static RenameOutcome RenameAlias(WorkspaceSnapshot ws, NoteDocument note, FrontMatterValue alias, string newAlias, CancellationToken ct)
    {
        var edits = new Dictionary<string, List<TextEditSpec>>(StringComparer.Ordinal);
        Add(edits, note.Path, new TextEditSpec(alias.Span, newAlias));
        var key = NameKey.Of(alias.Value);
        foreach (var r in Queries.LinksTo(ws, note, ct, includeTemplates: true))
            if (r.Resolution.Target == note && r.Resolution.Reason == MatchReason.Alias && NameKey.Of(NameKey.StripNoteExtension(r.Link.Target)) == key)
                Add(edits, r.Source.Path, new TextEditSpec(r.Link.TargetSpan, newAlias));
        return new RenameOutcome(new RenamePlan(Freeze(edits), []), null);
    }

    /// <summary>The title's own text: the front-matter value, or the heading text.</summary>
    private static TextSpan? TitleTextSpan(NoteDocument note) =>
        note.Syntax.Title.Source switch
        {
            TitleSource.FrontMatter => note.Syntax.FrontMatter?.Title?.Span,
            TitleSource.Heading => note.Syntax.Headings.FirstOrDefault(h => h.Level == 1)?.TextSpan,
            _ => null,
        };

    private static void Add(Dictionary<string, List<TextEditSpec>> edits, string path, TextEditSpec edit)
    {
        if (!edits.TryGetValue(path, out var list)) edits[path] = list = [];
        if (!list.Any(e => e.Span.Overlaps(edit.Span) || e.Span == edit.Span)) list.Add(edit);
    }

    private static ImmutableDictionary<string, ImmutableArray<TextEditSpec>> Freeze(Dictionary<string, List<TextEditSpec>> edits) =>
        edits.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.OrderBy(e => e.Span.Start).ToImmutableArray(), StringComparer.Ordinal);
}
