namespace Notes.FileSystem;

/// <summary>Checks that keep edits (rename, create) inside the workspace root.</summary>
public static class PathGuard
{
    private static readonly HashSet<string> ReservedWindowsNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
    };

    /// <summary>
    /// True when <paramref name="fullPath"/> (after normalisation, and resolving symlinks of the existing part)
    /// lies inside <paramref name="root"/> (or is the root itself). Never throws.
    /// </summary>
    public static bool IsInside(string root, string fullPath)
    {
        try
        {
            if (string.IsNullOrEmpty(root) || string.IsNullOrEmpty(fullPath)) return false;
            if (root.Contains('\0') || fullPath.Contains('\0')) return false;
            string? realRoot = RealPath.Resolve(root);
            string? realPath = RealPath.Resolve(Path.IsPathRooted(fullPath) ? fullPath : Path.Join(root, fullPath));
            if (realRoot is null || realPath is null) return false;
            return RealPath.IsSameOrUnder(realRoot, realPath);
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>
    /// Validates a path for a file to be created under <paramref name="root"/>; returns an error message, or null when acceptable.
    /// Rejects '\0', ':', characters invalid on Windows, reserved Windows names (CON, NUL, COM1...), absolute paths,
    /// names ending in a dot or space, and '..' escaping root (symlinks included). Never throws.
    /// </summary>
    public static string? ValidateNewRelativePath(string root, string relativePath)
    {
        try
        {
            if (string.IsNullOrWhiteSpace(relativePath)) return "The path is empty.";
            if (relativePath.Contains('\0')) return "The path contains a NUL character.";
            if (relativePath.Contains(':')) return "The path contains ':' (drive letters and alternate data streams are not allowed).";
            if (relativePath[0] is '/' or '\\' || Path.IsPathRooted(relativePath)) return "The path must be relative to the workspace root.";
            foreach (char ch in relativePath)
            {
                if (ch < 0x20) return "The path contains a control character.";
                if (ch is '<' or '>' or '"' or '|' or '?' or '*') return $"The path contains '{ch}', which is not allowed in file names on Windows.";
            }
            if (relativePath[^1] is '/' or '\\') return "The path has no file name (it ends with a separator).";
            string[] segments = relativePath.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length == 0) return "The path has no file name.";
            foreach (string segment in segments)
            {
                if (segment is "." or "..") continue;
                if (segment.EndsWith('.') || segment.EndsWith(' ')) return $"The name '{segment}' ends with a dot or a space.";
                string stem = segment.Split('.')[0].TrimEnd(' ');
                if (ReservedWindowsNames.Contains(stem)) return $"'{segment}' is a reserved name on Windows.";
                if (segment.Length > 255) return $"The name '{segment[..20]}…' is longer than 255 characters.";
            }
            if (segments[^1] is "." or "..") return "The path has no file name.";
            if (string.IsNullOrEmpty(root)) return "The workspace root is empty.";
            string full = Path.GetFullPath(Path.Join(Path.GetFullPath(root), relativePath));
            if (!RealPath.IsSameOrUnder(Path.GetFullPath(root), full)) return "The path escapes the workspace root.";
            if (!IsInside(root, full)) return "The path leaves the workspace root through a symbolic link.";
            if (RealPath.IsSameOrUnder(full, Path.GetFullPath(root))) return "The path names the workspace root itself.";
            return null;
        }
        catch (Exception e)
        {
            return "The path is invalid: " + e.Message;
        }
    }
}
