using System.Text;

namespace Notes.FileSystem;

/// <summary>file:// URIs as VS Code writes them (vscode-uri's <c>URI.file(path).toString()</c>).</summary>
public static class FileUri
{
    private const string Hex = "0123456789ABCDEF";

    /// <summary>
    /// file:///home/x/a%20b.md → /home/x/a b.md. <c>file:///c%3A/x</c> and <c>file:///C:/x</c> both give <c>C:\x</c> on Windows
    /// (<c>C:/x</c> elsewhere; the drive letter upper-cased). A query or fragment is dropped. Non-file schemes,
    /// malformed input or a decoded NUL → null. Never throws.
    /// </summary>
    public static string? ToPath(string uri)
    {
        try
        {
            if (string.IsNullOrEmpty(uri) || !uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) return null;
            string rest = uri[5..];
            int cut = rest.IndexOfAny(['?', '#']);
            if (cut >= 0) rest = rest[..cut];
            string authority = "";
            if (rest.StartsWith("//", StringComparison.Ordinal))
            {
                rest = rest[2..];
                int slash = rest.IndexOf('/');
                authority = slash < 0 ? rest : rest[..slash];
                rest = slash < 0 ? "/" : rest[slash..];
            }
            string path = Uri.UnescapeDataString(rest);
            authority = Uri.UnescapeDataString(authority);
            if (path.Contains('\0') || authority.Contains('\0')) return null;
            if (path.Length == 0) path = "/";
            if (path[0] != '/') path = "/" + path; // file:x (rare, opaque form)

            // "/c:/x" → "C:/x"
            if (path.Length >= 3 && path[2] == ':' && char.IsAsciiLetter(path[1]) && (path.Length == 3 || path[3] == '/'))
            {
                path = char.ToUpperInvariant(path[1]) + ":" + (path.Length == 3 ? "/" : path[3..]);
                return OperatingSystem.IsWindows() ? path.Replace('/', '\\') : path;
            }
            if (authority.Length > 0 && !authority.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            {
                // UNC: file://server/share/x → \\server\share\x
                string unc = "//" + authority + path;
                return OperatingSystem.IsWindows() ? unc.Replace('/', '\\') : unc;
            }
            return OperatingSystem.IsWindows() ? path.Replace('/', '\\') : path;
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>
    /// Absolute path → file:// URI, percent-encoding as VS Code does: everything except <c>A-Z a-z 0-9 - . _ ~ /</c>
    /// is encoded (space → %20, # → %23), a drive letter is lower-cased and its colon encoded (<c>file:///c%3A/x</c>).
    /// A relative path is made absolute against the current directory first.
    /// </summary>
    public static string FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        bool windowsLike = OperatingSystem.IsWindows() || IsDrivePath(path) || path.StartsWith(@"\\", StringComparison.Ordinal);
        string p = windowsLike ? path.Replace('\\', '/') : path;
        if (!IsDrivePath(p) && !p.StartsWith('/')) p = Path.GetFullPath(p).Replace('\\', '/');

        string authority = "";
        if (p.StartsWith("//", StringComparison.Ordinal))
        {
            int slash = p.IndexOf('/', 2);
            authority = slash < 0 ? p[2..] : p[2..slash];
            p = slash < 0 ? "/" : p[slash..];
        }
        if (IsDrivePath(p)) p = "/" + p;
        if (p.Length >= 3 && p[0] == '/' && p[2] == ':' && char.IsAsciiLetterUpper(p[1]))
            p = "/" + char.ToLowerInvariant(p[1]) + p[2..];

        var sb = new StringBuilder("file://", p.Length + 16);
        if (authority.Length > 0) Encode(sb, authority.ToLowerInvariant(), isPath: false);
        Encode(sb, p, isPath: true);
        return sb.ToString();
    }

    private static bool IsDrivePath(string p) =>
        p.Length >= 2 && char.IsAsciiLetter(p[0]) && p[1] == ':' && (p.Length == 2 || p[2] is '/' or '\\');

    private static void Encode(StringBuilder sb, string s, bool isPath)
    {
        Span<byte> buf = stackalloc byte[4];
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' || (isPath && c == '/'))
            {
                sb.Append(c);
                continue;
            }
            int len;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                len = Encoding.UTF8.GetBytes(s.AsSpan(i, 2), buf);
                i++;
            }
            else
            {
                len = Encoding.UTF8.GetBytes(s.AsSpan(i, 1), buf);
            }
            for (int b = 0; b < len; b++)
            {
                sb.Append('%').Append(Hex[buf[b] >> 4]).Append(Hex[buf[b] & 0xF]);
            }
        }
    }
}
