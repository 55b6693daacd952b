using System.Collections.Immutable;
using Notes.Core.Config;
using Notes.Core.Index;
using Notes.Core.Syntax;
using Notes.Core.Text;

namespace Notes.Core.Features;

public enum CompletionKind { Note, Alias, Heading, Block, Label, Tag, Path, File, Citation }

/// <summary>One completion, in core terms: replace <see cref="Replace"/> with <see cref="InsertText"/>.</summary>
public sealed record CompletionCandidate(
    string Label,
    string InsertText,
    TextSpan Replace,
    CompletionKind Kind,
    string? Detail,
    string FilterText,
    int Rank,
    string? NotePath,
    string? Documentation = null);

public sealed record CompletionResult(ImmutableArray<CompletionCandidate> Items, bool IsIncomplete)
{
    public static readonly CompletionResult Empty = new([], false);
}

/// <summary>
/// Completion inside <c>[[...]]</c> (notes, aliases, headings, block ids, labels), inside <c>[text](...)</c> (paths),
/// and after <c>#</c> (tags). Never inside code or math.
/// </summary>
public static class Completion
{
    public const int DefaultLimit = 50;

    public static CompletionResult Complete(WorkspaceSnapshot ws, NoteDocument note, int offset, NotesConfig config, int limit = DefaultLimit, CancellationToken ct = default)
    {
        var text = note.Syntax.Text;
        offset = Math.Clamp(offset, 0, text.Length);
        if (note.Syntax.IsInCodeOrMath(offset)) return CompletionResult.Empty;
        int line = note.Syntax.Lines.LineOf(offset);
        int lineStart = note.Syntax.Lines.LineStart(line), lineEnd = note.Syntax.Lines.LineEnd(line);
        var before = text.AsSpan(lineStart, offset - lineStart);
        var after = text.AsSpan(offset, lineEnd - offset);

        int open = before.LastIndexOf("[[");
        if (open >= 0 && before[(open + 2)..].IndexOf("]]") < 0)
            return Wiki(ws, note, lineStart + open + 2, offset, after, config, limit, ct);

        int paren = before.LastIndexOf("](");
        if (paren >= 0 && before[(paren + 2)..].IndexOfAny(')', ' ') < 0)
            return MarkdownPath(ws, note, lineStart + paren + 2, offset, after, limit, ct);

        if (before.LastIndexOf('@') > before.LastIndexOf('#')
            && CitationFeatures.Complete(ws, note, lineStart, offset, before, after, limit, ct) is { } cites) return cites;

        int hash = before.LastIndexOf('#');
        if (hash >= 0 && IsTagStart(before, hash) && IsTagBody(before[(hash + 1)..]))
            return Tags(ws, before[(hash + 1)..].ToString(), new TextSpan(lineStart + hash + 1, offset + TagBodyLength(after)), limit);
        return CompletionResult.Empty;
    }

    private static CompletionResult Wiki(WorkspaceSnapshot ws, NoteDocument note, int start, int offset, ReadOnlySpan<char> after, NotesConfig config, int limit, CancellationToken ct)
    {
        var text = note.Syntax.Text;
        var typed = text.AsSpan(start, offset - start);
        // How far the link already goes after the cursor: up to the next part separator or the close.
        // An escaped "\|" (written in table rows) separates too, and its "\" stays.
        int restLen = 0;
        while (restLen < after.Length && after[restLen] is not ('#' or '|' or '^' or ']' or '[') && !after[restLen..].StartsWith(@"\|")) restLen++;
        var rest = after[restLen..];
        bool closed = rest.StartsWith("]]") || rest.StartsWith("|") || rest.StartsWith(@"\|") || rest.StartsWith("#") || rest.StartsWith("^");

        int bar = typed.IndexOf('|');
        int hash = typed.IndexOf('#');
        int caret = typed.IndexOf('^');
        if (bar >= 0)
        {
            var target = typed[..Math.Min(bar, hash >= 0 ? hash : bar)].TrimEnd('\\').ToString();
            return Labels(ws, note, target, typed[(bar + 1)..].ToString(), new TextSpan(start + bar + 1, offset + restLen), limit);
        }
        if (hash >= 0 || caret >= 0)
        {
            int sep = hash >= 0 && (caret < 0 || hash < caret) ? hash : caret;
            var target = typed[..sep].ToString();
            var frag = typed[(sep + 1)..];
            bool block = typed[sep] == '^' || frag.StartsWith("^");
            if (frag.StartsWith("^")) { frag = frag[1..]; sep++; }
            var fragSpan = new TextSpan(start + sep + 1, offset + restLen);
            return Fragments(ws, note, target, frag.ToString(), block, fragSpan, closed && !rest.StartsWith("^") ? "" : "]]", limit);
        }
        var replace = new TextSpan(start, offset + restLen);
        var close = closed ? "" : "]]";
        var notes = Notes(ws, note, typed.ToString(), replace, close, config, limit, ct);
        if (ws.Attachments.Count == 0) return notes;
        bool embed = start >= 3 && text[start - 3] == '!';
        var files = Files(ws, note, typed.ToString().Trim(), replace, close, embed, limit, ct);
        return Merge(notes, files, embed);
    }

    /// <summary>After "[[": notes, then attachments. After "![[": images first (what one embeds), then notes, then the rest.</summary>
    internal static CompletionResult Merge(CompletionResult notes, CompletionResult files, bool embed)
    {
        var images = embed ? files.Items.TakeWhile(f => f.Detail!.StartsWith("image", StringComparison.Ordinal)).ToList() : [];
        var merged = images.Concat(notes.Items).Concat(files.Items.Skip(images.Count)).Select((c, i) => c with { Rank = i }).ToImmutableArray();
        return new CompletionResult(merged, notes.IsIncomplete || files.IsIncomplete);
    }

    /// <summary>
    /// Attachments whose file name (or path) matches: written as the file name when that is unique in the root, else
    /// as the path from the root (which the path-suffix rule resolves to exactly that file). Images first when
    /// <paramref name="imagesFirst"/>.
    /// </summary>
    private static CompletionResult Files(WorkspaceSnapshot ws, NoteDocument from, string pattern, TextSpan replace, string close, bool imagesFirst, int limit, CancellationToken ct)
    {
        var top = new PriorityQueue<AttachmentFile, (int, int, int, AttachmentFile)>(FileOrder.Instance);
        int total = 0, seen = 0;
        ulong needed = NameSignature.CharsOf(pattern);
        bool byPath = pattern.Contains('/'); // a pattern with a folder in it is matched against the path, else the name
        var all = ws.Attachments.All;
        foreach (var slot in ws.Attachments.NameIndex.Slots(needed)) // the files holding every character typed
        {
            if ((++seen & 1023) == 0) ct.ThrowIfCancellationRequested();
            var f = all[slot];
            if (f.Root != from.Root) continue;
            int? score = pattern.Length == 0 ? 0 : FuzzyMatcher.Score(pattern, byPath ? f.RelativePath : f.FileName);
            if (score is not { } sc) continue;
            total++;
            // Ordered by kind (images first when embedding), then score, then the shorter path.
            var priority = (imagesFirst && f.Kind == AttachmentKind.Image ? 1 : 0, sc, -f.RelativePath.Length, f);
            if (top.Count < limit) top.Enqueue(f, priority);
            else if (top.TryPeek(out _, out var worst) && FileOrder.Instance.Compare(priority, worst) > 0) top.EnqueueDequeue(f, priority);
        }
        var kept = new List<AttachmentFile>(top.Count);
        while (top.TryDequeue(out var f, out _)) kept.Add(f);
        kept.Reverse();
        return new CompletionResult(FileItems(ws, kept, replace, close, byPath), total > limit);
    }

    /// <summary>The items of the files kept, best first.</summary>
    internal static ImmutableArray<CompletionCandidate> FileItems(WorkspaceSnapshot ws, List<AttachmentFile> kept, TextSpan replace, string close, bool byPath) =>
        kept.Select((f, rank) =>
        {
            bool unique = ws.Attachments.Named(f.FileName).Count(p => ws.Attachments[p]!.Root == f.Root) == 1;
            var written = unique ? f.FileName : f.RelativePath;
            var kind = f.Kind == AttachmentKind.Image ? "image" : f.Kind == AttachmentKind.Pdf ? "PDF" : "file";
            return new CompletionCandidate(f.FileName, written + close, replace, CompletionKind.File, $"{kind} · {f.RelativePath}",
                byPath ? f.RelativePath : f.FileName, rank, f.Path);
        }).ToImmutableArray();

    private static CompletionResult Notes(WorkspaceSnapshot ws, NoteDocument from, string typed, TextSpan replace, string close, NotesConfig config, int limit, CancellationToken ct)
    {
        // Only scores are computed for the candidates; the link text (which may need an ambiguity check) and the
        // item itself are built for the few that are kept.
        // Priority: score, then links in, then recency, then (for a note's aliases of equal score) the order written.
        var top = new PriorityQueue<(NoteDocument Note, string? Alias), (int, int, long, int)>();
        int total = 0, seen = 0;
        var pattern = typed.Trim();
        // Two passes, same answer as scoring every note: first the notes where the pattern's first character starts a
        // word of some name (where the best scores are), then the others only while one of them could still enter the
        // results (their score is bounded); notes missing one of the pattern's characters cannot match at all.
        // The name index hands each pass only the notes holding every character typed, in the order of a walk of
        // ws.All (so the queue sees the same notes in the same order as a walk: the same answer, ties included).
        ulong needed = NameSignature.CharsOf(pattern);
        int bound = FuzzyMatcher.BoundWithoutWordStart(pattern.Length);
        ulong first = pattern.Length == 0 ? 0 : NameSignature.Bit(pattern[0]);
        bool pruned = false;
        var index = ws.NameIndex;
        // Once the list is known to be incomplete (more matches than the limit), a note can change it only by scoring
        // at least the worst kept: one none of whose names begins with the first character typed scores at most
        // headBound, and a name scoring below the worst is not looked at further (not even its note).
        int headBound = FuzzyMatcher.BoundWithoutNameStart(pattern.Length);
        foreach (var slot in index.Slots(needed, first, withWordStart: true))
        {
            if ((++seen & 1023) == 0) ct.ThrowIfCancellationRequested();
            if (pattern.Length > 0 && Settled(headBound) && !index.StartsAName(slot, first)) continue;
            Score(slot);
        }
        if (pattern.Length > 0)
        {
            int last = -1; // the last note of the second pass scored
            foreach (var slot in index.Slots(needed, first, withWordStart: false))
            {
                if ((++seen & 1023) == 0) ct.ThrowIfCancellationRequested();
                if (CannotEnter()) { pruned = true; break; }
                Score(slot);
                last = slot;
            }
            // A walk checks before each note of the second pass, those the index left out too: it stops (and says the
            // list is incomplete) when any comes after the point where nothing more could enter.
            if (!pruned && CannotEnter() && index.Slots(0, first, withWordStart: false, from: last + 1).MoveNext()) pruned = true;
        }
        var kept = new List<(NoteDocument Note, string? Alias)>(top.Count);
        while (top.TryDequeue(out var hit, out _)) kept.Add(hit);
        kept.Reverse(); // best first
        return new CompletionResult(NoteItems(ws, from, kept, pattern, replace, close, config), total > limit || pruned);

        // The results are full and every one scores above what a note of the second pass can reach.
        bool CannotEnter() => top.Count >= limit && top.TryPeek(out _, out var worst) && worst.Item1 > bound;

        // More matches than the limit are known (the list is incomplete whatever follows), and a match of this score
        // cannot enter: offering it would change nothing.
        bool Settled(int score) => total > limit && top.Count >= limit && top.TryPeek(out _, out var worst) && worst.Item1 > score;

        // The names are read from the index (title, stem, then the aliases: NoteDocument.CompletionNames), the note
        // itself only when one of them matches.
        void Score(int slot)
        {
            int? best = Best(pattern, index.Name(slot, 0), index.Name(slot, 1));
            NoteDocument? n = null;
            if (best is { } s && !Settled(s))
            {
                if (!InScope(n = ws.All[slot])) return;
                Offer((n, null), s, n, slot, 0);
            }
            for (int i = 2, names = index.NameCount(slot); i < names; i++)
                if (FuzzyMatcher.Score(pattern, index.Name(slot, i)) is { } a && a > (best ?? int.MinValue) && !Settled(a))
                {
                    if (!InScope(n ??= ws.All[slot])) return;
                    Offer((n, n.Syntax.Aliases[i - 2].Value), a, n, slot, 1 - i);
                }
        }

        bool InScope(NoteDocument n) => n.Root == from.Root && n.InWorkspace;

        void Offer((NoteDocument, string?) hit, int score, NoteDocument n, int slot, int order)
        {
            total++;
            if (top.Count < limit)
            {
                top.Enqueue(hit, (score, ws.ApproximateIncomingLinks(slot, n), n.Stamp, order));
                return;
            }
            top.TryPeek(out _, out var worst);
            if (score < worst.Item1) return; // cannot enter: skip the link count
            var priority = (score, ws.ApproximateIncomingLinks(slot, n), n.Stamp, order);
            if (priority.CompareTo(worst) > 0) top.EnqueueDequeue(hit, priority);
        }
    }

    /// <summary>The items of the notes and aliases kept, best first: the link text (which may need an ambiguity check) is built for these only.</summary>
    internal static ImmutableArray<CompletionCandidate> NoteItems(WorkspaceSnapshot ws, NoteDocument from, List<(NoteDocument Note, string? Alias)> kept, string pattern, TextSpan replace, string close, NotesConfig config) =>
        kept.Select((hit, rank) =>
        {
            var (n, alias) = hit;
            var target = TargetFor(ws, from, n, config);
            return alias is null
                ? new CompletionCandidate(n.Title, target + close, replace, CompletionKind.Note, n.RelativePath,
                    pattern.Length == 0 ? n.Title : BestName(pattern, n.Title, n.Stem), rank, n.Path)
                : new CompletionCandidate(alias, target + "|" + alias + close, replace, CompletionKind.Alias,
                    $"alias of {n.Title} · {n.RelativePath}", alias, rank, n.Path);
        }).ToImmutableArray();

    /// <summary>Kind, score, shorter path, then the path itself (ordinal, earlier is better): a total order, so ties come out the same every time.</summary>
    internal sealed class FileOrder : IComparer<(int, int, int, AttachmentFile)>
    {
        public static readonly FileOrder Instance = new();
        public int Compare((int, int, int, AttachmentFile) a, (int, int, int, AttachmentFile) b)
        {
            int c = (a.Item1, a.Item2, a.Item3).CompareTo((b.Item1, b.Item2, b.Item3));
            return c != 0 ? c : string.CompareOrdinal(b.Item4.Path, a.Item4.Path);
        }
    }

    private static ImmutableArray<CompletionCandidate> Drain(PriorityQueue<CompletionCandidate, (int, int, long)> top)
    {
        var list = new List<(CompletionCandidate C, (int, int, long) P)>(top.Count);
        while (top.TryDequeue(out var c, out var p)) list.Add((c, p));
        list.Reverse(); // best first
        return list.Select((x, i) => x.C with { Rank = i }).ToImmutableArray();
    }

    private static int? Best(string pattern, ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var sa = FuzzyMatcher.Score(pattern, a);
        var sb = FuzzyMatcher.Score(pattern, b);
        return sa is null ? sb : sb is null ? sa : Math.Max(sa.Value, sb.Value);
    }

    private static string BestName(string pattern, string title, string stem) =>
        (FuzzyMatcher.Score(pattern, title) ?? int.MinValue) >= (FuzzyMatcher.Score(pattern, stem) ?? int.MinValue) ? title : stem;

    /// <summary>
    /// How a link to <paramref name="target"/> is written in the configured style; when the short form would be
    /// ambiguous, the shortest path suffix that is not.
    /// </summary>
    public static string TargetFor(WorkspaceSnapshot ws, NoteDocument from, NoteDocument target, NotesConfig config)
    {
        if (config.LinkStyle == LinkStyle.RelativePath)
            return RelativeTo(NotePath.Directory(from.Path), NameKey.StripNoteExtension(target.Path).ToString());
        var shortForm = config.LinkStyle == LinkStyle.TitleSlug && target.TitleKey.Length > 0 ? target.TitleKey : target.Stem;
        var key = NameKey.Of(shortForm);
        bool unique = ws.NotesNamed(key).Count(p => ws[p]!.Root == target.Root) <= 1;
        if (unique) return shortForm;
        var segments = NameKey.StripNoteExtension(target.RelativePath).ToString().Split('/');
        for (int take = 2; take <= segments.Length; take++)
        {
            var suffix = string.Join('/', segments[^take..]);
            var probe = new NoteLink(LinkKind.WikiLink, default, suffix, default, null, null, false, null, null);
            var r = LinkResolver.Resolve(ws, from, probe);
            if (r.Status == LinkStatus.Resolved && r.Target == target) return suffix;
        }
        return "/" + NameKey.StripNoteExtension(target.RelativePath).ToString();
    }

    public static string RelativeTo(string fromDir, string path)
    {
        var a = fromDir.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var b = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        int common = 0;
        while (common < a.Length && common < b.Length - 1 && a[common] == b[common]) common++;
        var parts = Enumerable.Repeat("..", a.Length - common).Concat(b[common..]);
        var rel = string.Join('/', parts);
        return rel.StartsWith("..", StringComparison.Ordinal) ? rel : "./" + rel;
    }

    private static CompletionResult Fragments(WorkspaceSnapshot ws, NoteDocument from, string target, string typed, bool blocks, TextSpan replace, string close, int limit)
    {
        var probe = new NoteLink(LinkKind.WikiLink, default, target.Trim(), default, null, null, false, null, null);
        var r = LinkResolver.Resolve(ws, from, probe);
        if (r.Target is not { } note) return CompletionResult.Empty;
        var items = new List<(CompletionCandidate, int)>();
        if (blocks)
        {
            foreach (var b in note.Syntax.Blocks)
                if (FuzzyMatcher.Score(typed, b.Id) is { } s)
                    items.Add((new CompletionCandidate("^" + b.Id, b.Id + close, replace, CompletionKind.Block, Snippet(note.Syntax, b.Block), b.Id, s, note.Path), s));
        }
        else
        {
            IEnumerable<Heading> headings = note.Syntax.Headings;
            // A heading path, [[Settings#General#Acc: the sub-headings of the heading the parts before the last name.
            int last = typed.LastIndexOf('#');
            if (last >= 0 && typed.AsSpan(0, last).Trim('#').Trim().Length > 0)
            {
                if (LinkResolver.FindHeading(note, typed[..last]) is not { } parent) return CompletionResult.Empty;
                headings = headings.Where(h => h.Level > parent.Level && h.Span.Start > parent.Span.Start && h.Span.Start < parent.Section.End);
            }
            if (last >= 0)
            {
                replace = new TextSpan(replace.Start + last + 1, replace.End);
                typed = typed[(last + 1)..];
            }
            foreach (var h in headings)
                if (FuzzyMatcher.Score(typed, h.Text) is { } s)
                    items.Add((new CompletionCandidate(h.Text, h.Text + close, replace, CompletionKind.Heading, new string('#', h.Level) + " " + h.Text + " · " + note.RelativePath, h.Text, s, note.Path), s));
        }
        return Ranked(items, limit);
    }

    private static CompletionResult Labels(WorkspaceSnapshot ws, NoteDocument from, string target, string typed, TextSpan replace, int limit)
    {
        var probe = new NoteLink(LinkKind.WikiLink, default, target.Trim(), default, null, null, false, null, null);
        if (LinkResolver.Resolve(ws, from, probe).Target is not { } note) return CompletionResult.Empty;
        var items = new List<(CompletionCandidate, int)>();
        foreach (var name in new[] { note.Title }.Concat(note.Syntax.Aliases.Select(a => a.Value)).Distinct())
            if (FuzzyMatcher.Score(typed, name) is { } s)
                items.Add((new CompletionCandidate(name, name, replace, CompletionKind.Label, "label for " + note.RelativePath, name, s, note.Path), s));
        return Ranked(items, limit);
    }

    private static CompletionResult MarkdownPath(WorkspaceSnapshot ws, NoteDocument from, int start, int offset, ReadOnlySpan<char> after, int limit, CancellationToken ct)
    {
        var typed = from.Syntax.Text[start..offset];
        int restLen = 0;
        while (restLen < after.Length && after[restLen] is not (')' or '#' or ' ')) restLen++;
        var replace = new TextSpan(start, offset + restLen);
        var dir = NotePath.Directory(from.Path);
        var items = new List<(CompletionCandidate, int)>();
        foreach (var n in ws.All)
        {
            ct.ThrowIfCancellationRequested();
            if (n.Root != from.Root || n == from) continue;
            var rel = RelativeTo(dir, n.Path);
            if (rel.StartsWith("./", StringComparison.Ordinal)) rel = rel[2..];
            if (Best(typed, rel, n.Title) is { } s)
                items.Add((new CompletionCandidate(rel, rel.Replace(" ", "%20"), replace, CompletionKind.Path, n.Title, rel, s, n.Path), s));
        }
        foreach (var f in ws.Attachments.All)
        {
            ct.ThrowIfCancellationRequested();
            if (f.Root != from.Root) continue;
            var rel = RelativeTo(dir, f.Path);
            if (rel.StartsWith("./", StringComparison.Ordinal)) rel = rel[2..];
            if (FuzzyMatcher.Score(typed, rel) is { } s)
                items.Add((new CompletionCandidate(rel, rel.Replace(" ", "%20"), replace, CompletionKind.File, f.RelativePath, rel, s, f.Path), s));
        }
        return Ranked(items, limit);
    }

    private static CompletionResult Tags(WorkspaceSnapshot ws, string typed, TextSpan replace, int limit)
    {
        var items = new List<(CompletionCandidate, int)>();
        foreach (var (tag, count) in ws.TagCounts)
        {
            if (string.Equals(tag, typed, StringComparison.Ordinal) && count <= 1) continue; // the tag being typed
            if (FuzzyMatcher.Score(typed, tag) is { } s)
                items.Add((new CompletionCandidate("#" + tag, tag, replace, CompletionKind.Tag, $"{count} use{(count == 1 ? "" : "s")}", tag, s * 1000 + Math.Min(count, 999), null), s * 1000 + Math.Min(count, 999)));
        }
        return Ranked(items, limit);
    }

    private static CompletionResult Ranked(List<(CompletionCandidate C, int S)> items, int limit)
    {
        var ordered = items.OrderByDescending(x => x.S).ThenBy(x => x.C.Label, StringComparer.Ordinal).Take(limit)
            .Select((x, i) => x.C with { Rank = i }).ToImmutableArray();
        return new CompletionResult(ordered, items.Count > limit);
    }

    private static string Snippet(ParsedNote note, TextSpan span)
    {
        var s = note.Text.AsSpan(span.Start, Math.Min(span.Length, 120)).Trim().ToString();
        return s.ReplaceLineEndings(" ");
    }

    /// <summary>A tag may start at the start of a line, after whitespace or after an opening bracket.</summary>
    public static bool IsTagStart(ReadOnlySpan<char> line, int hash) =>
        hash == 0 || char.IsWhiteSpace(line[hash - 1]) || line[hash - 1] is '(' or '[' or '{';

    public static bool IsTagChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '/' || char.IsSurrogate(c);

    private static bool IsTagBody(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (!IsTagChar(c)) return false;
        return true;
    }

    private static int TagBodyLength(ReadOnlySpan<char> s)
    {
        int n = 0;
        while (n < s.Length && IsTagChar(s[n])) n++;
        return n;
    }
}
