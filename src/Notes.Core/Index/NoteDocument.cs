using Notes.Core.Text;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Notes.Core.Syntax;
using Notes.Core.Citations;

namespace Notes.Core.Index;

/// <summary>
/// One note as the index knows it: its parsed syntax plus the keys it is found by and the keys it links to.
/// Immutable; replaced whole when the note changes.
/// </summary>
public sealed class NoteDocument
{
    private NoteDocument(string path, string root, ParsedNote syntax, long stamp, NoteDocument? previous)
    {
        Path = path;
        Root = root;
        Syntax = syntax;
        Stamp = stamp;
        RelativePath = root.Length == 0 ? NotePath.FileName(path) : NotePath.Relative(path, root);
        Stem = NotePath.Stem(path);
        StemKey = NameKey.Of(Stem);
        var titleKey = NameKey.Of(syntax.Title.Text);
        TitleKey = titleKey == StemKey ? StemKey : titleKey; // most titles slugify to the stem: keep one string
        AliasKeys = syntax.Aliases.Select(a => NameKey.Of(a.Value)).Where(k => k.Length > 0).Distinct().ToImmutableArray();
        Names = NameSignature.Of(syntax.Aliases.Select(a => a.Value).Append(Stem).Append(syntax.Title.Text));
        NameKeys = new[] { StemKey, TitleKey }.Concat(AliasKeys).Where(k => k.Length > 0).Distinct().ToImmutableArray();
        // One key per link, computed once: backlink queries ask for it for every link of every linking note. An edit of
        // an open note looks the keys of its targets up where the previous version left them (a keystroke writes one link).
        var keys = new string?[syntax.Links.Count];
        var distinct = new Dictionary<string, string>(previous?.LinkKeys.Length ?? 0, StringComparer.Ordinal);
        var byTarget = previous?._keysByTarget is { } known && known.Count <= 2 * keys.Length + 256 ? known : null;
        lock ((object?)byTarget ?? distinct)
        {
            for (int i = 0; i < keys.Length; i++)
            {
                var target = syntax.Links[i].Target;
                if (byTarget is null || !byTarget.TryGetValue(target, out var key))
                {
                    key = LinkKeyOf(syntax.Links[i]) is { Length: > 0 } k ? StringPool.Intern(k) : null;
                    byTarget?.Add(target, key);
                }
                if (key is null) continue;
                keys[i] = distinct.TryGetValue(key, out var same) ? same : distinct[key] = key;
            }
        }
        if (previous is not null) _keysByTarget = byTarget ?? KeysByTarget(syntax.Links, keys);
        LinkKeyAt = ImmutableCollectionsMarshal.AsImmutableArray(keys);
        LinkKeys = [.. distinct.Values];
        CiteKeys = syntax.Citations.Count == 0 ? [] : [.. syntax.Citations.Select(c => c.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        LiteratureKey = syntax.FrontMatter?.CiteKey is { Value.Length: > 0 } ck ? ck.Value.Trim().TrimStart('@')
            : Stem.Length > 1 && Stem[0] == '@' ? Stem[1..] : null;
        References = syntax.FrontMatter?.ReferencesSpan is { } refs ? [.. CslYaml.ReadReferences(syntax.Text, refs)] : [];
    }

    // Target → link key (a pure function's answers, shared by the versions of one open note; grows as targets are typed, rebuilt past a bound).
    private readonly Dictionary<string, string?>? _keysByTarget;

    private static Dictionary<string, string?> KeysByTarget(IReadOnlyList<NoteLink> links, string?[] keys)
    {
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (int i = 0; i < keys.Length; i++) map.TryAdd(links[i].Target, keys[i]);
        return map;
    }

    /// <summary>Creates the index entry of a note. <paramref name="root"/> is the workspace folder holding it, or "" when none does.</summary>
    public static NoteDocument Create(string path, string root, ParsedNote syntax, long stamp = 0) => new(path, root, syntax, stamp, null);

    /// <summary>
    /// The index entry of a new version of <paramref name="previous"/> (an open note's edit): the same as
    /// <see cref="Create(string, string, ParsedNote, long)"/>, with the link keys of targets the previous version had looked up, not recomputed.
    /// </summary>
    public static NoteDocument Create(string path, string root, ParsedNote syntax, long stamp, NoteDocument? previous) => new(path, root, syntax, stamp, previous);

    /// <summary>Full '/'-separated path: the note's identity.</summary>
    public string Path { get; }
    /// <summary>The workspace folder that holds the note, or "" for a document opened from outside every root.</summary>
    public string Root { get; }
    public string RelativePath { get; }
    public string Stem { get; }
    public ParsedNote Syntax { get; }
    /// <summary>Recency (for ranking): larger is newer.</summary>
    public long Stamp { get; }
    public string Title => Syntax.Title.Text;
    public string StemKey { get; }
    public string TitleKey { get; }
    public ImmutableArray<string> AliasKeys { get; }
    /// <summary>The characters of the title, stem and aliases, for fuzzy matching (see <see cref="NameSignature"/>).</summary>
    public NameSignature Names { get; }
    /// <summary>The names <c>[[</c> completion matches, in its order: title, stem, then the aliases as written (see <see cref="NameIndex"/>).</summary>
    public IReadOnlyList<string> CompletionNames => [Title, Stem, .. Syntax.Aliases.Select(a => a.Value)];

    /// <summary>The same <see cref="CompletionNames"/> (title, stem and aliases, in order).</summary>
    public bool SameNames(NoteDocument other)
    {
        if (Title != other.Title || Stem != other.Stem) return false;
        var (x, y) = (Syntax.Aliases, other.Syntax.Aliases);
        if (x.Count != y.Count) return false;
        for (int i = 0; i < x.Count; i++)
            if (x[i].Value != y[i].Value) return false;
        return true;
    }

    /// <summary>Every key a name-form link may use to find this note: stem, title, aliases.</summary>
    public ImmutableArray<string> NameKeys { get; }
    /// <summary>The name keys of the notes this note links to (last path segment of each target).</summary>
    public ImmutableArray<string> LinkKeys { get; }
    /// <summary>The key of each link in <see cref="ParsedNote.Links"/>, by index (<see cref="LinkKeyOf"/>), null where it has none.</summary>
    public ImmutableArray<string?> LinkKeyAt { get; }
    public bool InWorkspace => Root.Length > 0;
    /// <summary>The citation keys the note cites (<c>[@key]</c>, <c>@key</c>), each once, in ordinal order.</summary>
    public ImmutableArray<string> CiteKeys { get; }
    /// <summary>The key this note is the literature note of: its front matter's <c>citekey:</c>, or its name for <c>@key.md</c>; else null.</summary>
    public string? LiteratureKey { get; }
    /// <summary>The entries of the note's own front-matter <c>references:</c> (Pandoc's inline CSL YAML): they count for this note only.</summary>
    public ImmutableArray<BibEntry> References { get; }

    /// <summary>
    /// The key under which a link is filed: its target's last segment (for a file, its name with the extension, so
    /// <c>loss.png</c> is filed as <see cref="NameKey.Of"/> of "loss.png"), or null for a same-note link.
    /// </summary>
    public static string? LinkKeyOf(NoteLink link)
    {
        if (link.Target.Length == 0) return null;
        var target = link.Target.Replace('\\', '/').TrimEnd('/');
        return NameKey.OfStem(target[(target.LastIndexOf('/') + 1)..]);
    }
}
