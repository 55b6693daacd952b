using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Notes.Lsp.Protocol.JsonRpc;
using Notes.Lsp.Protocol.Lsp;
using Notes.Testing;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Bench.Lsp;

/// <summary>
/// The published server as a real process over stdio, and a minimal editor-like client: no configuration, no
/// work-done progress, no dynamic registration. Records every pushed diagnostic with its arrival time.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly object _gate = new();
    private readonly List<DiagnosticsWatch> _watches = [];
    private long _lastPublish;
    private int _publishes;

    private readonly string? _ownCache;

    public JsonRpcConnection Rpc { get; }
    public long SpawnTimestamp { get; }
    public int Pid => _process.Id;
    public int Publishes => Volatile.Read(ref _publishes);
    public long LastPublishTimestamp => Interlocked.Read(ref _lastPublish);

    private ServerProcess(string dll, IReadOnlyDictionary<string, string>? environment, Action<string>? stderrLine)
    {
        SpawnTimestamp = Stopwatch.GetTimestamp();
        // A .dll runs on `dotnet`; anything else (a native build of the server) is run itself.
        var start = BuiltProgram.StartInfo(dll, ["--stdio"]);
        start.RedirectStandardInput = start.RedirectStandardOutput = start.RedirectStandardError = true;
        // NOTES_BENCH_SERVER_DIAGNOSTIC_PORT=SOCKET makes the server's runtime wait for a tracer listening there
        // (`dotnet-trace collect --diagnostic-port SOCKET`), so a profile covers the server from its first instruction.
        if (Environment.GetEnvironmentVariable("NOTES_BENCH_SERVER_DIAGNOSTIC_PORT") is { Length: > 0 } port)
        {
            start.Environment["DOTNET_DiagnosticPorts"] = port + ",suspend";
        }
        // Every run starts cold unless it names a cache folder (`start` does): a bench must not reuse what an earlier one left.
        if (environment?.ContainsKey("NOTES_LSP_CACHE_DIR") != true)
        {
            _ownCache = Path.Combine(Path.GetTempPath(), $"notes-bench-cache-{Guid.NewGuid():N}");
            start.Environment["NOTES_LSP_CACHE_DIR"] = _ownCache;
        }
        if (environment is not null)
            foreach (var (name, value) in environment) start.Environment[name] = value;
        _process = Process.Start(start)!;
        if (stderrLine is not null) _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) stderrLine(e.Data); };
        // NOTES_BENCH_SERVER_LOG=FILE keeps the server's log (stderr) of a run, for when a figure needs explaining.
        if (Environment.GetEnvironmentVariable("NOTES_BENCH_SERVER_LOG") is { Length: > 0 } logFile)
        {
            var log = TextWriter.Synchronized(new StreamWriter(logFile, append: false) { AutoFlush = true });
            _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.WriteLine(e.Data); };
        }
        else _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        Rpc = JsonRpcConnection.FromStreams(_process.StandardOutput.BaseStream, _process.StandardInput.BaseStream);
        Rpc.OnNotification("textDocument/publishDiagnostics", Default.PublishDiagnosticsParams, (p, readAt) =>
        {
            OnDiagnostics(p, readAt);
            return Task.CompletedTask;
        });
        Rpc.OnNotification("notes/status", Default.JsonElement, _ => Task.CompletedTask);
        Rpc.OnNotification("window/logMessage", Default.LogMessageParams, _ => Task.CompletedTask);
        Rpc.OnNotification("window/showMessage", Default.ShowMessageParams, _ => Task.CompletedTask);
        Rpc.OnRequest("window/workDoneProgress/create", Default.JsonElement, Default.NullableJsonElement, (_, _) => Task.FromResult<JsonElement?>(null));
        Rpc.OnRequest("client/registerCapability", Default.JsonElement, Default.NullableJsonElement, (_, _) => Task.FromResult<JsonElement?>(null));
        Rpc.Start();
    }

    /// <summary>Spawns the server and sends <c>initialize</c> and <c>initialized</c> for <paramref name="root"/>.</summary>
    /// <param name="environment">Variables to set for the server besides ours.</param>
    /// <param name="stderrLine">Called with each line the server writes to stderr (its log).</param>
    public static async Task<(ServerProcess Server, long InitializedTimestamp)> StartAsync(string dll, string root,
        IReadOnlyDictionary<string, string>? environment = null, Action<string>? stderrLine = null)
    {
        var s = new ServerProcess(dll, environment, stderrLine);
        var caps = new ClientCapabilities
        {
            Workspace = new WorkspaceClientCapabilities
            {
                WorkspaceEdit = new WorkspaceEditClientCapabilities { DocumentChanges = true, ResourceOperations = ["create", "rename", "delete"] },
            },
        };
        await s.Rpc.SendRequestAsync("initialize", new InitializeParams { ProcessId = Environment.ProcessId, RootUri = Uri(root), Capabilities = caps },
            Default.InitializeParams, Default.InitializeResult).WaitAsync(Timeout);
        long initialized = Stopwatch.GetTimestamp();
        await s.Rpc.SendNotificationAsync("initialized", new InitializedParams(), Default.InitializedParams);
        return (s, initialized);
    }

    public static string Uri(string path) => new Uri(path).AbsoluteUri;

    public static string NameOf(string uri) => Path.GetFileName(System.Uri.UnescapeDataString(uri));

    /// <param name="readAt">When the client had the message's frame read and parsed as JSON, before its typed deserialization.</param>
    private void OnDiagnostics(PublishDiagnosticsParams p, long readAt)
    {
        long now = Stopwatch.GetTimestamp();
        Interlocked.Exchange(ref _lastPublish, now);
        Interlocked.Increment(ref _publishes);
        var name = NameOf(p.Uri);
        lock (_gate)
        {
            foreach (var w in _watches) w.Offer(name, p, readAt, now);
            _watches.RemoveAll(w => w.Done.IsCompleted);
        }
    }

    /// <summary>Starts watching for a diagnostics push satisfying <paramref name="ok"/> for each of <paramref name="names"/>; completes with the timestamp of the last.</summary>
    public DiagnosticsWatch Watch(IEnumerable<string> names, Func<PublishDiagnosticsParams, bool> ok)
    {
        var w = new DiagnosticsWatch(names, ok);
        lock (_gate)
        {
            if (!w.Done.IsCompleted) _watches.Add(w);
        }
        return w;
    }

    /// <summary>Waits until no diagnostics have been pushed for <paramref name="quiet"/> (at most <paramref name="max"/>).</summary>
    public async Task WaitQuietAsync(TimeSpan quiet, TimeSpan max)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(max.TotalSeconds * Stopwatch.Frequency);
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var last = Math.Max(LastPublishTimestamp, start);
            if (Stopwatch.GetElapsedTime(last) >= quiet) return;
            await Task.Delay(50);
        }
    }

    // ---- /proc -------------------------------------------------------------------------------------------------

    /// <summary>A field of /proc/&lt;pid&gt;/status in kB (VmHWM: peak resident, VmRSS: resident now).</summary>
    public long StatusKb(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (!line.StartsWith(field + ":", StringComparison.Ordinal)) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[1], CultureInfo.InvariantCulture);
        }
        return -1;
    }

    /// <summary>utime + stime of the process, in clock ticks (100 per second on Linux).</summary>
    public long CpuTicks()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state); utime is field 14, stime field 15.
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Rpc.SendRequestAsync("shutdown", (JsonElement?)null, Default.NullableJsonElement, Default.NullableJsonElement).WaitAsync(TimeSpan.FromSeconds(10));
            await Rpc.SendNotificationAsync("exit", (JsonElement?)null, Default.NullableJsonElement);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is TimeoutException or JsonRpcRemoteException or OperationCanceledException or IOException)
        {
            Console.Error.WriteLine($"server did not exit cleanly: {e.Message}");
        }
        finally
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await Rpc.DisposeAsync();
            _process.Dispose();
            if (_ownCache is not null) try { Directory.Delete(_ownCache, recursive: true); } catch (IOException) { }
        }
    }
}

/// <summary>Diagnostics awaited for a set of notes (by file name).</summary>
public sealed class DiagnosticsWatch
{
    private readonly HashSet<string> _remaining;
    private readonly Func<PublishDiagnosticsParams, bool> _ok;
    private readonly TaskCompletionSource<long> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _arrived;

    public DiagnosticsWatch(IEnumerable<string> names, Func<PublishDiagnosticsParams, bool> ok)
    {
        _remaining = new HashSet<string>(names, StringComparer.Ordinal);
        _ok = ok;
        if (_remaining.Count == 0) _done.TrySetResult(Stopwatch.GetTimestamp());
    }

    /// <summary>Completes with the timestamp at which the client had handled the last awaited push (deserialized into the protocol's types).</summary>
    public Task<long> Done => _done.Task;

    /// <summary>
    /// Once <see cref="Done"/> completed: when the client's reader had that push's frame read and parsed as JSON (what any
    /// client must do at least), before this client's typed deserialization, which for 857 diagnostics costs it ~5 ms.
    /// </summary>
    public long Arrived => Interlocked.Read(ref _arrived);

    public int Remaining => _remaining.Count;

    internal void Offer(string name, PublishDiagnosticsParams p, long readAt, long now)
    {
        if (!_remaining.Contains(name) || !_ok(p)) return;
        _remaining.Remove(name);
        if (readAt > _arrived) Interlocked.Exchange(ref _arrived, readAt);
        if (_remaining.Count == 0) _done.TrySetResult(now);
    }
}
