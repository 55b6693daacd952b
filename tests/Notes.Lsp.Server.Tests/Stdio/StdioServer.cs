using System.Diagnostics;
using System.Text;
using Notes.Lsp.Stdio;

namespace Notes.Lsp.Server.Tests.Stdio;

/// <summary>Where the published server is, and frames as text, for the tests that drive it as a process.</summary>
public static class StdioServer
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    /// <summary><c>NOTES_LSP_SERVER</c> if set, else <c>artifacts/server/Notes.Lsp.Server.dll</c> (scripts/test.sh publishes it).</summary>
    public static string Path()
    {
        var path = Environment.GetEnvironmentVariable("NOTES_LSP_SERVER") is { Length: > 0 } env
            ? env
            : System.IO.Path.Combine(StdioFeatureTests.RepoRoot(), "artifacts", "server", "Notes.Lsp.Server.dll");
        Assert.True(File.Exists(path), $"publish the server first (scripts/test.sh does): {path}");
        return path;
    }

    /// <summary>How to start the server at <see cref="Path"/> with <paramref name="args"/> (see <see cref="LspProcess.StartInfo"/>).</summary>
    public static ProcessStartInfo StartInfo(params string[] args) => LspProcess.StartInfo(Path(), args);

    public static string CorpusFolder() => System.IO.Path.Combine(StdioFeatureTests.RepoRoot(), "tests", "Notes.Lsp.Server.Tests", "Fuzz", "FuzzCorpus");

    /// <summary>A well-formed frame around <paramref name="json"/>.</summary>
    public static string Frame(string json) => $"Content-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}";

    public static string Request(object id, string method, string @params = "{}") =>
        $"{{\"jsonrpc\":\"2.0\",\"id\":{(id is string s ? $"\"{s}\"" : id)},\"method\":\"{method}\",\"params\":{@params}}}";

    public static string Notification(string method, string @params = "{}") =>
        $"{{\"jsonrpc\":\"2.0\",\"method\":\"{method}\",\"params\":{@params}}}";

    /// <summary>A fresh vault and the server started in it; dispose both.</summary>
    public static (LspProcess Lsp, string Root) Start()
    {
        var root = FuzzVault.Create();
        return (LspProcess.Start(Path(), root), root);
    }
}
