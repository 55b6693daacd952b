using System.Collections.Concurrent;
using System.Diagnostics;

namespace Notes.FileSystem.Tests;

public sealed class WatcherTests
{
    private const int Timeout = 30_000;

    /// <summary>A consumer that mirrors the vault's note set from batches (and rescans on request).</summary>
    private sealed class Mirror
    {
        private readonly TempVault _vault;
        private readonly object _gate = new();
        private readonly HashSet<string> _notes;
        public int Batches;
        public int Rescans;
        public readonly ConcurrentQueue<FileChange> All = new();

        public Mirror(TempVault vault)
        {
            _vault = vault;
            _notes = Disk();
        }

        /// <summary>Every file of the vault as the scan lists it: notes and attachments.</summary>
        public HashSet<string> Disk()
        {
            var (notes, attachments) = VaultScanner.EnumerateVault(_vault.Root, new ScanOptions(), _ => { });
            return [.. notes, .. attachments.Select(a => a.FullPath)];
        }

        public void OnBatch(IReadOnlyList<FileChange> batch)
        {
            Interlocked.Increment(ref Batches);
            lock (_gate)
            {
                foreach (var c in batch)
                {
                    All.Enqueue(c);
                    if (c.Kind == FileChangeKind.Deleted) _notes.Remove(c.FullPath);
                    else _notes.Add(c.FullPath);
                }
            }
        }

        public void OnRescan()
        {
            Interlocked.Increment(ref Rescans);
            lock (_gate)
            {
                _notes.Clear();
                _notes.UnionWith(Disk());
            }
        }

        public HashSet<string> Snapshot()
        {
            lock (_gate) return [.. _notes];
        }

        /// <summary>Waits until the mirror equals the disk (and stays so for a little while).</summary>
        public void AssertConverges(TimeSpan within)
        {
            var sw = Stopwatch.StartNew();
            int stable = 0;
            while (sw.Elapsed < within)
            {
                if (Snapshot().SetEquals(Disk()))
                {
                    if (++stable >= 3) return;
                }
                else
                {
                    stable = 0;
                }
                Thread.Sleep(150);
            }
            var mirror = Snapshot();
            var disk = Disk();
            Assert.Fail($"mirror did not converge: missing {string.Join(", ", disk.Except(mirror).Take(5))}; extra {string.Join(", ", mirror.Except(disk).Take(5))} ({disk.Except(mirror).Count()} / {mirror.Except(disk).Count()})");
        }
    }

    [Fact(Timeout = Timeout)]
    public async Task A_burst_of_500_creates_changes_and_deletes_converges() => await Task.Run(() =>
    {
        using var v = new TempVault();
        v.Write("before.md");
        v.Write("old/stale.md");
        var m = new Mirror(v);
        using var w = new VaultWatcher(v.Root, m.OnBatch, m.OnRescan, v.Logger);
        Assert.True(w.IsWatching);

        var paths = Enumerable.Range(0, 500).Select(i => v.PathOf($"burst{i % 5}/n{i:D3}.md")).ToList();
        foreach (var p in paths)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(p)!);
            File.WriteAllText(p, "created\n");
        }
        for (int i = 0; i < 500; i += 2) File.AppendAllText(paths[i], "changed\n");
        for (int i = 0; i < 500; i += 3) File.Delete(paths[i]);
        for (int i = 1; i < 500; i += 10)
        {
            if (File.Exists(paths[i])) File.Move(paths[i], paths[i].Replace(".md", "-renamed.md"));
        }
        File.Delete(v.PathOf("before.md"));
        File.WriteAllText(v.PathOf("scratch.txt"), "an attachment");
        File.WriteAllText(v.PathOf(".scratch.txt"), "hidden");
        Directory.Move(v.PathOf("old"), v.PathOf("old-moved"));

        m.AssertConverges(TimeSpan.FromSeconds(20));
        Assert.True(m.Batches < 500, $"events were not batched: {m.Batches} batches");
        Assert.Contains(m.All, c => c.Kind == FileChangeKind.Created && c.FullPath == v.PathOf("scratch.txt")); // attachments are reported
        Assert.DoesNotContain(m.All, c => c.FullPath.EndsWith(".scratch.txt", StringComparison.Ordinal)); // hidden files are not
        Assert.Contains(m.All, c => c.Kind == FileChangeKind.Created && c.FullPath.EndsWith("old-moved/stale.md".Replace('/', Path.DirectorySeparatorChar), StringComparison.Ordinal));
        Assert.Contains(m.All, c => c.Kind == FileChangeKind.Deleted && c.FullPath == v.PathOf("old/stale.md"));
    });

    [Fact(Timeout = Timeout)]
    public async Task Folders_moved_in_and_deleted_report_their_notes() => await Task.Run(() =>
    {
        using var elsewhere = new TempVault();
        for (int i = 0; i < 20; i++) elsewhere.Write($"pack/sub/n{i}.md");
        elsewhere.Write("pack/sub/figure.png");
        using var v = new TempVault();
        var m = new Mirror(v);
        using var w = new VaultWatcher(v.Root, m.OnBatch, m.OnRescan, v.Logger);

        Directory.Move(elsewhere.PathOf("pack"), v.PathOf("pack"));
        m.AssertConverges(TimeSpan.FromSeconds(10));
        Assert.Equal(21, m.Snapshot().Count); // the notes and the attachment

        Directory.Delete(v.PathOf("pack"), recursive: true);
        m.AssertConverges(TimeSpan.FromSeconds(10));
        Assert.Empty(m.Snapshot());
        Assert.Equal(21, m.All.Count(c => c.Kind == FileChangeKind.Deleted)); // each file once, never the folders
    });

    [Fact(Timeout = Timeout)]
    public async Task Hidden_folders_are_not_reported() => await Task.Run(() =>
    {
        using var v = new TempVault();
        var m = new Mirror(v);
        using var w = new VaultWatcher(v.Root, m.OnBatch, m.OnRescan, v.Logger);
        v.Write(".git/objects/x.md");
        v.Write(".obsidian/y.md");
        v.Write("visible.md");
        m.AssertConverges(TimeSpan.FromSeconds(10));
        Assert.Equal([FileChangeKind.Created], m.All.Select(c => c.Kind));
        Assert.Equal(v.PathOf("visible.md"), m.All.Single().FullPath);
    });

    [Fact(Timeout = Timeout)]
    public async Task Watcher_error_requests_a_rescan() => await Task.Run(() =>
    {
        using var v = new TempVault();
        var m = new Mirror(v);
        using var w = new VaultWatcher(v.Root, m.OnBatch, m.OnRescan, v.Logger);
        w.SimulateError(new InternalBufferOverflowException());
        Assert.Equal(1, m.Rescans);
        Assert.True(v.Logged("overflow"));
    });

    [Fact(Timeout = Timeout)]
    public async Task A_throwing_consumer_does_not_kill_the_watcher() => await Task.Run(() =>
    {
        using var v = new TempVault();
        var m = new Mirror(v);
        int calls = 0;
        using var w = new VaultWatcher(v.Root, b =>
        {
            if (Interlocked.Increment(ref calls) == 1) throw new InvalidOperationException("boom");
            m.OnBatch(b);
        }, m.OnRescan, v.Logger);
        v.Write("first.md");
        var sw = Stopwatch.StartNew();
        while (Volatile.Read(ref calls) == 0 && sw.ElapsedMilliseconds < 10_000) Thread.Sleep(20);
        Assert.True(v.Logged("boom"));
        v.Write("second.md");
        v.Write("first.md", "touched");
        m.AssertConverges(TimeSpan.FromSeconds(10));
    });

    [Fact]
    public void Missing_root_does_not_throw()
    {
        using var v = new TempVault();
        using var w = new VaultWatcher(v.PathOf("missing"), _ => { }, () => { }, v.Logger);
        Assert.False(w.IsWatching);
        Assert.True(v.Logged("could not start"));
    }
}
