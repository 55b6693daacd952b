using System.Text.Json;

namespace Notes.Lsp.Protocol.JsonRpc;

/// <summary>JSON-RPC and LSP error codes.</summary>
public static class ErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int ServerNotInitialized = -32002;
    public const int UnknownErrorCode = -32001;
    public const int RequestFailed = -32803;
    public const int ServerCancelled = -32802;
    public const int ContentModified = -32801;
    public const int RequestCancelled = -32800;
}

/// <summary>An error to answer instead of a result.</summary>
public sealed record LspError(int Code, string Message);

/// <summary>Thrown by a handler to answer an error response with this code.</summary>
public sealed class LspException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}

/// <summary>The peer answered our request with an error.</summary>
public sealed class JsonRpcRemoteException(int code, string message, JsonElement? errorData) : Exception(message)
{
    public int Code { get; } = code;
    public JsonElement? ErrorData { get; } = errorData;
}
