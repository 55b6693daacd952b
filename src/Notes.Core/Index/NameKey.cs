using System.Buffers;
using System.Globalization;
using System.Text;

namespace Notes.Core.Index;

/// <summary>
/// The normal form names are compared in: lower case, spaces, dashes and underscores alike, other punctuation
/// dropped, so <c>[[My Note]]</c>, <c>[[my-note]]</c> and <c>[[My_Note!]]</c> all find <c>my-note.md</c>.
/// </summary>
public static class NameKey
{
    public static string Of(ReadOnlySpan<char> name)
    {
        char[]? rented = null;
        Span<char> buffer = name.Length <= 256 ? stackalloc char[name.Length] : (rented = ArrayPool<char>.Shared.Rent(name.Length));
        var key = new string(buffer[..Write(name, buffer)]);
        if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        return key;
    }

    /// <summary>Whether <paramref name="name"/> has the key <paramref name="key"/>, without allocating it.</summary>
    public static bool Matches(ReadOnlySpan<char> name, string key)
    {
        if (name.Length > 256) return Of(name) == key;
        Span<char> buffer = stackalloc char[name.Length];
        return buffer[..Write(name, buffer)].SequenceEqual(key);
    }

    // The key is never longer than the name: a dash is written only for separators that were dropped.
    private static int Write(ReadOnlySpan<char> name, Span<char> into)
    {
        int length = 0;
        bool pendingDash = false;
        foreach (char c in name)
        {
            if (char.IsLetterOrDigit(c) || char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                if (pendingDash && length > 0) into[length++] = '-';
                pendingDash = false;
                into[length++] = char.ToLowerInvariant(c);
            }
            else if (c is ' ' or '-' or '_' or '\t')
            {
                pendingDash = true;
            }
            // other punctuation is dropped
        }
        return length;
    }

    /// <summary>The key of a file name without its Markdown extension.</summary>
    public static string OfStem(string fileName) => Of(StripNoteExtension(fileName));

    public static ReadOnlySpan<char> StripNoteExtension(ReadOnlySpan<char> name)
    {
        if (name.EndsWith(".md", StringComparison.OrdinalIgnoreCase)) return name[..^3];
        if (name.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase)) return name[..^9];
        return name;
    }

    public static bool HasNoteExtension(ReadOnlySpan<char> name) =>
        name.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase);

    /// <summary>Tag variants: case and separators ignored, so <c>#BERT</c>, <c>#bert</c>, <c>#neural_networks</c>, <c>#neural-networks</c> and <c>#NeuralNetworks</c> group.</summary>
    public static string OfTagVariant(ReadOnlySpan<char> tag)
    {
        var sb = new StringBuilder(tag.Length);
        foreach (char c in tag)
        {
            if (c is '-' or '_') continue;
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
