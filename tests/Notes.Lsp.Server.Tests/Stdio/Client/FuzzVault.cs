namespace Notes.Lsp.Stdio;

/// <summary>The small vault every fuzz session and corpus replay runs in (so a saved transcript means the same thing later).</summary>
public static class FuzzVault
{
    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>
    {
        ["alpha.md"] = "---\ntitle: Alpha\naliases: [First]\ntags: [greek]\n---\n# Alpha\n\nSee [[beta]] and [[gamma/delta#Part Two|delta]].\n\n## Notes\n\n- [ ] task #todo\n",
        ["beta.md"] = "# Beta\n\nBack to [[alpha]], on to [[hub]]. 😀 中文 #greek/letters\n\n## Part\n\nText [[missing-note]].\n",
        ["gamma/delta.md"] = "# Delta\r\n\r\n## Part Two\r\n\r\nCRLF note with [[Alpha]] and [a link](../beta.md).\r\n",
        ["hub.md"] = "# Hub\n\n[[alpha]] [[beta]] [[gamma/delta]] [[First]]\n\n```\n[[not-a-link]]\n```\n\n$$\nx^2\n$$\n",
    };

    /// <summary>A fresh temporary copy of the vault; the caller deletes it.</summary>
    public static string Create()
    {
        var root = Path.Combine(Path.GetTempPath(), "notes-fuzz-" + Guid.NewGuid().ToString("N")[..12]);
        foreach (var (path, text) in Files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        return root;
    }

    public static void Delete(string root)
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
