using System.Collections.Concurrent;
using Notes.FileSystem;
using Notes.Lsp.Server.Workspace;

namespace Notes.Lsp.Server.Tests.Harness;

/// <summary>The disk, as a dictionary: tests change it and send the matching file events.</summary>
public sealed class MemoryVaultSource(IReadOnlyDictionary<string, string> files) : IVaultSource
{
    public ConcurrentDictionary<string, string> Files { get; } = new(files, StringComparer.Ordinal);

    public IReadOnlyList<T> Scan<T>(string root, ScanOptions options, Func<ScannedFile, T> load, Action<string> log, IProgress<int>? progress, CancellationToken ct,
        List<ListedAttachment> attachments, TryReuse<T>? reuse = null)
    {
        var under = Files.Where(kv => kv.Key.StartsWith(root + "/", StringComparison.Ordinal))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        foreach (var (path, text) in under)
            if (!VaultScanner.IsNoteFile(path) && VaultScanner.IsVaultFile(path) && !VaultScanner.IsHiddenUnder(root, path))
                attachments.Add(new ListedAttachment(path, path[(root.Length + 1)..], System.Text.Encoding.UTF8.GetByteCount(text)));
        return under.Where(kv => VaultScanner.IsNoteFile(kv.Key))
            .Select(kv => load(new ScannedFile(kv.Key, kv.Key[(root.Length + 1)..], kv.Value, false)))
            .ToList();
    }

    // No modification times here, so nothing is ever reused from a cache (reuse is never asked).
    public ulong? Hash(string fullPath, ScanOptions options) =>
        Files.TryGetValue(fullPath, out var text) ? System.IO.Hashing.XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(text)) : null;

    public (IReadOnlyList<string> Notes, IReadOnlyList<ListedAttachment> Attachments) List(string folder, ScanOptions options, Action<string> log)
    {
        var attachments = new List<ListedAttachment>();
        var notes = Scan(folder, options, f => f.FullPath, log, null, default, attachments);
        return (notes, attachments);
    }

    public FileStat Stat(string fullPath) =>
        Files.TryGetValue(fullPath, out var text) ? new FileStat(true, false, System.Text.Encoding.UTF8.GetByteCount(text))
        : Files.Keys.Any(k => k.StartsWith(fullPath + "/", StringComparison.Ordinal)) ? new FileStat(true, true, -1)
        : FileStat.Missing;

    public ScannedFile? Read(string fullPath, string root, ScanOptions options, Action<string> log) =>
        Files.TryGetValue(fullPath, out var text) ? new ScannedFile(fullPath, fullPath[(root.Length + 1)..], text, false) : null;

    public string? ReadConfig(string root, string relativePath = ConfigLoader.FileName) => Files.GetValueOrDefault(root + "/" + relativePath);
}
