using System.Collections.Immutable;
using System.Text;
using Notes.Core.Citations;
using Notes.Core.Config;
using Notes.Core.Index;
using Notes.Core.Syntax;
using Notes.Core.Text;

namespace Notes.Core.Features;

/// <summary>
/// Citations as links to papers: completion of keys after <c>@</c>, hover with the formatted reference, definition
/// in the bibliography and the literature note, references as the notes citing a key, diagnostics, the literature
/// note created from an entry, and rename of a key. An in-text <c>@word</c> whose key no bibliography defines is not a
/// citation (a social handle, a decorator): it gets no diagnostic, no hover and no rename.
/// </summary>
public static class CitationFeatures
{
    /// <summary>The citation the cursor is on (its <c>@key</c> item), or null.</summary>
    public static Citation? At(NoteDocument note, int offset)
    {
        foreach (var c in note.Syntax.Citations)
            if (c.Span.Touches(offset)) return c;
        return null;
    }

    /// <summary>The front matter's <c>citekey:</c> value when the cursor is on it.</summary>
    public static FrontMatterValue? CiteKeyAt(NoteDocument note, int offset) =>
        note.Syntax.FrontMatter?.CiteKey is { } ck && ck.Span.Touches(offset) ? ck : null;

    /// <summary>A citation that counts: bracketed, or in-text with a key some bibliography of the note defines.</summary>
    public static bool Counts(WorkspaceSnapshot ws, NoteDocument note, Citation c) =>
        !c.InText || !ws.Citations.DefinitionsFor(note, c.Key).IsEmpty;

    /// <summary>The literature notes of a key: the ones that declare it (<c>citekey:</c>, <c>@key.md</c>), then a note whose file name is the key.</summary>
    public static ImmutableArray<NoteDocument> LiteratureNotes(WorkspaceSnapshot ws, string key)
    {
        var result = ImmutableArray.CreateBuilder<NoteDocument>();
        foreach (var p in ws.Citations.NotesDeclaring(key)) if (ws[p] is { } n) result.Add(n);
        foreach (var p in ws.NotesNamed(NameKey.Of(key)))
            if (ws[p] is { } n && n.Stem == key && !result.Contains(n)) result.Add(n);
        return result.ToImmutable();
    }

    /// <summary>The key a note is the literature note of, if any: declared, or its file name when a bibliography defines that key.</summary>
    public static string? LiteratureKeyOf(WorkspaceSnapshot ws, NoteDocument note) =>
        note.LiteratureKey ?? (ws.Citations.Definitions(note.Stem).IsEmpty ? null : note.Stem);

    // ---- completion ------------------------------------------------------------------------------------------------

    /// <summary>
    /// Completion of a key after <c>@</c> (<c>[@</c>, <c>[-@</c>, <c>; @</c>, or in text after a space), or null when the
    /// cursor is not in a key. Matches the key, title, author surnames and year fuzzily; each key once.
    /// </summary>
    /// <param name="fullScan">Look at every entry, not only the ones the word-start index gives (the oracle the index is tested against).</param>
    public static CompletionResult? Complete(WorkspaceSnapshot ws, NoteDocument note, int lineStart, int offset, ReadOnlySpan<char> before, ReadOnlySpan<char> after, int limit, CancellationToken ct, bool fullScan = false)
    {
        int at = before.LastIndexOf('@');
        if (at < 0) return null;
        if (at > 0 && !StartsCitation(before, at)) return null;
        var typedSpan = before[(at + 1)..];
        bool braced = typedSpan.StartsWith("{");
        if (braced) typedSpan = typedSpan[1..];
        foreach (var ch in typedSpan)
            if (braced ? ch == '}' : !IsKeyChar(ch)) return null;
        int restLen = 0;
        while (restLen < after.Length && (braced ? after[restLen] != '}' && after[restLen] != '\n' : IsKeyChar(after[restLen]))) restLen++;
        int start = lineStart + at + 1 + (braced ? 1 : 0);
        var replace = new TextSpan(start, offset + restLen);
        var typed = typedSpan.ToString();

        var table = ws.Citations.CompletionEntries;
        var sources = note.Syntax.FrontMatter?.Bibliography is { Count: > 0 } ? ws.Citations.SourcesFor(note).Select(f => f.Path).ToHashSet(StringComparer.Ordinal) : null;
        var query = new KeyQuery(typed);
        // The best `limit`, worst on top (a higher score, then the smaller key, is better): no sort of every match.
        var top = new PriorityQueue<CitedEntry, (int Score, string Key)>(limit + 1, KeptOrder.Instance);
        int total = 0;
        var own = new HashSet<string>(StringComparer.Ordinal);
        void Keep(CitedEntry e, int score)
        {
            total++;
            if (top.Count < limit) top.Enqueue(e, (score, e.Entry.Key));
            else if (top.TryPeek(out _, out var worst) && KeptOrder.Instance.Compare((score, e.Entry.Key), worst) > 0) top.EnqueueDequeue(e, (score, e.Entry.Key));
        }
        foreach (var r in note.References)
            if (own.Add(r.Key) && query.Score(r.Key, WordsOf(BibFormat.SearchText(r))) is { } s) Keep(new CitedEntry(note.Path, r, null), s + 1);
        ulong needed = NameSignature.CharsOf(typed);
        // What decides a slot's match besides the text typed: which bibliographies count, and the note's own keys.
        string scope = (sources is null ? "" : string.Join('\n', sources.Order(StringComparer.Ordinal))) + "\0" + string.Join('\n', own);
        // The previous keystroke's matches, when this one only typed more: a longer prefix matches a subset of them.
        var narrowed = fullScan ? null : table.MatchesOf(typed, scope);
        var matched = fullScan || typed.Length == 0 ? null : new List<int>();
        string? last = null; // the table is in key order: a key defined twice comes twice in a row
        int seenSlots = 0;
        // Scores a slot and keeps it if it matches; `only` 1 takes key-prefix matches alone, 2 every other match.
        void Visit(int i, int only)
        {
            if ((++seenSlots & 1023) == 0) ct.ThrowIfCancellationRequested();
            if ((table.Chars[i] & needed) != needed) return;
            var e = table.Entries[i];
            if (sources is null ? !e.File!.InDefaultSet : !sources.Contains(e.Path)) return;
            bool keyPrefix = e.Entry.Key.StartsWith(typed, StringComparison.OrdinalIgnoreCase);
            if (only != 0 && keyPrefix != (only == 1)) return;
            if (query.Score(e.Entry.Key, table.SearchTexts[i], keyPrefix) is not { } s) return;
            matched?.Add(i);
            if (e.Entry.Key == last || (own.Count > 0 && own.Contains(e.Entry.Key))) return;
            last = e.Entry.Key;
            Keep(e, s);
        }
        // A key starting with what was typed outscores any other match (KeyQuery), so the keys starting with its first
        // character are looked at first; when they alone fill the list, the rest only decides whether it is complete.
        var tier = fullScan ? null : table.KeyPrefixTier(typed);
        var keyStarts = tier is null ? null : narrowed ?? tier;
        if (keyStarts is not null)
        {
            foreach (int i in keyStarts) Visit(i, 1);
            last = null;
        }
        bool settled = keyStarts is not null && top.Count == limit && top.TryPeek(out _, out var worstKept) && worstKept.Score >= KeyQuery.LeastKeyPrefixScore;
        bool whole = true;
        foreach (int i in (IEnumerable<int>?)narrowed ?? (fullScan ? null : table.Candidates(typed)) ?? Enumerable.Range(0, table.Entries.Length))
        {
            // With nothing typed every entry scores the same and the table is in key order: the first ones are the best.
            if ((settled || typed.Length == 0) && total > limit) { whole = false; break; }
            Visit(i, keyStarts is null ? 0 : 2);
        }
        if (matched is not null && whole) table.Remember(typed, scope, matched);
        var kept = new List<CitedEntry>(top.Count);
        while (top.TryDequeue(out var e, out _)) kept.Add(e);
        kept.Reverse();
        // The filter text is what was typed for a match on the title or an author (the editor's own filter would drop it).
        var items = kept.Select((e, rank) => new CompletionCandidate(e.Entry.Key, e.Entry.Key, replace, CompletionKind.Citation, BibFormat.Short(e.Entry),
                FuzzyMatcher.Score(typed, e.Entry.Key) is null ? typed : e.Entry.Key, rank, e.Path))
            .ToImmutableArray();
        return new CompletionResult(items, total > limit);
    }

    /// <summary>
    /// The full reference of a completed key, for <c>completionItem/resolve</c>: the entry of <paramref name="key"/> in the
    /// bibliography at <paramref name="path"/>, or in the <c>references:</c> of the note at that path; null when neither holds it now.
    /// </summary>
    public static string? Documentation(WorkspaceSnapshot ws, string path, string key)
    {
        foreach (var d in ws.Citations.Definitions(key))
            if (d.Path == path) return BibFormat.Markdown(d.Entry);
        return ws[path] is { } note && note.References.FirstOrDefault(r => r.Key == key) is { } own ? BibFormat.Markdown(own) : null;
    }

    /// <summary>Higher score first, then the smaller key (as <see cref="PriorityQueue{TElement, TPriority}"/> keeps the smallest on top: the worst kept).</summary>
    private sealed class KeptOrder : IComparer<(int Score, string Key)>
    {
        public static readonly KeptOrder Instance = new();
        public int Compare((int Score, string Key) x, (int Score, string Key) y) =>
            x.Score != y.Score ? x.Score.CompareTo(y.Score) : string.CompareOrdinal(y.Key, x.Key);
    }

    /// <summary>
    /// How well a typed prefix matches an entry: the key's start (shorter keys first), then the start of a word of its
    /// title, author surnames or year (earlier words first), then the key fuzzily from its first character; null when none.
    /// </summary>
    private readonly struct KeyQuery(string typed)
    {
        /// <summary>The least score of a key starting with what was typed; every other match scores less (a word start at most 20,000; a fuzzy match 10,000 and what <see cref="FuzzyMatcher"/> gives, under 5,000 for up to <see cref="CitationIndex.CompletionTable.TieredLength"/> characters).</summary>
        public const int LeastKeyPrefixScore = 30_000 - 999;

        private readonly string _needle = " " + typed.ToLowerInvariant();

        /// <param name="words"><see cref="WordsOf"/> of the entry's search text.</param>
        public int? Score(string key, string words) => Score(key, words, key.StartsWith(typed, StringComparison.OrdinalIgnoreCase));

        /// <param name="keyPrefix">Whether <paramref name="key"/> starts with what was typed (ignoring case), when the caller knows it.</param>
        public int? Score(string key, string words, bool keyPrefix)
        {
            if (typed.Length == 0) return 0;
            if (keyPrefix) return 30_000 - Math.Min(key.Length, 999);
            int at = words.IndexOf(_needle, StringComparison.Ordinal);
            if (at >= 0) return 20_000 - Math.Min(at, 9_999);
            // Fuzzy only from the key's first character ("vsw" for vaswani2017), not anywhere in it.
            return key.Length > 0 && char.ToLowerInvariant(key[0]) == _needle[1] && FuzzyMatcher.Score(typed, key) is { } fuzzy ? 10_000 + fuzzy : null;
        }
    }

    /// <summary>An entry's search text lower-cased, each word after a space (punctuation is a space too), for <see cref="KeyQuery"/>.</summary>
    internal static string WordsOf(string searchText)
    {
        var sb = new StringBuilder(searchText.Length + 1).Append(' ');
        foreach (var ch in searchText) sb.Append(char.IsLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : ' ');
        return sb.ToString();
    }

    /// <summary>What may stand before the <c>@</c> of a citation: the line's start, a space, <c>[</c>, <c>;</c>, or the <c>-</c> of <c>[-@</c>.</summary>
    private static bool StartsCitation(ReadOnlySpan<char> line, int at)
    {
        char p = line[at - 1];
        if (char.IsWhiteSpace(p) || p is '[' or ';' or '(') return true;
        return p == '-' && (at == 1 || char.IsWhiteSpace(line[at - 2]) || line[at - 2] is '[' or ';');
    }

    /// <summary>A character a key may hold (Pandoc: alphanumerics, <c>_</c>, and internal punctuation).</summary>
    public static bool IsKeyChar(char c) => char.IsLetterOrDigit(c) || char.IsSurrogate(c) || c is '_' or ':' or '.' or '#' or '$' or '%' or '&' or '-' or '+' or '?' or '<' or '>' or '~' or '/';

    // ---- hover -----------------------------------------------------------------------------------------------------

    /// <summary>The formatted reference, how many notes cite it and the literature note; null for an in-text <c>@word</c> no bibliography defines.</summary>
    public static string? Hover(WorkspaceSnapshot ws, NoteDocument note, Citation c)
    {
        var defs = ws.Citations.DefinitionsFor(note, c.Key);
        if (defs.IsEmpty)
        {
            if (c.InText) return null;
            return ws.Citations.HasSourcesFor(note) ? $"**No entry `{c.Key}` in the bibliography**" : $"**`{c.Key}`**: no bibliography is set for this note.";
        }
        return ForKey(ws, c.Key, defs[0]);
    }

    /// <summary>The hover of an entry asked in its bibliography at <paramref name="path"/>: as <see cref="ForKey"/> gives it, from that file's entry (or the key's first, when the saved file does not hold it yet); null for a key no bibliography defines.</summary>
    public static string? EntryHover(WorkspaceSnapshot ws, string path, string key)
    {
        var defs = ws.Citations.Definitions(key);
        return defs.IsEmpty ? null : ForKey(ws, key, defs.FirstOrDefault(d => d.Path == path) ?? defs[0]);
    }

    /// <summary>The hover text of a key with its first definition.</summary>
    public static string ForKey(WorkspaceSnapshot ws, string key, CitedEntry def)
    {
        var sb = new StringBuilder(BibFormat.Markdown(def.Entry));
        int citing = ws.Citations.NotesCiting(key).Length;
        sb.Append("\n\n---\n\n`@").Append(key).Append("` · cited by ").Append(citing).Append(citing == 1 ? " note" : " notes")
          .Append(" · ").Append(def.File is null ? "front-matter references" : def.File.FileName);
        foreach (var lit in LiteratureNotes(ws, key).Take(3))
            sb.Append("\n\nLiterature note: **").Append(lit.Title).Append("** (`").Append(lit.RelativePath).Append("`)");
        return sb.ToString();
    }

    // ---- navigation ------------------------------------------------------------------------------------------------

    /// <summary>
    /// The key of the BibTeX entry at <paramref name="offset"/> of a bibliography's text (an editor's buffer, saved or
    /// not), with the key's span; null between entries, in <c>@string</c>/<c>@comment</c>/<c>@preamble</c>, or when the
    /// entry has no key. The entry's head is looked for back from the offset (an <c>@</c> that starts a line), and that
    /// entry alone is parsed, up to the next line that starts with <c>@</c>: the cost is the entry's, not the file's.
    /// </summary>
    public static (string Key, TextSpan KeySpan)? BibEntryAt(string text, int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        int start = -1;
        for (int i = Math.Min(offset, text.Length - 1); i >= 0; i--)
            if (text[i] == '@' && StartsLine(text, i)) { start = i; break; }
        if (start < 0) return null;
        int end = start + 1;
        while (end < text.Length && !(text[end] == '@' && StartsLine(text, end))) end++;
        var window = BibTexParser.Parse(text[start..end]);
        foreach (var e in window.Entries)
            if (e.Key.Length > 0 && start + e.Span.Start <= offset && offset <= start + e.Span.End)
                return (e.Key, new TextSpan(start + e.KeySpan.Start, start + e.KeySpan.End));
        return null;

        // Only spaces and tabs between the line's start and i.
        static bool StartsLine(string t, int i)
        {
            while (i > 0 && t[i - 1] is ' ' or '\t') i--;
            return i == 0 || t[i - 1] == '\n';
        }
    }

    /// <summary>The entry in the bibliography (or the note's references), then the literature notes.</summary>
    public static ImmutableArray<NoteLocation> Definition(WorkspaceSnapshot ws, NoteDocument note, string key)
    {
        var result = ImmutableArray.CreateBuilder<NoteLocation>();
        foreach (var d in ws.Citations.DefinitionsFor(note, key)) result.Add(new NoteLocation(d.Path, d.Entry.KeySpan));
        foreach (var lit in LiteratureNotes(ws, key))
            if (lit != note) result.Add(LiteratureLocation(lit));
        return result.ToImmutable();
    }

    /// <summary>Where a literature note says which paper it is about: its <c>citekey:</c>, else its title.</summary>
    private static NoteLocation LiteratureLocation(NoteDocument lit) => new(lit.Path, lit.Syntax.FrontMatter?.CiteKey?.Span ?? NoteDiagnostics.TitleSpan(lit));

    /// <summary>Definition asked on a bibliography's entry: the key's literature notes.</summary>
    public static ImmutableArray<NoteLocation> EntryDefinition(WorkspaceSnapshot ws, string key) => [.. LiteratureNotes(ws, key).Select(LiteratureLocation)];

    /// <summary>References asked on a bibliography's entry: every citation of its key, with the key's entries in every bibliography first when <paramref name="includeDeclaration"/>.</summary>
    public static ImmutableArray<NoteLocation> EntryReferences(WorkspaceSnapshot ws, string key, bool includeDeclaration, CancellationToken ct = default)
    {
        var result = ImmutableArray.CreateBuilder<NoteLocation>();
        if (includeDeclaration)
            foreach (var d in ws.Citations.Definitions(key))
                if (d.File is not null) result.Add(new NoteLocation(d.Path, d.Entry.KeySpan));
        foreach (var (source, c) in Citing(ws, key, ct)) result.Add(new NoteLocation(source.Path, c.Span));
        return result.ToImmutable();
    }

    /// <summary>Every citation of a key in the workspace, by note path then position; with the declaration, its entries first.</summary>
    public static ImmutableArray<NoteReference> References(WorkspaceSnapshot ws, string key, bool includeDeclaration, CancellationToken ct = default)
    {
        var result = ImmutableArray.CreateBuilder<NoteReference>();
        if (includeDeclaration)
            foreach (var d in ws.Citations.Definitions(key))
                if (ws[d.Path] is { } n) result.Add(new NoteReference(new NoteLocation(d.Path, d.Entry.KeySpan), n.Syntax, true));
        foreach (var (source, c) in Citing(ws, key, ct))
            result.Add(new NoteReference(new NoteLocation(source.Path, c.Span), source.Syntax, false));
        return result.ToImmutable();
    }

    /// <summary>Each citation of a key, note by note (path order), in text order; templates left out.</summary>
    public static IEnumerable<(NoteDocument Note, Citation Citation)> Citing(WorkspaceSnapshot ws, string key, CancellationToken ct = default)
    {
        foreach (var p in ws.Citations.NotesCiting(key))
        {
            ct.ThrowIfCancellationRequested();
            if (ws[p] is not { } n || ws.IsTemplate(n)) continue;
            foreach (var c in n.Syntax.Citations)
                if (c.Key == key && Counts(ws, n, c)) yield return (n, c);
        }
    }

    // ---- diagnostics -----------------------------------------------------------------------------------------------

    /// <summary>
    /// A note's citation problems: a bracketed citation of a key no bibliography of the note defines (the nearest keys
    /// as the fix, in <see cref="NoteDiagnostic.Data"/>), and a <c>citekey:</c> no bibliography defines.
    /// </summary>
    public static void Diagnose(WorkspaceSnapshot ws, NoteDocument note, NotesConfig config, Action<string, TextSpan, string, string?> add)
    {
        if (note.Syntax.Citations.Count > 0 && config.SeverityOf(DiagnosticCodes.UnknownCitation) != Severity.Off && ws.Citations.HasSourcesFor(note))
        {
            foreach (var c in note.Syntax.Citations)
            {
                if (c.InText || !ws.Citations.DefinitionsFor(note, c.Key).IsEmpty) continue;
                var near = NearestKeys(ws, note, c.Key, 3);
                var hint = near.Count == 0 ? "" : $"; did you mean {string.Join(", ", near.Select(k => "'" + k + "'"))}?";
                add(DiagnosticCodes.UnknownCitation, c.KeySpan, $"No entry '{c.Key}' in the bibliography{hint}", near.Count == 0 ? null : string.Join('\n', near));
            }
        }
        if (note.Syntax.FrontMatter?.CiteKey is { Value.Length: > 0 } ck && note.LiteratureKey is { } key && ws.Citations.Files.Count > 0
            && ws.Citations.Definitions(key).IsEmpty && !note.References.Any(r => r.Key == key))
            add(DiagnosticCodes.UnknownCiteKey, ck.Span, $"This literature note's key '{key}' is in no bibliography", null);
    }

    /// <summary>Keys within edit distance 2 of <paramref name="key"/> (case aside) that count for the note, nearest first.</summary>
    public static List<string> NearestKeys(WorkspaceSnapshot ws, NoteDocument note, string key, int take)
    {
        var lower = key.ToLowerInvariant();
        var sources = ws.Citations.SourcesFor(note).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var near = new List<(string Key, int Distance)>();
        foreach (var k in note.References.Select(r => r.Key).Concat(ws.Citations.Keys).Distinct(StringComparer.Ordinal))
        {
            // Cheap tests first (a diagnostic of a typed key runs this over the whole library): the distance is at least
            // the difference in length (casing keeps the length), and only a close key's definitions are looked at.
            if (Math.Abs(k.Length - key.Length) > 2) continue;
            int d = NoteDiagnostics.EditDistance(k.ToLowerInvariant(), lower, 2);
            if (d > 2) continue;
            if (!note.References.Any(r => r.Key == k) && !ws.Citations.Definitions(k).Any(x => sources.Contains(x.Path))) continue;
            near.Add((k, d));
        }
        return near.OrderBy(x => x.Distance).ThenBy(x => x.Key, StringComparer.Ordinal).Take(take).Select(x => x.Key).ToList();
    }

    /// <summary>A bibliography file's own problems: malformed entries, and keys it defines twice or another file defined before it (path order).</summary>
    public static ImmutableArray<NoteDiagnostic> ForFile(WorkspaceSnapshot ws, BibliographyFile file, NotesConfig config)
    {
        var result = ImmutableArray.CreateBuilder<NoteDiagnostic>();
        void Add(string code, TextSpan span, string message, ImmutableArray<RelatedInfo> related)
        {
            var sev = config.SeverityOf(code);
            if (sev != Severity.Off) result.Add(new NoteDiagnostic(span, sev, code, message, related));
        }
        foreach (var d in file.Bibliography.Diagnostics)
            Add(d.Code == "bib-duplicate-key" ? DiagnosticCodes.DuplicateCitationKey : DiagnosticCodes.BibliographySyntax, d.Span, d.Message, []);
        foreach (var e in file.Bibliography.Entries)
        {
            var defs = ws.Citations.Definitions(e.Key);
            var first = defs.FirstOrDefault(d => d.Path != file.Path);
            if (first is null || string.CompareOrdinal(first.Path, file.Path) > 0) continue;
            Add(DiagnosticCodes.DuplicateCitationKey, e.KeySpan, $"'{e.Key}' is also defined in {first.File?.FileName ?? first.Path}",
                [new RelatedInfo(first.Path, first.Entry.KeySpan, "the other definition")]);
        }
        return result.ToImmutable();
    }

    // ---- code actions ----------------------------------------------------------------------------------------------

    /// <summary>
    /// A literature note for a cited key that has none: <c>key.md</c> (a key's <c>/</c> and <c>:</c> written <c>-</c>)
    /// beside the existing literature notes (else beside the citing note), with the entry's title, authors, year and DOI
    /// in its front matter and <c>citekey:</c> naming the key.
    /// </summary>
    public static NoteAction? CreateLiteratureNote(WorkspaceSnapshot ws, NoteDocument note, Citation c)
    {
        if (!note.InWorkspace || !LiteratureNotes(ws, c.Key).IsEmpty) return null;
        var defs = ws.Citations.DefinitionsFor(note, c.Key);
        if (defs.IsEmpty) return null;
        var e = defs[0].Entry;
        var stem = new string(c.Key.Select(ch => ch is '/' or ':' or '\\' ? '-' : ch).ToArray());
        if (Rename.ValidateStem(stem) is not null) return null;
        var path = FolderOfLiterature(ws, note) + "/" + stem + ".md";
        if (ws[path] is not null) return null;
        var sb = new StringBuilder("---\n");
        sb.Append("title: ").Append(Yaml(e.Title ?? c.Key)).Append('\n');
        sb.Append("citekey: ").Append(Yaml(c.Key)).Append('\n');
        if (e.Authors.Count > 0) sb.Append("authors: [").AppendJoin(", ", e.Authors.Select(a => Yaml((a.Given.Length > 0 ? a.Given + " " : "") + a.Family))).Append("]\n");
        if (e.Year is { } y) sb.Append("year: ").Append(y).Append('\n');
        if (e.Doi is { } doi) sb.Append("doi: ").Append(Yaml(doi)).Append('\n');
        sb.Append("---\n\n# ").Append(e.Title ?? c.Key).Append("\n\n");
        return new NoteAction($"Create literature note '{stem}.md'", CodeActions.QuickFix, ImmutableDictionary<string, ImmutableArray<TextEditSpec>>.Empty,
            [new NewNote(path, sb.ToString())], false, null);
    }

    /// <summary>Where literature notes live: the folder of the first one (by path), else the citing note's folder.</summary>
    private static string FolderOfLiterature(WorkspaceSnapshot ws, NoteDocument note)
    {
        var first = ws.Citations.LiteratureNotePaths
            .Where(p => ws[p] is { } n && n.Root == note.Root).Order(StringComparer.Ordinal).FirstOrDefault();
        return first is null ? NotePath.Directory(note.Path) : NotePath.Directory(first);
    }

    private static string Yaml(string s) =>
        s.Length > 0 && s.All(ch => char.IsLetterOrDigit(ch) || ch is ' ' or '-' or '_' or '.' or '/') && !char.IsWhiteSpace(s[0]) ? s
            : "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    // ---- rename ----------------------------------------------------------------------------------------------------

    /// <summary>Checks a new key: Pandoc's key characters, starting with a letter, digit or <c>_</c>.</summary>
    public static string? ValidateKey(string key)
    {
        if (key.Length == 0) return "The new key is empty.";
        if (!(char.IsLetterOrDigit(key[0]) || key[0] == '_')) return $"A citation key starts with a letter, a digit or '_': '{key}'.";
        foreach (var ch in key) if (!IsKeyChar(ch)) return $"A citation key cannot hold '{ch}'.";
        if (!char.IsLetterOrDigit(key[^1]) && key[^1] != '_') return $"A citation key ends with a letter, a digit or '_': '{key}'.";
        return null;
    }

    /// <summary>
    /// Renames a key: every citation of it, each literature note's <c>citekey:</c>, and (when <paramref name="inBibliography"/>)
    /// its entries in the bibliography files of the workspace.
    /// </summary>
    public static RenameOutcome RenameKey(WorkspaceSnapshot ws, string key, string newKey, bool inBibliography, CancellationToken ct = default)
    {
        newKey = newKey.Trim().TrimStart('@');
        if (ValidateKey(newKey) is { } bad) return RenameOutcome.Fail(bad);
        if (newKey == key) return new RenameOutcome(new RenamePlan(ImmutableDictionary<string, ImmutableArray<TextEditSpec>>.Empty, []), null);
        if (!ws.Citations.Definitions(newKey).IsEmpty) return RenameOutcome.Fail($"'{newKey}' is already a key of the bibliography.");
        var edits = new Dictionary<string, List<TextEditSpec>>(StringComparer.Ordinal);
        void Edit(string path, TextSpan span) { if (!edits.TryGetValue(path, out var l)) edits[path] = l = []; l.Add(new TextEditSpec(span, newKey)); }
        foreach (var (n, c) in Citing(ws, key, ct)) if (n.InWorkspace) Edit(n.Path, c.KeySpan);
        foreach (var lit in LiteratureNotes(ws, key))
            if (lit.InWorkspace && lit.Syntax.FrontMatter?.CiteKey is { } ck)
            {
                var raw = lit.Syntax.Text.AsSpan(ck.Span.Start, ck.Span.Length);
                int skip = raw.StartsWith("@") ? 1 : 0;
                Edit(lit.Path, new TextSpan(ck.Span.Start + skip, ck.Span.End));
            }
        if (inBibliography)
            foreach (var d in ws.Citations.Definitions(key))
                if (d.File is { Root.Length: > 0 }) Edit(d.Path, d.Entry.KeySpan);
        foreach (var n in ws.All)
            foreach (var r in n.References)
                if (r.Key == key && n.InWorkspace) Edit(n.Path, r.KeySpan);
        var plan = new RenamePlan(edits.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.Distinct().OrderBy(e => e.Span.Start).ToImmutableArray(), StringComparer.Ordinal), []);
        return new RenameOutcome(plan, null);
    }
}
