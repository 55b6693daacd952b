using System.Buffers.Binary;
using Notes.Core.Cache;
using Notes.Core.Syntax;

namespace Notes.FileSystem.Tests;

/// <summary>The index cache file: what it keeps, and every way it can be wrong, each a cold scan with a log line.</summary>
public class IndexCacheFileTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);
    private static readonly long Old = Now.AddHours(-1).Ticks;
    private const long Cap = 5 * 1024 * 1024;

    private static List<CachedNote> Notes(int count) => Enumerable.Range(0, count).Select(i =>
    {
        var text = $"---\ntags: [t{i % 3}]\n---\n# Note {i} 🧪\n\nSee [[note {i + 1}|next]] and #tag/{i % 5} ^b{i}\r\n- [ ] task 名前\n";
        return new CachedNote($"dir/note {i}.md", new FileStamp(text.Length, Old + i, (ulong)i * 7919), NoteParser.Parse(text, $"note {i}").Compact());
    }).ToList();

    private static (TempVault Cache, IndexCacheFile File) Make(string build = "build-1", string root = "/vault")
    {
        var dir = new TempVault();
        return (dir, IndexCacheFile.For(dir.Root, root, build, [root], dir.Logger)!);
    }

    private static string Log(TempVault v) => string.Join("\n", v.Log);

    [Fact]
    public void What_is_saved_loads_back_note_for_note()
    {
        var (dir, file) = Make();
        using var owned = dir;
        var notes = Notes(50);
        Assert.True(file.TrySave(notes, Cap, Now, dir.Logger, out long bytes));
        Assert.Equal(new FileInfo(file.FilePath).Length, bytes);
        var loaded = file.TryLoad(Cap, Now, dir.Logger);
        Assert.NotNull(loaded);
        Assert.Equal(Now, loaded.WrittenUtc);
        Assert.Equal(notes.Select(n => (n.RelativePath, n.Stamp, n.Syntax.Text, n.Syntax.Links.Count, n.Syntax.Tags.Count)),
            loaded.Notes.Select(n => (n.RelativePath, n.Stamp, n.Syntax.Text, n.Syntax.Links.Count, n.Syntax.Tags.Count)));
        // Only the cache file is left in the folder: the temporary file was renamed.
        Assert.Equal([file.FilePath], Directory.GetFiles(dir.Root));
    }

    [Fact]
    public void Notes_modified_within_the_racy_window_and_string_texts_are_left_out()
    {
        var (dir, file) = Make();
        using var owned = dir;
        var notes = Notes(3);
        notes[1] = notes[1] with { Stamp = notes[1].Stamp with { ModifiedTicks = Now.AddSeconds(-1).Ticks } };
        notes.Add(new CachedNote("open.md", new FileStamp(1, Old, 1), NoteParser.Parse("# open", "open")));
        Assert.True(file.TrySave(notes, Cap, Now, dir.Logger, out _));
        Assert.Equal(["dir/note 0.md", "dir/note 2.md"], file.TryLoad(Cap, Now, dir.Logger)!.Notes.Select(n => n.RelativePath));
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "another build", "written by another build" },
        { "another root", "written for another root" },
        { "another size cap", "another size cap" },
        { "clock went backwards", "the clock went backwards" },
        { "truncated", "truncated" },
        { "flipped payload byte", "checksum mismatch" },
        { "not a cache", "not an index cache" },
        { "empty", "not an index cache" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_cache_that_cannot_be_trusted_is_refused_with_a_log_line(string damage, string logged)
    {
        var (dir, file) = Make();
        using var owned = dir;
        Assert.True(file.TrySave(Notes(20), Cap, Now, dir.Logger, out _));
        var reader = file;
        long cap = Cap;
        var now = Now;
        var bytes = File.ReadAllBytes(file.FilePath);
        switch (damage)
        {
            case "another build": reader = IndexCacheFile.For(dir.Root, "/vault", "build-2", ["/vault"], dir.Logger)!; break;
            case "another root": File.Copy(file.FilePath, (reader = IndexCacheFile.For(dir.Root, "/other", "build-1", ["/other"], dir.Logger)!).FilePath); break;
            case "another size cap": cap = 1024; break;
            case "clock went backwards": now = Now.AddHours(-3); break;
            case "truncated": File.WriteAllBytes(file.FilePath, bytes[..(bytes.Length * 2 / 3)]); break;
            case "flipped payload byte": bytes[^10] ^= 0x20; File.WriteAllBytes(file.FilePath, bytes); break;
            case "not a cache": File.WriteAllText(file.FilePath, "# a note, not a cache"); break;
            case "empty": File.WriteAllBytes(file.FilePath, []); break;
        }
        Assert.Null(reader.TryLoad(cap, now, dir.Logger));
        Assert.Contains(logged, Log(dir));
    }

    [Fact]
    public void No_cache_yet_is_a_cold_scan_and_says_so()
    {
        var (dir, file) = Make();
        using var owned = dir;
        Assert.Null(file.TryLoad(Cap, Now, dir.Logger));
        Assert.Contains("none yet", Log(dir));
    }

    [Fact]
    public void A_folder_inside_the_vault_is_refused()
    {
        using var vault = new TempVault();
        Assert.Null(IndexCacheFile.For(Path.Combine(vault.Root, ".cache"), vault.Root, "b", [vault.Root], vault.Logger));
        Assert.Contains("inside the vault", Log(vault));
        Assert.NotNull(IndexCacheFile.For(vault.Root + "-cache", vault.Root, "b", [vault.Root], vault.Logger));
    }

    [Fact]
    public void An_unwritable_folder_is_a_log_line_not_a_crash()
    {
        using var dir = new TempVault();
        // A file where the folder should be: no one, root included, can make the folder.
        var blocker = dir.Write("blocker", "x");
        var file = IndexCacheFile.For(Path.Combine(blocker, "index"), "/vault", "b", ["/vault"], dir.Logger)!;
        Assert.False(file.TrySave(Notes(3), Cap, Now, dir.Logger, out _));
        Assert.Contains("index cache not written", Log(dir));
        Assert.Null(file.TryLoad(Cap, Now, dir.Logger));
    }

    [Fact]
    public async Task Two_servers_writing_while_a_third_reads_never_show_a_partial_file()
    {
        var (dir, file) = Make();
        using var owned = dir;
        var a = Notes(40);
        var b = Notes(60);
        Assert.True(file.TrySave(a, Cap, Now, dir.Logger, out _));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var writers = new[] { a, b }.Select(notes => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested) file.TrySave(notes, Cap, Now, _ => { }, out _);
        })).ToArray();
        int reads = 0;
        while (!stop.IsCancellationRequested)
        {
            var loaded = file.TryLoad(Cap, Now, _ => { });
            // Either whole file; never a mixture, never a refusal (the rename is atomic).
            Assert.NotNull(loaded);
            Assert.Contains(loaded.Notes.Count, new[] { 40, 60 });
            reads++;
        }
        await Task.WhenAll(writers);
        Assert.True(reads > 5);
        Assert.Equal([file.FilePath], Directory.GetFiles(dir.Root));
    }

    /// <summary>Mutated cache files (flips, cuts, splices, a forged checksum) never throw; what loads is exactly what was saved.</summary>
    [Fact]
    public void Mutated_cache_files_never_throw_and_never_load_something_else()
    {
        var (dir, file) = Make();
        using var owned = dir;
        var notes = Notes(8);
        Assert.True(file.TrySave(notes, Cap, Now, dir.Logger, out _));
        var good = File.ReadAllBytes(file.FilePath);
        var rng = new Random(19);
        int loaded = 0;
        for (int round = 0; round < 400; round++)
        {
            var bytes = (byte[])good.Clone();
            int at = rng.Next(bytes.Length);
            switch (round % 4)
            {
                case 0: bytes[at] ^= (byte)(1 << rng.Next(8)); break;
                case 1: bytes = bytes[..at]; break;
                case 2: bytes = [.. bytes[..at], .. Enumerable.Range(0, rng.Next(1, 9)).Select(_ => (byte)rng.Next(256)), .. bytes[at..]]; break;
                default:
                    // A forged checksum over damaged records: the decoder itself must refuse or stay in bounds.
                    bytes[at] = (byte)rng.Next(256);
                    Reseal(bytes);
                    break;
            }
            File.WriteAllBytes(file.FilePath, bytes);
            var result = file.TryLoad(Cap, Now, _ => { });
            if (result is null) continue;
            loaded++;
            if (round % 4 != 3) Assert.Equal(notes.Select(n => n.Syntax.Text), result.Notes.Select(n => n.Syntax.Text));
        }
        Assert.True(loaded < 400);
    }

    /// <summary>Rewrites the checksum (and length) of a damaged file, as an attacker or a buggy writer could.</summary>
    private static void Reseal(byte[] bytes)
    {
        int at = 8 + 8;
        for (int s = 0; s < 2; s++) at += 4 + BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at));
        at += 16; // size cap, time
        if (at + 20 > bytes.Length) return;
        int payload = at + 20;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at + 4), bytes.Length - payload);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at + 12), System.IO.Hashing.XxHash3.HashToUInt64(bytes.AsSpan(payload)));
    }
}
