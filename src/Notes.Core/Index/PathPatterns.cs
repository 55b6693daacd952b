using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;

namespace Notes.Core.Index;

/// <summary>
/// A set of glob patterns over paths relative to a workspace root ('/'-separated, compared case-insensitively, as
/// the scanner's exclude globs are): <c>**</c> any number of folders, <c>*</c> and <c>?</c> within one segment. A
/// pattern without a wildcard names a file or a folder (then everything beneath it). Used for template files.
/// </summary>
public sealed class PathPatterns : IEquatable<PathPatterns>
{
    public static readonly PathPatterns None = new([]);

    private readonly Regex? _regex;

    private PathPatterns(ImmutableArray<string> patterns)
    {
        Patterns = patterns;
        const RegexOptions options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;
        if (patterns.Length > 0) _regex = new Regex("^(?:" + string.Join('|', patterns.Select(ToRegex)) + ")$", options); // NonBacktracking: linear time
    }

    /// <summary>The patterns, normalised (backslashes to '/', no leading "./" or '/', no trailing '/'), blank ones dropped, each once.</summary>
    public ImmutableArray<string> Patterns { get; }

    public static PathPatterns Of(IEnumerable<string> patterns)
    {
        var list = patterns.Select(Normalise).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToImmutableArray();
        return list.IsEmpty ? None : new PathPatterns(list);
    }

    public bool IsEmpty => Patterns.IsEmpty;

    public bool Matches(string relativePath) => _regex is not null && _regex.IsMatch(relativePath);

    private static string Normalise(string p)
    {
        p = p.Trim().Replace('\\', '/');
        while (p.StartsWith("./", StringComparison.Ordinal)) p = p[2..];
        return p.Trim('/');
    }

    private static string ToRegex(string glob)
    {
        var sb = new StringBuilder();
        bool wildcard = false;
        for (int i = 0; i < glob.Length; i++)
        {
            char c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                wildcard = true;
                i++;
                bool slashAfter = i + 1 < glob.Length && glob[i + 1] == '/';
                if (slashAfter) { sb.Append("(?:.*/)?"); i++; } // "**/" : any folders, or none
                else sb.Append(".*");
            }
            else if (c == '*') { wildcard = true; sb.Append("[^/]*"); }
            else if (c == '?') { wildcard = true; sb.Append("[^/]"); }
            else sb.Append(Regex.Escape(c.ToString()));
        }
        if (!wildcard) sb.Append("(?:/.*)?"); // a plain name: that file, or that folder and all beneath it
        return sb.ToString();
    }

    public bool Equals(PathPatterns? other) => other is not null && Patterns.SequenceEqual(other.Patterns);
    public override bool Equals(object? obj) => Equals(obj as PathPatterns);
    public override int GetHashCode() => Patterns.Length == 0 ? 0 : Patterns[0].GetHashCode(StringComparison.Ordinal);
    public override string ToString() => string.Join(", ", Patterns);
}
