namespace Notes.Core.Index;

/// <summary>String operations on '/'-separated paths. The core never touches the disk.</summary>
public static class NotePath
{
    public static string Directory(string path)
    {
        int i = path.LastIndexOf('/');
        return i <= 0 ? (i == 0 ? "/" : "") : path[..i];
    }

    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    public static string Stem(string path) => NameKey.StripNoteExtension(FileName(path)).ToString();

    /// <summary>Joins and normalises <c>.</c> and <c>..</c>; null when <c>..</c> climbs above the first segment of <paramref name="floor"/>.</summary>
    public static string? Combine(string baseDir, string relative)
    {
        var parts = new List<string>(baseDir.Split('/', StringSplitOptions.None));
        if (parts.Count > 0 && parts[^1].Length == 0) parts.RemoveAt(parts.Count - 1);
        foreach (var seg in relative.Split('/'))
        {
            if (seg.Length == 0 || seg == ".") continue;
            if (seg == "..")
            {
                if (parts.Count <= 1) return null;
                parts.RemoveAt(parts.Count - 1);
            }
            else parts.Add(seg);
        }
        return string.Join('/', parts);
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or lies beneath it.</summary>
    public static bool IsUnder(string path, string root) =>
        root.Length > 0 && path.StartsWith(root, StringComparison.Ordinal) &&
        (path.Length == root.Length || path[root.Length] == '/' || root.EndsWith('/'));

    public static string Relative(string path, string root) =>
        path.Length == root.Length ? "" : path[(root.EndsWith('/') ? root.Length : root.Length + 1)..];

    /// <summary>How many leading directory segments two paths share (for "nearest by path").</summary>
    public static int SharedDirectorySegments(string a, string b)
    {
        var da = Directory(a).Split('/');
        var db = Directory(b).Split('/');
        int n = 0;
        while (n < da.Length && n < db.Length && da[n] == db[n]) n++;
        return n;
    }
}
