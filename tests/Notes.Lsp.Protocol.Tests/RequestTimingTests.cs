using System.Globalization;
using System.Text.RegularExpressions;
using Notes.Lsp.Protocol.JsonRpc;
using Notes.Lsp.Protocol.Lsp;
using Xunit;

namespace Notes.Lsp.Protocol.Tests;

/// <summary>A request slower than <see cref="JsonRpcOptions.SlowRequest"/> gets one log line saying where its time went; a quick one none.</summary>
public sealed class RequestTimingTests
{
    private static readonly Regex Line = new(@"^slow request (\S+) (\w+): ([\d.]+) ms from read to written \(queued ([\d.]+), pool ([\d.]+), handler ([\d.]+), write ([\d.]+) ms; collections meanwhile gen0 (\d+), gen1 (\d+), gen2 (\d+), paused ([\d.]+) ms\)$");

    private static async Task<List<(string Id, string Method, double Total, double Queued, double Handler)>> RunAsync(Func<RawPeer, Task> script)
    {
        await using var peer = new RawPeer(new JsonRpcOptions { SlowRequest = TimeSpan.FromMilliseconds(150) });
        peer.Server.OnNotification("block", LspJsonContext.Default.NullableJsonElement, _ => Task.Delay(300));
        peer.Server.OnRequest("quick", LspJsonContext.Default.NullableJsonElement, LspJsonContext.Default.NullableJsonElement, (_, _) => Task.FromResult<System.Text.Json.JsonElement?>(null));
        peer.Server.OnRequest("sleepy", LspJsonContext.Default.NullableJsonElement, LspJsonContext.Default.NullableJsonElement, async (_, _) =>
        {
            await Task.Delay(300);
            return null;
        });
        peer.Server.Start();
        await script(peer);
        return [.. peer.Logs.Where(l => l.StartsWith("slow request", StringComparison.Ordinal)).Select(l =>
        {
            var m = Line.Match(l);
            Assert.True(m.Success, l);
            double D(int g) => double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
            return (m.Groups[1].Value, m.Groups[2].Value, D(3), D(4), D(6));
        })];
    }

    [Fact]
    public async Task ARequestQueuedBehindASlowSerialMessageIsLoggedAsQueued()
    {
        var lines = await RunAsync(async peer =>
        {
            await peer.SendAsync("""{"jsonrpc":"2.0","method":"block"}""");
            await peer.SendAsync("""{"jsonrpc":"2.0","id":7,"method":"quick"}""");
            await peer.ReceiveUntilAsync("7");
            await peer.SendAsync("""{"jsonrpc":"2.0","id":8,"method":"quick"}""");
            await peer.ReceiveUntilAsync("8");
        });
        var line = Assert.Single(lines);
        Assert.Equal(("7", "quick"), (line.Id, line.Method));
        Assert.InRange(line.Queued, 250, 10_000);
        Assert.InRange(line.Handler, 0, line.Queued);
        Assert.InRange(line.Total, line.Queued, 10_000);
    }

    [Fact]
    public async Task ASlowHandlerIsLoggedAsTheHandler()
    {
        var lines = await RunAsync(async peer =>
        {
            await peer.SendAsync("""{"jsonrpc":"2.0","id":"s","method":"sleepy"}""");
            await peer.ReceiveUntilAsync("\"s\"");
        });
        var line = Assert.Single(lines);
        Assert.Equal(("s", "sleepy"), (line.Id, line.Method));
        Assert.InRange(line.Handler, 250, 10_000);
        Assert.InRange(line.Queued, 0, line.Handler);
    }
}
