using System.Collections.Concurrent;
using System.Text;

namespace Notes.FileSystem.Tests;

/// <summary>A real temporary folder, removed afterwards (permissions restored first).</summary>
internal sealed class TempVault : IDisposable
{
    public string Root { get; }
    public ConcurrentQueue<string> Log { get; } = new();
    public Action<string> Logger => Log.Enqueue;

    public TempVault()
    {
        Root = Path.Combine(Path.GetTempPath(), "notes-fs-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
    }

    public string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public string Write(string relative, string text = "# note\n") => WriteBytes(relative, Encoding.UTF8.GetBytes(text));

    public string WriteBytes(string relative, byte[] bytes)
    {
        string full = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    private readonly List<string> _locked = [];

    /// <summary>chmod 000 (restored on dispose).</summary>
    public void Lock(string relative)
    {
        string full = PathOf(relative);
        if (OperatingSystem.IsWindows()) return;
        _locked.Add(full);
        File.SetUnixFileMode(full, UnixFileMode.None);
    }

    public string Mkdir(string relative)
    {
        string full = PathOf(relative);
        Directory.CreateDirectory(full);
        return full;
    }

    public void LinkDir(string relative, string target)
    {
        string full = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        Directory.CreateSymbolicLink(full, target);
    }

    public IReadOnlyList<string> Relative(IEnumerable<string> fullPaths) =>
        fullPaths.Select(p => Path.GetRelativePath(Root, p).Replace('\\', '/')).ToList();

    public bool Logged(string fragment) => Log.Any(l => l.Contains(fragment, StringComparison.Ordinal));

    public void Dispose()
    {
        try
        {
            foreach (var d in _locked)
            {
                if (!OperatingSystem.IsWindows()) try { File.SetUnixFileMode(d, (UnixFileMode)0x1ED); } catch (Exception) { }
            }
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception)
        {
            // best effort
        }
    }
}
