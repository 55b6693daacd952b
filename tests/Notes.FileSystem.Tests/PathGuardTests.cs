namespace Notes.FileSystem.Tests;

public sealed class PathGuardTests
{
    [Fact]
    public void IsInside_normalises_and_resolves_links()
    {
        using var outside = new TempVault();
        using var v = new TempVault();
        v.Write("a/b.md");
        Assert.True(PathGuard.IsInside(v.Root, v.PathOf("a/b.md")));
        Assert.True(PathGuard.IsInside(v.Root, v.PathOf("a/new/not-yet.md")));
        Assert.True(PathGuard.IsInside(v.Root, v.Root));
        Assert.True(PathGuard.IsInside(v.Root + "/", v.PathOf("a/./x/../b.md")));
        Assert.False(PathGuard.IsInside(v.Root, v.PathOf("a/../../x.md")));
        Assert.False(PathGuard.IsInside(v.Root, v.Root + "-sibling/x.md"));
        Assert.False(PathGuard.IsInside(v.Root, "/etc/shadow"));
        Assert.False(PathGuard.IsInside(v.Root, "a\0b"));
        Assert.False(PathGuard.IsInside("", "/x"));
        if (!OperatingSystem.IsWindows())
        {
            v.LinkDir("escape", outside.Root);
            Assert.False(PathGuard.IsInside(v.Root, v.PathOf("escape/x.md")));
            Assert.False(PathGuard.IsInside(v.Root, v.PathOf("escape")));
            v.LinkDir("inner", v.PathOf("a"));
            Assert.True(PathGuard.IsInside(v.Root, v.PathOf("inner/b.md")));
            // A root reached through a link still contains its files.
            outside.LinkDir("vault-link", v.Root);
            Assert.True(PathGuard.IsInside(outside.PathOf("vault-link"), v.PathOf("a/b.md")));
            // Loops do not hang and are not "inside".
            Directory.CreateSymbolicLink(v.PathOf("l1"), "l2");
            Directory.CreateSymbolicLink(v.PathOf("l2"), "l1");
            Assert.False(PathGuard.IsInside(v.Root, v.PathOf("l1/x.md")));
        }
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/shadow")]
    [InlineData("\\server\\share")]
    [InlineData("a/../../b.md")]
    [InlineData("..")]
    [InlineData("a\0b.md")]
    [InlineData("CON")]
    [InlineData("con.md")]
    [InlineData("sub/NUL.txt")]
    [InlineData("COM1.md")]
    [InlineData("LPT9")]
    [InlineData("a:b")]
    [InlineData("C:/x.md")]
    [InlineData("what?.md")]
    [InlineData("pipe|.md")]
    [InlineData("trailing.")]
    [InlineData("trailing ")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a/")]
    [InlineData(".")]
    public void ValidateNewRelativePath_rejects(string relative)
    {
        using var v = new TempVault();
        Assert.NotNull(PathGuard.ValidateNewRelativePath(v.Root, relative));
    }

    [Fact]
    public void Percent_encoded_traversal_is_rejected_after_decoding()
    {
        using var v = new TempVault();
        string decoded = Uri.UnescapeDataString("%2e%2e%2f%2e%2e%2fetc%2fpasswd");
        Assert.Equal("../../etc/passwd", decoded);
        Assert.NotNull(PathGuard.ValidateNewRelativePath(v.Root, decoded));
        // The raw text is a literal (odd but harmless) file name inside the root.
        Assert.Null(PathGuard.ValidateNewRelativePath(v.Root, "%2e%2e%2fx.md"));
    }

    [Theory]
    [InlineData("new-note.md")]
    [InlineData("papers/attention is all you need.md")]
    [InlineData("a/../b.md")]
    [InlineData("./c.md")]
    [InlineData("console.md")]
    [InlineData("COM10.md")]
    [InlineData("Über #1 (draft).md")]
    [InlineData("deep/er/new.md")]
    public void ValidateNewRelativePath_accepts(string relative)
    {
        using var v = new TempVault();
        Assert.Null(PathGuard.ValidateNewRelativePath(v.Root, relative));
    }

    [Fact]
    public void ValidateNewRelativePath_rejects_escape_through_a_symlink()
    {
        if (OperatingSystem.IsWindows()) return;
        using var outside = new TempVault();
        using var v = new TempVault();
        v.LinkDir("escape", outside.Root);
        Assert.NotNull(PathGuard.ValidateNewRelativePath(v.Root, "escape/new.md"));
    }
}
