using Notes.Lsp.Server.Hosting;
using Xunit;

namespace Notes.Lsp.Server.Tests;

public class MemoryTrimmerTests
{
    [Fact]
    public void OnlyLargeMessagesCollect()
    {
        long now = 0;
        int collections = 0;
        var trimmer = new MemoryTrimmer(() => now, () => collections++);
        trimmer.OnMessageWritten(MemoryTrimmer.LargeMessageBytes - 1);
        Assert.Equal(0, collections);
        trimmer.OnMessageWritten(MemoryTrimmer.LargeMessageBytes);
        Assert.Equal(1, collections);
    }

    [Fact]
    public void AtMostOneCollectionPerInterval()
    {
        long now = 10_000;
        int collections = 0;
        var trimmer = new MemoryTrimmer(() => now, () => collections++);
        Assert.True(trimmer.AfterBurst());
        now += (long)MemoryTrimmer.MinimumInterval.TotalMilliseconds - 1;
        Assert.False(trimmer.AfterBurst());
        trimmer.OnMessageWritten(10 * MemoryTrimmer.LargeMessageBytes);
        Assert.Equal(1, collections);
        now += 1;
        Assert.True(trimmer.AfterBurst());
        Assert.Equal(2, collections);
        Assert.Equal(2, trimmer.Collections);
    }
}
