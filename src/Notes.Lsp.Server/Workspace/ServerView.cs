using Notes.Core.Config;
using Notes.Core.Index;
using Notes.Core.Text;

namespace Notes.Lsp.Server.Workspace;

/// <summary>
/// What a read request sees: one immutable snapshot of the index, the configuration and the open documents'
/// versions, taken when the request arrived.
/// </summary>
public sealed record ServerView(WorkspaceSnapshot Index, NotesConfig Config, PositionEncoding Encoding, IReadOnlyDictionary<string, int> OpenVersions, bool Ready);
