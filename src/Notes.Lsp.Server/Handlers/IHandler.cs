using Notes.Lsp.Server.Hosting;

namespace Notes.Lsp.Server.Handlers;

/// <summary>One feature's glue: registers its methods; each handler converts, asks the core, converts back.</summary>
public interface IHandler
{
    void Register(ServerSession session);
}
