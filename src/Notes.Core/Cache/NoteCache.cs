using Notes.Core.Syntax;

namespace Notes.Core.Cache;

/// <summary>
/// What identifies the version of a note file that was parsed: its size and modification time as the listing saw them
/// (taken before the read, so a write after it makes them disagree next time), and a 64-bit hash of the bytes read
/// (checked after a warm start, in the background, to catch a change that kept size and time).
/// </summary>
public readonly record struct FileStamp(long Size, long ModifiedTicks, ulong Hash)
{
    /// <summary>Size and time are what a warm start compares with the listing; the hash is verified later.</summary>
    public bool SameListing(long size, long modifiedTicks) => Size == size && ModifiedTicks == modifiedTicks;
}

/// <summary>One note as the index cache keeps it: where it is (relative to its root), the file's stamp, and its parse.</summary>
public sealed record CachedNote(string RelativePath, FileStamp Stamp, ParsedNote Syntax);
