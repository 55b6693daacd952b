using Notes.Lsp.Server.Hosting;

namespace Notes.Lsp.Server.Tests;

/// <summary>When the server caps the garbage collector's young generation (the decision; the re-execution is tested over stdio).</summary>
public class YoungGenerationBudgetTests
{
    [Theory]
    [InlineData("266240K\n", 266240L * 1024)]
    [InlineData("32M", 32L << 20)]
    [InlineData("1G", 1L << 30)]
    [InlineData("512", 512L)]
    [InlineData(" 48k ", 48L * 1024)]
    [InlineData("", null)]
    [InlineData("K", null)]
    [InlineData("-5K", null)]
    [InlineData("12.5M", null)]
    public void Reads_sysfs_cache_sizes(string text, long? bytes) => Assert.Equal(bytes, YoungGenerationBudget.ParseCacheSize(text));

    public static TheoryData<long?, string[], bool> Cases() => new()
    {
        { 260L << 20, [], true },                                              // a VM reporting its host's cache
        { 64L << 20, [], false },                                              // at the threshold: the runtime's own budget
        { 36L << 20, [], false },                                              // a laptop or desktop
        { null, [], false },                                                   // no sysfs
        { 260L << 20, ["DOTNET_GCgen0size=0x2000000"], false },                // the user's own budget wins
        { 260L << 20, ["COMPlus_GCgen0size=4000000"], false },
        { 260L << 20, ["DOTNET_GCgen0MaxBudget=0x800000"], false },
        { 260L << 20, ["NOTES_LSP_KEEP_GC_BUDGET=1"], false },                 // opted out, or already re-executed
        { 260L << 20, ["DOTNET_GCgen0size="], true },                          // empty is unset
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Caps_only_a_large_cache_and_never_over_the_users_choice(long? cache, string[] env, bool expected)
    {
        var vars = env.Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(expected, YoungGenerationBudget.ShouldCap(cache, n => vars.GetValueOrDefault(n)));
    }
}
