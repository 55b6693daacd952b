using System.Text.Json;
using System.Text.Json.Serialization;
using Notes.Lsp.Protocol.Lsp;
using Range = Notes.Lsp.Protocol.Lsp.Range;

namespace Notes.Lsp.Server.Protocol;

// Our own requests and notifications beyond LSP (the VS Code extension uses them).

/// <summary><c>notes/backlinks</c>: who links to this note.</summary>
public sealed record BacklinksParams(TextDocumentIdentifier TextDocument);
public sealed record BacklinkItem(string Uri, Range Range, string Context, string SourceTitle);
public sealed record BacklinksResult(BacklinkItem[] Items);

/// <summary><c>notes/graph</c>: the link graph, whole or around a note; with <c>papers: true</c> the cited papers too (nodes of kind "paper").</summary>
public sealed record GraphParams(TextDocumentIdentifier? TextDocument = null, int? Depth = null, bool? Papers = null);
public sealed record GraphNodeDto(string Id, string Label, string Path, bool Missing, string Kind = "note");
public sealed record GraphEdgeDto(string From, string To, int Count);
public sealed record GraphResult(GraphNodeDto[] Nodes, GraphEdgeDto[] Edges);

/// <summary><c>notes/unlinkedMentions</c>: text naming another note that is not a link.</summary>
public sealed record UnlinkedMentionsParams(TextDocumentIdentifier TextDocument);
public sealed record UnlinkedMentionItem(Range Range, string Text, string TargetUri, string TargetTitle);
public sealed record UnlinkedMentionsResult(UnlinkedMentionItem[] Items);

/// <summary><c>notes/status</c> (server → client): indexing state and counts.</summary>
public sealed record StatusParams(string State, int Notes, int Problems, int? Indexed = null, int? Total = null);

/// <summary>Arguments of the <c>notes.createNote</c> command: make a note from the selected text.</summary>
public sealed record CreateNoteArgs(string Uri, Range Range, string? Title = null);

/// <summary>What <c>completionItem/resolve</c> needs to find the note again, or a citation key's entry (<paramref name="Key"/> in the bibliography or note at <paramref name="Path"/>).</summary>
public sealed record CompletionData(string Path, string? Key = null)
{
    /// <summary>The data a completion item carries back to resolve, or null when it is not ours.</summary>
    public static CompletionData? From(JsonElement? data)
    {
        if (data is not { ValueKind: JsonValueKind.Object } d) return null;
        try { return d.Deserialize(NotesJsonContext.Default.CompletionData); }
        catch (JsonException) { return null; }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip, RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(BacklinksParams))]
[JsonSerializable(typeof(BacklinksResult))]
[JsonSerializable(typeof(GraphParams))]
[JsonSerializable(typeof(GraphResult))]
[JsonSerializable(typeof(UnlinkedMentionsParams))]
[JsonSerializable(typeof(UnlinkedMentionsResult))]
[JsonSerializable(typeof(StatusParams))]
[JsonSerializable(typeof(CreateNoteArgs))]
[JsonSerializable(typeof(CompletionData))]
public sealed partial class NotesJsonContext : JsonSerializerContext;
