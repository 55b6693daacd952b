using System.Runtime.InteropServices;
using System.Text;

namespace Notes.Lsp.Server.Tests.Stdio;

/// <summary>
/// Proof that nothing outside the vault is read: Linux inotify on the folders beside it records every open and read of
/// a file (or listing of a folder) in them, by anyone. File permissions cannot show this when the tests run as root
/// (root reads a chmod 000 file), and a snapshot of contents only shows what was written; inotify shows reads.
/// Start it before the server, stop touching those folders yourself, and call <see cref="Drain"/> once the server exited.
/// </summary>
public sealed class OutsideReads : IDisposable
{
    private const int InNonblock = 0x800;
    private const uint InAccess = 0x1, InOpen = 0x20, InIsDir = 0x4000_0000;
    private readonly int _fd;
    private readonly Dictionary<int, string> _folders = [];

    private OutsideReads(int fd) => _fd = fd;

    /// <summary>Why the probe is off (not Linux, no inotify), or null when it watches.</summary>
    public static string? Unavailable { get; private set; }

    /// <summary>Watches <paramref name="root"/> and every folder below it; null (see <see cref="Unavailable"/>) where inotify is missing.</summary>
    public static OutsideReads? Watch(string root)
    {
        if (!OperatingSystem.IsLinux())
        {
            Unavailable = "inotify is Linux only";
            return null;
        }
        int fd = inotify_init1(InNonblock);
        if (fd < 0)
        {
            Unavailable = $"inotify_init1 failed (errno {Marshal.GetLastPInvokeError()})";
            return null;
        }
        var probe = new OutsideReads(fd);
        var folders = Directory.GetDirectories(root, "*", SearchOption.AllDirectories).Prepend(root).ToList(); // listed before watching
        foreach (var folder in folders)
        {
            int wd = inotify_add_watch(fd, folder, InOpen | InAccess);
            if (wd < 0)
            {
                probe.Dispose();
                Unavailable = $"inotify_add_watch {folder} failed (errno {Marshal.GetLastPInvokeError()})";
                return null;
            }
            probe._folders[wd] = folder;
        }
        probe.Drain(); // nothing of our own
        return probe;
    }

    /// <summary>Every open or read recorded so far, as "path (open|read)".</summary>
    public IReadOnlyList<string> Drain()
    {
        var seen = new List<string>();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            nint n = read(_fd, buffer, buffer.Length);
            if (n <= 0) return seen; // EAGAIN: nothing more queued
            for (int i = 0; i + 16 <= n;)
            {
                int wd = BitConverter.ToInt32(buffer, i);
                uint mask = BitConverter.ToUInt32(buffer, i + 4);
                int len = BitConverter.ToInt32(buffer, i + 12);
                var name = Encoding.UTF8.GetString(buffer, i + 16, len).TrimEnd('\0');
                var folder = _folders.GetValueOrDefault(wd, "?");
                var what = (mask & InAccess) != 0 ? "read" : (mask & InIsDir) != 0 ? "listed" : "open";
                seen.Add($"{(name.Length == 0 ? folder : Path.Combine(folder, name))} ({what})");
                i += 16 + len;
            }
        }
    }

    public void Dispose() => _ = close(_fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int inotify_init1(int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int inotify_add_watch(int fd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mask);

    [DllImport("libc", SetLastError = true)]
    private static extern nint read(int fd, [Out] byte[] buffer, nint count);

    [DllImport("libc")]
    private static extern int close(int fd);
}
