namespace Notes.FileSystem.Tests;

public sealed class FileUriTests
{
    [Theory]
    [InlineData("/home/x/a b.md", "file:///home/x/a%20b.md")]
    [InlineData("/home/x/c#1.md", "file:///home/x/c%231.md")]
    [InlineData("/home/x/a%20b.md", "file:///home/x/a%2520b.md")]
    [InlineData("/n/Über (draft)!.md", "file:///n/%C3%9Cber%20%28draft%29%21.md")]
    [InlineData("/n/a-b_c.~d.md", "file:///n/a-b_c.~d.md")]
    [InlineData("/n/😀.md", "file:///n/%F0%9F%98%80.md")]
    [InlineData(@"C:\Notes\y z.md", "file:///c%3A/Notes/y%20z.md")]
    [InlineData("c:/x", "file:///c%3A/x")]
    public void FromPath_encodes_like_vscode(string path, string expected)
    {
        if (!OperatingSystem.IsWindows() && !path.Contains(':') && !path.StartsWith('/')) return;
        Assert.Equal(expected, FileUri.FromPath(path));
    }

    [Theory]
    [InlineData("file:///home/x/a%20b.md", "/home/x/a b.md")]
    [InlineData("file:///home/x/c%231.md", "/home/x/c#1.md")]
    [InlineData("file:///home/x/c.md#heading", "/home/x/c.md")]
    [InlineData("file:///home/x/c.md?query=1", "/home/x/c.md")]
    [InlineData("file://localhost/home/x.md", "/home/x.md")]
    [InlineData("FILE:///home/%C3%9Cber.md", "/home/Über.md")]
    public void ToPath_decodes(string uri, string expected)
    {
        if (OperatingSystem.IsWindows()) expected = expected.Replace('/', '\\');
        Assert.Equal(expected, FileUri.ToPath(uri));
    }

    [Fact]
    public void Drive_letter_forms_are_one_path()
    {
        string? a = FileUri.ToPath("file:///C:/x");
        string? b = FileUri.ToPath("file:///c%3A/x");
        string? c = FileUri.ToPath("file:///c:/x");
        Assert.Equal(OperatingSystem.IsWindows() ? @"C:\x" : "C:/x", a);
        Assert.Equal(a, b);
        Assert.Equal(a, c);
        Assert.Equal("file:///c%3A/x", FileUri.FromPath(a!));
    }

    [Theory]
    [InlineData("untitled:Untitled-1")]
    [InlineData("https://example.com/a.md")]
    [InlineData("vscode-notebook-cell:/x.md#cell")]
    [InlineData("")]
    [InlineData("file:///a%00b.md")]
    [InlineData("file")]
    public void ToPath_rejects_what_is_not_a_file(string uri) => Assert.Null(FileUri.ToPath(uri));

    [Fact]
    public void ToPath_never_throws_on_garbage()
    {
        foreach (var s in new[] { "file://%", "file:///%E9%", "file:///%ZZ", "file://[::1/x", "file:" + new string('/', 5000), "file:///\uD800" })
        {
            var ex = Record.Exception(() => FileUri.ToPath(s));
            Assert.Null(ex);
        }
    }

    [Fact]
    public void Real_files_with_percent_and_hash_round_trip()
    {
        using var v = new TempVault();
        v.Write("a%20b.md");
        v.Write("c#d.md");
        v.Write("sp ace/é#%.md");
        var files = VaultScanner.EnumerateNoteFiles(v.Root, new ScanOptions(), v.Logger);
        Assert.Equal(3, files.Count);
        var uris = files.Select(FileUri.FromPath).ToList();
        Assert.Equal(3, uris.Distinct().Count());
        Assert.All(uris, u => Assert.DoesNotContain("#", u));
        Assert.All(uris, u => Assert.DoesNotContain(" ", u));
        Assert.Contains(uris, u => u.EndsWith("/a%2520b.md", StringComparison.Ordinal));
        Assert.Contains(uris, u => u.EndsWith("/c%23d.md", StringComparison.Ordinal));
        foreach (var (file, uri) in files.Zip(uris))
        {
            Assert.Equal(file, FileUri.ToPath(uri));
            Assert.True(File.Exists(FileUri.ToPath(uri)));
        }
    }
}
