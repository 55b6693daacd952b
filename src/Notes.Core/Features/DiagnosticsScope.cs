using Notes.Core.Config;
using Notes.Core.Index;

namespace Notes.Core.Features;

/// <summary>
/// Which notes' diagnostics a change to one note can alter, so only those are recomputed: the note itself, notes
/// whose links may now resolve differently, and notes whose tags' variant or one-off standing may have changed.
/// </summary>
public static class DiagnosticsScope
{
    public static HashSet<string> Affected(WorkspaceSnapshot before, WorkspaceSnapshot after, NoteDocument? oldNote, NoteDocument? newNote, NotesConfig config)
    {
        var affected = new HashSet<string>(StringComparer.Ordinal);
        var any = newNote ?? oldNote;
        if (any is null) return affected;
        if (newNote is not null) affected.Add(newNote.Path);

        // Links: a name that appeared or vanished changes how links with that key resolve; changed headings or
        // blocks change fragment checks of every link to this note.
        var oldKeys = oldNote?.NameKeys ?? [];
        var newKeys = newNote?.NameKeys ?? [];
        bool anchorsChanged = oldNote is null || newNote is null || !WorkspaceSnapshot.SameAnchors(oldNote, newNote);
        var keys = anchorsChanged ? oldKeys.Union(newKeys) : oldKeys.Except(newKeys).Union(newKeys.Except(oldKeys));
        foreach (var k in keys) affected.UnionWith(after.NotesLinkingWith(k));
        // Unlinked mentions (when on) look for every note's names in every note's text.
        if (config.SeverityOf(DiagnosticCodes.UnlinkedMention) != Severity.Off && !oldKeys.SequenceEqual(newKeys))
            affected.UnionWith(after.Notes.Keys);

        // Tags: a group whose dominant form, set of forms or one-off standing changed. Only the groups of tags whose
        // number of uses in this note changed can (the same tag names, a keystroke outside tags: none).
        var touched = oldNote is not null && newNote is not null && WorkspaceSnapshot.SameTagNames(oldNote, newNote) ? []
            : WorkspaceSnapshot.TagCountChanges(WorkspaceSnapshot.TagUses(oldNote), WorkspaceSnapshot.TagUses(newNote))
                .Select(t => NameKey.OfTagVariant(t.Tag)).ToHashSet(StringComparer.Ordinal);
        bool commonnessChanged = false;
        foreach (var key in touched)
        {
            var g0 = FindGroup(before.TagStatistics, key);
            var g1 = FindGroup(after.TagStatistics, key);
            // A common group's total is quoted by the one-off rule's suggestion ("did you mean #x (used 5 times)?").
            if (g0?.Total != g1?.Total && Math.Max(g0?.Total ?? 0, g1?.Total ?? 0) >= config.OneOffMinCommonCount) commonnessChanged = true;
            if (Standing(g0, config) == Standing(g1, config)) continue;
            if ((g0?.Total >= config.OneOffMinCommonCount) != (g1?.Total >= config.OneOffMinCommonCount)) commonnessChanged = true;
            foreach (var g in new[] { g0, g1 })
                if (g is not null)
                    foreach (var f in g.Forms) { affected.UnionWith(before.NotesTagged(f.Name)); affected.UnionWith(after.NotesTagged(f.Name)); }
        }
        if (commonnessChanged)
            foreach (var g in after.TagStatistics.Groups.Where(g => g.Total == 1))
                affected.UnionWith(after.NotesTagged(g.Dominant));

        // The vocabulary note defines the unknown-tag rule for everyone.
        if (NoteDiagnostics.IsVocabularyNote(any, config)) affected.UnionWith(after.Notes.Keys);

        affected.RemoveWhere(p => after[p] is null);
        return affected;
    }

    /// <summary>An attachment appeared or vanished: the notes that link to a file of its name may resolve differently.</summary>
    public static HashSet<string> AffectedByAttachment(WorkspaceSnapshot after, string fileName)
    {
        var affected = new HashSet<string>(after.NotesLinkingWith(NameKey.Of(fileName)), StringComparer.Ordinal);
        affected.RemoveWhere(p => after[p] is null);
        return affected;
    }

    /// <summary>
    /// A bibliography file was read again, came or vanished: the notes whose citation diagnostics can differ. For a file
    /// read again, the notes citing or declaring a key that came or went (every key of the file when it moved in or out
    /// of the default set), and then the notes whose unknown keys may be told of another near key; nothing when only
    /// fields changed. Checked against recomputing every note (<c>CitationFeatureTests.TheNotesABibliographyRewriteRechecksAreEveryNoteWhoseDiagnosticsChange</c>).
    /// </summary>
    public static HashSet<string> AffectedByBibliography(WorkspaceSnapshot before, WorkspaceSnapshot after, string path)
    {
        var affected = new HashSet<string>(StringComparer.Ordinal);
        var was = before.Citations.Files.GetValueOrDefault(path);
        var now = after.Citations.Files.GetValueOrDefault(path);
        // A file that came or went changes whether notes have a bibliography at all, which the unknown-key rules look at.
        if ((was is null) != (now is null) || before.Citations.HasDefaultSources != after.Citations.HasDefaultSources)
        {
            foreach (var k in after.Citations.CitedKeys) affected.UnionWith(after.Citations.NotesCiting(k));
            affected.UnionWith(after.Citations.LiteratureNotePaths);
        }
        else if (was is not null && now is not null)
        {
            // Only the keys that came or went: Zotero rewrites the whole file when one entry's fields change, and a
            // field changes no note's diagnostics. A file moved in or out of the default set changes all its keys.
            var keys = new HashSet<string>(was.Bibliography.Entries.Select(e => e.Key), StringComparer.Ordinal);
            if (was.InDefaultSet == now.InDefaultSet) keys.SymmetricExceptWith(now.Bibliography.Entries.Select(e => e.Key));
            else keys.UnionWith(now.Bibliography.Entries.Select(e => e.Key));
            foreach (var k in keys)
            {
                affected.UnionWith(after.Citations.NotesCiting(k));
                affected.UnionWith(after.Citations.NotesDeclaring(k));
            }
            // The nearest keys an unknown citation suggests are among the keys that count for its note: when keys come or
            // go, the notes citing a key that is unknown to them may be told of another one.
            if (keys.Count > 0)
                foreach (var k in after.Citations.CitedKeys)
                {
                    bool nowhere = after.Citations.Definitions(k).IsEmpty;
                    foreach (var p in after.Citations.NotesCiting(k))
                        if (nowhere || after[p]?.Syntax.FrontMatter?.Bibliography is { Count: > 0 }) affected.Add(p);
                }
        }
        affected.RemoveWhere(p => after[p] is null);
        return affected;
    }

    private static TagGroup? FindGroup(TagStatistics stats, string variantKey) =>
        stats.Groups.Length == 0 ? null : stats.GroupOf(variantKey);

    /// <summary>What of a group the tag rules look at: its dominant form, its forms, whether it is used once or is common.</summary>
    private static string Standing(TagGroup? g, NotesConfig config) =>
        g is null ? "" : $"{g.Dominant}|{string.Join(',', g.Forms.Select(f => f.Name).Order(StringComparer.Ordinal))}|{g.Total == 1}|{g.Total >= config.OneOffMinCommonCount}|{g.Forms[0].Count}";
}
