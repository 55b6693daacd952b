using System.Collections.Immutable;
using System.Text.Json;
using Notes.Core.Config;
using Notes.Core.Features;
using Notes.Core.Index;
using Notes.Core.Text;
using Notes.FileSystem;
using Notes.Lsp.Protocol.JsonRpc;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Workspace;
using Range = Notes.Lsp.Protocol.Lsp.Range;
using Position = Notes.Lsp.Protocol.Lsp.Position;

namespace Notes.Lsp.Server.Protocol;

/// <summary>
/// The edge between LSP and the core, both ways (rust-analyzer's from_proto / to_proto): URIs ↔ paths,
/// positions ↔ offsets in the negotiated encoding, core results → LSP results.
/// </summary>
public static class Proto
{
    // ---- from the client -----------------------------------------------------------------------------------------

    /// <summary>The workspace path of a document URI, or null for a URI that is not a file.</summary>
    public static string? PathOf(string? uri) => uri is null ? null : FileUri.ToPath(uri) is { } p ? NotesWorkspace.Normalise(p) : null;

    /// <summary>The indexed note a document URI names, or null (logged by the caller as an empty answer).</summary>
    public static NoteDocument? Note(ServerView view, TextDocumentIdentifier? doc) =>
        PathOf(doc?.Uri) is { } path ? view.Index[path] : null;

    /// <summary>
    /// An offset in the note's text. Negative values and a line past the end are invalid params (answering at the end
    /// of the text instead would answer a question nobody asked); a character past the end of its line clamps.
    /// </summary>
    public static int Offset(NoteDocument note, Position? position, PositionEncoding encoding) => Offset(note.Syntax.Lines, position, encoding);

    /// <inheritdoc cref="Offset(NoteDocument, Position?, PositionEncoding)"/>
    public static int Offset(LineIndex lines, Position? position, PositionEncoding encoding)
    {
        if (position is null) throw new LspException(ErrorCodes.InvalidParams, "position is missing");
        if (position.Line < 0 || position.Character < 0)
            throw new LspException(ErrorCodes.InvalidParams, $"negative position ({position.Line},{position.Character})");
        if (position.Line >= lines.LineCount)
            throw new LspException(ErrorCodes.InvalidParams, $"line {position.Line} is past the end of the document ({lines.LineCount} lines)");
        return lines.GetOffsetClamped(new LinePosition(position.Line, position.Character), encoding);
    }

    /// <summary>The citation key of the entry at a position of an open bibliography file (<see cref="CitationFeatures.BibEntryAt"/>), with its range; null elsewhere.</summary>
    public static (string Path, string Key, Range Range)? BibliographyKeyAt(OpenTexts texts, TextDocumentIdentifier? doc, Position? position, PositionEncoding encoding) =>
        PathOf(doc?.Uri) is { } path && texts[path] is { } open
        && CitationFeatures.BibEntryAt(open.Value, Offset(open.Lines, position, encoding)) is { } entry
            ? (NotesWorkspace.Normalise(path), entry.Key, Range(open.Lines, entry.KeySpan, encoding))
            : null;

    /// <summary>A range's span; its end may lie past the last line (a whole-document range), which means the end of the text.</summary>
    public static TextSpan Span(NoteDocument note, Range range, PositionEncoding encoding)
    {
        int a = Offset(note, range.Start, encoding);
        int b = range.End is { Line: >= 0, Character: >= 0 } end && end.Line >= note.Syntax.Lines.LineCount ? note.Syntax.Text.Length : Offset(note, range.End, encoding);
        return a <= b ? new TextSpan(a, b) : new TextSpan(b, a);
    }

    /// <summary>
    /// A change as the client sent it: a bad range (negative too) is for <see cref="TextChanges.Apply"/> to refuse, so the
    /// document is dropped rather than left one edit behind the editor. The deprecated <c>rangeLength</c> is ignored: the
    /// range decides (clients count it in different units).
    /// </summary>
    public static TextChange Change(TextDocumentContentChangeEvent e) =>
        e.Range is null ? new TextChange(null, null, e.Text ?? "")
            : new TextChange(new LinePosition(e.Range.Start.Line, e.Range.Start.Character), new LinePosition(e.Range.End.Line, e.Range.End.Character), e.Text ?? "");

    public static PositionEncoding Encoding(string negotiated) => negotiated switch
    {
        PositionEncodings.Utf8 => PositionEncoding.Utf8,
        PositionEncodings.Utf32 => PositionEncoding.Utf32,
        _ => PositionEncoding.Utf16,
    };

    // ---- to the client -------------------------------------------------------------------------------------------

    public static string Uri(string path) => FileUri.FromPath(path);

    public static Position Position(LineIndex lines, int offset, PositionEncoding encoding)
    {
        var p = lines.ToPosition(offset, encoding);
        return new Position(p.Line, p.Character);
    }

    public static Range Range(LineIndex lines, TextSpan span, PositionEncoding encoding) =>
        new(Position(lines, span.Start, encoding), Position(lines, span.End, encoding));

    public static Range Range(NoteDocument note, TextSpan span, PositionEncoding encoding) => Range(note.Syntax.Lines, span, encoding);

    /// <summary>A location in any indexed note; null when the note is gone from the snapshot.</summary>
    public static Location? Location(ServerView view, NoteLocation loc) =>
        LinesOf(view, loc.Path) is { } lines ? new Location(Uri(loc.Path), Range(lines, loc.Span, view.Encoding)) : null;

    /// <summary>The lines of an indexed note or bibliography file, or null.</summary>
    public static LineIndex? LinesOf(ServerView view, string path) =>
        view.Index[path]?.Syntax.Lines ?? view.Index.Citations.Files.GetValueOrDefault(path)?.Lines;

    /// <summary>Locations in indexed notes and attachments (gone ones left out); one URI string per file, however many locations it has.</summary>
    public static Location[] Locations(ServerView view, IEnumerable<NoteLocation> locs)
    {
        var uris = new Dictionary<string, string>(StringComparer.Ordinal);
        var result = new List<Location>();
        foreach (var loc in locs)
        {
            var lines = LinesOf(view, loc.Path);
            // An attachment is opened whole (the editor shows images and PDFs itself): its start.
            if (lines is null && view.Index.Attachments[loc.Path] is null) continue;
            if (!uris.TryGetValue(loc.Path, out var uri)) uris[loc.Path] = uri = Uri(loc.Path);
            result.Add(new Location(uri, lines is null ? new Lsp.Protocol.Lsp.Range(new Position(0, 0), new Position(0, 0)) : Range(lines, loc.Span, view.Encoding)));
        }
        return [.. result];
    }

    public static int Severity(Severity s) => s switch
    {
        Core.Config.Severity.Error => DiagnosticSeverity.Error,
        Core.Config.Severity.Warning => DiagnosticSeverity.Warning,
        Core.Config.Severity.Information => DiagnosticSeverity.Information,
        _ => DiagnosticSeverity.Hint,
    };

    public static Diagnostic Diagnostic(ServerView view, NoteDocument note, NoteDiagnostic d) => Diagnostic(view, note.Syntax.Lines, d);

    /// <summary>A diagnostic in any file whose lines the index holds (a note, a bibliography).</summary>
    public static Diagnostic Diagnostic(ServerView view, LineIndex lines, NoteDiagnostic d) => new()
    {
        Range = Range(lines, d.Span, view.Encoding),
        Severity = Severity(d.Severity),
        Code = d.Code,
        Source = "notes",
        Message = d.Message,
        Tags = d.Code == DiagnosticCodes.UnlinkedMention ? [1] : null, // Unnecessary: rendered faded
        RelatedInformation = d.Related.IsEmpty ? null : d.Related
            .Select(r => Location(view, new NoteLocation(r.Path, r.Span)) is { } l ? new DiagnosticRelatedInformation(l, r.Message) : null)
            .OfType<DiagnosticRelatedInformation>().ToArray(),
        Data = d.Data is null ? null : JsonSerializer.SerializeToElement(d.Data, Notes.Lsp.Protocol.Lsp.LspJsonContext.Default.String),
    };

    public static Diagnostic[] Diagnostics(ServerView view, NoteDocument? note, ImmutableArray<NoteDiagnostic> ds) =>
        note is null ? [] : ds.Select(d => Diagnostic(view, note, d)).ToArray();

    /// <summary>A problem of the configuration file, at its line and column (a one-character range).</summary>
    public static Diagnostic ConfigDiagnostic(ConfigProblem p)
    {
        var at = new Position(Math.Max(0, p.Line), Math.Max(0, p.Column));
        return new Diagnostic
        {
            Range = new Range(at, at with { Character = at.Character + 1 }),
            Severity = DiagnosticSeverity.Error,
            Code = DiagnosticCodes.Config,
            Source = "notes",
            Message = p.Message,
        };
    }
}
