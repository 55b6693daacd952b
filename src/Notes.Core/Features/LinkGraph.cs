using System.Collections.Immutable;
using Notes.Core.Index;
using Notes.Core.Text;

namespace Notes.Core.Features;

public sealed record GraphNode(string Id, string Label, string Path, bool Missing);

public sealed record GraphEdge(string From, string To, int Count);

public sealed record Graph(ImmutableArray<GraphNode> Nodes, ImmutableArray<GraphEdge> Edges);

/// <summary>A link between two notes with where it stands in the source (for the call hierarchy).</summary>
public sealed record NoteCall(NoteDocument Note, ImmutableArray<TextSpan> Spans);

/// <summary>The link graph: the whole workspace or a note's neighbourhood, and one level of incoming or outgoing links.</summary>
public static class LinkGraph
{
    public const string MissingPrefix = "missing:";

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
    /// graph leaves them out, and their links are no edges.
    /// </summary>
    public static Graph Build(WorkspaceSnapshot ws, NoteDocument? center, int depth, CancellationToken ct = default)
    {
        IEnumerable<NoteDocument> included;
        if (center is null) included = ws.All.Where(n => n.InWorkspace && !ws.IsTemplate(n));
        else
        {
            var seen = new Dictionary<string, NoteDocument>(StringComparer.Ordinal) { [center.Path] = center };
            var frontier = new List<NoteDocument> { center };
            for (int d = 0; d < Math.Max(0, depth) && frontier.Count > 0; d++)
            {
                var next = new List<NoteDocument>();
                foreach (var n in frontier)
                {
                    ct.ThrowIfCancellationRequested();
                    foreach (var c in (ws.IsTemplate(n) ? [] : Outgoing(ws, n)).Concat(Incoming(ws, n, ct)))
                        if (seen.TryAdd(c.Note.Path, c.Note)) next.Add(c.Note);
                }
                frontier = next;
            }
            included = seen.Values;
        }
        var set = included.ToDictionary(n => n.Path, StringComparer.Ordinal);
        var nodes = set.Values.OrderBy(n => n.Path, StringComparer.Ordinal).Select(n => new GraphNode(n.Path, n.Title, n.RelativePath, false)).ToList();
        var edges = new Dictionary<(string, string), int>();
        var missing = new SortedSet<string>(StringComparer.Ordinal);
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
        }
        nodes.AddRange(missing.Select(m => new GraphNode(m, m[MissingPrefix.Length..], "", true)));
        return new Graph(nodes.ToImmutableArray(),
            edges.OrderBy(e => e.Key.Item1, StringComparer.Ordinal).ThenBy(e => e.Key.Item2, StringComparer.Ordinal)
                .Select(e => new GraphEdge(e.Key.Item1, e.Key.Item2, e.Value)).ToImmutableArray());
    }
}
