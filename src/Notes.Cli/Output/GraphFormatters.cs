using System.Text;
using Notes.Core.Features;

namespace Notes.Cli.Output;

/// <summary>Writes a <see cref="Graph"/> as Graphviz DOT, Mermaid or JSON. Node ids are vault-relative paths.</summary>
public static class GraphFormatters
{
    /// <summary>The names accepted by <c>--format</c>.</summary>
    public static readonly string[] Names = ["dot", "json", "mermaid"];

    /// <summary>A node as written: its id (relative path, or <c>missing:name</c>) and label.</summary>
    public sealed record NodeJson(string Id, string Label, bool Missing);
    /// <summary>An edge with the number of links it stands for.</summary>
    public sealed record EdgeJson(string From, string To, int Count);
    /// <summary>The JSON form of the graph.</summary>
    public sealed record GraphJson(IReadOnlyList<NodeJson> Nodes, IReadOnlyList<EdgeJson> Edges);

    /// <summary>Writes the graph in the named format.</summary>
    public static void Write(Graph graph, string format, TextWriter w)
    {
        var json = ToJson(graph);
        switch (format)
        {
            case "json": Json.Write(w, json); break;
            case "mermaid": WriteMermaid(json, w); break;
            default: WriteDot(json, w); break;
        }
    }

    /// <summary>Replaces full paths by relative ones.</summary>
    public static GraphJson ToJson(Graph graph)
    {
        var ids = graph.Nodes.ToDictionary(n => n.Id, n => n.Missing ? n.Id : n.Path, StringComparer.Ordinal);
        return new GraphJson(
            [.. graph.Nodes.Select(n => new NodeJson(ids[n.Id], n.Label, n.Missing))],
            [.. graph.Edges.Select(e => new EdgeJson(ids[e.From], ids[e.To], e.Count))]);
    }

    /// <summary>Graphviz: boxes for notes, dashed red ellipses for missing notes, edge labels for repeated links.</summary>
    public static void WriteDot(GraphJson g, TextWriter w)
    {
        w.WriteLine("digraph notes {");
        w.WriteLine("  rankdir=LR;");
        w.WriteLine("  node [shape=box];");
        foreach (var n in g.Nodes)
            w.WriteLine($"  {Dot(n.Id)} [label={Dot(n.Label)}{(n.Missing ? ", shape=ellipse, style=dashed, color=red" : "")}];");
        foreach (var e in g.Edges)
            w.WriteLine($"  {Dot(e.From)} -> {Dot(e.To)}{(e.Count > 1 ? $" [label=\"{e.Count}\"]" : "")};");
        w.WriteLine("}");
    }

    /// <summary>Mermaid flowchart: nodes n0, n1, … with their labels; missing notes in the <c>missing</c> class.</summary>
    public static void WriteMermaid(GraphJson g, TextWriter w)
    {
        var index = g.Nodes.Select((n, i) => (n.Id, i)).ToDictionary(x => x.Id, x => $"n{x.i}", StringComparer.Ordinal);
        w.WriteLine("graph LR");
        foreach (var n in g.Nodes)
            w.WriteLine($"  {index[n.Id]}[\"{Mermaid(n.Label)}\"]{(n.Missing ? ":::missing" : "")}");
        foreach (var e in g.Edges)
            w.WriteLine($"  {index[e.From]} -->{(e.Count > 1 ? $"|{e.Count}|" : "")} {index[e.To]}");
        if (g.Nodes.Any(n => n.Missing)) w.WriteLine("  classDef missing stroke-dasharray: 5 5,stroke:#c00;");
    }

    private static string Dot(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            if (c is '"' or '\\') sb.Append('\\');
            sb.Append(c is '\n' or '\r' ? ' ' : c);
        }
        return sb.Append('"').ToString();
    }

    private static string Mermaid(string s) => s.Replace("\"", "#quot;").Replace("\n", " ").Replace("\r", " ");
}
