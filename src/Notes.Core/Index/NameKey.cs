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
        var sb = new StringBuilder(name.Length);
        bool pendingDash = false;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsLetterOrDigit(c) || char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                if (pendingDash && sb.Length > 0) sb.Append('-');
                pendingDash = false;
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (c is ' ' or '-' or '_' or '\t')
            {
                pendingDash = true;
            }
            // other punctuation is dropped
        }
        return sb.ToString();
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
