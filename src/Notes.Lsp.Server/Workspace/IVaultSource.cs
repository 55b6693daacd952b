using Notes.FileSystem;

namespace Notes.Lsp.Server.Workspace;

/// <summary>The server's seam to the disk: the real one walks folders, the tests' one is a dictionary.</summary>
public interface IVaultSource
{
    /// <summary>Reads every note under <paramref name="root"/> and keeps what <paramref name="load"/> makes of each (in parallel; the texts need not all be in memory at once).</summary>
    IReadOnlyList<T> Scan<T>(string root, ScanOptions options, Func<ScannedFile, T> load, Action<string> log, IProgress<int>? progress, CancellationToken ct);
    ScannedFile? Read(string fullPath, string root, ScanOptions options, Action<string> log);
    /// <summary>The text of a small file at a root (the configuration, or an app's settings file that names templates), or null.</summary>
    string? ReadConfig(string root, string relativePath = ConfigLoader.FileName);
}

public sealed class DiskVaultSource : IVaultSource
{
    public IReadOnlyList<T> Scan<T>(string root, ScanOptions options, Func<ScannedFile, T> load, Action<string> log, IProgress<int>? progress, CancellationToken ct) =>
        VaultScanner.ScanAndLoad(root, options, load, log, progress, ct);

    public ScannedFile? Read(string fullPath, string root, ScanOptions options, Action<string> log) =>
        File.Exists(fullPath) ? VaultScanner.ReadNote(fullPath, root, options, log) : null;

    public string? ReadConfig(string root, string relativePath = ConfigLoader.FileName) => ConfigLoader.ReadRootFile(root, relativePath);
}
