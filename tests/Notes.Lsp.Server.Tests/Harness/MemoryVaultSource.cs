using System.Collections.Concurrent;
using Notes.FileSystem;
using Notes.Lsp.Server.Workspace;

namespace Notes.Lsp.Server.Tests.Harness;

/// <summary>The disk, as a dictionary: tests change it and send the matching file events.</summary>
public sealed class MemoryVaultSource(IReadOnlyDictionary<string, string> files) : IVaultSource
{
    public ConcurrentDictionary<string, string> Files { get; } = new(files, StringComparer.Ordinal);

    public IReadOnlyList<T> Scan<T>(string root, ScanOptions options, Func<ScannedFile, T> load, Action<string> log, IProgress<int>? progress, CancellationToken ct) =>
        Files.Where(kv => kv.Key.StartsWith(root + "/", StringComparison.Ordinal) && VaultScanner.IsNoteFile(kv.Key))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => load(new ScannedFile(kv.Key, kv.Key[(root.Length + 1)..], kv.Value, false)))
            .ToList();

    public ScannedFile? Read(string fullPath, string root, ScanOptions options, Action<string> log) =>
        Files.TryGetValue(fullPath, out var text) ? new ScannedFile(fullPath, fullPath[(root.Length + 1)..], text, false) : null;

    public string? ReadConfig(string root, string relativePath = ConfigLoader.FileName) => Files.GetValueOrDefault(root + "/" + relativePath);
}
