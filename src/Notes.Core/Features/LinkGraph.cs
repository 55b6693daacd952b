using System.Collections.Immutable;
using Notes.Core.Citations;
using Notes.Core.Index;
using Notes.Core.Text;

namespace Notes.Core.Features;

/// <summary>
/// A node: a note (<see cref="Kind"/> "note"; <see cref="Missing"/> for a broken link's target), or a cited paper ("paper":
/// id <c>cite:KEY</c>, label the short reference, path its literature note or else its bibliography file; missing when no
/// bibliography defines the key).
/// </summary>
public sealed record GraphNode(string Id, string Label, string Path, bool Missing, string Kind = GraphNode.NoteKind)
{
    public const string NoteKind = "note";
    public const string PaperKind = "paper";
}

public sealed record GraphEdge(string From, string To, int Count);

public sealed record Graph(ImmutableArray<GraphNode> Nodes, ImmutableArray<GraphEdge> Edges);

/// <summary>A link between two notes with where it stands in the source (for the call hierarchy).</summary>
public sealed record NoteCall(NoteDocument Note, ImmutableArray<TextSpan> Spans);

/// <summary>The link graph: the whole workspace or a note's neighbourhood, and one level of incoming or outgoing links.</summary>
public static class LinkGraph
{
    public const string MissingPrefix = "missing:";
    public const string PaperPrefix = "cite:";

    /// <summary>Notes that link to <paramref name="note"/>, each with the spans of its links.</summary>
    public static ImmutableArray<NoteCall> Incoming(WorkspaceSnapshot ws, NoteDocument note, CancellationToken ct = default) =>
        Queries.LinksTo(ws, note, ct)
            .Where(r => r.Resolution.Target == note && r.Source != note)
            .GroupBy(r => r.Source)
            .Select(g => new NoteCall(g.Key, g.Select(r => r.Link.Span).ToImmutableArray()))
            .OrderBy(c => c.Note.Path, StringComparer.Ordinal)
            .ToImmutableArray();

    /// <summary>Notes <paramref name="note"/> links to, each with the spans of the links.</summary>
    public static ImmutableArray<NoteCall> Outgoing(WorkspaceSnapshot ws, NoteDocument note) =>
        Queries.LinksFrom(ws, note)
            .Where(r => r.Target is { } t && t != note)
            .GroupBy(r => r.Target!)
            .Select(g => new NoteCall(g.Key, g.Select(r => r.Link.Span).ToImmutableArray()))
            .OrderBy(c => c.Note.Path, StringComparer.Ordinal)
            .ToImmutableArray();

    /// <summary>
    /// The graph of the whole workspace (<paramref name="center"/> null) or of the notes within <paramref name="depth"/>
    /// links of it, either direction. Broken links appear as missing nodes. Template files are no notes: the whole
    /// graph leaves them out, and their links are no edges. With <paramref name="papers"/>, each key an included note
    /// cites is a paper node, with an edge from each citing note and one from each literature note of the key to it;
    /// around a note, a paper is then one step from the notes citing it and its literature notes.
    /// </summary>
    public static Graph Build(WorkspaceSnapshot ws, NoteDocument? center, int depth, CancellationToken ct = default, bool papers = false)
    {
        IEnumerable<NoteDocument> included;
        if (center is null) included = ws.All.Where(n => n.InWorkspace && !ws.IsTemplate(n));
        else
        {
            var seen = new Dictionary<string, NoteDocument>(StringComparer.Ordinal) { [center.Path] = center };
            var seenKeys = new HashSet<string>(StringComparer.Ordinal);
            var frontier = new List<NoteDocument> { center };
            var keyFrontier = new List<string>();
            for (int d = 0; d < Math.Max(0, depth) && frontier.Count + keyFrontier.Count > 0; d++)
            {
                var next = new List<NoteDocument>();
                var nextKeys = new List<string>();
                foreach (var n in frontier)
                {
                    ct.ThrowIfCancellationRequested();
                    foreach (var c in (ws.IsTemplate(n) ? [] : Outgoing(ws, n)).Concat(Incoming(ws, n, ct)))
                        if (seen.TryAdd(c.Note.Path, c.Note)) next.Add(c.Note);
                    if (papers)
                        foreach (var key in PapersOf(ws, n).Keys)
                            if (seenKeys.Add(key)) nextKeys.Add(key);
                }
                foreach (var key in keyFrontier)
                {
                    ct.ThrowIfCancellationRequested();
                    foreach (var n in CitationFeatures.Citing(ws, key, ct).Select(c => c.Note).Concat(CitationFeatures.LiteratureNotes(ws, key)))
                        if (!ws.IsTemplate(n) && seen.TryAdd(n.Path, n)) next.Add(n);
                }
                frontier = next;
                keyFrontier = nextKeys;
            }
            included = seen.Values;
        }
        var set = included.ToDictionary(n => n.Path, StringComparer.Ordinal);
        var nodes = set.Values.OrderBy(n => n.Path, StringComparer.Ordinal).Select(n => new GraphNode(n.Path, n.Title, n.RelativePath, false)).ToList();
        var edges = new Dictionary<(string, string), int>();
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var n in set.Values)
        {
            ct.ThrowIfCancellationRequested();
            if (ws.IsTemplate(n)) continue;
            foreach (var r in Queries.LinksFrom(ws, n))
            {
                string to;
                if (r.Target is { } t) { if (t == n || !set.ContainsKey(t.Path)) continue; to = t.Path; }
                // the graph is of notes: files, found or not, are not nodes
                else if (r.Status == LinkStatus.Broken && LinkResolver.IsNoteTarget(r.Link.Target)) { to = MissingPrefix + NameKey.Of(r.Link.Target); missing.Add(to); }
                else continue;
                edges[(n.Path, to)] = edges.GetValueOrDefault((n.Path, to)) + 1;
            }
            if (!papers) continue;
            foreach (var (key, count) in PapersOf(ws, n))
            {
                keys.Add(key);
                edges[(n.Path, PaperPrefix + key)] = edges.GetValueOrDefault((n.Path, PaperPrefix + key)) + count;
            }
        }
        nodes.AddRange(missing.Select(m => new GraphNode(m, m[MissingPrefix.Length..], "", true)));
        nodes.AddRange(keys.Select(k => PaperNode(ws, k)));
        return new Graph(nodes.ToImmutableArray(),
            edges.OrderBy(e => e.Key.Item1, StringComparer.Ordinal).ThenBy(e => e.Key.Item2, StringComparer.Ordinal)
                .Select(e => new GraphEdge(e.Key.Item1, e.Key.Item2, e.Value)).ToImmutableArray());
    }

    /// <summary>The keys a note cites (citations that count), each with how often, and the key it is the literature note of (once more).</summary>
    private static Dictionary<string, int> PapersOf(WorkspaceSnapshot ws, NoteDocument n)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        if (ws.IsTemplate(n)) return result;
        foreach (var c in n.Syntax.Citations)
            if (CitationFeatures.Counts(ws, n, c)) result[c.Key] = result.GetValueOrDefault(c.Key) + 1;
        if (CitationFeatures.LiteratureKeyOf(ws, n) is { } own) result[own] = result.GetValueOrDefault(own) + 1;
        return result;
    }

    /// <summary>A paper's node: the short reference (or the key when no bibliography defines it), and where a click goes.</summary>
    private static GraphNode PaperNode(WorkspaceSnapshot ws, string key)
    {
        var defs = ws.Citations.Definitions(key);
        var literature = CitationFeatures.LiteratureNotes(ws, key).FirstOrDefault(n => !ws.IsTemplate(n));
        string path = literature?.RelativePath
            ?? (defs.IsEmpty ? "" : defs[0].File is { } file ? NotePath.Relative(file.Path, file.Root) : ws[defs[0].Path]?.RelativePath ?? "");
        return new GraphNode(PaperPrefix + key, defs.IsEmpty ? key : BibFormat.Short(defs[0].Entry), path, defs.IsEmpty, GraphNode.PaperKind);
    }
}
