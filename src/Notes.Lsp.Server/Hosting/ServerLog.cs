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

    /// <summary><c>$/setTrace</c>: "off" (default), "messages" or "verbose"; when on, each line also goes out as <c>$/logTrace</c>.</summary>
    public string Trace { get; set; } = "off";

    public void Write(string message)
    {
        var line = $"[{DateTime.UtcNow:HH:mm:ss.fff}] {message}";
        lock (_gate) stderr?.WriteLine(line);
        Line?.Invoke(message);
        if (_host is not { } h) return;
        _ = h.LogAsync(MessageType.Log, message);
        if (Trace != "off") _ = h.TraceAsync(message);
    }
}
