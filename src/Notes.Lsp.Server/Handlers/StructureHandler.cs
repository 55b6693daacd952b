using System.Text.Json;
using Notes.Core.Features;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Hosting;
using Notes.Lsp.Server.Protocol;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Handlers;

/// <summary>Backlink lenses, clickable links, folding of sections/front matter/code, and semantic tokens.</summary>
public sealed class StructureHandler : IHandler
{
    public void Register(ServerSession s)
    {
        s.Read("textDocument/codeLens", Default.CodeLensParams, Default.CodeLensArray, (p, view, ct) =>
        {
            if (Proto.Note(view, p.TextDocument) is not { } note) return [];
            return Structure.Lenses(view.Index, note, ct).Select(l =>
            {
                var range = Proto.Range(note, l.Span, view.Encoding);
                var args = new[]
                {
                    JsonSerializer.SerializeToElement(Proto.Uri(l.Path), Default.String),
                    JsonSerializer.SerializeToElement(Proto.Position(note.Syntax.Lines, l.Offset, view.Encoding), Default.Position),
                };
                return new CodeLens(range, new Command(l.Title, Capabilities.ShowBacklinksCommand, args));
            }).ToArray();
        });
        s.Read("textDocument/documentLink", Default.DocumentLinkParams, Default.DocumentLinkArray, (p, view, ct) =>
        {
            if (Proto.Note(view, p.TextDocument) is not { } note) return [];
            return Structure.Links(view.Index, note).Select(l =>
            {
                var line = view.Index[l.TargetPath] is { } t ? t.Syntax.Lines.LineOf(l.TargetSpan.Start) : 0;
                var target = Proto.Uri(l.TargetPath) + (line > 0 ? $"#L{line + 1}" : "");
                return new DocumentLink(Proto.Range(note, l.Span, view.Encoding), target, view.Index[l.TargetPath]?.Title);
            }).ToArray();
        });
        s.Read("textDocument/foldingRange", Default.FoldingRangeParams, Default.FoldingRangeArray, (p, view, ct) =>
            Proto.Note(view, p.TextDocument) is { } note
                ? Structure.Folds(note).Select(f => new FoldingRange(f.StartLine, f.EndLine, f.Kind switch
                {
                    FoldKind.FrontMatter => "imports",
                    FoldKind.Section => "region",
                    _ => null,
                })).ToArray()
                : []);
        s.Read("textDocument/semanticTokens/full", Default.SemanticTokensParams, Default.SemanticTokens, (p, view, ct) =>
        {
            if (Proto.Note(view, p.TextDocument) is not { } note) return new SemanticTokens([]);
            var data = new List<int>();
            int prevLine = 0, prevChar = 0;
            foreach (var t in Structure.Tokens(view.Index, note).OrderBy(t => t.Span.Start))
            {
                var start = note.Syntax.Lines.ToPosition(t.Span.Start, view.Encoding);
                var end = note.Syntax.Lines.ToPosition(t.Span.End, view.Encoding);
                if (end.Line != start.Line) continue; // tokens never span lines
                data.AddRange([start.Line - prevLine, start.Line == prevLine ? start.Character - prevChar : start.Character, end.Character - start.Character, (int)t.Kind, 0]);
                (prevLine, prevChar) = (start.Line, start.Character);
            }
            return new SemanticTokens(data.ToArray());
        });
    }
}
