namespace Notes.FileSystem;

/// <summary>Managed realpath(3): resolves every symlink of the existing part of a path; the missing tail is appended as is.</summary>
internal static class RealPath
{
    private const int MaxLinkHops = 40; // like Linux's ELOOP limit

    internal static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    internal static readonly StringComparer PathComparer =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>Returns the resolved absolute path, or null on a symlink loop / invalid path. Never throws.</summary>
    public static string? Resolve(string path)
    {
        try
        {
            string full = Path.GetFullPath(path);
            string current = Path.GetPathRoot(full) ?? "/";
            var pending = new List<string>(Split(full));
            pending.Reverse(); // used as a stack: last element is the next component
            int hops = 0;
            bool missing = false; // once a component is missing, the rest cannot be links
            while (pending.Count > 0)
            {
                string c = pending[^1];
                pending.RemoveAt(pending.Count - 1);
                if (c.Length == 0 || c == ".") continue;
                if (c == "..")
                {
                    current = Path.GetDirectoryName(current) ?? current;
                    continue;
                }
                string next = Path.Join(current, c);
                string? target = null;
                if (!missing)
                {
                    var info = new FileInfo(next);
                    if (!info.Exists && !Directory.Exists(next))
                    {
                        // A dangling link still has a LinkTarget; a truly missing entry has none.
                        target = info.LinkTarget;
                        if (target is null) missing = true;
                    }
                    else
                    {
                        target = info.LinkTarget;
                    }
                }
                if (target is null)
                {
                    current = next;
                    continue;
                }
                if (++hops > MaxLinkHops) return null;
                string targetFull = Path.IsPathRooted(target) ? Path.GetFullPath(target) : Path.GetFullPath(Path.Join(current, target));
                var parts = Split(targetFull);
                for (int i = parts.Length - 1; i >= 0; i--) pending.Add(parts[i]);
                current = Path.GetPathRoot(targetFull) ?? "/";
            }
            return current;
        }
        catch (Exception)
        {
            return null;
        }
    }

    private static string[] Split(string fullPath)
    {
        string root = Path.GetPathRoot(fullPath) ?? "";
        return fullPath[root.Length..].Split(
            OperatingSystem.IsWindows() ? ['\\', '/'] : ['/'], StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>True when <paramref name="path"/> equals <paramref name="root"/> or lies below it (both already normalised).</summary>
    public static bool IsSameOrUnder(string root, string path)
    {
        root = Path.TrimEndingDirectorySeparator(root);
        path = Path.TrimEndingDirectorySeparator(path);
        if (path.Length == root.Length) return string.Equals(root, path, PathComparison);
        if (path.Length < root.Length || !path.StartsWith(root, PathComparison)) return false;
        // Root "/" (or "C:\") already ends with a separator after trimming only when it is the file-system root.
        if (Path.EndsInDirectorySeparator(root)) return true;
        char sep = path[root.Length];
        return sep == Path.DirectorySeparatorChar || sep == Path.AltDirectorySeparatorChar;
    }
}
