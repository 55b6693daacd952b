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
        // The segments of baseDir (a trailing empty one dropped), then each of relative: "" and "." skipped, ".." pops
        // one (null when only one is left to pop), others appended. Built in one buffer: links resolve by the thousand.
        var buffer = new char[baseDir.Length + relative.Length + 1];
        baseDir.CopyTo(buffer);
        int length = baseDir.Length, count = baseDir.AsSpan().Count('/') + 1;
        if (length == 0 || baseDir[^1] == '/')
        {
            count--;
            length = Math.Max(0, length - 1);
        }
        foreach (var range in relative.AsSpan().Split('/'))
        {
            var seg = relative.AsSpan(range);
            if (seg.Length == 0 || seg is ".") continue;
            if (seg is "..")
            {
                if (count <= 1) return null;
                length = buffer.AsSpan(0, length).LastIndexOf('/');
                count--;
                continue;
            }
            if (count > 0) buffer[length++] = '/';
            seg.CopyTo(buffer.AsSpan(length));
            length += seg.Length;
            count++;
        }
        return new string(buffer, 0, length);
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
