namespace Notes.FileSystem;

/// <summary>How a vault is walked and read.</summary>
public sealed record ScanOptions
{
    /// <summary>Microsoft.Extensions.FileSystemGlobbing patterns relative to the root, e.g. "archive/**".</summary>
    public IReadOnlyList<string> ExcludeGlobs { get; init; } = [];

    /// <summary>Larger files are indexed up to this size (text cut at a line boundary) and reported.</summary>
    public long MaxFileBytes { get; init; } = 5 * 1024 * 1024;

    /// <summary>Honour .gitignore and .ignore files (MAB.DotIgnore), nested ones too.</summary>
    public bool RespectIgnoreFiles { get; init; } = true;

    /// <summary>The defaults.</summary>
    public static ScanOptions Default { get; } = new();
}

/// <summary>One note read from disk.</summary>
/// <param name="FullPath">Absolute path as reached under the root (not the symlink-resolved one).</param>
/// <param name="RelativePath">'/'-separated, relative to the root.</param>
/// <param name="Text">Decoded text (BOM stripped, line endings untouched).</param>
/// <param name="Truncated">True when the file was larger than <see cref="ScanOptions.MaxFileBytes"/>.</param>
public sealed record ScannedFile(string FullPath, string RelativePath, string Text, bool Truncated)
{
    /// <summary>The file's size and modification time as listed (before the read) and the hash of the bytes read; default when unknown (a test's vault).</summary>
    public Notes.Core.Cache.FileStamp Stamp { get; init; }
}

/// <summary>A note file as listed, before it is read: what a warm start compares with the index cache.</summary>
/// <param name="Size">Bytes, or -1 when the listing did not say (a symlinked file).</param>
/// <param name="ModifiedTicks">Last write time (UTC ticks), or -1 when the listing did not say.</param>
public readonly record struct ListedNote(string FullPath, string RelativePath, long Size, long ModifiedTicks);

/// <summary>A file of the vault that is not a note (an attachment), as listed: its contents are never read.</summary>
/// <param name="FullPath">Absolute path as reached under the root.</param>
/// <param name="RelativePath">'/'-separated, relative to the root.</param>
/// <param name="Size">Bytes, or -1 when the listing did not say (a symlinked file).</param>
public sealed record ListedAttachment(string FullPath, string RelativePath, long Size);

/// <summary>What happened to a file of the vault (a note or an attachment).</summary>
public enum FileChangeKind { Created, Changed, Deleted }

/// <summary>One change reported by <see cref="VaultWatcher"/>.</summary>
public sealed record FileChange(string FullPath, FileChangeKind Kind);
