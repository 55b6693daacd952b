using System.Collections.Immutable;
using System.Text;
using Notes.Core.Citations;

namespace Notes.Core.Index;

/// <summary>
/// An immutable view of every note in the workspace and the tables that make queries fast.
/// Updating one note yields a new snapshot that shares everything else; readers keep the one they hold.
/// </summary>
public sealed class WorkspaceSnapshot
{
    private static readonly ImmutableDictionary<string, ImmutableArray<string>> EmptyMulti =
        ImmutableDictionary.Create<string, ImmutableArray<string>>(StringComparer.Ordinal);

    private readonly ImmutableDictionary<string, ImmutableArray<string>> _namesByKey;   // name key → notes found by it
    private readonly ImmutableDictionary<string, ImmutableArray<string>> _linkersByKey; // link key → notes linking with it
    private readonly ImmutableDictionary<string, ImmutableArray<string>> _tagNotes;     // tag as written → notes using it
    private readonly ImmutableDictionary<string, int> _tagCounts;                        // tag as written → uses
    private readonly ImmutableDictionary<string, int> _slots;                            // path → index in All
    private readonly NameIndex _nameIndex;                                               // slot in All → name signature, as bit maps
    // Shared by the snapshots with the same tag counts (a keystroke outside tags), so the statistics are computed once for all of them.
    private readonly TagStatisticsCell _tagStats;
    // Shared by the snapshots with the same link-key table (a keystroke that writes no link), so completion, which asks
    // the links in of thousands of notes of equal score, counts each note's once for all of them.
    private readonly IncomingLinksCell _incoming;
    private static long _stamps;

    private WorkspaceSnapshot(
        ImmutableArray<string> roots,
        ImmutableDictionary<string, NoteDocument> notes,
        ImmutableDictionary<string, ImmutableArray<string>> namesByKey,
        ImmutableDictionary<string, ImmutableArray<string>> linkersByKey,
        ImmutableDictionary<string, ImmutableArray<string>> tagNotes,
        ImmutableDictionary<string, int> tagCounts,
        ChunkedList<NoteDocument> all,
        ImmutableDictionary<string, int> slots,
        NameIndex nameIndex,
        AttachmentSet attachments,
        PathPatterns templates,
        CitationIndex citations,
        long version,
        long resolutionStamp = 0,
        TagStatisticsCell? tagStats = null,
        IncomingLinksCell? incoming = null)
    {
        ResolutionStamp = resolutionStamp != 0 ? resolutionStamp : Interlocked.Increment(ref _stamps);
        _tagStats = tagStats ?? new TagStatisticsCell();
        _incoming = incoming ?? new IncomingLinksCell();
        Attachments = attachments;
        Templates = templates;
        Citations = citations;
        Roots = roots;
        Notes = notes;
        All = all;
        _slots = slots;
        _nameIndex = nameIndex;
        _namesByKey = namesByKey;
        _linkersByKey = linkersByKey;
        _tagNotes = tagNotes;
        _tagCounts = tagCounts;
        Version = version;
    }

    public static WorkspaceSnapshot Empty(IEnumerable<string> roots) => new(
        NormaliseRoots(roots), ImmutableDictionary.Create<string, NoteDocument>(StringComparer.Ordinal),
        EmptyMulti, EmptyMulti, EmptyMulti, ImmutableDictionary.Create<string, int>(StringComparer.Ordinal),
        ChunkedList<NoteDocument>.Empty, ImmutableDictionary.Create<string, int>(StringComparer.Ordinal), NameIndex.Empty, AttachmentSet.Empty, PathPatterns.None, CitationIndex.Empty, 0);

    /// <summary>Builds the tables from scratch (the first scan, and the oracle the incremental path is tested against).</summary>
    /// <param name="attachments">The files of the workspace that are not notes; none when null.</param>
    /// <param name="templates">Which notes are templates (<see cref="IsTemplate"/>); none when null.</param>
    /// <param name="bibliographies">The bibliography files read; none when null.</param>
    public static WorkspaceSnapshot Build(IEnumerable<string> roots, IEnumerable<NoteDocument> notes, IEnumerable<AttachmentFile>? attachments = null, PathPatterns? templates = null,
        IEnumerable<BibliographyFile>? bibliographies = null) =>
        Build(roots, notes, attachments is null ? AttachmentSet.Empty : AttachmentSet.From(attachments), templates ?? PathPatterns.None, bibliographies ?? [], 0);

    private static WorkspaceSnapshot Build(IEnumerable<string> roots, IEnumerable<NoteDocument> notes, AttachmentSet attachments, PathPatterns templates, IEnumerable<BibliographyFile> bibliographies, long version)
    {
        var noteMap = new Dictionary<string, NoteDocument>(StringComparer.Ordinal);
        foreach (var n in notes) noteMap[n.Path] = n;
        var names = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var linkers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var tagNotes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var tagCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var n in noteMap.Values)
        {
            foreach (var k in n.NameKeys) Add(names, k, n.Path);
            foreach (var k in n.LinkKeys) Add(linkers, k, n.Path);
            foreach (var (tag, count) in TagsOf(n, templates))
            {
                Add(tagNotes, tag, n.Path);
                tagCounts[tag] = tagCounts.GetValueOrDefault(tag) + count;
            }
        }
        var all = ChunkedList<NoteDocument>.From(noteMap.Values.OrderBy(n => n.Path, StringComparer.Ordinal));
        var slots = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < all.Count; i++) slots[all[i].Path] = i;
        return new WorkspaceSnapshot(NormaliseRoots(roots), noteMap.ToImmutableDictionary(StringComparer.Ordinal),
            Freeze(names), Freeze(linkers), Freeze(tagNotes), tagCounts.ToImmutableDictionary(StringComparer.Ordinal), all, slots.ToImmutable(), NameIndex.From(all.Select(n => n.CompletionNames)), attachments, templates,
            CitationIndex.Build(noteMap.Values, bibliographies), version);
    }

    /// <summary>Files <paramref name="path"/> under <paramref name="key"/> while a table is built from scratch (see <see cref="Freeze"/>).</summary>
    internal static void Add(Dictionary<string, List<string>> map, string key, string path)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = new List<string>(2);
        list.Add(path);
    }

    /// <summary>A table built from scratch, made immutable: each key's paths in ordinal order (what <see cref="AddTo"/> keeps).</summary>
    internal static ImmutableDictionary<string, ImmutableArray<string>> Freeze(Dictionary<string, List<string>> map)
    {
        var b = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach (var (k, v) in map)
        {
            v.Sort(StringComparer.Ordinal);
            b[k] = v.ToImmutableArray();
        }
        return b.ToImmutable();
    }

    public ImmutableArray<string> Roots { get; }
    public ImmutableDictionary<string, NoteDocument> Notes { get; }
    /// <summary>
    /// The same notes as <see cref="Notes"/> in an array, for queries that visit every note (completion, symbols):
    /// walking an immutable dictionary of 10,000 entries costs milliseconds, a chunked array microseconds. Order: by path
    /// after a build, then as edits leave it (a new note at the end, a removed one's place taken by the last).
    /// </summary>
    public ChunkedList<NoteDocument> All { get; }
    /// <summary>
    /// The <see cref="NoteDocument.CompletionNames"/> of <see cref="All"/>, slot by slot, and their signatures as bit
    /// maps: completion visits the notes whose names hold every character typed, not all of them. Shared with the
    /// previous snapshot when the note replaced kept its names (a keystroke that changes no title, stem or alias).
    /// </summary>
    public NameIndex NameIndex => _nameIndex;
    /// <summary>Increases with every update (for cache keys and stale-read checks).</summary>
    public long Version { get; }

    /// <summary>
    /// The same for two snapshots of one lineage only when every link resolves alike in both, to the same message: no note
    /// or attachment came or went, the roots and templates are the same, and every note replaced in between kept its path,
    /// stem, title and alias keys, headings (level, slug, text), block ids and title span. Unique in the process otherwise
    /// (a cache key for per-link diagnostics: <see cref="Features.NoteDiagnosticsMemo"/>).
    /// </summary>
    public long ResolutionStamp { get; }

    public NoteDocument? this[string path] => Notes.GetValueOrDefault(path);

    /// <summary>The template files (globs relative to each root; see <see cref="IsTemplate"/>).</summary>
    public PathPatterns Templates { get; }
    /// <summary>The files of the workspace that are not notes (figures, PDFs, data), by path and by file name.</summary>
    public AttachmentSet Attachments { get; }
    /// <summary>The bibliographies, the definitions of citation keys, who cites each and the literature notes.</summary>
    public CitationIndex Citations { get; }

    /// <summary>
    /// True for a template file: not a note. It gets no diagnostics, its links are no backlinks and its tags are in
    /// no tag table (counts, variants, uses); it can still be linked to.
    /// </summary>
    public bool IsTemplate(NoteDocument note) => note.InWorkspace && Templates.Matches(note.RelativePath);

    /// <summary>The same notes with other template patterns: the tag tables are rebuilt (they leave templates out).</summary>
    public WorkspaceSnapshot WithTemplates(PathPatterns templates) =>
        templates.Equals(Templates) ? this : Build(Roots, All, Attachments, templates, Citations.Files.Values, Version + 1);

    /// <summary>The workspace root that holds <paramref name="path"/> (the deepest one), or "" when none does.</summary>
    public string RootOf(string path)
    {
        string best = "";
        foreach (var r in Roots)
            if (NotePath.IsUnder(path, r) && r.Length > best.Length) best = r;
        return best;
    }

    /// <summary>Adds or replaces a note, updating only the table entries it contributes to.</summary>
    public WorkspaceSnapshot WithNote(NoteDocument note)
    {
        var old = Notes.GetValueOrDefault(note.Path);
        var names = _namesByKey;
        var linkers = _linkersByKey;
        var tagNotes = _tagNotes;
        var tagCounts = _tagCounts;
        // A keystroke rarely changes what the tables hold (names, link keys, tags): then they stay as they are.
        bool sameKeys = old is not null && old.NameKeys.SequenceEqual(note.NameKeys) && old.LinkKeys.SequenceEqual(note.LinkKeys) && SameTagNames(old, note);
        // Otherwise only the entries of keys and tags that came or went (a long note's keystroke writes one link, not its 3,000).
        if (old is not null && !sameKeys) Reindex(old, note, Templates, ref names, ref linkers, ref tagNotes, ref tagCounts);
        else if (old is null) Index(note, Templates, ref names, ref linkers, ref tagNotes, ref tagCounts);
        ChunkedList<NoteDocument> all;
        var slots = _slots;
        var nameIndex = _nameIndex;
        if (_slots.TryGetValue(note.Path, out var slot))
        {
            all = All.SetItem(slot, note);
            if (!old!.SameNames(note)) nameIndex = nameIndex.SetItem(slot, note.CompletionNames);
        }
        else
        {
            slots = slots.Add(note.Path, All.Count);
            all = All.Add(note);
            nameIndex = nameIndex.Add(note.CompletionNames);
        }
        // The same counts: the same statistics, not recomputed over the vault's tags.
        return new WorkspaceSnapshot(Roots, Notes.SetItem(note.Path, note), names, linkers, tagNotes, tagCounts, all, slots, nameIndex, Attachments, Templates, Citations.WithNote(old, note), Version + 1,
            old is not null && ResolvesAlike(old, note) ? ResolutionStamp : 0, sameKeys ? _tagStats : null, SharedIncoming(linkers));
    }

    /// <summary>What of a note the resolution of any link (to it or from it) and its diagnostic's message look at: see <see cref="ResolutionStamp"/>.</summary>
    internal static bool ResolvesAlike(NoteDocument a, NoteDocument b) =>
        a.Path == b.Path && a.Root == b.Root && a.StemKey == b.StemKey && a.TitleKey == b.TitleKey && a.AliasKeys.SequenceEqual(b.AliasKeys) && SameAnchors(a, b);

    /// <summary>The same headings (levels too: a heading path resolves through the nesting), block ids and title span.</summary>
    internal static bool SameAnchors(NoteDocument a, NoteDocument b)
    {
        var (x, y) = (a.Syntax.Headings, b.Syntax.Headings);
        if (x.Count != y.Count || a.Syntax.Blocks.Count != b.Syntax.Blocks.Count || a.Syntax.Title.Span != b.Syntax.Title.Span) return false;
        for (int i = 0; i < x.Count; i++)
            if (x[i].Level != y[i].Level || x[i].Slug != y[i].Slug || x[i].Text != y[i].Text) return false;
        for (int i = 0; i < a.Syntax.Blocks.Count; i++)
            if (a.Syntax.Blocks[i].Id != b.Syntax.Blocks[i].Id) return false;
        return true;
    }

    public WorkspaceSnapshot WithoutNote(string path)
    {
        var old = Notes.GetValueOrDefault(path);
        if (old is null) return this;
        var names = _namesByKey;
        var linkers = _linkersByKey;
        var tagNotes = _tagNotes;
        var tagCounts = _tagCounts;
        Unindex(old, ref names, ref linkers, ref tagNotes, ref tagCounts);
        // The last note takes the removed one's place.
        int slot = _slots[path], lastIndex = All.Count - 1;
        var last = All[lastIndex];
        var all = slot == lastIndex ? All.RemoveLast() : All.SetItem(slot, last).RemoveLast();
        var nameIndex = slot == lastIndex ? _nameIndex.RemoveLast() : _nameIndex.SetItem(slot, last.CompletionNames).RemoveLast();
        var slots = _slots.Remove(path);
        if (slot != lastIndex) slots = slots.SetItem(last.Path, slot);
        return new WorkspaceSnapshot(Roots, Notes.Remove(path), names, linkers, tagNotes, tagCounts, all, slots, nameIndex, Attachments, Templates, Citations.WithNote(old, null), Version + 1, incoming: SharedIncoming(linkers));
    }

    public WorkspaceSnapshot WithRoots(IEnumerable<string> roots) =>
        new(NormaliseRoots(roots), Notes, _namesByKey, _linkersByKey, _tagNotes, _tagCounts, All, _slots, _nameIndex, Attachments, Templates, Citations, Version + 1, tagStats: _tagStats, incoming: _incoming);

    /// <summary>Adds or replaces an attachment (a file that is not a note).</summary>
    public WorkspaceSnapshot WithAttachment(AttachmentFile file) =>
        new(Roots, Notes, _namesByKey, _linkersByKey, _tagNotes, _tagCounts, All, _slots, _nameIndex, Attachments.With(file), Templates, Citations, Version + 1, tagStats: _tagStats, incoming: _incoming);

    public WorkspaceSnapshot WithoutAttachment(string path) =>
        Attachments[path] is null ? this
            : new(Roots, Notes, _namesByKey, _linkersByKey, _tagNotes, _tagCounts, All, _slots, _nameIndex, Attachments.Without(path), Templates, Citations, Version + 1, tagStats: _tagStats, incoming: _incoming);

    /// <summary>Adds or replaces a bibliography file (the notes stay as they are; so does how their links resolve).</summary>
    public WorkspaceSnapshot WithBibliography(BibliographyFile file) =>
        new(Roots, Notes, _namesByKey, _linkersByKey, _tagNotes, _tagCounts, All, _slots, _nameIndex, Attachments, Templates, Citations.WithFile(file), Version + 1,
            ResolutionStamp, _tagStats, _incoming);

    public WorkspaceSnapshot WithoutBibliography(string path) =>
        !Citations.Files.ContainsKey(path) ? this
            : new(Roots, Notes, _namesByKey, _linkersByKey, _tagNotes, _tagCounts, All, _slots, _nameIndex, Attachments, Templates, Citations.WithoutFile(path), Version + 1,
                ResolutionStamp, _tagStats, _incoming);

    private void Unindex(NoteDocument old,
        ref ImmutableDictionary<string, ImmutableArray<string>> names,
        ref ImmutableDictionary<string, ImmutableArray<string>> linkers,
        ref ImmutableDictionary<string, ImmutableArray<string>> tagNotes,
        ref ImmutableDictionary<string, int> tagCounts)
    {
        foreach (var k in old.NameKeys) names = RemoveFrom(names, k, old.Path);
        foreach (var k in old.LinkKeys) linkers = RemoveFrom(linkers, k, old.Path);
        foreach (var (tag, count) in TagsOf(old, Templates))
        {
            tagNotes = RemoveFrom(tagNotes, tag, old.Path);
            int left = tagCounts.GetValueOrDefault(tag) - count;
            tagCounts = left > 0 ? tagCounts.SetItem(tag, left) : tagCounts.Remove(tag);
        }
    }

    /// <summary>Notes whose stem, title or an alias has this key.</summary>
    public ImmutableArray<string> NotesNamed(string key) => _namesByKey.GetValueOrDefault(key, ImmutableArray<string>.Empty);

    /// <summary>Notes holding a link whose target's last segment has this key.</summary>
    public ImmutableArray<string> NotesLinkingWith(string key) => _linkersByKey.GetValueOrDefault(key, ImmutableArray<string>.Empty);

    /// <summary>Notes that use the tag exactly as written.</summary>
    public ImmutableArray<string> NotesTagged(string tag) => _tagNotes.GetValueOrDefault(tag, ImmutableArray<string>.Empty);

    /// <summary>Every tag as written, with its number of uses.</summary>
    public ImmutableDictionary<string, int> TagCounts => _tagCounts;

    /// <summary>Every name key in use (for completion).</summary>
    public IEnumerable<string> NameKeysInUse => _namesByKey.Keys;

    /// <summary>Tag frequencies grouped into variants, computed once per snapshot.</summary>
    public TagStatistics TagStatistics
    {
        get
        {
            if (Volatile.Read(ref _tagStats.Value) is { } stats) return stats;
            Interlocked.CompareExchange(ref _tagStats.Value, new TagStatistics(_tagCounts), null);
            return _tagStats.Value;
        }
    }

    internal sealed class TagStatisticsCell
    {
        public TagStatistics? Value;
    }

    /// <summary>A cheap count of the notes linking to <paramref name="note"/> by one of its names (for ranking, not for references).</summary>
    public int ApproximateIncomingLinks(NoteDocument note)
    {
        int n = 0;
        foreach (var k in note.NameKeys) n += NotesLinkingWith(k).Length;
        return n;
    }

    /// <summary>
    /// <see cref="ApproximateIncomingLinks(NoteDocument)"/> of the note at <paramref name="slot"/> of <see cref="All"/>,
    /// remembered for every snapshot with the same link-key table (one entry a slot, for the note it was counted for).
    /// </summary>
    internal int ApproximateIncomingLinks(int slot, NoteDocument note)
    {
        const int Size = 512;
        var chunks = Volatile.Read(ref _incoming.Chunks);
        if (chunks is null)
        {
            Interlocked.CompareExchange(ref _incoming.Chunks, new IncomingLinksCell.Entry?[]?[All.Count / Size + 1], null);
            chunks = _incoming.Chunks!;
        }
        if (slot / Size >= chunks.Length) return ApproximateIncomingLinks(note); // a note added since the cell was made
        var chunk = Volatile.Read(ref chunks[slot / Size]);
        if (chunk is null)
        {
            Interlocked.CompareExchange(ref chunks[slot / Size], new IncomingLinksCell.Entry?[Size], null);
            chunk = chunks[slot / Size]!;
        }
        if (Volatile.Read(ref chunk[slot % Size]) is { } known && ReferenceEquals(known.Note, note)) return known.Count;
        int count = ApproximateIncomingLinks(note);
        Volatile.Write(ref chunk[slot % Size], new IncomingLinksCell.Entry(note, count));
        return count;
    }

    private IncomingLinksCell? SharedIncoming(ImmutableDictionary<string, ImmutableArray<string>> linkers) =>
        ReferenceEquals(linkers, _linkersByKey) ? _incoming : null;

    internal sealed class IncomingLinksCell
    {
        public Entry?[]?[]? Chunks;
        public sealed record Entry(NoteDocument Note, int Count);
    }

    /// <summary>A canonical text of every table, for comparing an incrementally updated snapshot with a rebuilt one.</summary>
    public string DumpTables()
    {
        var sb = new StringBuilder();
        sb.Append("roots: ").AppendJoin(", ", Roots).AppendLine();
        sb.Append("templates: ").Append(Templates).AppendLine();
        // Notes as the array holds them, each checked against the dictionary and its slot (the two must agree).
        for (int i = 0; i < All.Count; i++)
            if (!ReferenceEquals(Notes.GetValueOrDefault(All[i].Path), All[i]) || _slots.GetValueOrDefault(All[i].Path, -1) != i)
                sb.Append("inconsistent slot ").Append(i).Append(' ').AppendLine(All[i].Path);
        if (All.Count != Notes.Count || _slots.Count != Notes.Count) sb.Append("inconsistent counts ").Append(All.Count).Append(' ').Append(Notes.Count).AppendLine();
        foreach (var p in All.Select(n => n.Path).Order(StringComparer.Ordinal)) sb.Append("note ").AppendLine(p);
        if (_nameIndex.Count != All.Count) sb.Append("inconsistent name index count ").Append(_nameIndex.Count).AppendLine();
        _nameIndex.Dump(sb, "names", i => All[i].Path);
        Attachments.Dump(sb);
        sb.Append(Citations.Dump());
        DumpMulti("name", _namesByKey);
        DumpMulti("linker", _linkersByKey);
        DumpMulti("tag", _tagNotes);
        foreach (var (k, v) in _tagCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal)) sb.Append("count ").Append(k).Append(' ').Append(v).AppendLine();
        return sb.ToString();

        void DumpMulti(string label, ImmutableDictionary<string, ImmutableArray<string>> map)
        {
            foreach (var (k, v) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                sb.Append(label).Append(' ').Append(k).Append(": ").AppendJoin(", ", v).AppendLine();
        }
    }

    private static void Index(NoteDocument note, PathPatterns templates, ref ImmutableDictionary<string, ImmutableArray<string>> names,
        ref ImmutableDictionary<string, ImmutableArray<string>> linkers, ref ImmutableDictionary<string, ImmutableArray<string>> tagNotes,
        ref ImmutableDictionary<string, int> tagCounts)
    {
        foreach (var k in note.NameKeys) names = AddTo(names, k, note.Path);
        foreach (var k in note.LinkKeys) linkers = AddTo(linkers, k, note.Path);
        foreach (var (tag, count) in TagsOf(note, templates))
        {
            tagNotes = AddTo(tagNotes, tag, note.Path);
            tagCounts = tagCounts.SetItem(tag, tagCounts.GetValueOrDefault(tag) + count);
        }
    }

    /// <summary>A new version of a note (same path): its old entries that it no longer has removed, the new ones added.</summary>
    private static void Reindex(NoteDocument old, NoteDocument note, PathPatterns templates, ref ImmutableDictionary<string, ImmutableArray<string>> names,
        ref ImmutableDictionary<string, ImmutableArray<string>> linkers, ref ImmutableDictionary<string, ImmutableArray<string>> tagNotes,
        ref ImmutableDictionary<string, int> tagCounts)
    {
        Rekey(ref names, old.NameKeys, note.NameKeys, note.Path);
        Rekey(ref linkers, old.LinkKeys, note.LinkKeys, note.Path);
        foreach (var (tag, was, now) in TagCountChanges(TagsOf(old, templates), TagsOf(note, templates)))
        {
            if (was == 0) tagNotes = AddTo(tagNotes, tag, note.Path);
            else if (now == 0) tagNotes = RemoveFrom(tagNotes, tag, note.Path);
            int total = tagCounts.GetValueOrDefault(tag) - was + now;
            tagCounts = total > 0 ? tagCounts.SetItem(tag, total) : tagCounts.Remove(tag);
        }

        static void Rekey(ref ImmutableDictionary<string, ImmutableArray<string>> map, ImmutableArray<string> before, ImmutableArray<string> after, string path)
        {
            if (before.SequenceEqual(after)) return;
            var kept = new HashSet<string>(after, StringComparer.Ordinal);
            foreach (var k in before) if (!kept.Remove(k)) map = RemoveFrom(map, k, path);
            foreach (var k in kept) map = AddTo(map, k, path);
        }
    }

    /// <summary>The tags whose number of uses differs between two versions of a note, with both numbers (0: not used).</summary>
    internal static List<(string Tag, int Was, int Now)> TagCountChanges(IEnumerable<(string Tag, int Count)> before, IEnumerable<(string Tag, int Count)> after)
    {
        var counts = new Dictionary<string, (int Was, int Now)>(StringComparer.Ordinal);
        foreach (var (tag, n) in before) counts[tag] = (n, 0);
        foreach (var (tag, n) in after) counts[tag] = (counts.GetValueOrDefault(tag).Was, n);
        var changes = new List<(string, int, int)>();
        foreach (var (tag, (was, now)) in counts) if (was != now) changes.Add((tag, was, now));
        return changes;
    }

    /// <summary>Every tag of a note as written, with its number of uses.</summary>
    internal static IEnumerable<(string Tag, int Count)> TagUses(NoteDocument? note) =>
        note is null ? [] : note.Syntax.Tags.GroupBy(t => t.Name, StringComparer.Ordinal).Select(g => (g.Key, g.Count()));

    /// <summary>The same tag names in the same order (so the same counts): what the tag tables hold of a note.</summary>
    internal static bool SameTagNames(NoteDocument a, NoteDocument b)
    {
        var x = a.Syntax.Tags;
        var y = b.Syntax.Tags;
        if (x.Count != y.Count) return false;
        for (int i = 0; i < x.Count; i++)
            if (!string.Equals(x[i].Name, y[i].Name, StringComparison.Ordinal)) return false;
        return true;
    }

    private static IEnumerable<(string Tag, int Count)> TagsOf(NoteDocument note, PathPatterns templates) =>
        note.InWorkspace && templates.Matches(note.RelativePath) ? [] : TagUses(note);

    internal static ImmutableDictionary<string, ImmutableArray<string>> AddTo(ImmutableDictionary<string, ImmutableArray<string>> map, string key, string path)
    {
        var list = map.GetValueOrDefault(key, ImmutableArray<string>.Empty);
        int i = list.BinarySearch(path, StringComparer.Ordinal);
        if (i >= 0) return map;
        return map.SetItem(key, list.Insert(~i, path));
    }

    internal static ImmutableDictionary<string, ImmutableArray<string>> RemoveFrom(ImmutableDictionary<string, ImmutableArray<string>> map, string key, string path)
    {
        if (!map.TryGetValue(key, out var list)) return map;
        int i = list.BinarySearch(path, StringComparer.Ordinal);
        if (i < 0) return map;
        return list.Length == 1 ? map.Remove(key) : map.SetItem(key, list.RemoveAt(i));
    }

    private static ImmutableArray<string> NormaliseRoots(IEnumerable<string> roots) =>
        roots.Select(r => r.Length > 1 ? r.TrimEnd('/') : r).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToImmutableArray();
}
