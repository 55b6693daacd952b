using System.Text;

namespace Notes.FileSystem.Tests;

public sealed class ScannerTests
{
    private const int Timeout = 20_000;
    private static readonly ScanOptions Defaults = new();

    private static IReadOnlyList<string> List(TempVault v, ScanOptions? options = null) =>
        v.Relative(VaultScanner.EnumerateNoteFiles(v.Root, options ?? Defaults, v.Logger));

    [Theory]
    [InlineData("a.md", true)]
    [InlineData("A.MD", true)]
    [InlineData("dir/x.Markdown", true)]
    [InlineData("a.mdx", false)]
    [InlineData("a.txt", false)]
    [InlineData("md", false)]
    [InlineData("", false)]
    public void IsNoteFile_by_extension(string path, bool expected) => Assert.Equal(expected, VaultScanner.IsNoteFile(path));

    private static string Attachments(TempVault v, ScanOptions? options = null) =>
        string.Join(", ", VaultScanner.EnumerateVault(v.Root, options ?? Defaults, v.Logger).Attachments.Select(a => $"{a.RelativePath} {a.Size}"));

    [Fact(Timeout = Timeout)]
    public async Task Attachments_are_every_other_file_by_the_same_rules_with_their_sizes() => await Task.Run(() =>
    {
        using var v = new TempVault();
        v.Write("note.md");
        v.WriteBytes("figures/loss.png", [0x89, 0x50, 0x4E, 0x47, 0, 0, 0]);
        v.Write("papers/paper.pdf", "%PDF-1.7\n");
        v.Write("LICENSE", "MIT");
        v.Write(".gitignore", "build/\n*.tmp\n");
        v.Write("build/out.png", "x");
        v.Write("scratch.tmp", "x");
        v.Write(".DS_Store", "x");
        v.Write(".obsidian/app.json", "{}");
        v.Write("archive/old.png", "x");
        v.Write("big.bin", new string('x', 3000));
        // names and sizes only: a size limit for notes does not hide an attachment, and nothing is read
        var options = new ScanOptions { ExcludeGlobs = ["archive/**"], MaxFileBytes = 100 };
        Assert.Equal("LICENSE 3, big.bin 3000, figures/loss.png 7, papers/paper.pdf 9", Attachments(v, options));
        Assert.Equal(["note.md"], List(v, options)); // the notes' listing is unchanged
    });

    [Fact(Timeout = Timeout)]
    public async Task Symlinked_attachments_are_listed_only_inside_the_vault() => await Task.Run(() =>
    {
        using var outside = new TempVault();
        outside.Write("secret.png", "x");
        using var v = new TempVault();
        v.Write("in.png", "x");
        File.CreateSymbolicLink(v.PathOf("out.png"), outside.PathOf("secret.png"));
        File.CreateSymbolicLink(v.PathOf("alias.png"), v.PathOf("in.png")); // same real file: listed once
        Assert.Equal("in.png 1", Attachments(v));
    });

    [Fact(Timeout = Timeout)]
    public async Task Nested_folders_are_listed_in_relative_path_order() => await Task.Run(() =>
    {
        using var v = new TempVault();
        v.Write("z.md");
        v.Write("a/b/c/deep.md");
        v.Write("a/mid.markdown");
        v.Write("a/readme.txt");
        v.Write("image.png");
        Assert.Equal(["a/b/c/deep.md", "a/mid.markdown", "z.md"], List(v));
    });

    [Fact(Timeout = Timeout)]
    public async Task Gitignore_and_ignore_files_apply_nested_and_with_negation() => await Task.Run(() =>
    {
        using var v = new TempVault();
        v.Write(".gitignore", "# comment\ndrafts/\n*.tmp.md\nsecret*.md\n!secret-ok.md\n");
        v.Write(".ignore", "/rootonly.md\n");
        v.Write("keep.md");
        v.Write("rootonly.md");
        v.Write("sub/rootonly.md");          // "/rootonly.md" is anchored to the root
        v.Write("drafts/d.md");
        v.Write("sub/drafts/d.md");          // "drafts/" matches at any depth
        v.Write("x.tmp.md");
        v.Write("secret1.md");
        v.Write("secret-ok.md");
        v.Write("sub/.gitignore", "local.md\n!x.tmp.md\n");
        v.Write("sub/local.md");
        v.Write("local.md");                 // the nested rule does not reach up
        v.Write("sub/x.tmp.md");             // re-included by the nested negation
        v.Write("sub/deeper/local.md");      // nested rule without slash matches below its folder
        Assert.Equal(["keep.md", "local.md", "secret-ok.md", "sub/rootonly.md", "sub/x.tmp.md"], List(v));

        var all = List(v, new ScanOptions { RespectIgnoreFiles = false });
        Assert.Equal(12, all.Count);
    });

    [Fact(Timeout = Timeout)]
    public async Task Hidden_folders_are_skipped() => await Task.Run(() =>
    {
        using var v = new TempVault();
        v.Write(".git/HEAD.md");
        v.Write(".obsidian/workspace.md");
        v.Write("sub/.trash/old.md");
        v.Write("sub/visible.md");
        Assert.Equal(["sub/visible.md"], List(v));
    });

    [Fact(Timeout = Timeout)]
    public async Task Exclude_globs_are_relative_to_the_root() => await Task.Run(() =>
    {
        using var v = new TempVault();
        v.Write("archive/old.md");
        v.Write("archive/deep/older.md");
        v.Write("notes/archive/kept.md");
        v.Write("notes/a.draft.md");
        v.Write("notes/b.md");
        var options = new ScanOptions { ExcludeGlobs = ["archive/**", "**/*.draft.md"] };
        Assert.Equal(["notes/archive/kept.md", "notes/b.md"], List(v, options));
    });

    private static Dictionary<string, int> CountListings(TempVault v, Action run)
    {
        var counts = new Dictionary<string, int>();
        VaultScanner.BeforeListDirectory.Value = dir =>
        {
            string real = Path.GetFullPath(dir);
            counts[real] = counts.GetValueOrDefault(real) + 1;
        };
        try { run(); }
        finally { VaultScanner.BeforeListDirectory.Value = null; }
        return counts;
    }

    [Fact(Timeout = Timeout)]
    public async Task Symlink_to_parent_ends_and_each_real_folder_is_read_once() => await Task.Run(() =>
    {
        if (OperatingSystem.IsWindows()) return;
        using var v = new TempVault();
        v.Write("a.md");
        v.Write("sub/b.md");
        v.LinkDir("sub/up", "..");          // a -> ..  (the root itself: already read)
        v.LinkDir("sub/self", ".");         // sub/self -> sub
        v.LinkDir("root-up", "..");         // outside the root
        IReadOnlyList<string> listed = [];
        var counts = CountListings(v, () => listed = List(v));
        Assert.Equal(["a.md", "sub/b.md"], listed);
        Assert.Equal(2, counts.Count);       // root and sub, nothing else
        Assert.All(counts.Values, c => Assert.Equal(1, c));
    });

    [Fact(Timeout = Timeout)]
    public async Task Symlink_cycle_between_two_links_ends() => await Task.Run(() =>
    {
        if (OperatingSystem.IsWindows()) return;
        using var v = new TempVault();
        v.Write("n.md");
        Directory.CreateSymbolicLink(v.PathOf("a"), "b"); // a -> b -> a (dangling loop)
        Directory.CreateSymbolicLink(v.PathOf("b"), "a");
        File.CreateSymbolicLink(v.PathOf("loop.md"), "loop.md");
        Assert.Equal(["n.md"], List(v));
        Assert.True(v.Logged("loop"));
    });

    [Fact(Timeout = Timeout)]
    public async Task Mutual_folder_links_list_each_note_once_under_its_real_path() => await Task.Run(() =>
    {
        if (OperatingSystem.IsWindows()) return;
        using var v = new TempVault();
        v.Write("x/one.md");
        v.Write("y/two.md");
        v.LinkDir("x/to-y", "../y");
        v.LinkDir("y/to-x", "../x");
        v.LinkDir("alias", "x");
        IReadOnlyList<string> listed = [];
        var counts = CountListings(v, () => listed = List(v));
        Assert.Equal(["x/one.md", "y/two.md"], listed);
        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, c => Assert.Equal(1, c));
    });

    [Fact(Timeout = Timeout)]
    public async Task Symlink_to_a_folder_only_reachable_through_it_is_followed() => await Task.Run(() =>
    {
        if (OperatingSystem.IsWindows()) return;
        using var v = new TempVault();
        v.Write(".hidden-store/inner.md");
        v.LinkDir("visible", ".hidden-store");
        Assert.Equal(["visible/inner.md"], List(v));
    });

    [Fact(Timeout = Timeout)]
    public async Task Symlinks_outside_the_root_and_to_filesystem_root_are_not_followed() => await Task.Run(() =>
    {
        if (OperatingSystem.IsWindows()) return;
        using var outside = new TempVault();
        outside.Write("elsewhere.md");
        using var v = new TempVault();
        v.Write("in.md");
        v.LinkDir("out", outside.Root);
        v.LinkDir("slash", "/");
        File.CreateSymbolicLink(v.PathOf("outfile.md"), outside.PathOf("elsewhere.md"));
        File.CreateSymbolicLink(v.PathOf("alias.md"), v.PathOf("in.md"));   // inside, same real file: listed once
        File.CreateSymbolicLink(v.PathOf("dangling.md"), v.PathOf("missing.md"));
        Assert.Equal(["dangling.md", "in.md"], List(v));
        Assert.True(v.Logged("points outside the vault"));
        // The dangling link is listed (it lies inside) but reading it fails gracefully.
        Assert.Null(VaultScanner.ReadNote(v.PathOf("dangling.md"), v.Root, Defaults, v.Logger));
    });

    [Fact(Timeout = Timeout)]
    public async Task Unreadable_folder_is_skipped_or_at_least_does_not_throw() => await Task.Run(() =>
    {
        if (OperatingSystem.IsWindows()) return;
        using var v = new TempVault();
        v.Write("ok.md");
        v.Write("locked/inside.md");
        v.Lock("locked");
        bool canStillRead;
        try { canStillRead = Directory.EnumerateFileSystemEntries(v.PathOf("locked")).Any(); }
        catch (UnauthorizedAccessException) { canStillRead = false; }

        var listed = List(v);
        if (canStillRead)
        {
            // Running as root: permissions do not block us; the walk must still be fine.
            Assert.Equal(["locked/inside.md", "ok.md"], listed);
        }
        else
        {
            Assert.Equal(["ok.md"], listed);
            Assert.True(v.Logged("folder skipped"));
        }
    });

    [Fact(Timeout = Timeout)]
    public async Task Listing_failure_is_logged_and_the_rest_is_walked() => await Task.Run(() =>
    {
        using var v = new TempVault();
        v.Write("ok.md");
        v.Write("bad/inside.md");
        v.Write("good/inside.md");
        VaultScanner.BeforeListDirectory.Value = dir =>
        {
            if (dir.EndsWith("bad", StringComparison.Ordinal)) throw new UnauthorizedAccessException("Access to the path is denied.");
        };
        try
        {
            Assert.Equal(["good/inside.md", "ok.md"], List(v));
            Assert.True(v.Logged("folder skipped"));
            Assert.True(v.Logged("bad"));
        }
        finally
        {
            VaultScanner.BeforeListDirectory.Value = null;
        }
    });

    [Fact(Timeout = Timeout)]
    public async Task A_300_character_path_is_listed_and_read() => await Task.Run(() =>
    {
        using var v = new TempVault();
        string rel = "";
        while (Path.Combine(v.Root, rel).Length < 300) rel = Path.Combine(rel, new string('d', 60));
        rel = Path.Combine(rel, "long-note.md").Replace('\\', '/');
        string full = v.Write(rel, "deep\n");
        Assert.True(full.Length > 300);
        Assert.Equal([rel], List(v));
        Assert.Equal("deep\n", VaultScanner.ReadNote(full, v.Root, Defaults, v.Logger)!.Text);
    });

    [Fact(Timeout = Timeout)]
    public async Task File_deleted_between_listing_and_reading_is_skipped() => await Task.Run(() =>
    {
        using var v = new TempVault();
        v.Write("stays.md");
        string gone = v.Write("gone.md");
        Assert.Equal(2, List(v).Count);
        VaultScanner.BeforeReadFile.Value = path =>
        {
            if (path == gone) File.Delete(path);
        };
        try
        {
            Assert.Null(VaultScanner.ReadNote(gone, v.Root, Defaults, v.Logger));
            Assert.True(v.Logged("vanished"));
            File.WriteAllText(gone, "again");
            var scanned = VaultScanner.Scan(v.Root, Defaults, v.Logger);
            Assert.Equal(["stays.md"], scanned.Select(s => s.RelativePath));
        }
        finally
        {
            VaultScanner.BeforeReadFile.Value = null;
        }
    });

    [Fact]
    public void Binary_file_named_md_is_skipped()
    {
        using var v = new TempVault();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];
        string full = v.WriteBytes("picture.md", png);
        Assert.Null(VaultScanner.ReadNote(full, v.Root, Defaults, v.Logger));
        Assert.True(v.Logged("binary"));
    }

    [Fact]
    public void Latin1_file_is_decoded_with_a_warning()
    {
        using var v = new TempVault();
        string full = v.WriteBytes("latin.md", [.. "# Caf"u8, 0xE9, .. " cr"u8, 0xE8, .. "me\n"u8]);
        var note = VaultScanner.ReadNote(full, v.Root, Defaults, v.Logger);
        Assert.Equal("# Café crème\n", note!.Text);
        Assert.True(v.Logged("Latin-1"));
    }

    [Theory]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    [InlineData("utf-8-bom")]
    [InlineData("utf-32le")]
    public void Bom_decides_the_encoding_and_is_stripped(string kind)
    {
        using var v = new TempVault();
        const string text = "#attention\nÜber [[gpt3]] — \\(x^2\\)\r\n";
        Encoding enc = kind switch
        {
            "utf-16le" => new UnicodeEncoding(false, true),
            "utf-16be" => new UnicodeEncoding(true, true),
            "utf-32le" => new UTF32Encoding(false, true),
            _ => new UTF8Encoding(true),
        };
        string full = v.WriteBytes("enc.md", [.. enc.GetPreamble(), .. enc.GetBytes(text)]);
        var note = VaultScanner.ReadNote(full, v.Root, Defaults, v.Logger);
        Assert.Equal(text, note!.Text);
        Assert.False(note.Truncated);
        Assert.Equal("enc.md", note.RelativePath);
    }

    [Fact]
    public void Oversized_file_is_truncated_at_a_line_break_and_reported()
    {
        using var v = new TempVault();
        var sb = new StringBuilder();
        for (int i = 0; i < 100; i++) sb.Append("line ").Append(i.ToString("D3")).Append(" é\n"); // 12 bytes per line
        string full = v.Write("big.md", sb.ToString());
        var note = VaultScanner.ReadNote(full, v.Root, new ScanOptions { MaxFileBytes = 100 }, v.Logger);
        Assert.NotNull(note);
        Assert.True(note.Truncated);
        Assert.Equal(string.Concat(Enumerable.Range(0, 8).Select(i => $"line {i:D3} é\n")), note.Text);
        Assert.True(v.Logged("truncated"));
        Assert.False(v.Logged("Latin-1"));
    }

    [Fact]
    public void Oversized_single_line_is_cut_without_splitting_a_character()
    {
        using var v = new TempVault();
        string full = v.Write("one-line.md", string.Concat(Enumerable.Repeat("é", 100))); // 200 bytes
        var note = VaultScanner.ReadNote(full, v.Root, new ScanOptions { MaxFileBytes = 51 }, v.Logger);
        Assert.Equal(new string('é', 25), note!.Text);
        Assert.True(note.Truncated);
    }

    [Fact]
    public void Small_and_empty_files_are_read_whole()
    {
        using var v = new TempVault();
        Assert.Equal("", VaultScanner.ReadNote(v.Write("empty.md", ""), v.Root, Defaults, v.Logger)!.Text);
        var n = VaultScanner.ReadNote(v.Write("sub/x.md", "exact"), v.Root, new ScanOptions { MaxFileBytes = 5 }, v.Logger)!;
        Assert.Equal(("exact", false, "sub/x.md"), (n.Text, n.Truncated, n.RelativePath));
    }

    [Fact(Timeout = Timeout)]
    public async Task Case_variants_are_distinct_files_on_case_sensitive_systems() => await Task.Run(() =>
    {
        if (!OperatingSystem.IsLinux()) return;
        using var v = new TempVault();
        v.Write("Note.md", "upper");
        v.Write("note.md", "lower");
        var scanned = VaultScanner.Scan(v.Root, Defaults, v.Logger);
        Assert.Equal(["Note.md", "note.md"], scanned.Select(s => s.RelativePath));
        Assert.Equal(["upper", "lower"], scanned.Select(s => s.Text));
    });

    [Fact(Timeout = Timeout)]
    public async Task Scan_reads_everything_in_parallel_and_reports_progress() => await Task.Run(() =>
    {
        using var v = new TempVault();
        for (int i = 0; i < 300; i++) v.Write($"f{i % 7}/n{i:D3}.md", $"note {i}\n");
        v.WriteBytes("f0/bin.md", [0, 1, 2]);
        int last = 0, reports = 0;
        var progress = new SyncProgress(n => { Interlocked.Increment(ref reports); InterlockedMax(ref last, n); });
        var scanned = VaultScanner.Scan(v.Root, Defaults, v.Logger, progress);
        Assert.Equal(300, scanned.Count);
        Assert.Equal(301, reports);
        Assert.Equal(301, last);
        Assert.Equal(scanned.Select(s => s.RelativePath).OrderBy(p => p, StringComparer.Ordinal), scanned.Select(s => s.RelativePath));
        Assert.All(scanned, s => Assert.Equal($"note {int.Parse(s.RelativePath[^6..^3])}\n", s.Text));
    });

    [Fact(Timeout = Timeout)]
    public async Task Scan_honours_cancellation() => await Task.Run(() =>
    {
        using var v = new TempVault();
        for (int i = 0; i < 50; i++) v.Write($"n{i}.md");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => VaultScanner.Scan(v.Root, Defaults, v.Logger, null, cts.Token));

        using var midway = new CancellationTokenSource();
        var progress = new SyncProgress(n => { if (n == 5) midway.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => VaultScanner.Scan(v.Root, Defaults, v.Logger, progress, midway.Token));
    });

    [Fact]
    public void Missing_root_gives_nothing_and_a_log_line()
    {
        using var v = new TempVault();
        Assert.Empty(VaultScanner.EnumerateNoteFiles(v.PathOf("nope"), Defaults, v.Logger));
        Assert.Empty(VaultScanner.Scan(v.PathOf("nope"), Defaults, v.Logger));
        Assert.True(v.Logged("not a folder"));
        Assert.Null(VaultScanner.ReadNote(v.PathOf("nope/x.md"), v.Root, Defaults, v.Logger));
        Assert.Null(VaultScanner.ReadNote("bad\0path.md", v.Root, Defaults, v.Logger));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    [Fact(Timeout = Timeout)]
    public async Task ScanAndLoad_keeps_what_the_loader_makes_of_each_file_in_path_order() => await Task.Run(() =>
    {
        using var v = new TempVault();
        for (int i = 0; i < 100; i++) v.Write($"d{i % 3}/n{i:D3}.md", new string('x', i));
        v.WriteBytes("d0/bin.md", [0, 1, 2]);
        var loaded = VaultScanner.ScanAndLoad(v.Root, Defaults, f => (f.RelativePath, f.Text.Length), v.Logger);
        var scanned = VaultScanner.Scan(v.Root, Defaults, v.Logger);
        Assert.Equal(scanned.Select(s => (s.RelativePath, s.Text.Length)), loaded);
        Assert.Equal(100, loaded.Count);
    });

    [Fact(Timeout = Timeout)]
    public async Task Scan_reads_with_the_listings_sizes_without_blocking_on_a_fifo_or_failing_on_a_vanished_file() => await Task.Run(() =>
    {
        // The scan trusts the listing's size (no second stat): a FIFO lists as size 0 and must not be opened (it would
        // block), an empty note is read as empty, and a note deleted between listing and reading is skipped with a log line.
        using var v = new TempVault();
        v.Write("a.md", "alpha\n");
        v.Write("empty.md", "");
        var gone = v.Write("gone.md", "soon gone\n");
        if (!OperatingSystem.IsWindows())
        {
            using var mkfifo = System.Diagnostics.Process.Start("mkfifo", v.PathOf("pipe.md"));
            mkfifo.WaitForExit();
        }
        VaultScanner.BeforeReadFile.Value = path => { if (path == gone) File.Delete(gone); };
        try
        {
            var scanned = VaultScanner.Scan(v.Root, Defaults, v.Logger);
            var byPath = scanned.ToDictionary(f => f.RelativePath, f => f.Text);
            Assert.Equal("alpha\n", byPath["a.md"]);
            Assert.Equal("", byPath["empty.md"]);
            Assert.False(byPath.ContainsKey("gone.md"));
            if (!OperatingSystem.IsWindows()) Assert.Equal("", byPath["pipe.md"]);
            Assert.Contains(v.Log, l => l.Contains("vanished") && l.Contains("gone.md"));
        }
        finally { VaultScanner.BeforeReadFile.Value = null; }
    });
}
