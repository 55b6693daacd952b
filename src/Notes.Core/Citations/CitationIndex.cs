using System.Collections.Immutable;
using System.Text;
using Notes.Core.Index;
using Notes.Core.Text;

namespace Notes.Core.Citations;

/// <summary>
/// A bibliography the workspace reads (a <c>.bib</c> or CSL JSON file), parsed, with the line index of its text for
/// positions. <paramref name="InDefaultSet"/>: its keys count for every note that names no bibliography of its own
/// (every bibliography of the vault, or the ones <c>.notes.json</c> lists); otherwise only for the notes whose
/// <c>bibliography:</c> names it.
/// </summary>
public sealed record BibliographyFile(string Path, string Root, Bibliography Bibliography, LineIndex Lines, bool InDefaultSet)
{
    public string FileName => NotePath.FileName(Path);

    /// <summary>The largest bibliography read: a library of 20,000 entries is about 15 MB.</summary>
    public const long MaxBytes = 64L << 20;

    /// <summary>Files that may hold a bibliography: BibTeX / BibLaTeX, and JSON (kept only when it reads as CSL).</summary>
    public static bool MayBe(string path) => IsBibTex(path) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the file's name says BibTeX (<c>.bib</c>, <c>.bibtex</c>).</summary>
    public static bool IsBibTex(string path) =>
        path.EndsWith(".bib", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".bibtex", StringComparison.OrdinalIgnoreCase);

    /// <summary>A file's text parsed as the bibliography its name says; null for JSON that is not CSL, or another kind of file.</summary>
    public static BibliographyFile? FromText(string path, string root, string text, bool inDefaultSet)
    {
        Bibliography? bib = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? (CslJson.TryParse(text, out var csl) ? csl : null)
            : MayBe(path) ? BibTexParser.Parse(text) : null;
        return bib is null ? null : new BibliographyFile(path, root, bib, LineIndex.Create(text).Compact(), inDefaultSet);
    }

    /// <summary>Whether a bibliography's keys count for notes that name none: every one does, unless <paramref name="configured"/> (relative to the root) lists some.</summary>
    public static bool InDefaultSetOf(string path, string root, IReadOnlyCollection<string> configured) =>
        configured.Count == 0 || configured.Any(c => NotePath.Combine(root, c.Replace('\\', '/')) == path);
}

/// <summary>Where a citation key is defined: an entry of a bibliography file, or of a note's own <c>references:</c> (then <see cref="File"/> is null and <see cref="Path"/> is the note).</summary>
public sealed record CitedEntry(string Path, BibEntry Entry, BibliographyFile? File);

/// <summary>
/// The citation tables of a workspace snapshot: the bibliographies, every key's definitions, the notes citing each key
/// and the literature notes (a note whose front matter says <c>citekey: key</c>, or named <c>@key.md</c>). Immutable;
/// a change of one note or one bibliography file yields a new index that shares the rest.
/// </summary>
public sealed class CitationIndex
{
    private static readonly ImmutableDictionary<string, ImmutableArray<string>> EmptyMulti =
        ImmutableDictionary.Create<string, ImmutableArray<string>>(StringComparer.Ordinal);

    private readonly ImmutableDictionary<string, ImmutableArray<CitedEntry>> _entries; // key → its definitions in the files, by path then position
    private readonly ImmutableDictionary<string, ImmutableArray<string>> _citers;     // key → notes citing it
    private readonly ImmutableDictionary<string, ImmutableArray<string>> _literature; // key → notes declaring it (citekey, @key.md)
    private CompletionTable? _completion;

    public static readonly CitationIndex Empty = new(ImmutableDictionary.Create<string, BibliographyFile>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, ImmutableArray<CitedEntry>>(StringComparer.Ordinal), EmptyMulti, EmptyMulti);

    private CitationIndex(ImmutableDictionary<string, BibliographyFile> files, ImmutableDictionary<string, ImmutableArray<CitedEntry>> entries,
        ImmutableDictionary<string, ImmutableArray<string>> citers, ImmutableDictionary<string, ImmutableArray<string>> literature, CompletionTable? completion = null)
    {
        Files = files;
        _entries = entries;
        _citers = citers;
        _literature = literature;
        _completion = completion;
    }

    /// <summary>The bibliography files, by path.</summary>
    public ImmutableDictionary<string, BibliographyFile> Files { get; }

    /// <summary>True when some bibliography counts for notes that name none (there is something to check keys against).</summary>
    public bool HasDefaultSources => Files.Values.Any(f => f.InDefaultSet);

    /// <summary>Every key defined in a file.</summary>
    public IEnumerable<string> Keys => _entries.Keys;

    /// <summary>Every key some note cites.</summary>
    public IEnumerable<string> CitedKeys => _citers.Keys;

    /// <summary>Every note that declares itself a literature note.</summary>
    public IEnumerable<string> LiteratureNotePaths => _literature.Values.SelectMany(v => v);

    /// <summary>Every definition of a key in the files, whichever notes they count for.</summary>
    public ImmutableArray<CitedEntry> Definitions(string key) => _entries.GetValueOrDefault(key, ImmutableArray<CitedEntry>.Empty);

    /// <summary>The notes citing a key, by path.</summary>
    public ImmutableArray<string> NotesCiting(string key) => _citers.GetValueOrDefault(key, ImmutableArray<string>.Empty);

    /// <summary>The notes declaring themselves the literature note of a key (front matter <c>citekey:</c>, or a file <c>@key.md</c>).</summary>
    public ImmutableArray<string> NotesDeclaring(string key) => _literature.GetValueOrDefault(key, ImmutableArray<string>.Empty);

    /// <summary>The tables from scratch: the first scan, and the oracle the incremental updates are tested against.</summary>
    public static CitationIndex Build(IEnumerable<NoteDocument> notes, IEnumerable<BibliographyFile> files)
    {
        var index = Empty;
        foreach (var f in files.OrderBy(f => f.Path, StringComparer.Ordinal)) index = index.WithFile(f);
        var citers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var literature = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var n in notes)
        {
            foreach (var k in n.CiteKeys) WorkspaceSnapshot.Add(citers, k, n.Path);
            if (n.LiteratureKey is { } lk) WorkspaceSnapshot.Add(literature, lk, n.Path);
        }
        return new CitationIndex(index.Files, index._entries, WorkspaceSnapshot.Freeze(citers), WorkspaceSnapshot.Freeze(literature));
    }

    /// <summary>Adds or replaces a bibliography file: its old entries go, its new ones come.</summary>
    public CitationIndex WithFile(BibliographyFile file)
    {
        var entries = Files.TryGetValue(file.Path, out var old) ? RemoveEntries(_entries, old) : _entries;
        foreach (var group in file.Bibliography.Entries.GroupBy(e => e.Key, StringComparer.Ordinal))
        {
            var list = entries.GetValueOrDefault(group.Key, ImmutableArray<CitedEntry>.Empty);
            // Files in path order, entries of one file in their order.
            int at = 0;
            while (at < list.Length && string.CompareOrdinal(list[at].Path, file.Path) < 0) at++;
            entries = entries.SetItem(group.Key, list.InsertRange(at, group.Select(e => new CitedEntry(file.Path, e, file))));
        }
        return new CitationIndex(Files.SetItem(file.Path, file), entries, _citers, _literature);
    }

    public CitationIndex WithoutFile(string path) =>
        Files.TryGetValue(path, out var old) ? new CitationIndex(Files.Remove(path), RemoveEntries(_entries, old), _citers, _literature) : this;

    private static ImmutableDictionary<string, ImmutableArray<CitedEntry>> RemoveEntries(ImmutableDictionary<string, ImmutableArray<CitedEntry>> entries, BibliographyFile old)
    {
        foreach (var key in old.Bibliography.Entries.Select(e => e.Key).Distinct(StringComparer.Ordinal))
        {
            if (!entries.TryGetValue(key, out var list)) continue;
            var kept = list.RemoveAll(c => c.Path == old.Path);
            entries = kept.IsEmpty ? entries.Remove(key) : entries.SetItem(key, kept);
        }
        return entries;
    }

    /// <summary>A note came, changed or went: its citations and its literature key, refiled. The same index when neither changed.</summary>
    public CitationIndex WithNote(NoteDocument? old, NoteDocument? now)
    {
        var path = (now ?? old)?.Path;
        if (path is null) return this;
        var oldKeys = old?.CiteKeys ?? [];
        var newKeys = now?.CiteKeys ?? [];
        bool sameCites = oldKeys.SequenceEqual(newKeys);
        bool sameLiterature = old?.LiteratureKey == now?.LiteratureKey;
        if (sameCites && sameLiterature) return this;
        var citers = _citers;
        if (!sameCites)
        {
            var kept = new HashSet<string>(newKeys, StringComparer.Ordinal);
            foreach (var k in oldKeys) if (!kept.Remove(k)) citers = RemoveFrom(citers, k, path);
            foreach (var k in kept) citers = AddTo(citers, k, path);
        }
        var literature = _literature;
        if (!sameLiterature)
        {
            if (old?.LiteratureKey is { } was) literature = RemoveFrom(literature, was, path);
            if (now?.LiteratureKey is { } key) literature = AddTo(literature, key, path);
        }
        return new CitationIndex(Files, _entries, citers, literature, _completion);
    }

    /// <summary>
    /// The bibliography files that count for a note: the ones its front matter's <c>bibliography:</c> names (relative
    /// to the note's folder, or to its root, as Pandoc run from either would find them), else the default set.
    /// </summary>
    public IEnumerable<BibliographyFile> SourcesFor(NoteDocument note)
    {
        var named = note.Syntax.FrontMatter?.Bibliography;
        if (named is null || named.Count == 0) return Files.Values.Where(f => f.InDefaultSet);
        var result = new List<BibliographyFile>();
        foreach (var v in named)
            if (Resolve(note, v.Value) is { } f && !result.Contains(f)) result.Add(f);
        return result;
    }

    /// <summary>The bibliography file a <c>bibliography:</c> value of a note names, or null when the workspace has none there.</summary>
    public BibliographyFile? Resolve(NoteDocument note, string value)
    {
        foreach (var candidate in CandidatePaths(note, value))
            if (Files.TryGetValue(candidate, out var f)) return f;
        return null;
    }

    /// <summary>Where a <c>bibliography:</c> value may point: the note's folder, then its root (an absolute path as it is).</summary>
    public static IEnumerable<string> CandidatePaths(NoteDocument note, string value)
    {
        value = value.Trim().Replace('\\', '/');
        if (value.Length == 0) yield break;
        if (value.StartsWith('/')) { yield return value; yield break; }
        if (NotePath.Combine(NotePath.Directory(note.Path), value) is { } inFolder) yield return inFolder;
        if (note.Root.Length > 0 && NotePath.Combine(note.Root, value) is { } inRoot) yield return inRoot;
    }

    /// <summary>True when something defines keys for this note: a bibliography that counts for it, or its own <c>references:</c>.</summary>
    public bool HasSourcesFor(NoteDocument note) => !note.References.IsEmpty || SourcesFor(note).Any();

    /// <summary>The definitions of a key that count for a note: its own <c>references:</c> first, then its bibliographies'.</summary>
    public ImmutableArray<CitedEntry> DefinitionsFor(NoteDocument note, string key)
    {
        var builder = ImmutableArray.CreateBuilder<CitedEntry>();
        foreach (var r in note.References)
            if (r.Key == key) builder.Add(new CitedEntry(note.Path, r, null));
        var defs = Definitions(key);
        if (!defs.IsEmpty)
        {
            var named = note.Syntax.FrontMatter?.Bibliography;
            if (named is null || named.Count == 0) { foreach (var d in defs) if (d.File!.InDefaultSet) builder.Add(d); }
            else
            {
                var sources = SourcesFor(note).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
                foreach (var d in defs) if (sources.Contains(d.Path)) builder.Add(d);
            }
        }
        return builder.ToImmutable();
    }

    /// <summary>The keys a note can cite (for completion): its own references, then every entry of its bibliographies, each key once.</summary>
    internal CompletionTable CompletionEntries
    {
        get
        {
            if (Volatile.Read(ref _completion) is { } t) return t;
            Interlocked.CompareExchange(ref _completion, CompletionTable.From(_entries), null);
            return _completion;
        }
    }

    /// <summary>A flat table of every definition, for completion: the text it matches on and that text's characters.</summary>
    internal sealed class CompletionTable
    {
        public required CitedEntry[] Entries { get; init; }
        public required string[] SearchTexts { get; init; }
        public required ulong[] Chars { get; init; }
        /// <summary>The first two characters of each word (the key's first among them) → the slots of the entries holding such a word, ascending.</summary>
        public required Dictionary<int, int[]> ByWordStart { get; init; }
        /// <summary>A key's first character (lower case) → the slots of the entries whose key starts with it, ascending.</summary>
        public required Dictionary<char, int[]> ByKeyStart { get; init; }

        public static CompletionTable From(ImmutableDictionary<string, ImmutableArray<CitedEntry>> entries)
        {
            var all = entries.Values.SelectMany(v => v).OrderBy(e => e.Entry.Key, StringComparer.Ordinal).ThenBy(e => e.Path, StringComparer.Ordinal).ToArray();
            var texts = all.Select(e => Features.CitationFeatures.WordsOf(BibFormat.SearchText(e.Entry))).ToArray();
            var byWord = new Dictionary<int, List<int>>();
            var byKey = new Dictionary<char, List<int>>();
            for (int i = 0; i < texts.Length; i++)
            {
                var t = texts[i];
                for (int p = 0; p + 2 < t.Length; p++)
                {
                    if (t[p] != ' ' || t[p + 1] == ' ' || t[p + 2] == ' ') continue;
                    int pair = Pair(t[p + 1], t[p + 2]);
                    if (!byWord.TryGetValue(pair, out var list)) byWord[pair] = list = [];
                    if (list.Count == 0 || list[^1] != i) list.Add(i);
                }
                if (all[i].Entry.Key.Length > 0)
                {
                    char c = char.ToLowerInvariant(all[i].Entry.Key[0]);
                    if (!byKey.TryGetValue(c, out var list)) byKey[c] = list = [];
                    list.Add(i);
                }
            }
            return new CompletionTable
            {
                Entries = all, SearchTexts = texts, Chars = texts.Select(t => NameSignature.CharsOf(t)).ToArray(),
                ByWordStart = byWord.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()), ByKeyStart = byKey.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()),
            };
        }

        private sealed record Memo(string Typed, string Scope, int[] Slots);
        private Memo? _memo;

        /// <summary>
        /// The slots that matched the last query remembered here (ascending), when <paramref name="typed"/> extends what it
        /// typed in the same <paramref name="scope"/>: every slot a longer prefix can match is among them. Null otherwise.
        /// </summary>
        public int[]? MatchesOf(string typed, string scope) =>
            Volatile.Read(ref _memo) is { } m && m.Scope == scope && typed.Length > m.Typed.Length && typed.StartsWith(m.Typed, StringComparison.Ordinal) ? m.Slots : null;

        /// <summary>Remembers every slot that matched <paramref name="typed"/> in <paramref name="scope"/> (each looked at once), for the next keystroke.</summary>
        public void Remember(string typed, string scope, List<int> slots)
        {
            slots.Sort();
            Volatile.Write(ref _memo, new Memo(typed, scope, [.. slots]));
        }

        /// <summary>The longest typed key the key-prefix tier is taken for (beyond it a fuzzy score could reach a key prefix's).</summary>
        public const int TieredLength = 40;

        /// <summary>
        /// The slots of the entries whose key starts with the first character typed (ascending), the only ones a key-prefix
        /// match can come from; null when the tier is not taken apart (nothing typed, a character that is not an ASCII
        /// letter or digit, or more than <see cref="TieredLength"/> characters).
        /// </summary>
        public int[]? KeyPrefixTier(string typed) =>
            typed.Length is > 0 and <= TieredLength && char.IsAsciiLetterOrDigit(typed[0]) ? ByKeyStart.GetValueOrDefault(char.ToLowerInvariant(typed[0])) ?? [] : null;

        private static int Pair(char a, char b) => char.ToLowerInvariant(a) << 16 | char.ToLowerInvariant(b);

        /// <summary>
        /// The slots that can match <paramref name="typed"/> (ascending): for two letters or digits first, the entries with
        /// a word starting with them or a key starting with the first (the fuzzy match); null when every entry must be looked at.
        /// </summary>
        public IEnumerable<int>? Candidates(string typed)
        {
            if (typed.Length < 2 || !char.IsLetterOrDigit(typed[0]) || !char.IsLetterOrDigit(typed[1])) return null;
            var words = ByWordStart.GetValueOrDefault(Pair(typed[0], typed[1])) ?? [];
            var keys = ByKeyStart.GetValueOrDefault(char.ToLowerInvariant(typed[0])) ?? [];
            return Merge(words, keys);

            static IEnumerable<int> Merge(int[] x, int[] y)
            {
                int i = 0, j = 0;
                while (i < x.Length || j < y.Length)
                {
                    if (j >= y.Length || (i < x.Length && x[i] < y[j])) yield return x[i++];
                    else if (i >= x.Length || y[j] < x[i]) yield return y[j++];
                    else { yield return x[i++]; j++; }
                }
            }
        }
    }

    /// <summary>A canonical text of the tables, for comparing an incrementally updated index with a rebuilt one.</summary>
    public string Dump()
    {
        var sb = new StringBuilder();
        foreach (var f in Files.Values.OrderBy(f => f.Path, StringComparer.Ordinal))
            sb.Append("bibliography ").Append(f.Path).Append(f.InDefaultSet ? " default " : " named ").Append(f.Bibliography.Entries.Count).AppendLine();
        foreach (var (k, v) in _entries.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            sb.Append("key ").Append(k).Append(": ").AppendJoin(", ", v.Select(e => $"{e.Path}@{e.Entry.KeySpan.Start}")).AppendLine();
        foreach (var (k, v) in _citers.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            sb.Append("cited ").Append(k).Append(": ").AppendJoin(", ", v).AppendLine();
        foreach (var (k, v) in _literature.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            sb.Append("literature ").Append(k).Append(": ").AppendJoin(", ", v).AppendLine();
        return sb.ToString();
    }

    private static ImmutableDictionary<string, ImmutableArray<string>> AddTo(ImmutableDictionary<string, ImmutableArray<string>> map, string key, string path) => WorkspaceSnapshot.AddTo(map, key, path);

    private static ImmutableDictionary<string, ImmutableArray<string>> RemoveFrom(ImmutableDictionary<string, ImmutableArray<string>> map, string key, string path) => WorkspaceSnapshot.RemoveFrom(map, key, path);
}
