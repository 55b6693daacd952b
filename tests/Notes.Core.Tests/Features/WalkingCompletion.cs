using System.Collections.Immutable;
using Notes.Core.Config;
using Notes.Core.Features;
using Notes.Core.Index;
using Notes.Core.Text;

namespace Notes.Core.Tests.Features;

/// <summary>
/// The reference for <see cref="CompletionIndexOracleTests"/>: <c>[[</c> completion as it was before the name index
/// (issue 19), walking every note of <see cref="WorkspaceSnapshot.All"/> and every attachment, kept as it was written
/// (the same priority queue fed in the same order, so ties come out as they did; the items of what is kept are built
/// by the same code, which the index did not change). Only the part after <c>[[</c> with
/// no <c>#</c>, <c>|</c> or <c>^</c> typed, the only part the index changed.
/// </summary>
internal static class WalkingCompletion
{
    public static CompletionResult Wiki(WorkspaceSnapshot ws, NoteDocument note, int start, int offset, NotesConfig config, int limit)
    {
        var text = note.Syntax.Text;
        var typed = text[start..offset];
        var replace = new TextSpan(start, offset);
        const string close = "]]";
        var notes = Notes(ws, note, typed, replace, close, config, limit);
        if (ws.Attachments.Count == 0) return notes;
        bool embed = start >= 3 && text[start - 3] == '!';
        return Completion.Merge(notes, Files(ws, note, typed.Trim(), replace, close, embed, limit), embed);
    }

    private static CompletionResult Files(WorkspaceSnapshot ws, NoteDocument from, string pattern, TextSpan replace, string close, bool imagesFirst, int limit)
    {
        var top = new PriorityQueue<AttachmentFile, (int, int, int, AttachmentFile)>(Completion.FileOrder.Instance);
        int total = 0;
        ulong needed = NameSignature.CharsOf(pattern);
        bool byPath = pattern.Contains('/');
        foreach (var f in ws.Attachments.All)
        {
            if (f.Root != from.Root || !f.Names.MayContain(needed)) continue;
            int? score = pattern.Length == 0 ? 0 : FuzzyMatcher.Score(pattern, byPath ? f.RelativePath : f.FileName);
            if (score is not { } sc) continue;
            total++;
            var priority = (imagesFirst && f.Kind == AttachmentKind.Image ? 1 : 0, sc, -f.RelativePath.Length, f);
            if (top.Count < limit) top.Enqueue(f, priority);
            else if (top.TryPeek(out _, out var worst) && Completion.FileOrder.Instance.Compare(priority, worst) > 0) top.EnqueueDequeue(f, priority);
        }
        var kept = new List<AttachmentFile>(top.Count);
        while (top.TryDequeue(out var f, out _)) kept.Add(f);
        kept.Reverse();
        return new CompletionResult(Completion.FileItems(ws, kept, replace, close, byPath), total > limit);
    }

    private static CompletionResult Notes(WorkspaceSnapshot ws, NoteDocument from, string typed, TextSpan replace, string close, NotesConfig config, int limit)
    {
        var top = new PriorityQueue<(NoteDocument Note, string? Alias), (int, int, long, int)>();
        int total = 0;
        var pattern = typed.Trim();
        ulong needed = NameSignature.CharsOf(pattern);
        int bound = FuzzyMatcher.BoundWithoutWordStart(pattern.Length);
        ulong first = pattern.Length == 0 ? 0 : NameSignature.Bit(pattern[0]);
        bool pruned = false;
        foreach (var n in ws.All)
            if (pattern.Length == 0 || n.Names.MayStartAWordWith(first)) Score(n);
        if (pattern.Length > 0)
        {
            foreach (var n in ws.All)
            {
                if (n.Names.MayStartAWordWith(first)) continue;
                if (top.Count >= limit && top.TryPeek(out _, out var worst) && worst.Item1 > bound) { pruned = true; break; }
                Score(n);
            }
        }
        var kept = new List<(NoteDocument Note, string? Alias)>(top.Count);
        while (top.TryDequeue(out var hit, out _)) kept.Add(hit);
        kept.Reverse();
        return new CompletionResult(Completion.NoteItems(ws, from, kept, pattern, replace, close, config), total > limit || pruned);

        void Score(NoteDocument n)
        {
            if (n.Root != from.Root || !n.InWorkspace || !n.Names.MayContain(needed)) return;
            var sa = FuzzyMatcher.Score(pattern, n.Title);
            var sb = FuzzyMatcher.Score(pattern, n.Stem);
            int? best = sa is null ? sb : sb is null ? sa : Math.Max(sa.Value, sb.Value);
            if (best is { } s) Offer((n, null), s, n, 0);
            var aliases = n.Syntax.Aliases;
            for (int i = 0; i < aliases.Count; i++)
                if (FuzzyMatcher.Score(pattern, aliases[i].Value) is { } a && a > (best ?? int.MinValue))
                    Offer((n, aliases[i].Value), a, n, -1 - i);
        }

        void Offer((NoteDocument, string?) hit, int score, NoteDocument n, int order)
        {
            total++;
            if (top.Count < limit)
            {
                top.Enqueue(hit, (score, ws.ApproximateIncomingLinks(n), n.Stamp, order));
                return;
            }
            top.TryPeek(out _, out var worst);
            if (score < worst.Item1) return;
            var priority = (score, ws.ApproximateIncomingLinks(n), n.Stamp, order);
            if (priority.CompareTo(worst) > 0) top.EnqueueDequeue(hit, priority);
        }
    }
}
