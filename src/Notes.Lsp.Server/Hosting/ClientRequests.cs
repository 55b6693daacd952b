using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Notes.Lsp.Protocol.JsonRpc;
using Notes.Lsp.Protocol.Lsp;

namespace Notes.Lsp.Server.Hosting;

/// <summary>
/// Every request the server sends to the client, in one place: each is sent only when the client declared the
/// capability, waits at most its own deadline, and leaves a log line with its outcome (answered, refused, timed
/// out, or the connection ended). Nothing in the server awaits the client without a deadline. Notifications go
/// out here too, so that one closing connection is handled in one place.
/// </summary>
public sealed class ClientRequests(Func<JsonRpcConnection> rpc, ServerLog log, CancellationToken stopping)
{
    public static readonly TimeSpan ConfigurationTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan RegistrationTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan ProgressTimeout = TimeSpan.FromSeconds(5);
    /// <summary>A client may show the edit to the user before answering (a preview, a confirmation).</summary>
    public static readonly TimeSpan ApplyEditTimeout = TimeSpan.FromMinutes(5);

    private ClientCapabilities _caps = new();

    /// <summary>Set once, by <c>initialize</c>.</summary>
    public ClientCapabilities Capabilities { get => _caps; set => _caps = value; }

    /// <summary>The <paramref name="section"/> settings, or null when the client cannot say or did not in time.</summary>
    public async Task<JsonElement?> ConfigurationAsync(string section)
    {
        if (_caps.Workspace?.Configuration != true) return null;
        var (ok, result) = await SendAsync("workspace/configuration", new ConfigurationParams([new ConfigurationItem(section)]),
            LspJsonContext.Default.ConfigurationParams, LspJsonContext.Default.JsonElementArray, ConfigurationTimeout).ConfigureAwait(false);
        return ok && result is { Length: > 0 } items ? items[0] : null;
    }

    /// <summary>Asks the client to watch these globs; false when it cannot (no dynamic registration) or did not agree in time.</summary>
    public async Task<bool> RegisterWatchersAsync(string id, IEnumerable<string> globs)
    {
        if (_caps.Workspace?.DidChangeWatchedFiles?.DynamicRegistration != true) return false;
        var watchers = globs.Select(g => new Notes.Lsp.Protocol.Lsp.FileSystemWatcher(g)).ToArray();
        var (ok, _) = await SendAsync("client/registerCapability",
            new RegistrationParams([new Registration(id, "workspace/didChangeWatchedFiles", new DidChangeWatchedFilesRegistrationOptions(watchers))]),
            LspJsonContext.Default.RegistrationParams, LspJsonContext.Default.NullableJsonElement, RegistrationTimeout).ConfigureAwait(false);
        return ok;
    }

    /// <summary>Creates a work-done progress token; false when the client does not show progress or did not answer in time.</summary>
    public async Task<bool> CreateProgressAsync(string token)
    {
        if (_caps.Window?.WorkDoneProgress != true) return false;
        var (ok, _) = await SendAsync("window/workDoneProgress/create", new WorkDoneProgressCreateParams(token),
            LspJsonContext.Default.WorkDoneProgressCreateParams, LspJsonContext.Default.NullableJsonElement, ProgressTimeout).ConfigureAwait(false);
        return ok;
    }

    /// <summary>Asks the client to apply an edit; true only when it says it did.</summary>
    public async Task<bool> ApplyEditAsync(WorkspaceEdit edit, string label)
    {
        if (_caps.Workspace?.ApplyEdit != true)
        {
            log.Write($"workspace/applyEdit not sent ('{label}'): the client cannot apply edits");
            return false;
        }
        var (ok, result) = await SendAsync("workspace/applyEdit", new ApplyWorkspaceEditParams(edit, label),
            LspJsonContext.Default.ApplyWorkspaceEditParams, LspJsonContext.Default.ApplyWorkspaceEditResult, ApplyEditTimeout).ConfigureAwait(false);
        if (ok && result is { Applied: false } r) log.Write($"workspace/applyEdit: the client did not apply '{label}': {r.FailureReason ?? "no reason given"}");
        return ok && result is { Applied: true };
    }

    /// <summary>A notification; one that cannot be sent any more (the connection is closing) is a log line, never an exception.</summary>
    public async Task NotifyAsync<T>(string method, T value, JsonTypeInfo<T> info)
    {
        try { await rpc().SendNotificationAsync(method, value, info).ConfigureAwait(false); }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or OperationCanceledException or IOException)
        {
            log.Write($"{method} not sent: {e.Message}");
        }
    }

    private async Task<(bool Ok, TR? Result)> SendAsync<TP, TR>(string method, TP p, JsonTypeInfo<TP> pt, JsonTypeInfo<TR> rt, TimeSpan timeout)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            var result = await rpc().SendRequestAsync(method, p, pt, rt, stopping, timeout).ConfigureAwait(false);
            log.Write($"{method}: answered in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
            return (true, result);
        }
        catch (JsonRpcTimeoutException e) { log.Write($"{e.Message}; given up (cancel sent)"); }
        catch (JsonRpcRemoteException e) { log.Write($"{method}: the client answered error {e.Code}: {e.Message}"); }
        catch (JsonException e) { log.Write($"{method}: the client's answer is not what the protocol says: {e.Message}"); }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            log.Write($"{method}: no answer, the connection is closing");
        }
        return (false, default);
    }
}
