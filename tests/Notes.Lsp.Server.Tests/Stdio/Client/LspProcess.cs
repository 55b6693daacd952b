using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Notes.Lsp.Stdio;

/// <summary>An error response, thrown by <see cref="LspProcess.Call"/>.</summary>
public sealed class LspErrorException(int code, string message) : Exception($"{code}: {message}")
{
    public int Code { get; } = code;
}

/// <summary>
/// The language server as a real child process, spoken to over stdio with nothing but Content-Length framing and
/// <see cref="JsonNode"/>: deliberately independent of Notes.Lsp.Protocol, so that a bug there cannot hide in the client.
/// Shared by the transcript tests, the fuzzer, the soak and the benchmark driver (linked into Notes.Bench).
/// Server → client requests are answered (<c>workspace/configuration</c> with one <c>{}</c> per item, the rest null).
/// </summary>
public sealed class LspProcess : IAsyncDisposable
{
    private const int StderrKept = 400;
    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly Lock _writeLock = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly ConcurrentDictionary<string, int> _responseCounts = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _answered = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly Channel<JsonObject> _nullIdResponses = Channel.CreateUnbounded<JsonObject>();
    private readonly ConcurrentQueue<JsonObject> _errors = new();
    private readonly Thread _reader;
    private long _nextId = 1_000_000; // clear of the small ids transcripts use
    private int _unhandled;
    private long _bytesWritten;

    /// <summary>Called on the reader thread for each server notification, as soon as it is parsed.</summary>
    public Action<string, JsonNode?>? OnNotification { get; set; }

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    /// <summary>The last few hundred lines the server wrote to stderr.</summary>
    public IReadOnlyCollection<string> Stderr => _stderr;
    /// <summary>How many stderr lines mentioned an unhandled exception.</summary>
    public int UnhandledExceptions => Volatile.Read(ref _unhandled);
    /// <summary>Things the server did wrong on the wire: bad framing, bad JSON, a response to an id never sent.</summary>
    public IReadOnlyCollection<string> Violations => _violations;
    /// <summary>Responses seen per id (the id's JSON text), to check "exactly one response per request".</summary>
    public IReadOnlyDictionary<string, int> ResponseCounts => _responseCounts;
    /// <summary>Every error response received (the first thousand), null ids included.</summary>
    public IReadOnlyCollection<JsonObject> ErrorResponses => _errors;
    public string ServerPath { get; }

    private LspProcess(Process process, string serverPath)
    {
        _process = process;
        ServerPath = serverPath;
        _stdin = process.StandardInput.BaseStream;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (e.Data.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase)) Interlocked.Increment(ref _unhandled);
            _stderr.Enqueue(e.Data);
            while (_stderr.Count > StderrKept && _stderr.TryDequeue(out string? _)) { }
        };
        process.BeginErrorReadLine();
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "lsp-reader" };
        _reader.Start();
    }

    /// <summary>Where the servers this test run starts keep their index caches.</summary>
    public static readonly string TestCacheFolder = Path.Combine(Path.GetTempPath(), "notes-lsp-test-caches");

    /// <summary>How to start <paramref name="serverPath"/> with <paramref name="args"/>, stdio redirected: on <c>dotnet</c> for a .dll, else itself (a native build).</summary>
    public static ProcessStartInfo StartInfo(string serverPath, params string[] args)
    {
        var psi = Notes.Testing.BuiltProgram.StartInfo(serverPath, args);
        psi.RedirectStandardInput = psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        // The servers of a test run keep their index caches in the temp folder, not in the user's cache folder
        // (CacheStdioTests unsets this to test the real default).
        psi.Environment["NOTES_LSP_CACHE_DIR"] = TestCacheFolder;
        return psi;
    }

    /// <summary>Starts <c>dotnet SERVER --stdio</c> (or the executable itself when it is not a .dll).</summary>
    public static LspProcess Start(string serverPath, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        if (!File.Exists(serverPath)) throw new FileNotFoundException($"server not found (publish it first): {serverPath}", serverPath);
        var psi = StartInfo(serverPath, "--stdio");
        psi.WorkingDirectory = workingDirectory ?? Path.GetTempPath();
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>()) psi.Environment[name] = value;
        return new LspProcess(Process.Start(psi) ?? throw new InvalidOperationException("could not start " + serverPath), serverPath);
    }

    public static string FileUri(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

    /// <summary>The <c>initialize</c> parameters of an editor on <paramref name="root"/>, UTF-16 positions, diagnostics pushed.</summary>
    public static JsonObject InitializeParams(string root) => new()
    {
        ["processId"] = Environment.ProcessId,
        ["rootUri"] = FileUri(root),
        ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = FileUri(root), ["name"] = Path.GetFileName(root) }),
        ["capabilities"] = new JsonObject
        {
            ["general"] = new JsonObject { ["positionEncodings"] = new JsonArray("utf-16") },
            ["window"] = new JsonObject { ["workDoneProgress"] = true },
            ["workspace"] = new JsonObject
            {
                ["configuration"] = true, ["workspaceFolders"] = true,
                ["didChangeWatchedFiles"] = new JsonObject { ["dynamicRegistration"] = true },
                ["workspaceEdit"] = new JsonObject { ["documentChanges"] = true, ["resourceOperations"] = new JsonArray("create", "rename", "delete") },
            },
            ["textDocument"] = new JsonObject
            {
                ["synchronization"] = new JsonObject { ["didSave"] = true },
                ["publishDiagnostics"] = new JsonObject { ["relatedInformation"] = true, ["versionSupport"] = true },
                ["completion"] = new JsonObject { ["completionItem"] = new JsonObject { ["snippetSupport"] = false } },
                ["rename"] = new JsonObject { ["prepareSupport"] = true },
                ["documentSymbol"] = new JsonObject { ["hierarchicalDocumentSymbolSupport"] = true },
            },
        },
    };

    /// <summary>initialize + initialized; returns the InitializeResult.</summary>
    public async Task<JsonNode?> InitializeAsync(string root, TimeSpan timeout)
    {
        var result = await Call("initialize", InitializeParams(root), timeout).ConfigureAwait(false);
        Notify("initialized", new JsonObject());
        return result;
    }

    /// <summary>shutdown then exit; returns the exit code (or throws on timeout).</summary>
    public async Task<int> ShutdownAsync(TimeSpan timeout)
    {
        await Call("shutdown", null, timeout).ConfigureAwait(false);
        Notify("exit", null);
        await _process.WaitForExitAsync().WaitAsync(timeout).ConfigureAwait(false);
        return _process.ExitCode;
    }

    public JsonNode NewId() => JsonValue.Create(Interlocked.Increment(ref _nextId));

    /// <summary>Sends a request and waits for its whole response message (result or error).</summary>
    public Task<JsonObject> Request(string method, JsonNode? @params, TimeSpan timeout) => Request(method, @params, NewId(), timeout);

    public Task<JsonObject> Request(string method, JsonNode? @params, JsonNode id, TimeSpan timeout)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["method"] = method };
        if (@params is not null) message["params"] = @params;
        var wait = AwaitResponse(id, timeout, forget: true);
        Send(message);
        return wait;
    }

    /// <summary>Sends a request and returns its result, throwing <see cref="LspErrorException"/> on an error response.</summary>
    public async Task<JsonNode?> Call(string method, JsonNode? @params, TimeSpan timeout)
    {
        var response = await Request(method, @params, timeout).ConfigureAwait(false);
        if (response["error"] is JsonObject error)
            throw new LspErrorException(error["code"]?.GetValue<int>() ?? 0, error["message"]?.ToString() ?? "");
        return response["result"];
    }

    public void Notify(string method, JsonNode? @params)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (@params is not null) message["params"] = @params;
        Send(message);
    }

    /// <summary>
    /// Waits for the response to <paramref name="id"/>, which may have been sent some other way (raw bytes); the response
    /// stays available, so the same id may be awaited again.
    /// </summary>
    public Task<JsonObject> ResponseTo(JsonNode id, TimeSpan timeout) => AwaitResponse(id, timeout, forget: false);

    private async Task<JsonObject> AwaitResponse(JsonNode id, TimeSpan timeout, bool forget)
    {
        var key = id.ToJsonString();
        var tcs = _pending.GetOrAdd(key, _ => new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            return await tcs.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no response to id {key} within {timeout.TotalSeconds:0.#} s (server {(HasExited ? "exited" : "alive")}); stderr tail:\n{string.Join('\n', _stderr.TakeLast(15))}");
        }
        finally
        {
            if (forget && tcs.Task.IsCompleted) _pending.TryRemove(key, out _);
        }
    }

    /// <summary>The next response with a null id (parse errors, invalid messages without a usable id).</summary>
    public async Task<JsonObject> NextNullIdResponse(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _nullIdResponses.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no response with a null id within {timeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>Whether a response with a null id has arrived and not been taken yet.</summary>
    public bool TryTakeNullIdResponse(out JsonObject? response) => _nullIdResponses.Reader.TryRead(out response);

    public void Send(JsonNode message) => SendFrame(Encoding.UTF8.GetBytes(message.ToJsonString()));

    /// <summary>One well-formed frame around <paramref name="body"/>.</summary>
    public void SendFrame(byte[] body)
    {
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        SendRaw([.. header, .. body]);
    }

    /// <summary>Bytes written as they are: the transcript tests and the framing fuzzer.</summary>
    public void SendRaw(ReadOnlySpan<byte> bytes)
    {
        lock (_writeLock)
        {
            _stdin.Write(bytes);
            _stdin.Flush();
            _bytesWritten += bytes.Length;
        }
    }

    /// <summary>Closes stdin: the end of input.</summary>
    public void CloseInput()
    {
        lock (_writeLock) _stdin.Close();
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public string StderrTail(int lines = 20) => string.Join('\n', _stderr.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try { CloseInput(); } catch (IOException) { } catch (ObjectDisposedException) { }
            if (!await WaitForExitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false))
            {
                try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                await WaitForExitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
        }
        _process.Dispose();
    }

    private void ReadLoop()
    {
        var stdout = _process.StandardOutput.BaseStream;
        var buffered = new BufferedStream(stdout, 64 * 1024);
        try
        {
            while (true)
            {
                int length = -1;
                while (true)
                {
                    var line = ReadHeaderLine(buffered);
                    if (line is null) return;
                    if (line.Length == 0) break;
                    int colon = line.IndexOf(':');
                    if (colon > 0 && line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    {
                        if (!int.TryParse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out length)) _violations.Enqueue("bad Content-Length from server: " + line);
                    }
                }
                if (length < 0)
                {
                    _violations.Enqueue("server frame without Content-Length");
                    continue;
                }
                var body = new byte[length];
                buffered.ReadExactly(body);
                JsonNode? node;
                try
                {
                    node = JsonNode.Parse(body);
                }
                catch (System.Text.Json.JsonException e)
                {
                    _violations.Enqueue("server sent invalid JSON: " + e.Message);
                    continue;
                }
                if (node is JsonObject message) Dispatch(message);
                else _violations.Enqueue("server sent a non-object message");
            }
        }
        catch (EndOfStreamException)
        {
            // the server exited mid-frame
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static string? ReadHeaderLine(Stream s)
    {
        var sb = new StringBuilder();
        while (true)
        {
            int b = s.ReadByte();
            if (b < 0) return null;
            if (b == '\n') return sb.ToString().TrimEnd('\r');
            sb.Append((char)b);
        }
    }

    private void Dispatch(JsonObject message)
    {
        bool hasMethod = message.TryGetPropertyValue("method", out var methodNode) && methodNode is JsonValue;
        bool hasId = message.TryGetPropertyValue("id", out var id);
        if (hasMethod)
        {
            var method = methodNode!.ToString();
            if (hasId && id is not null) AnswerServerRequest(id, method, message["params"]);
            else OnNotification?.Invoke(method, message["params"]);
            return;
        }
        if (!hasId)
        {
            _violations.Enqueue("server message without id or method: " + message.ToJsonString());
            return;
        }
        if (message["error"] is not null && _errors.Count < 1000) _errors.Enqueue(message);
        if (id is null)
        {
            _nullIdResponses.Writer.TryWrite(message);
            return;
        }
        var key = id.ToJsonString();
        _responseCounts.AddOrUpdate(key, 1, (_, n) => n + 1);
        var tcs = _pending.GetOrAdd(key, _ => new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!tcs.TrySetResult(message)) _violations.Enqueue($"second response to id {key}");
    }

    private void AnswerServerRequest(JsonNode id, string method, JsonNode? @params)
    {
        JsonNode? result = null;
        if (method == "workspace/configuration")
        {
            var items = new JsonArray();
            int n = (@params?["items"] as JsonArray)?.Count ?? 1;
            for (int i = 0; i < n; i++) items.Add(new JsonObject());
            result = items;
        }
        var response = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = result };
        try
        {
            Send(response);
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        Answered(method).TrySetResult();
    }

    private TaskCompletionSource Answered(string method) =>
        _answered.GetOrAdd(method, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>
    /// Waits until this client has answered a server request of <paramref name="method"/>: tests that write raw bytes to
    /// stdin wait for the server's start-up requests to be over (its last is <c>window/workDoneProgress/create</c>), or an
    /// answer would be written into the middle of their frames.
    /// </summary>
    public Task WaitForAnsweredAsync(string method, TimeSpan timeout) => Answered(method).Task.WaitAsync(timeout);
}
