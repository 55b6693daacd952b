using System.Collections.Immutable;
using Notes.Core.Config;
using Notes.Core.Index;
using Notes.Core.Text;

namespace Notes.Core.Features;

public sealed record NewNote(string Path, string Content);

/// <summary>A fix or refactoring: text edits by path and notes to create. The editor applies it.</summary>
public sealed record NoteAction(
    string Title,
    string Kind,
    ImmutableDictionary<string, ImmutableArray<TextEditSpec>> Edits,
    ImmutableArray<NewNote> Creates,
    bool IsPreferred,
    string? DiagnosticCode);

/// <summary>Quick fixes for the diagnostics, and refactorings at the cursor.</summary>
public static class CodeActions
{
    public const string QuickFix = "quickfix";
    public const string Refactor = "refactor.rewrite";

    public static ImmutableArray<NoteAction> At(WorkspaceSnapshot ws, NoteDocument note, TextSpan range, NotesConfig config, CancellationToken ct = default)
    {
        var actions = ImmutableArray.CreateBuilder<NoteAction>();
        if (!note.InWorkspace) return [];
        foreach (var link in note.Syntax.Links.Where(l => l.Span.Overlaps(range) || l.Span.Touches(range.Start)))
        {
            var r = LinkResolver.Resolve(ws, note, link);
            if (r.Status == LinkStatus.Broken && link.IsWiki && LinkResolver.IsNoteTarget(link.Target)) // a missing figure is not a note to create
            {
                var title = link.Label ?? Humanise(link.Target);
                var stem = NotePath.FileName(NameKey.StripNoteExtension(link.Target.Replace('\\', '/')).ToString());
                if (Rename.ValidateStem(stem) is null)
                {
                    var dir = link.Target.Contains('/') && NotePath.Combine(note.Root, NotePath.Directory(link.Target.TrimStart('/'))) is { } d && NotePath.IsUnder(d, note.Root) ? d : NotePath.Directory(note.Path);
                    var path = dir + "/" + stem + ".md";
                    if (ws[path] is null)
                        actions.Add(new NoteAction($"Create note '{stem}.md'", QuickFix, Empty, [new NewNote(path, $"# {title}\n\n")], true, DiagnosticCodes.BrokenLink));
                }
                // a note that may have moved or been renamed: a close name
                foreach (var near in CloseNames(ws, note, link.Target).Take(3))
                    actions.Add(Single($"Point link at '{near.Stem}'", note.Path, link.TargetSpan, Completion.TargetFor(ws, note, near, config), false, DiagnosticCodes.BrokenLink));
            }
            if (r.Status == LinkStatus.Ambiguous)
            {
                foreach (var c in r.Candidates)
                {
                    var target = Unambiguous(ws, note, c.Note);
                    actions.Add(Single(c == r.Candidates[0] ? $"Make link unambiguous: {target}" : $"Link to {c.Note.RelativePath}", note.Path, link.TargetSpan, target, c == r.Candidates[0], DiagnosticCodes.AmbiguousLink));
                }
            }
        }
        foreach (var cite in note.Syntax.Citations.Where(c => c.Span.Overlaps(range) || c.Span.Touches(range.Start)))
        {
            if (CitationFeatures.CreateLiteratureNote(ws, note, cite) is { } create) actions.Add(create);
            if (!cite.InText && ws.Citations.DefinitionsFor(note, cite.Key).IsEmpty)
                foreach (var near in CitationFeatures.NearestKeys(ws, note, cite.Key, 3))
                    actions.Add(Single($"Change @{cite.Key} to @{near}", note.Path, cite.KeySpan, near, actions.Count == 0, DiagnosticCodes.UnknownCitation));
        }
        foreach (var tag in note.Syntax.Tags.Where(t => t.Span.Overlaps(range) || t.Span.Touches(range.Start)))
        {
            var group = ws.TagStatistics.GroupOf(tag.Name);
            string? fix = null;
            string code = DiagnosticCodes.TagVariant;
            if (group is { HasVariants: true } && group.Dominant != tag.Name) fix = group.Dominant;
            else if (group is { Total: 1 } && NoteDiagnostics.OneOffSuggestion(ws.TagStatistics, group, config) is { } s) { fix = s.Dominant; code = DiagnosticCodes.TagOneOff; }
            if (fix is not null)
            {
                actions.Add(Single($"Change #{tag.Name} to #{fix}", note.Path, tag.NameSpan, fix, true, code));
                var all = Queries.TagUses(ws, tag.Name, includeChildren: false, ct).Where(u => u.Tag.Name == tag.Name).ToList();
                if (all.Count > 1)
                    actions.Add(new NoteAction($"Change every #{tag.Name} to #{fix} ({all.Count} uses)", QuickFix,
                        all.GroupBy(u => u.Note.Path).ToImmutableDictionary(g => g.Key, g => g.Select(u => new TextEditSpec(u.Tag.NameSpan, fix)).ToImmutableArray()),
                        [], false, code));
            }
            var style = NoteDiagnostics.FormatProblem(tag.Name, config);
            if (style is not null && config.TagStyle != TagStyle.Any)
            {
                var fixedName = string.Join('/', tag.Name.Split('/').Select(x => NoteDiagnostics.Convert(x, config.TagStyle)));
                actions.Add(Single($"Change #{tag.Name} to #{fixedName}", note.Path, tag.NameSpan, fixedName, false, DiagnosticCodes.TagFormat));
            }
        }
        foreach (var m in UnlinkedMentions.Find(ws, note, ct).Where(m => m.Span.Overlaps(range) || m.Span.Touches(range.Start)))
        {
            var target = Completion.TargetFor(ws, note, m.Target, config);
            var text = NameKey.Of(m.Text) == NameKey.Of(target) ? $"[[{target}]]" : $"[[{target}|{m.Text}]]";
            actions.Add(Single($"Link '{m.Text}' to {m.Target.Title}", note.Path, m.Span, text, true, DiagnosticCodes.UnlinkedMention));
        }
        return actions.ToImmutable();
    }

    /// <summary>A new note from selected text: the note with that title, and the selection replaced by a link to it.</summary>
    public static NoteAction? CreateFromSelection(WorkspaceSnapshot ws, NoteDocument note, TextSpan selection, string? title, out string? error)
    {
        error = null;
        var text = (title ?? note.Syntax.Text.Substring(selection.Start, selection.Length)).Trim();
        if (text.Length == 0) { error = "Select the text to turn into a note."; return null; }
        var firstLine = text.Split('\n')[0].Trim();
        var stem = NameKey.Of(firstLine);
        if (Rename.ValidateStem(stem) is { } bad) { error = bad; return null; }
        var path = NotePath.Directory(note.Path) + "/" + stem + ".md";
        if (ws[path] is not null) { error = $"{stem}.md already exists."; return null; }
        var body = text.Contains('\n') ? text[(text.IndexOf('\n') + 1)..].Trim() + "\n" : "";
        var edits = ImmutableDictionary<string, ImmutableArray<TextEditSpec>>.Empty.Add(note.Path, [new TextEditSpec(selection, $"[[{stem}]]")]);
        return new NoteAction($"Create note '{stem}.md'", Refactor, edits, [new NewNote(path, $"# {firstLine}\n\n{body}")], false, null);
    }

    /// <summary>The shortest written form that resolves to exactly this note.</summary>
    public static string Unambiguous(WorkspaceSnapshot ws, NoteDocument from, NoteDocument target)
    {
        var segments = NameKey.StripNoteExtension(target.RelativePath).ToString().Split('/');
        for (int take = 1; take <= segments.Length; take++)
        {
            var suffix = string.Join('/', segments[^take..]);
            var probe = new Syntax.NoteLink(Syntax.LinkKind.WikiLink, default, suffix, default, null, null, false, null, null);
            var r = LinkResolver.Resolve(ws, from, probe);
            if (r.Status == LinkStatus.Resolved && r.Target == target) return suffix;
        }
        return "/" + NameKey.StripNoteExtension(target.RelativePath).ToString();
    }

    private static IEnumerable<NoteDocument> CloseNames(WorkspaceSnapshot ws, NoteDocument from, string target)
    {
        var key = NameKey.OfStem(NotePath.FileName(target.Replace('\\', '/')));
        if (key.Length < 3) return [];
        return ws.All
            .Where(n => n.Root == from.Root && n != from)
            .Select(n => (n, d: n.NameKeys.Min(k => NoteDiagnostics.EditDistance(k, key, 2))))
            .Where(x => x.d <= 2)
            .OrderBy(x => x.d).ThenBy(x => x.n.Path, StringComparer.Ordinal)
            .Select(x => x.n);
    }

    private static string Humanise(string target)
    {
        var name = NotePath.FileName(NameKey.StripNoteExtension(target.Replace('\\', '/')).ToString()).Replace('-', ' ').Replace('_', ' ').Trim();
        return name.Length == 0 ? target : char.ToUpperInvariant(name[0]) + name[1..];
    }

    private static readonly ImmutableDictionary<string, ImmutableArray<TextEditSpec>> Empty = ImmutableDictionary<string, ImmutableArray<TextEditSpec>>.Empty;

    private static NoteAction Single(string title, string path, TextSpan span, string text, bool preferred, string code) =>
        new(title, QuickFix, Empty.Add(path, [new TextEditSpec(span, text)]), [], preferred, code);
}
