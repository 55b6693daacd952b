using System.Collections.Concurrent;

namespace Notes.Core.Text;

/// <summary>
/// One shared copy of the short strings that recur across notes: tag names, link targets and fragments, link keys.
/// At 10,000 notes the vault holds 85,000 tags and 75,000 links over a few thousand distinct names; without the pool
/// each occurrence is its own string (about 11 MB). Bounded, so a hostile vault of unique names cannot grow it without
/// limit: past <see cref="MaxEntries"/> it hands out fresh strings. Thread-safe (the scan parses in parallel).
/// </summary>
public static class StringPool
{
    public const int MaxEntries = 100_000;
    public const int MaxLength = 128;

    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> BySpan =
        Pool.GetAlternateLookup<ReadOnlySpan<char>>();
    private static int _count;

    /// <summary>The pooled string equal to <paramref name="text"/> (allocated only the first time it is seen).</summary>
    public static string Intern(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return "";
        if (text.Length > MaxLength) return text.ToString();
        if (BySpan.TryGetValue(text, out var pooled)) return pooled;
        return Add(text.ToString());
    }

    /// <summary>The pooled string equal to <paramref name="text"/>, or <paramref name="text"/> itself, which is then pooled.</summary>
    public static string Intern(string text)
    {
        if (text.Length == 0) return "";
        if (text.Length > MaxLength) return text;
        return Pool.TryGetValue(text, out var pooled) ? pooled : Add(text);
    }

    private static string Add(string text)
    {
        if (Volatile.Read(ref _count) >= MaxEntries) return text;
        var pooled = Pool.GetOrAdd(text, text);
        if (ReferenceEquals(pooled, text)) Interlocked.Increment(ref _count);
        return pooled;
    }
}
