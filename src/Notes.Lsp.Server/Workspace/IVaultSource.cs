using Notes.FileSystem;

namespace Notes.Lsp.Server.Workspace;

/// <summary>The server's seam to the disk: the real one walks folders, the tests' one is a dictionary.</summary>
public interface IVaultSource
{
    /// <summary>
    /// Reads every note under <paramref name="root"/> and keeps what <paramref name="load"/> makes of each (in parallel;
    /// the texts need not all be in memory at once); the other files of the vault go to <paramref name="attachments"/>.
    /// A note <paramref name="reuse"/> takes (a warm start's cached parse) is not read.
    /// </summary>
    IReadOnlyList<T> Scan<T>(string root, ScanOptions options, Func<ScannedFile, T> load, Action<string> log, IProgress<int>? progress, CancellationToken ct,
        List<ListedAttachment> attachments, TryReuse<T>? reuse = null);
    /// <summary>The hash of a note's bytes now, as its <see cref="ScannedFile.Stamp"/> would have it, or null when it cannot be read.</summary>
    ulong? Hash(string fullPath, ScanOptions options);
    ScannedFile? Read(string fullPath, string root, ScanOptions options, Action<string> log);
    /// <summary>Whether a path is a file (and its size) or a folder, or neither (nothing is read).</summary>
    FileStat Stat(string fullPath);
    /// <summary>The notes (full paths) and attachments under a folder, by the scan's rules; nothing is read.</summary>
    (IReadOnlyList<string> Notes, IReadOnlyList<ListedAttachment> Attachments) List(string folder, ScanOptions options, Action<string> log);
    /// <summary>The text of a small file at a root (the configuration, or an app's settings file that names templates), or null.</summary>
    string? ReadConfig(string root, string relativePath = ConfigLoader.FileName);
}

/// <summary>What a path is on disk.</summary>
public readonly record struct FileStat(bool Exists, bool IsFolder, long Size)
{
    public static readonly FileStat Missing = new(false, false, -1);
}

public sealed class DiskVaultSource : IVaultSource
{
    public IReadOnlyList<T> Scan<T>(string root, ScanOptions options, Func<ScannedFile, T> load, Action<string> log, IProgress<int>? progress, CancellationToken ct,
        List<ListedAttachment> attachments, TryReuse<T>? reuse = null) =>
        VaultScanner.ScanAndLoad(root, options, load, log, progress, ct, attachments, reuse);

    public ulong? Hash(string fullPath, ScanOptions options) => VaultScanner.HashNote(fullPath, options);

    public (IReadOnlyList<string> Notes, IReadOnlyList<ListedAttachment> Attachments) List(string folder, ScanOptions options, Action<string> log) =>
        VaultScanner.EnumerateVault(folder, options, log);

    public FileStat Stat(string fullPath)
    {
        try
        {
            var info = new FileInfo(fullPath);
            if (info.Exists) return new FileStat(true, false, info.Length);
            return Directory.Exists(fullPath) ? new FileStat(true, true, -1) : FileStat.Missing;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return FileStat.Missing;
        }
    }

    public ScannedFile? Read(string fullPath, string root, ScanOptions options, Action<string> log) =>
        File.Exists(fullPath) ? VaultScanner.ReadNote(fullPath, root, options, log) : null;

    public string? ReadConfig(string root, string relativePath = ConfigLoader.FileName) => ConfigLoader.ReadRootFile(root, relativePath);
}
