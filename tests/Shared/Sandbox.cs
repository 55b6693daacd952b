using System.Security.Cryptography;

namespace Notes.Testing;

/// <summary>
/// A temporary folder holding a test's vault beside files that must never change: <c>outside/</c> with a note a
/// hostile link could name (<c>[[../outside/secret]]</c>). <see cref="AssertOutsideUnchanged"/> proves nothing
/// outside the vault was written; <see cref="AssertVaultUnchanged"/> proves the vault was not written either
/// (the server never writes files itself).
/// </summary>
public sealed class Sandbox : IDisposable
{
    private readonly IReadOnlyList<string> _outsideBefore;
    private IReadOnlyList<string>? _vaultBefore;

    public Sandbox(string prefix = "notes-sandbox")
    {
        Root = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Vault = Path.Combine(Root, "vault");
        Outside = Path.Combine(Root, "outside");
        Directory.CreateDirectory(Vault);
        Directory.CreateDirectory(Path.Combine(Outside, "notes"));
        File.WriteAllText(Path.Combine(Outside, "secret.md"), "# Secret\nNever read or written for a feature.\n");
        File.WriteAllText(Path.Combine(Outside, "notes", "other.md"), "# Other vault\n[[secret]]\n");
        _outsideBefore = Snapshot(Outside);
    }

    public string Root { get; }
    public string Vault { get; }
    public string Outside { get; }

    /// <summary>Writes a file of the vault (its folders created); returns its full path.</summary>
    public string Write(string relative, string text)
    {
        var path = System.IO.Path.Combine(Vault, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Call once the vault is written, to check later that nothing changed it.</summary>
    public void SealVault() => _vaultBefore = Snapshot(Vault);

    public void AssertOutsideUnchanged()
    {
        var after = Snapshot(Outside);
        if (!after.SequenceEqual(_outsideBefore))
            throw new InvalidOperationException("files outside the vault changed:\n" + string.Join("\n", after.Except(_outsideBefore).Concat(_outsideBefore.Except(after))));
    }

    public void AssertVaultUnchanged()
    {
        var before = _vaultBefore ?? throw new InvalidOperationException("SealVault first");
        var after = Snapshot(Vault);
        if (!after.SequenceEqual(before))
            throw new InvalidOperationException("the vault changed:\n" + string.Join("\n", after.Except(before).Concat(before.Except(after))));
    }

    /// <summary>
    /// Every file and folder under <paramref name="dir"/>: relative path, for files size and content hash, for symlinks
    /// their target (never followed: a vault may hold links to / or loops).
    /// </summary>
    public static IReadOnlyList<string> Snapshot(string dir)
    {
        var entries = new List<string>();
        var folders = new Stack<string>([dir]);
        while (folders.TryPop(out var folder))
        {
            foreach (var p in Directory.EnumerateFileSystemEntries(folder))
            {
                var relative = Path.GetRelativePath(dir, p);
                var info = new FileInfo(p);
                if (info.LinkTarget is { } target) entries.Add($"{relative} -> {target}");
                else if (Directory.Exists(p))
                {
                    entries.Add(relative + "/");
                    folders.Push(p);
                }
                else entries.Add($"{relative} {info.Length} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p)))}");
            }
        }
        entries.Sort(StringComparer.Ordinal);
        return entries;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
