using Notes.Lsp.Protocol.Lsp;

namespace Notes.Lsp.Server.Hosting;

/// <summary>One log line per problem: to stderr (never stdout, which carries the protocol) and to the client's output channel.</summary>
public sealed class ServerLog(TextWriter? stderr)
{
    private readonly object _gate = new();
    private LanguageServerHost? _host;

    /// <summary>Every line, for tests.</summary>
    public event Action<string>? Line;

    public void Attach(LanguageServerHost host) => _host = host;

    public void Write(string message)
    {
        var line = $"[{DateTime.UtcNow:HH:mm:ss.fff}] {message}";
        lock (_gate) stderr?.WriteLine(line);
        Line?.Invoke(message);
        if (_host is { } h) _ = h.LogAsync(MessageType.Log, message);
    }
}
