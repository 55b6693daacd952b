using System.Text;
using System.Text.Json.Nodes;

namespace Notes.Lsp.Stdio;

/// <summary>
/// A message sequence as JSON lines, as the fuzzer saves it under FuzzCorpus/. Each line is a JSON-RPC message sent in a
/// well-formed frame, or a directive: <c>{"$raw": "..."}</c> bytes written as they are (framing mode),
/// <c>{"$compare": [idA, idB]}</c> the two requests must answer the same (URIs aside), <c>{"$note": "..."}</c> ignored.
/// <c>${root}</c> stands for the vault's file URI. Unless the first message is <c>initialize</c>, the runner initializes
/// first, on a fresh copy of <see cref="FuzzVault"/>.
/// </summary>
public static class Transcript
{
    public const string RootToken = "${root}";

    public static List<JsonObject> Load(string path) =>
        File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();

    public static void Save(string path, IEnumerable<JsonObject> steps)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllLines(path, steps.Select(s => s.ToJsonString()));
    }
}

/// <summary>Limits of a transcript run.</summary>
public sealed record TranscriptLimits(TimeSpan Timeout, double MaxRssMb, bool Framing)
{
    public static TranscriptLimits Default(bool framing) => new(TimeSpan.FromSeconds(20), 600, framing);
}

/// <summary>
/// Runs a transcript against a fresh server process and checks the invariants: exactly one response per request id
/// (at most one in framing mode, where a bad frame may swallow the next), no internal errors (-32603), no responses to
/// ids never sent, well-formed output, no "Unhandled exception" on stderr, compared requests equal, the process alive
/// and answering a fresh request at the end, resident memory bounded, and shutdown + exit ending with exit code 0.
/// </summary>
public static partial class TranscriptRunner
{
    [System.Text.RegularExpressions.GeneratedRegex("\"id\"\\s*:\\s*(\"[^\"]*\"|-?\\d+)")]
    private static partial System.Text.RegularExpressions.Regex RawId();

    public static async Task<List<string>> RunAsync(string serverPath, IReadOnlyList<JsonObject> steps, TranscriptLimits limits)
    {
        var failures = new List<string>();
        var root = FuzzVault.Create();
        var rootUri = LspProcess.FileUri(root);
        var lsp = LspProcess.Start(serverPath, root);
        try
        {
            await RunStepsAsync(lsp, root, rootUri, steps, limits, failures).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or LspErrorException or IOException)
        {
            failures.Add($"{e.GetType().Name}: {e.Message}");
        }
        finally
        {
            await lsp.DisposeAsync().ConfigureAwait(false);
            FuzzVault.Delete(root);
        }
        return failures;
    }

    private static async Task RunStepsAsync(LspProcess lsp, string root, string rootUri, IReadOnlyList<JsonObject> steps, TranscriptLimits limits, List<string> failures)
    {
        var sent = new List<JsonNode>();
        var sentKeys = new HashSet<string>();
        if (steps.FirstOrDefault(s => s["$note"] is null)?["method"]?.ToString() != "initialize")
        {
            var init = await lsp.InitializeAsync(root, limits.Timeout).ConfigureAwait(false);
            var encoding = init?["capabilities"]?["positionEncoding"]?.ToString();
            if (encoding is not null && encoding != "utf-16") failures.Add($"server chose position encoding {encoding} though the client offered only utf-16");
            // Raw bytes go in only after the server's start-up requests are answered (the last is workDoneProgress/create):
            // otherwise this client's answer can land inside a frame whose declared length runs past its body, and the
            // server waits 10 s for an answer it never gets (as TransportTranscriptTests do).
            if (limits.Framing) await lsp.WaitForAnsweredAsync("window/workDoneProgress/create", limits.Timeout).ConfigureAwait(false);
        }
        int sinceWait = 0;
        foreach (var step in steps)
        {
            if (lsp.HasExited) break;
            if (step["$note"] is not null) continue;
            if (step["$raw"] is JsonValue raw)
            {
                var text = raw.ToString();
                foreach (System.Text.RegularExpressions.Match m in RawId().Matches(text)) sentKeys.Add(m.Groups[1].Value); // may be answered at most once
                lsp.SendRaw(Encoding.UTF8.GetBytes(text.Replace(Transcript.RootToken, rootUri, StringComparison.Ordinal)));
                continue;
            }
            if (step["$compare"] is JsonArray pair)
            {
                if (!limits.Framing) await CompareAsync(lsp, pair, limits.Timeout, failures).ConfigureAwait(false);
                continue;
            }
            var json = step.ToJsonString().Replace(Transcript.RootToken, rootUri, StringComparison.Ordinal);
            if (step["method"] is not null && step["id"] is JsonNode id && sentKeys.Add(id.ToJsonString())) sent.Add(id);
            lsp.SendFrame(Encoding.UTF8.GetBytes(json));
            // Typing speed is not the point, but a bounded queue keeps a failure close to its cause.
            if (!limits.Framing && ++sinceWait >= 64)
            {
                sinceWait = 0;
                await AwaitAllAsync(lsp, sent, limits.Timeout, failures).ConfigureAwait(false);
            }
        }

        if (limits.Framing)
        {
            // Whatever half-message is pending, finish it with filler so the reader resynchronises on the probe.
            lsp.SendRaw(Encoding.ASCII.GetBytes("\r\n" + new string(' ', 4096) + "\r\n"));
        }
        else
        {
            await AwaitAllAsync(lsp, sent, limits.Timeout, failures).ConfigureAwait(false);
        }
        await ProbeAsync(lsp, limits, failures).ConfigureAwait(false);
        await Task.Delay(200).ConfigureAwait(false); // late duplicates

        foreach (var (key, count) in lsp.ResponseCounts)
        {
            if (count > 1) failures.Add($"{count} responses to id {key}");
            if (!sentKeys.Contains(key) && !key.StartsWith("\"probe", StringComparison.Ordinal) && !(long.TryParse(key, out var own) && own > 1_000_000)) failures.Add($"a response to id {key}, never sent");
        }
        foreach (var e in lsp.ErrorResponses)
            if (e["error"]?["code"]?.GetValue<int>() == -32603) failures.Add("internal error: " + e.ToJsonString());
        failures.AddRange(lsp.Violations);
        if (lsp.UnhandledExceptions > 0) failures.Add($"stderr reports {lsp.UnhandledExceptions} unhandled exception(s):\n{lsp.StderrTail()}");
        if (ProcStats.RssMb(lsp.Pid) is double rss && rss > limits.MaxRssMb) failures.Add($"resident memory {rss:0} MB exceeds {limits.MaxRssMb:0} MB");
        if (lsp.HasExited)
        {
            failures.Add($"the server exited (code {lsp.ExitCode}):\n{lsp.StderrTail()}");
            return;
        }
        int exit = await lsp.ShutdownAsync(limits.Timeout).ConfigureAwait(false);
        if (exit != 0) failures.Add($"shutdown + exit ended with exit code {exit}");
    }

    private static async Task AwaitAllAsync(LspProcess lsp, List<JsonNode> sent, TimeSpan timeout, List<string> failures)
    {
        foreach (var id in sent)
        {
            if (lsp.ResponseCounts.ContainsKey(id.ToJsonString())) continue;
            try
            {
                await lsp.ResponseTo(id, timeout).ConfigureAwait(false);
            }
            catch (TimeoutException e)
            {
                failures.Add(e.Message);
                return;
            }
        }
    }

    /// <summary>A fresh request must be answered; in framing mode a few tries, since a bad frame may swallow one.</summary>
    private static async Task ProbeAsync(LspProcess lsp, TranscriptLimits limits, List<string> failures)
    {
        int tries = limits.Framing ? 4 : 1;
        for (int i = 0; i < tries && !lsp.HasExited; i++)
        {
            var id = JsonValue.Create($"probe-{i}");
            try
            {
                var r = await lsp.Request("workspace/symbol", new JsonObject { ["query"] = "alpha" }, id, limits.Framing ? TimeSpan.FromSeconds(3) : limits.Timeout).ConfigureAwait(false);
                if (r["result"] is not JsonArray) failures.Add("the probe workspace/symbol did not answer an array: " + r.ToJsonString());
                return;
            }
            catch (TimeoutException)
            {
                lsp.SendRaw(Encoding.ASCII.GetBytes(new string(' ', 256) + "\r\n"));
            }
        }
        failures.Add("no answer to a fresh workspace/symbol request at the end");
    }

    private static async Task CompareAsync(LspProcess lsp, JsonArray pair, TimeSpan timeout, List<string> failures)
    {
        var a = await lsp.ResponseTo(pair[0]!, timeout).ConfigureAwait(false);
        var b = await lsp.ResponseTo(pair[1]!, timeout).ConfigureAwait(false);
        var left = Normalize(a);
        var right = Normalize(b);
        if (left != right) failures.Add($"edited buffer and replayed text disagree ({pair[0]} vs {pair[1]}):\n  {Shorten(left)}\n  {Shorten(right)}");
    }

    private static string Normalize(JsonObject response)
    {
        var copy = (JsonObject)response.DeepClone();
        copy.Remove("id");
        if (copy["error"] is JsonObject error) error.Remove("message");
        StripUris(copy);
        return copy.ToJsonString();
    }

    private static void StripUris(JsonNode? node)
    {
        if (node is JsonObject o)
        {
            o.Remove("uri");
            o.Remove("targetUri");
            foreach (var (_, v) in o) StripUris(v);
        }
        else if (node is JsonArray a)
        {
            foreach (var v in a) StripUris(v);
        }
    }

    private static string Shorten(string s) => s.Length <= 400 ? s : s[..400] + "…";
}
