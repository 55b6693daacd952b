using Notes.Core.Features;
using Notes.Core.Index;
using Notes.Lsp.Server.Hosting;
using Notes.Lsp.Server.Protocol;

namespace Notes.Lsp.Server.Handlers;

/// <summary>Our own requests for the extension's views: backlinks with context, the link graph, unlinked mentions.</summary>
public sealed class NotesRequestsHandler : IHandler
{
    public void Register(ServerSession s)
    {
        var json = NotesJsonContext.Default;
        s.Read("notes/backlinks", json.BacklinksParams, json.BacklinksResult, (p, view, ct) =>
        {
            if (Proto.Note(view, p.TextDocument) is not { } note) return new BacklinksResult([]);
            var items = Navigation.NoteRefs(view.Index, note, includeDeclaration: false, ct)
                .Select(r => view.Index[r.Location.Path] is { } source
                    ? new BacklinkItem(Proto.Uri(source.Path), Proto.Range(source, r.Location.Span, view.Encoding), r.Context, source.Title)
                    : null)
                .OfType<BacklinkItem>().ToArray();
            return new BacklinksResult(items);
        });
        s.Read("notes/graph", json.GraphParams, json.GraphResult, (p, view, ct) =>
        {
            var center = p.TextDocument is null ? null : Proto.Note(view, p.TextDocument);
            var graph = LinkGraph.Build(view.Index, center, Math.Clamp(p.Depth ?? 1, 0, 10), ct, papers: p.Papers == true);
            return new GraphResult(
                graph.Nodes.Select(n => new GraphNodeDto(n.Id, n.Label, n.Path, n.Missing, n.Kind)).ToArray(),
                graph.Edges.Select(e => new GraphEdgeDto(e.From, e.To, e.Count)).ToArray());
        });
        s.Read("notes/unlinkedMentions", json.UnlinkedMentionsParams, json.UnlinkedMentionsResult, (p, view, ct) =>
        {
            if (Proto.Note(view, p.TextDocument) is not { } note) return new UnlinkedMentionsResult([]);
            return new UnlinkedMentionsResult(UnlinkedMentions.Find(view.Index, note, ct)
                .Select(m => new UnlinkedMentionItem(Proto.Range(note, m.Span, view.Encoding), m.Text, Proto.Uri(m.Target.Path), m.Target.Title))
                .ToArray());
        });
    }
}
