using System.Collections.Concurrent;
namespace Notes.Lsp.Protocol.Tests;

/// <summary>Dispatch, ordering, cancellation and lifetime, on an in-memory pair or a raw-pipe server.</summary>
public sealed class ConnectionTests
{
    private static readonly Func<Point, RequestContext, Task<int>> Add = (p, _) => Task.FromResult(p.X + p.Y);

    private static async Task<(JsonRpcConnection Client, JsonRpcConnection Server)> PairAsync(
        Action<JsonRpcConnection> server, Action<JsonRpcConnection>? client = null, JsonRpcOptions? serverOptions = null)
    {
        var (c, s) = InMemoryDuplex.CreatePair(serverOptions: serverOptions);
        server(s);
        client?.Invoke(c);
        c.Start();
        s.Start();
        await Task.Yield();
        return (c, s);
    }

    private static Task<int> AddAsync(JsonRpcConnection from, string method, int x, int y, CancellationToken ct = default) =>
        from.SendRequestAsync(method, new Point(x, y), TestJsonContext.Default.Point, TestJsonContext.Default.Int32, ct);

    /// <summary>A Read request that signals when it starts and then waits for its token (or for <paramref name="release"/>).</summary>
    private static void OnSlow(JsonRpcConnection rpc, string method, TaskCompletionSource started, Task? release = null, HandlerKind kind = HandlerKind.Read) =>
        rpc.OnRequest(method, LspJsonContext.Default.NullableJsonElement, TestJsonContext.Default.Int32, async (_, ctx) =>
        {
            started.TrySetResult();
            await (release ?? Task.Delay(Timeout.InfiniteTimeSpan)).WaitAsync(ctx.CancellationToken);
            return 1;
        }, kind);

    private static void OnEcho(JsonRpcConnection rpc, HandlerKind kind = HandlerKind.Read) =>
        rpc.OnRequest("echo", LspJsonContext.Default.NullableJsonElement, LspJsonContext.Default.NullableJsonElement, (p, _) => Task.FromResult(p), kind);

    /// <summary>A started raw-pipe server with a <c>slow</c> read request (see <see cref="OnSlow"/>) and <c>echo</c>.</summary>
    private static RawPeer SlowAndEchoPeer(TaskCompletionSource started)
    {
        var peer = new RawPeer();
        OnSlow(peer.Server, "slow", started);
        OnEcho(peer.Server);
        peer.Server.Start();
        return peer;
    }

    /// <summary>A started raw-pipe server with a <c>serial</c> request held until <paramref name="releaseSerial"/> and a <c>slow</c> read.</summary>
    private static RawPeer SlowAndSerialPeer(TaskCompletionSource serialStarted, TaskCompletionSource releaseSerial, TaskCompletionSource slowStarted)
    {
        var peer = new RawPeer();
        OnSlow(peer.Server, "serial", serialStarted, releaseSerial.Task, HandlerKind.Serial);
        OnSlow(peer.Server, "slow", slowStarted);
        peer.Server.Start();
        return peer;
    }

    private static TaskCompletionSource Signal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task RequestsAndResponsesBothWays()
    {
        var (client, server) = await PairAsync(s => s.OnRequest("add", TestJsonContext.Default.Point, TestJsonContext.Default.Int32, Add),
            c => c.OnRequest("client/add", TestJsonContext.Default.Point, TestJsonContext.Default.Int32, (p, _) => Task.FromResult(p.X + p.Y + 100)));
        await using (client)
        await using (server)
        {
            Assert.Equal(5, await AddAsync(client, "add", 2, 3).WaitAsync(Limit));
            Assert.Equal(107, await AddAsync(server, "client/add", 3, 4).WaitAsync(Limit));
            var many = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => AddAsync(client, "add", i, i))).WaitAsync(Limit);
            Assert.Equal(Enumerable.Range(0, 50).Select(i => 2 * i), many);
        }
    }

    [Fact]
    public async Task ServerRequestAwaitedInsideASerialHandlerDoesNotDeadlock()
    {
        JsonRpcConnection? serverRef = null;
        var (client, server) = await PairAsync(
            s =>
            {
                serverRef = s;
                s.OnRequest("ask", TestJsonContext.Default.Point, TestJsonContext.Default.Int32,
                    async (p, _) => await AddAsync(serverRef!, "client/add", p.X, p.Y) + 1, HandlerKind.Serial);
            },
            c => c.OnRequest("client/add", TestJsonContext.Default.Point, TestJsonContext.Default.Int32, Add, HandlerKind.Serial));
        await using (client)
        await using (server)
        {
            Assert.Equal(42, await AddAsync(client, "ask", 40, 1).WaitAsync(Limit));
            Assert.Equal(3, await AddAsync(client, "ask", 1, 1).WaitAsync(Limit));
        }
    }

    [Fact]
    public async Task ASlowReadDoesNotBlockALaterRead()
    {
        var started = Signal();
        var release = Signal();
        var (client, server) = await PairAsync(s =>
        {
            OnSlow(s, "slow", started, release.Task);
            s.OnRequest("add", TestJsonContext.Default.Point, TestJsonContext.Default.Int32, Add);
        });
        await using (client)
        await using (server)
        {
            var slow = client.SendRequestAsync("slow", null, LspJsonContext.Default.NullableJsonElement, TestJsonContext.Default.Int32);
            await started.Task.WaitAsync(Limit);
            Assert.Equal(3, await AddAsync(client, "add", 1, 2).WaitAsync(Limit));
            Assert.False(slow.IsCompleted);
            release.SetResult();
            Assert.Equal(1, await slow.WaitAsync(Limit));
        }
    }

    [Fact]
    public async Task SerialMessagesApplyInArrivalOrderAndReadsSeeAllEarlierOnes()
    {
        var applied = new List<int>();
        int Count() { lock (applied) return applied.Count; }
        async Task Apply(int n)
        {
            await Task.Delay(n % 3 * 5); // later messages finish faster unless they wait their turn
            lock (applied) applied.Add(n);
        }
        await using var peer = new RawPeer(new JsonRpcOptions { SnapshotProvider = () => Count() });
        peer.Server.OnNotification("append", TestJsonContext.Default.Point, p => Apply(p.X));
        peer.Server.OnRequest("appendAndCount", TestJsonContext.Default.Point, TestJsonContext.Default.Int32, async (p, _) =>
        {
            await Apply(p.X);
            return Count();
        }, HandlerKind.Serial);
        peer.Server.OnRequest("seen", LspJsonContext.Default.NullableJsonElement, TestJsonContext.Default.Int32, async (_, ctx) =>
        {
            await Task.Delay(10);
            return (int)ctx.Snapshot!;
        });
        peer.Server.Start();

        // Everything in one write, so the arrival order is exactly this.
        var script = new List<byte[]>();
        var expectedSeen = new Dictionary<string, int>();
        int serial = 0, id = 0;
        for (int round = 0; round < 6; round++)
        {
            script.Add(Frame($$"""{"jsonrpc":"2.0","method":"append","params":{"x":{{serial++}},"y":0} }"""));
            script.Add(Frame($$"""{"jsonrpc":"2.0","id":{{++id}},"method":"appendAndCount","params":{"x":{{serial++}},"y":0} }"""));
            expectedSeen[id.ToString()] = serial;
            script.Add(Frame($$"""{"jsonrpc":"2.0","method":"append","params":{"x":{{serial++}},"y":0} }"""));
            script.Add(Frame($$"""{"jsonrpc":"2.0","id":{{++id}},"method":"seen"}"""));
            expectedSeen[id.ToString()] = serial;
        }
        await peer.WriteAsync([.. script.SelectMany(b => b)]);

        var answers = new Dictionary<string, int>();
        while (answers.Count < expectedSeen.Count)
        {
            var r = await peer.ReceiveAsync();
            Assert.True(r.TryGetProperty("result", out var result), r.GetRawText());
            answers.Add(IdText(r), result.GetInt32());
        }
        Assert.Equal(expectedSeen.OrderBy(p => p.Key), answers.OrderBy(p => p.Key));
        lock (applied) Assert.Equal(Enumerable.Range(0, serial), applied);
    }

    [Fact]
    public async Task ParamsStayValidWhileTheirHandlerRunsWhetherReadInPlaceOrCopied()
    {
        // A serial handler reads its params in place (the message is disposed once it finished); a read request runs on
        // after the next messages were read and disposed, so it must have its own copy. Each handler reads its raw params
        // only after later messages went through the dispatch loop.
        var notified = new ConcurrentQueue<(int X, string Raw, long ReadAt)>();
        var later = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var peer = new RawPeer();
        peer.Server.OnNotification("note", TestJsonContext.Default.Point, async (p, readAt) =>
        {
            await Task.Yield();
            notified.Enqueue((p.X, "", readAt));
        });
        peer.Server.OnRequest("serialRaw", TestJsonContext.Default.Point, TestJsonContext.Default.String, async (p, ctx) =>
        {
            await Task.Delay(5);
            return $"{p.X}:{ctx.RawParams!.Value.GetRawText()}";
        }, HandlerKind.Serial);
        peer.Server.OnRequest("readRaw", TestJsonContext.Default.Point, TestJsonContext.Default.String, async (p, ctx) =>
        {
            await later.Task.WaitAsync(Limit); // the messages after this one have been dispatched (and disposed)
            return $"{p.X}:{ctx.RawParams!.Value.GetRawText()}";
        });
        peer.Server.OnNotification("release", LspJsonContext.Default.NullableJsonElement, _ => { later.TrySetResult(); return Task.CompletedTask; });
        peer.Server.Start();

        long before = System.Diagnostics.Stopwatch.GetTimestamp();
        var padding = new string('x', 100_000); // large enough that a reused buffer would show other bytes
        await peer.WriteAsync([
            .. Frame($$$"""{"jsonrpc":"2.0","id":1,"method":"readRaw","params":{"x":1,"y":2,"pad":"{{{padding}}}"}}"""),
            .. Frame($$$"""{"jsonrpc":"2.0","method":"note","params":{"x":3,"y":4,"pad":"{{{padding.ToUpperInvariant()}}}"}}"""),
            .. Frame("""{"jsonrpc":"2.0","id":2,"method":"serialRaw","params":{"x":5,"y":6}}"""),
            .. Frame("""{"jsonrpc":"2.0","method":"note","params":{"x":7,"y":8}}"""),
            .. Frame("""{"jsonrpc":"2.0","method":"release"}"""),
        ]);

        var answers = new Dictionary<string, string>();
        while (answers.Count < 2)
        {
            var r = await peer.ReceiveAsync();
            Assert.True(r.TryGetProperty("result", out var result), r.GetRawText());
            answers.Add(IdText(r), result.GetString()!);
        }
        Assert.Equal($$$"""1:{"x":1,"y":2,"pad":"{{{padding}}}"}""", answers["1"]);
        Assert.Equal("""5:{"x":5,"y":6}""", answers["2"]);
        Assert.Equal([3, 7], notified.Select(n => n.X));
        long after = System.Diagnostics.Stopwatch.GetTimestamp();
        Assert.All(notified, n => Assert.InRange(n.ReadAt, before, after));
        Assert.True(notified.First().ReadAt <= notified.Last().ReadAt);
    }

    [Fact]
    public async Task CancelRequestAnswersExactlyOnceForSlowAnsweredAndUnknownIds()
    {
        var started = Signal();
        await using var peer = SlowAndEchoPeer(started);

        await peer.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"slow"}""");
        await started.Task.WaitAsync(Limit);
        await peer.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}""");
        var cancelled = await peer.ReceiveAsync();
        Assert.Equal(("1", ErrorCodes.RequestCancelled), (IdText(cancelled), ErrorCode(cancelled)));

        await peer.SendAsync("""{"jsonrpc":"2.0","id":"two","method":"echo","params":{}}""");
        var answered = await peer.ReceiveAsync();
        Assert.Equal(("\"two\"", (int?)null), (IdText(answered), ErrorCode(answered)));
        await peer.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"two"}}""");
        await peer.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}""");
        await peer.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":12345}}""");
        await peer.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":{"x":1}}}""");
        await peer.SendAsync("""{"jsonrpc":"2.0","id":"last","method":"echo","params":{}}""");

        var rest = await peer.ReceiveUntilAsync("\"last\"");
        Assert.Equal(["\"last\""], rest.Select(IdText));
    }

    [Fact]
    public async Task CancelRequestForARequestStillQueuedAnswersCancelled()
    {
        var (serialStarted, releaseSerial) = (Signal(), Signal());
        await using var peer = SlowAndSerialPeer(serialStarted, releaseSerial, Signal());

        await peer.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"serial"}""");
        await serialStarted.Task.WaitAsync(Limit);
        // Queued behind the serial request: the cancellation arrives before it is dispatched.
        await peer.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"slow"}""");
        await peer.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":2}}""");
        await Task.Delay(50);
        releaseSerial.SetResult();

        var responses = await peer.ReceiveUntilAsync("2");
        Assert.Equal(ErrorCodes.RequestCancelled, ErrorCode(responses[^1]));
        Assert.Contains(responses, r => IdText(r) == "1" && ErrorCode(r) is null);
    }

    [Fact]
    public async Task ADocumentChangeCancelsOnlyTheReadsOfThatDocument()
    {
        // Four requests in flight: a read of a.md, a read of b.md, a workspace-wide read, and a refactoring of a.md.
        var started = Enumerable.Range(0, 4).Select(_ => Signal()).ToArray();
        var release = Signal();
        await using var peer = new RawPeer();
        OnSlow(peer.Server, "read", started[0], release.Task);
        OnSlow(peer.Server, "readOther", started[1], release.Task);
        OnSlow(peer.Server, "workspaceRead", started[2], release.Task);
        OnSlow(peer.Server, "refactor", started[3], release.Task, HandlerKind.Refactor);
        peer.Server.Start();
        await peer.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"read","params":{"textDocument":{"uri":"file:///v/a.md"}}}""");
        await peer.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"readOther","params":{"textDocument":{"uri":"file:///v/b.md"}}}""");
        await peer.SendAsync("""{"jsonrpc":"2.0","id":3,"method":"workspaceRead","params":{"query":""}}""");
        await peer.SendAsync("""{"jsonrpc":"2.0","id":4,"method":"refactor","params":{"textDocument":{"uri":"file:///v/a.md"}}}""");
        await Task.WhenAll(started.Select(t => t.Task)).WaitAsync(Limit);

        Assert.Equal(1, peer.Server.CancelStaleReads("file:///v/a.md"));
        var modified = await peer.ReceiveAsync();
        Assert.Equal(("1", ErrorCodes.ContentModified), (IdText(modified), ErrorCode(modified)));
        release.SetResult();
        var rest = new[] { await peer.ReceiveAsync(), await peer.ReceiveAsync(), await peer.ReceiveAsync() };
        Assert.Equal(["2", "3", "4"], rest.Select(IdText).Order());
        Assert.All(rest, r => Assert.Null(ErrorCode(r)));
    }

    private sealed class BrokenStream : Stream
    {
        public int Writes;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => 0;
        public override long Position { get => 0; set { } }
        public override void Flush() => throw new IOException("broken pipe");
        public override int Read(byte[] buffer, int offset, int count) => 0;
        public override long Seek(long offset, SeekOrigin origin) => 0;
        public override void SetLength(long value) { }
        public override void Write(byte[] buffer, int offset, int count) { Interlocked.Increment(ref Writes); throw new IOException("broken pipe"); }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) { Interlocked.Increment(ref Writes); throw new IOException("broken pipe"); }
    }

    [Fact]
    public async Task AWriteFailureIsLoggedOnceEvenWhenTheLogGoesToThePeer()
    {
        // A server logs to the client (window/logMessage): a log line about a failed write must not fail and log again.
        var input = new Pipe();
        var output = new BrokenStream();
        await using var rpc = JsonRpcConnection.FromStreams(input.Reader.AsStream(), output);
        var logs = new ConcurrentQueue<string>();
        rpc.Log += m =>
        {
            logs.Enqueue(m);
            _ = rpc.SendNotificationAsync("window/logMessage", m, TestJsonContext.Default.String);
        };
        OnEcho(rpc);
        rpc.Start();
        await input.Writer.WriteAsync(Frame("""{"jsonrpc":"2.0","id":1,"method":"echo","params":{}}"""));
        await input.Writer.WriteAsync(Frame("""{"jsonrpc":"2.0","id":2,"method":"echo","params":{}}"""));
        var deadline = DateTime.UtcNow + Limit;
        while (logs.IsEmpty && DateTime.UtcNow < deadline) await Task.Delay(10);
        await Task.Delay(300);
        Assert.Single(logs, l => l.Contains("write failed", StringComparison.Ordinal));
        Assert.True(logs.Count <= 2, string.Join("\n", logs));
        Assert.Equal(1, output.Writes);
    }

    [Fact]
    public async Task AnUnansweredRequestTimesOutAndSendsACancel()
    {
        await using var peer = new RawPeer();
        OnEcho(peer.Server);
        peer.Server.Start();
        var send = peer.Server.SendRequestAsync("client/never", 1, TestJsonContext.Default.Int32, TestJsonContext.Default.Int32, timeout: TimeSpan.FromMilliseconds(200));
        var request = await peer.ReceiveAsync();
        Assert.Equal("client/never", request.GetProperty("method").GetString());
        var e = await Assert.ThrowsAsync<JsonRpcTimeoutException>(() => send.WaitAsync(Limit));
        Assert.Equal("client/never", e.Method);
        var cancel = await peer.ReceiveAsync();
        Assert.Equal("$/cancelRequest", cancel.GetProperty("method").GetString());
        Assert.Equal(request.GetProperty("id").GetInt64(), cancel.GetProperty("params").GetProperty("id").GetInt64());
        Assert.Equal(0, peer.Server.PendingOutgoing);
        // A late answer is only a log line; the connection serves on.
        await peer.SendAsync($$"""{"jsonrpc":"2.0","id":{{request.GetProperty("id").GetInt64()}},"result":5}""");
        await peer.SendAsync("""{"jsonrpc":"2.0","id":9,"method":"echo","params":[1]}""");
        Assert.Equal("9", IdText(await peer.ReceiveAsync()));
        Assert.Contains(peer.Logs, l => l.Contains("unknown request"));
    }

    [Fact]
    public async Task AThrowingHandlerAnswersInternalErrorAndTheConnectionKeepsServing()
    {
        var (client, server) = await PairAsync(s =>
        {
            s.OnRequest("boom", TestJsonContext.Default.Point, TestJsonContext.Default.Int32, (_, _) => throw new InvalidOperationException("kaput"));
            s.OnRequest("refuse", TestJsonContext.Default.Point, TestJsonContext.Default.Int32,
                (_, _) => throw new LspException(ErrorCodes.RequestFailed, "no"), HandlerKind.Serial);
            s.OnRequest("add", TestJsonContext.Default.Point, TestJsonContext.Default.Int32, Add);
        });
        await using (client)
        await using (server)
        {
            var boom = await Assert.ThrowsAsync<JsonRpcRemoteException>(() => AddAsync(client, "boom", 1, 1).WaitAsync(Limit));
            Assert.Equal(ErrorCodes.InternalError, boom.Code);
            Assert.Contains("kaput", boom.Message, StringComparison.Ordinal);
            var refused = await Assert.ThrowsAsync<JsonRpcRemoteException>(() => AddAsync(client, "refuse", 1, 1).WaitAsync(Limit));
            Assert.Equal((ErrorCodes.RequestFailed, "no"), (refused.Code, refused.Message));
            var unknown = await Assert.ThrowsAsync<JsonRpcRemoteException>(() => AddAsync(client, "nope", 1, 1).WaitAsync(Limit));
            Assert.Equal(ErrorCodes.MethodNotFound, unknown.Code);
            Assert.Equal(4, await AddAsync(client, "add", 2, 2).WaitAsync(Limit));
        }
    }

    [Fact]
    public async Task ARemoteErrorCarriesItsCodeAndData()
    {
        await using var peer = new RawPeer();
        peer.Server.Start();
        var request = AddAsync(peer.Server, "client/add", 1, 2);
        var sent = await peer.ReceiveAsync();
        Assert.Equal("client/add", sent.GetProperty("method").GetString());
        await peer.SendAsync("""{"jsonrpc":"2.0","id":""" + IdText(sent) + ""","error":{"code":-32099,"message":"custom","data":{"why":"x"}}}""");
        var e = await Assert.ThrowsAsync<JsonRpcRemoteException>(() => request.WaitAsync(Limit));
        Assert.Equal((-32099, "custom", "x"), (e.Code, e.Message, e.ErrorData?.GetProperty("why").GetString()));
    }

    [Fact]
    public async Task CancellingAnOutgoingRequestSendsCancelRequest()
    {
        await using var peer = new RawPeer();
        peer.Server.Start();
        using var cts = new CancellationTokenSource();
        var request = AddAsync(peer.Server, "client/add", 1, 2, cts.Token);
        var sent = await peer.ReceiveAsync();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(Limit));
        var cancel = await peer.ReceiveAsync();
        Assert.Equal(Canonical("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":""" + IdText(sent) + "}}"), Canonical(cancel));
        // A late answer to the cancelled request is ignored.
        await peer.SendAsync($$"""{"jsonrpc":"2.0","id":{{IdText(sent)}},"result":3}""");
        var next = AddAsync(peer.Server, "client/add", 5, 5);
        var second = await peer.ReceiveAsync();
        await peer.SendAsync($$"""{"jsonrpc":"2.0","id":{{IdText(second)}},"result":10}""");
        Assert.Equal(10, await next.WaitAsync(Limit));
    }

    [Fact]
    public async Task CancellingAnOutgoingRequestCancelsTheRemoteHandler()
    {
        var started = Signal();
        var sawCancel = Signal();
        var (client, server) = await PairAsync(s => s.OnRequest("wait", LspJsonContext.Default.NullableJsonElement, TestJsonContext.Default.Int32, async (_, ctx) =>
        {
            started.SetResult();
            try { await Task.Delay(Timeout.InfiniteTimeSpan, ctx.CancellationToken); }
            catch (OperationCanceledException) { sawCancel.SetResult(); throw; }
            return 0;
        }));
        await using (client)
        await using (server)
        {
            using var cts = new CancellationTokenSource();
            var request = client.SendRequestAsync("wait", null, LspJsonContext.Default.NullableJsonElement, TestJsonContext.Default.Int32, cts.Token);
            await started.Task.WaitAsync(Limit);
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(Limit));
            await sawCancel.Task.WaitAsync(Limit);
        }
    }

    [Fact]
    public async Task DisposeCompletesAndFailsPendingOutgoingRequests()
    {
        var started = Signal();
        var (client, server) = await PairAsync(s => OnSlow(s, "slow", started));
        await using (server)
        {
            var request = client.SendRequestAsync("slow", null, LspJsonContext.Default.NullableJsonElement, TestJsonContext.Default.Int32);
            await started.Task.WaitAsync(Limit);
            await client.DisposeAsync().AsTask().WaitAsync(Limit);
            await client.Completion.WaitAsync(Limit);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(Limit));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AddAsync(client, "add", 1, 1).WaitAsync(Limit));
            // The server sees its input end.
            await server.Completion.WaitAsync(Limit);
        }
    }

    [Fact]
    public async Task InputEndingFailsPendingOutgoingRequests()
    {
        await using var peer = new RawPeer();
        peer.Server.Start();
        var request = AddAsync(peer.Server, "client/add", 1, 2);
        await peer.ReceiveAsync();
        await peer.EndInputAsync();
        await peer.Server.Completion.WaitAsync(Limit);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(Limit));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AddAsync(peer.Server, "client/add", 1, 2).WaitAsync(Limit));
    }

    [Fact]
    public async Task CancelRequestInTheSameWriteAsItsRequestAnswersCancelled()
    {
        var started = Signal();
        await using var peer = SlowAndEchoPeer(started);
        for (int i = 1; i <= 20; i++)
            await peer.WriteAsync([.. Frame($$"""{"jsonrpc":"2.0","id":{{i}},"method":"slow"}"""), .. Frame("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":""" + i + "}}")]);
        await peer.SendAsync("""{"jsonrpc":"2.0","id":"last","method":"echo","params":{}}""");
        var responses = await peer.ReceiveUntilAsync("\"last\"");
        while (responses.Count < 21) responses.Add(await peer.ReceiveAsync());
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (i.ToString(), (int?)ErrorCodes.RequestCancelled)),
            responses.Where(r => IdText(r) != "\"last\"").Select(r => (IdText(r), ErrorCode(r))).OrderBy(p => int.Parse(p.Item1)));
    }

    [Fact]
    public async Task ConcurrentWritersProduceWellFormedFrames()
    {
        const int Writers = 16, PerWriter = 25;
        await using var peer = new RawPeer();
        peer.Server.Start();
        var reading = Task.Run(async () =>
        {
            var seen = new List<string>();
            while (seen.Count < Writers * PerWriter) seen.Add((await peer.ReceiveAsync()).GetProperty("params").GetString()!);
            return seen;
        });
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (int i = 0; i < PerWriter; i++)
                await peer.Server.SendNotificationAsync("window/logMessage", $"{w}:{i}:" + new string((char)('ä' + w), 100 * (i % 7)), TestJsonContext.Default.String);
        }));
        await Task.WhenAll(writers).WaitAsync(Limit);
        var seen = await reading.WaitAsync(Limit);
        var expected = from w in Enumerable.Range(0, Writers) from i in Enumerable.Range(0, PerWriter)
                       select $"{w}:{i}:" + new string((char)('ä' + w), 100 * (i % 7));
        Assert.Equal(expected.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        // Each writer's own messages stay in its order.
        for (int w = 0; w < Writers; w++)
            Assert.Equal(Enumerable.Range(0, PerWriter), seen.Where(s => s.StartsWith($"{w}:", StringComparison.Ordinal)).Select(s => int.Parse(s.Split(':')[1])));
    }

    [Fact]
    public async Task DisposeCompletesWhileAWriteWaitsForAPeerThatDoesNotRead()
    {
        await using var peer = new RawPeer();
        peer.Server.Start();
        // Far above the pipe's pause threshold, and nobody reads: the flush waits.
        var blocked = peer.Server.SendNotificationAsync("window/logMessage", new string('x', 1 << 20), TestJsonContext.Default.String);
        await Task.Delay(50);
        Assert.False(blocked.IsCompleted);
        await peer.Server.DisposeAsync().AsTask().WaitAsync(Limit);
        await peer.Server.Completion.WaitAsync(Limit);
        await blocked.WaitAsync(Limit);
    }

    [Fact]
    public async Task StartTwiceThrows()
    {
        await using var peer = new RawPeer();
        peer.Server.Start();
        Assert.Throws<InvalidOperationException>(peer.Server.Start);
    }
}
