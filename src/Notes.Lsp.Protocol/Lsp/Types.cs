using System.Text.Json;
using System.Text.Json.Serialization;

// The LSP 3.17 types this server uses, and only those. Names and shapes follow the specification; unions are
// modelled as one record with optional members (nulls are omitted on the wire).
namespace Notes.Lsp.Protocol.Lsp;

public sealed record Position(int Line, int Character);
public sealed record Range(Position Start, Position End);
public sealed record Location(string Uri, Range Range);
public sealed record TextDocumentIdentifier(string Uri);
public sealed record VersionedTextDocumentIdentifier(string Uri, int Version);

/// <summary><c>version</c> is always written, <c>null</c> for a document the editor does not have open.</summary>
public sealed record OptionalVersionedTextDocumentIdentifier(string Uri,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? Version);

public sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);
public sealed record TextDocumentPositionParams(TextDocumentIdentifier TextDocument, Position Position);
public sealed record TextEdit(Range Range, string NewText);
public sealed record MarkupContent(string Kind, string Value)
{
    public static MarkupContent Markdown(string value) => new("markdown", value);
}
public sealed record Command(string Title, [property: JsonPropertyName("command")] string CommandId, JsonElement[]? Arguments = null);

// ---- lifecycle --------------------------------------------------------------------------------------------------

public sealed record WorkspaceFolder(string Uri, string Name);

public sealed record InitializeParams
{
    public int? ProcessId { get; init; }
    public string? RootUri { get; init; }
    public string? RootPath { get; init; }
    public WorkspaceFolder[]? WorkspaceFolders { get; init; }
    public ClientCapabilities? Capabilities { get; init; }
    public JsonElement? InitializationOptions { get; init; }
    public ClientInfo? ClientInfo { get; init; }
}
public sealed record ClientInfo(string Name, string? Version = null);

public sealed record ClientCapabilities
{
    public GeneralClientCapabilities? General { get; init; }
    public WorkspaceClientCapabilities? Workspace { get; init; }
    public TextDocumentClientCapabilities? TextDocument { get; init; }
    public WindowClientCapabilities? Window { get; init; }
}
public sealed record GeneralClientCapabilities { public string[]? PositionEncodings { get; init; } }
public sealed record WindowClientCapabilities { public bool? WorkDoneProgress { get; init; } }
public sealed record WorkspaceClientCapabilities
{
    public bool? ApplyEdit { get; init; }
    public bool? Configuration { get; init; }
    public bool? WorkspaceFolders { get; init; }
    public WorkspaceEditClientCapabilities? WorkspaceEdit { get; init; }
    public DynamicRegistrationCapability? DidChangeWatchedFiles { get; init; }
}
public sealed record WorkspaceEditClientCapabilities
{
    public bool? DocumentChanges { get; init; }
    public string[]? ResourceOperations { get; init; }
}
public sealed record DynamicRegistrationCapability { public bool? DynamicRegistration { get; init; } }
public sealed record TextDocumentClientCapabilities
{
    public JsonElement? Rename { get; init; }
}

public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo? ServerInfo = null);
public sealed record ServerInfo(string Name, string? Version = null);

public sealed record ServerCapabilities
{
    public string? PositionEncoding { get; init; }
    public TextDocumentSyncOptions? TextDocumentSync { get; init; }
    public CompletionOptions? CompletionProvider { get; init; }
    public bool? HoverProvider { get; init; }
    public bool? DefinitionProvider { get; init; }
    public bool? ReferencesProvider { get; init; }
    public bool? DocumentSymbolProvider { get; init; }
    public bool? WorkspaceSymbolProvider { get; init; }
    public RenameOptions? RenameProvider { get; init; }
    public CodeActionOptions? CodeActionProvider { get; init; }
    public CodeLensOptions? CodeLensProvider { get; init; }
    public DocumentLinkOptions? DocumentLinkProvider { get; init; }
    public bool? FoldingRangeProvider { get; init; }
    public SemanticTokensOptions? SemanticTokensProvider { get; init; }
    public bool? CallHierarchyProvider { get; init; }
    public ExecuteCommandOptions? ExecuteCommandProvider { get; init; }
    public ServerWorkspaceCapabilities? Workspace { get; init; }
}
public sealed record TextDocumentSyncOptions(bool OpenClose, int Change, SaveOptions? Save = null);
public sealed record SaveOptions(bool IncludeText);
public sealed record CompletionOptions(string[] TriggerCharacters, bool ResolveProvider);
public sealed record RenameOptions(bool PrepareProvider);
public sealed record CodeActionOptions(string[] CodeActionKinds, bool ResolveProvider = false);
public sealed record CodeLensOptions(bool ResolveProvider);
public sealed record DocumentLinkOptions(bool ResolveProvider);
public sealed record SemanticTokensLegend(string[] TokenTypes, string[] TokenModifiers);
public sealed record SemanticTokensOptions(SemanticTokensLegend Legend, bool Full, bool Range);
public sealed record ExecuteCommandOptions(string[] Commands);
public sealed record ServerWorkspaceCapabilities(WorkspaceFoldersServerCapabilities? WorkspaceFolders = null, FileOperationsServerCapabilities? FileOperations = null);
public sealed record WorkspaceFoldersServerCapabilities(bool Supported, bool ChangeNotifications);
public sealed record FileOperationsServerCapabilities(FileOperationRegistrationOptions? WillRename = null, FileOperationRegistrationOptions? DidRename = null);
public sealed record FileOperationRegistrationOptions(FileOperationFilter[] Filters);
public sealed record FileOperationFilter(FileOperationPattern Pattern, string? Scheme = null);
public sealed record FileOperationPattern(string Glob, string? Matches = null);

public sealed record InitializedParams;

// ---- window, registration, progress ------------------------------------------------------------------------------

public static class MessageType { public const int Error = 1, Warning = 2, Info = 3, Log = 4; }
public sealed record LogMessageParams(int Type, string Message);
public sealed record ShowMessageParams(int Type, string Message);
public sealed record Registration(string Id, string Method, DidChangeWatchedFilesRegistrationOptions? RegisterOptions = null);
public sealed record RegistrationParams(Registration[] Registrations);
public sealed record DidChangeWatchedFilesRegistrationOptions(FileSystemWatcher[] Watchers);
public sealed record FileSystemWatcher(string GlobPattern, int? Kind = null);
public sealed record WorkDoneProgressCreateParams(string Token);
public sealed record ProgressParams(string Token, WorkDoneProgressValue Value);
public sealed record WorkDoneProgressValue(string Kind, string? Title = null, string? Message = null, int? Percentage = null, bool? Cancellable = null);
public sealed record ConfigurationItem(string? Section = null, string? ScopeUri = null);
public sealed record ConfigurationParams(ConfigurationItem[] Items);

// ---- text synchronisation and workspace notifications ------------------------------------------------------------

public sealed record DidOpenTextDocumentParams(TextDocumentItem TextDocument);
public sealed record TextDocumentContentChangeEvent(string Text, Range? Range = null, int? RangeLength = null);
public sealed record DidChangeTextDocumentParams(VersionedTextDocumentIdentifier TextDocument, TextDocumentContentChangeEvent[] ContentChanges);
public sealed record DidCloseTextDocumentParams(TextDocumentIdentifier TextDocument);
public sealed record DidSaveTextDocumentParams(TextDocumentIdentifier TextDocument, string? Text = null);
public sealed record DidChangeConfigurationParams(JsonElement? Settings = null);
public sealed record FileEvent(string Uri, int Type);
public static class FileChangeType { public const int Created = 1, Changed = 2, Deleted = 3; }
public sealed record DidChangeWatchedFilesParams(FileEvent[] Changes);
public sealed record WorkspaceFoldersChangeEvent(WorkspaceFolder[] Added, WorkspaceFolder[] Removed);
public sealed record DidChangeWorkspaceFoldersParams(WorkspaceFoldersChangeEvent Event);
public sealed record FileRename(string OldUri, string NewUri);
public sealed record RenameFilesParams(FileRename[] Files);

// ---- language features ------------------------------------------------------------------------------------------

public static class CompletionItemKind { public const int Text = 1, Reference = 18, File = 17, Folder = 19, Keyword = 14, Constant = 21, EnumMember = 20, Property = 10; }
public sealed record CompletionParams(TextDocumentIdentifier TextDocument, Position Position, CompletionContext? Context = null);
public sealed record CompletionContext(int TriggerKind, string? TriggerCharacter = null);
public sealed record CompletionItem
{
    public required string Label { get; init; }
    public int? Kind { get; init; }
    public string? Detail { get; init; }
    public MarkupContent? Documentation { get; init; }
    public string? SortText { get; init; }
    public string? FilterText { get; init; }
    public TextEdit? TextEdit { get; init; }
    public JsonElement? Data { get; init; }
}
public sealed record CompletionList(bool IsIncomplete, CompletionItem[] Items);

public sealed record ReferenceContext(bool IncludeDeclaration);
public sealed record ReferenceParams(TextDocumentIdentifier TextDocument, Position Position, ReferenceContext? Context = null);
public sealed record Hover(MarkupContent Contents, Range? Range = null);

public static class SymbolKindCode { public const int File = 1, Module = 2, Namespace = 3, String = 15, Key = 20, Constant = 14, EnumMember = 22; }
public sealed record DocumentSymbolParams(TextDocumentIdentifier TextDocument);
public sealed record DocumentSymbol(string Name, int Kind, Range Range, Range SelectionRange, string? Detail = null, DocumentSymbol[]? Children = null);
public sealed record WorkspaceSymbolParams(string Query);
public sealed record SymbolInformation(string Name, int Kind, Location Location, string? ContainerName = null);

public sealed record RenameParams(TextDocumentIdentifier TextDocument, Position Position, string NewName);
public sealed record PrepareRenameResult(Range Range, string Placeholder);

/// <summary>One entry of <c>documentChanges</c>: a TextDocumentEdit (textDocument + edits) or a file operation (kind).</summary>
public sealed record DocumentChange
{
    public string? Kind { get; init; }
    public OptionalVersionedTextDocumentIdentifier? TextDocument { get; init; }
    public TextEdit[]? Edits { get; init; }
    public string? Uri { get; init; }
    public string? OldUri { get; init; }
    public string? NewUri { get; init; }
    public FileOperationOptions? Options { get; init; }
}
public sealed record FileOperationOptions(bool? Overwrite = null, bool? IgnoreIfExists = null);
public sealed record WorkspaceEdit
{
    public Dictionary<string, TextEdit[]>? Changes { get; init; }
    public DocumentChange[]? DocumentChanges { get; init; }
}
public sealed record ApplyWorkspaceEditParams(WorkspaceEdit Edit, string? Label = null);
public sealed record ApplyWorkspaceEditResult(bool Applied, string? FailureReason = null);

public static class DiagnosticSeverity { public const int Error = 1, Warning = 2, Information = 3, Hint = 4; }
public sealed record DiagnosticRelatedInformation(Location Location, string Message);
public sealed record Diagnostic
{
    public required Range Range { get; init; }
    public int? Severity { get; init; }
    public string? Code { get; init; }
    public string? Source { get; init; }
    public required string Message { get; init; }
    public int[]? Tags { get; init; }
    public DiagnosticRelatedInformation[]? RelatedInformation { get; init; }
    public JsonElement? Data { get; init; }
}
public sealed record PublishDiagnosticsParams(string Uri, Diagnostic[] Diagnostics, int? Version = null);
public sealed record SetTraceParams(string Value);
public sealed record LogTraceParams(string Message);

public sealed record CodeActionContext(Diagnostic[] Diagnostics, string[]? Only = null);
public sealed record CodeActionParams(TextDocumentIdentifier TextDocument, Range Range, CodeActionContext Context);
public sealed record CodeAction
{
    public required string Title { get; init; }
    public string? Kind { get; init; }
    public Diagnostic[]? Diagnostics { get; init; }
    public bool? IsPreferred { get; init; }
    public WorkspaceEdit? Edit { get; init; }
    public Command? Command { get; init; }
}

public sealed record CodeLensParams(TextDocumentIdentifier TextDocument);
public sealed record CodeLens(Range Range, Command? Command = null);
public sealed record DocumentLinkParams(TextDocumentIdentifier TextDocument);
public sealed record DocumentLink(Range Range, string? Target = null, string? Tooltip = null);
public sealed record FoldingRangeParams(TextDocumentIdentifier TextDocument);
public sealed record FoldingRange(int StartLine, int EndLine, string? Kind = null);
public sealed record SemanticTokensParams(TextDocumentIdentifier TextDocument);
public sealed record SemanticTokens(int[] Data);

public sealed record CallHierarchyPrepareParams(TextDocumentIdentifier TextDocument, Position Position);
public sealed record CallHierarchyItem(string Name, int Kind, string Uri, Range Range, Range SelectionRange, string? Detail = null);
public sealed record CallHierarchyIncomingCallsParams(CallHierarchyItem Item);
public sealed record CallHierarchyOutgoingCallsParams(CallHierarchyItem Item);
public sealed record CallHierarchyIncomingCall(CallHierarchyItem From, Range[] FromRanges);
public sealed record CallHierarchyOutgoingCall(CallHierarchyItem To, Range[] FromRanges);

public sealed record ExecuteCommandParams(string Command, JsonElement[]? Arguments = null);
