using Notes.Lsp.Server.Hosting;
using Notes.Lsp.Stdio;

namespace Notes.Lsp.Server.Tests.Stdio;

/// <summary>
/// The young-generation cap (<see cref="YoungGenerationBudget"/>) through the published server: on a machine whose
/// processor reports a large cache the server re-executes itself with the budget set, keeping its process id and its
/// standard streams (it answers as usual); elsewhere, or when the user chose a budget, it changes nothing.
/// </summary>
public class GcBudgetStdioTests
{
    private static Dictionary<string, string> EnvironmentOf(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(kv => kv.Split('=', 2)).Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0]).ToDictionary(g => g.Key, g => g.Last()[1]);

    private static async Task<(Dictionary<string, string> Env, string[] Stderr)> RunOnce(Dictionary<string, string?> environment)
    {
        var root = FuzzVault.Create();
        try
        {
            await using var lsp = LspProcess.Start(StdioServer.Path(), root, environment);
            int pid = lsp.Pid;
            await lsp.InitializeAsync(root, StdioServer.Wait); // answered over the same pipes after the re-execution
            var symbols = await lsp.Call("workspace/symbol", new System.Text.Json.Nodes.JsonObject { ["query"] = "" }, StdioServer.Wait);
            Assert.NotNull(symbols);
            Assert.Equal(pid, lsp.Pid);
            var env = EnvironmentOf(pid);
            Assert.Equal(0, await lsp.ShutdownAsync(StdioServer.Wait));
            return (env, lsp.Stderr.ToArray());
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public async Task A_large_cache_gets_the_capped_budget_and_an_ordinary_one_is_left_alone()
    {
        if (!OperatingSystem.IsLinux()) return;
        var (env, stderr) = await RunOnce(new() { ["DOTNET_GCgen0size"] = null, ["NOTES_LSP_KEEP_GC_BUDGET"] = null });
        bool large = YoungGenerationBudget.LargestCache() > YoungGenerationBudget.LargeCacheBytes;
        if (large)
        {
            Assert.Equal(YoungGenerationBudget.Budget, env.GetValueOrDefault("DOTNET_GCgen0size"));
            Assert.Single(stderr, l => l.Contains("young-generation budget capped at 16 MB", StringComparison.Ordinal));
        }
        else
        {
            Assert.False(env.ContainsKey("DOTNET_GCgen0size"), "an ordinary cache keeps the runtime's budget");
            Assert.DoesNotContain(stderr, l => l.Contains("young-generation", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_budget_the_user_chose_is_kept()
    {
        if (!OperatingSystem.IsLinux()) return;
        var (env, stderr) = await RunOnce(new() { ["DOTNET_GCgen0size"] = "0x2000000", ["NOTES_LSP_KEEP_GC_BUDGET"] = null });
        Assert.Equal("0x2000000", env["DOTNET_GCgen0size"]);
        Assert.False(env.ContainsKey("NOTES_LSP_KEEP_GC_BUDGET"));
        Assert.DoesNotContain(stderr, l => l.Contains("young-generation", StringComparison.Ordinal));
    }
}
