using System.Text;
using Notes.Core.Syntax;
using Notes.Core.Text;
using Notes.Lsp.Server.Hosting;
using Notes.Lsp.Server.Workspace;

namespace Notes.Lsp.Server.Tests.Cache;

/// <summary>
/// Warm start equals cold start. Over several sessions of a real vault on disk, with random edits, creates, deletes,
/// renames and sneaky edits (same size, modification time put back) between them, a session started from the
/// previous session's index cache ends with the same snapshot, table by table and note by note, as a cold scan of the
/// same files; and it did reuse the cache (it is not a cold scan in disguise).
/// </summary>
public class WarmStartOracleTests
{
    private static readonly string[] Names = ["alpha", "beta note", "gamma", "délta", "名前", "emoji 🧪", "dir/alpha", "dir/zeta", "other/Beta Note", "x"];
    private static readonly DateTime Past = DateTime.UtcNow.AddHours(-2);

    private static string RandomNote(Random rng)
    {
        var sb = new StringBuilder();
        if (rng.Next(3) == 0) sb.Append($"---\ntitle: T{rng.Next(5)}\naliases: [a{rng.Next(4)}]\ntags: [fm{rng.Next(3)}]\n---\n");
        int blocks = rng.Next(1, 8);
        for (int i = 0; i < blocks; i++)
        {
            var name = Names[rng.Next(Names.Length)].Split('/')[^1];
            sb.Append(rng.Next(6) switch
            {
                0 => $"# Heading {rng.Next(4)}\n\n",
                1 => $"See [[{name}]] and [[{name}#Heading {rng.Next(4)}|label]] #tag{rng.Next(4)}\n\n",
                2 => $"- [ ] task [[{name}]] ^b{rng.Next(3)}\n- item #nested/tag\n\n",
                3 => "```\n[[not a link]]\n```\n\n",
                4 => $"![[img{rng.Next(2)}.png]] [md](./{name}.md)\r\n\r\n",
                _ => $"Plain text with $[[math]]$ and `[[code]]` {rng.Next(100)}\n\n",
            });
        }
        return sb.ToString();
    }

    private sealed class Vault : IDisposable
    {
        public string Root { get; } = Path.Combine(Path.GetTempPath(), $"notes-warm-{Guid.NewGuid():N}");
        public string CacheDir => Root + "-cache";
        public string Vaulted => Path.Combine(Root, "v");

        public Vault() => Directory.CreateDirectory(Vaulted);

        public string PathOf(string rel) => Path.Combine(Vaulted, rel);

        public void Write(string rel, string text, DateTime modified)
        {
            var p = PathOf(rel);
            Directory.CreateDirectory(Path.GetDirectoryName(p)!);
            File.WriteAllText(p, text);
            File.SetLastWriteTimeUtc(p, modified);
        }

        public List<string> Notes() => Directory.EnumerateFiles(Vaulted, "*.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Vaulted, f).Replace('\\', '/')).OrderBy(f => f, StringComparer.Ordinal).ToList();

        public void Dispose()
        {
            try { Directory.Delete(Root, true); } catch (IOException) { }
            try { Directory.Delete(CacheDir, true); } catch (IOException) { }
        }
    }

    private static async Task<(NotesWorkspace Workspace, int Reused, List<string> Log)> StartAsync(Vault v, bool cache, Random? openOne = null)
    {
        var log = new List<string>();
        var serverLog = new ServerLog(null);
        serverLog.Line += l => { lock (log) log.Add(l); };
        var ws = new NotesWorkspace(new DiskVaultSource(), serverLog.Write);
        ws.Initialize([v.Vaulted], PositionEncoding.Utf16);
        using var ic = new IndexCache(ws, serverLog, CancellationToken.None);
        ic.Configure(null, cache, name => name == "NOTES_LSP_CACHE_DIR" ? v.CacheDir : null);
        var reused = ws.Scan(null, CancellationToken.None, cache ? ic.Load : null);
        // An editor has a note open with unsaved text when the cache is written: the cache must keep the disk's version.
        if (openOne is not null && ws.View.Index.Notes.Values.OrderBy(n => n.Path, StringComparer.Ordinal).Skip(openOne.Next(8)).FirstOrDefault() is { } open)
            ws.Open(open.Path, "# Unsaved editor text\n[[nowhere]] #unsaved\n", 1);
        if (cache) ic.AfterScan(reused);
        await ic.Idle;
        return (ws, reused.Count, log);
    }

    private static string Dump(NotesWorkspace ws)
    {
        var index = ws.View.Index;
        var sb = new StringBuilder(index.DumpTables());
        foreach (var n in index.Notes.Values.OrderBy(n => n.Path, StringComparer.Ordinal))
        {
            var s = n.Syntax;
            sb.Append($"\n{n.Path} {n.Title} {s.Title.Source} {s.Title.Span} fm={s.FrontMatter?.Span} first={s.FirstParagraph} text={s.Text.GetHashCode()} lines={s.Lines.LineCount}");
            foreach (var l in s.Links) sb.Append($"\n  link {l.Kind} {l.Span} {l.Target} {l.TargetSpan} {l.Fragment} {l.FragmentSpan} {l.IsBlockRef} {l.Label} {l.LabelSpan}");
            foreach (var t in s.Tags) sb.Append($"\n  tag {t.Name} {t.Span} {t.NameSpan} {t.InFrontMatter}");
            foreach (var h in s.Headings) sb.Append($"\n  heading {h.Level} {h.Text} {h.Slug} {h.Span} {h.TextSpan} {h.Section}");
            foreach (var b in s.Blocks) sb.Append($"\n  block {b.Id} {b.Span} {b.Block}");
            foreach (var c in s.CodeAndMath) sb.Append($"\n  code {c}");
            foreach (var d in s.Diagnostics) sb.Append($"\n  diagnostic {d.Span} {d.Code}");
            foreach (var t in s.Tasks) sb.Append($"\n  task {t.Span} {t.Done} {t.Text}");
            foreach (var e in s.ExternalLinks) sb.Append($"\n  url {e.Span} {e.Url}");
            foreach (var a in s.Aliases) sb.Append($"\n  alias {a.Value} {a.Span}");
        }
        foreach (var a in index.Attachments.All.OrderBy(a => a.Path, StringComparer.Ordinal)) sb.Append($"\nfile {a.Path} {a.Size}");
        return sb.ToString();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task A_warm_start_after_random_changes_equals_a_cold_scan(int seed)
    {
        var rng = new Random(seed);
        using var v = new Vault();
        for (int i = 0; i < 40; i++) v.Write($"{Names[rng.Next(Names.Length)]} {i}.md", RandomNote(rng), Past);
        v.Write("img0.png", "png", Past);

        var (first, reused0, _) = await StartAsync(v, cache: true);
        Assert.Equal(0, reused0);
        Assert.Single(Directory.GetFiles(v.CacheDir));
        int total = first.View.Index.Notes.Count;

        for (int session = 1; session <= 4; session++)
        {
            var notes = v.Notes();
            var changed = DateTime.UtcNow.AddMinutes(-30 + session); // older than the racy window, newer than the cached time
            int changes = rng.Next(1, 6);
            bool sneaky = false;
            var touched = new HashSet<string>();
            for (int c = 0; c < changes; c++)
            {
                var victim = notes[rng.Next(notes.Count)];
                if (!File.Exists(v.PathOf(victim)) || !touched.Add(victim)) continue;
                switch (rng.Next(5))
                {
                    case 0: v.Write(victim, RandomNote(rng), changed); break;
                    case 1: v.Write($"new {session} {c}.md", RandomNote(rng), changed); break;
                    case 2: File.Delete(v.PathOf(victim)); break;
                    case 3:
                        var to = v.PathOf($"dir/renamed {session} {c}.md");
                        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                        File.Move(v.PathOf(victim), to);
                        break;
                    default:
                    {
                        // Same size, modification time put back: only the background check of the bytes can see it.
                        var p = v.PathOf(victim);
                        var info = new FileInfo(p);
                        var when = info.LastWriteTimeUtc;
                        var text = File.ReadAllText(p);
                        int at = text.IndexOf("[[", StringComparison.Ordinal);
                        if (at < 0 || text.Length < at + 3) break;
                        var edited = text[..(at + 2)] + (text[at + 2] == 'x' ? 'y' : 'x') + text[(at + 3)..];
                        if (Encoding.UTF8.GetByteCount(edited) != info.Length) break;
                        File.WriteAllText(p, edited);
                        File.SetLastWriteTimeUtc(p, when);
                        sneaky = true;
                        break;
                    }
                }
            }
            var (warm, reused, log) = await StartAsync(v, cache: true);
            var (cold, _, _) = await StartAsync(v, cache: false);
            // This session's cache is written with a note open in an editor (compared in the next session).
            await StartAsync(v, cache: true, openOne: rng);
            Assert.True(reused > 0 && reused <= warm.View.Index.Notes.Count, $"session {session}: {reused} reused");
            if (sneaky) Assert.Contains(log, l => l.Contains("changed since it was cached"));
            Assert.Equal(Dump(cold), Dump(warm));
            total = warm.View.Index.Notes.Count;
        }
        Assert.True(total > 0);
    }

    [Fact]
    public async Task A_cache_that_cannot_be_read_is_a_cold_scan_with_the_same_answer()
    {
        using var v = new Vault();
        var rng = new Random(9);
        for (int i = 0; i < 10; i++) v.Write($"n{i}.md", RandomNote(rng), Past);
        await StartAsync(v, cache: true);
        var file = Directory.GetFiles(v.CacheDir).Single();
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]);
        var (warm, reused, log) = await StartAsync(v, cache: true);
        Assert.Equal(0, reused);
        Assert.Contains(log, l => l.Contains("index cache refused, cold scan"));
        var (cold, _, _) = await StartAsync(v, cache: false);
        Assert.Equal(Dump(cold), Dump(warm));
        // The cold scan wrote a good cache again.
        var (_, again, _) = await StartAsync(v, cache: true);
        Assert.Equal(10, again);
    }

    [Fact]
    public async Task With_the_cache_off_nothing_is_written()
    {
        using var v = new Vault();
        v.Write("a.md", "# A\n[[b]]\n", Past);
        var (ws, reused, log) = await StartAsync(v, cache: false);
        Assert.Equal(0, reused);
        Assert.Contains(log, l => l.Contains("index cache off"));
        Assert.False(Directory.Exists(v.CacheDir));
        Assert.Single(ws.View.Index.Notes);
    }
}
