using Nerdbank.Streams;
using Notes.Lsp.Protocol.JsonRpc;

namespace Notes.Testing;

/// <summary>A client and a server connection on the two ends of one in-memory full-duplex stream (Nerdbank.Streams).</summary>
public static class InMemoryDuplex
{
    public static (JsonRpcConnection Client, JsonRpcConnection Server) CreatePair(JsonRpcOptions? clientOptions = null, JsonRpcOptions? serverOptions = null)
    {
        var (clientEnd, serverEnd) = FullDuplexStream.CreatePair();
        return (JsonRpcConnection.FromStreams(clientEnd, clientEnd, clientOptions), JsonRpcConnection.FromStreams(serverEnd, serverEnd, serverOptions));
    }
}
