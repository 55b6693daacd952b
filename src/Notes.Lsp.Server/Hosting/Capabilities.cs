using Notes.Core.Features;
using Notes.Lsp.Protocol.Lsp;

namespace Notes.Lsp.Server.Hosting;

/// <summary>What this server offers, in one place.</summary>
public static class Capabilities
{
    public const string CreateNoteCommand = "notes.createNote";
    /// <summary>Client-side command a backlinks lens runs (the VS Code extension shows the references view).</summary>
    public const string ShowBacklinksCommand = "notes.showBacklinks";

    /// <summary>Semantic token legend, in <see cref="TokenKind"/> order.</summary>
    public static readonly string[] TokenTypes = ["wikilink", "tag", "unresolvedLink"];

    private static readonly FileOperationRegistrationOptions NoteFiles = new(
    [
        new FileOperationFilter(new FileOperationPattern("**/*", "file"), "file"), // notes and attachments alike
        new FileOperationFilter(new FileOperationPattern("**/*", "folder"), "file"),
    ]);

    public static ServerCapabilities For(ClientCapabilities client) => new()
    {
        TextDocumentSync = new TextDocumentSyncOptions(OpenClose: true, Change: 2, Save: new SaveOptions(IncludeText: true)),
        CompletionProvider = new CompletionOptions(["[", "#", "^", "|", "(", "/"], ResolveProvider: true),
        HoverProvider = true,
        DefinitionProvider = true,
        ReferencesProvider = true,
        DocumentSymbolProvider = true,
        WorkspaceSymbolProvider = true,
        RenameProvider = new RenameOptions(PrepareProvider: true),
        CodeActionProvider = new CodeActionOptions([CodeActions.QuickFix, CodeActions.Refactor]),
        CodeLensProvider = new CodeLensOptions(ResolveProvider: false),
        DocumentLinkProvider = new DocumentLinkOptions(ResolveProvider: false),
        FoldingRangeProvider = true,
        SemanticTokensProvider = new SemanticTokensOptions(new SemanticTokensLegend(TokenTypes, []), Full: true, Range: false),
        CallHierarchyProvider = true,
        ExecuteCommandProvider = new ExecuteCommandOptions([CreateNoteCommand]),
        Workspace = new ServerWorkspaceCapabilities(
            new WorkspaceFoldersServerCapabilities(Supported: true, ChangeNotifications: false),
            new FileOperationsServerCapabilities(WillRename: NoteFiles, DidRename: NoteFiles)),
    };
}
