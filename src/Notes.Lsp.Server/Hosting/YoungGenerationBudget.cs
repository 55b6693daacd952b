using System.Runtime.InteropServices;

namespace Notes.Lsp.Server.Hosting;

/// <summary>
/// Caps the garbage collector's young-generation budget on machines whose processor reports a very large last-level
/// cache. The runtime sizes that budget from the cache (about half of it): on a laptop with a 12-36 MB cache it is a
/// few megabytes, but a virtual machine that reports its host's 260 MB cache gets a budget well over 100 MB, and the
/// server at 10,000 notes and 20,000 attachments then peaks at 218 MB instead of 150 MB (docs/BENCHMARKS.md,
/// "Attachments"). The budget can only be set from the environment (<c>DOTNET_GCgen0size</c>; it has no
/// runtimeconfig.json name, so neither build can carry it), so on Linux the server re-executes itself once, with the
/// same arguments and open standard streams, and that variable set. Nothing happens when the cache is ordinary, when
/// the user set a budget themselves, or when <see cref="OptOut"/> is set.
/// </summary>
public static class YoungGenerationBudget
{
    /// <summary>The budget we set (16 MB), in hexadecimal without a prefix: the native runtime ignores "0x1000000".</summary>
    public const string Budget = "1000000";

    /// <summary>A last-level cache larger than this makes the runtime's own budget too large for us.</summary>
    public const long LargeCacheBytes = 64L << 20;

    /// <summary>Set to any value to keep the runtime's own budget (and, once set by us, to mark the re-executed process).</summary>
    public const string OptOut = "NOTES_LSP_KEEP_GC_BUDGET";

    private const string ReexecutedMark = "set by the server";

    private static readonly string[] UserBudgets = ["DOTNET_GCgen0size", "COMPlus_GCgen0size", "DOTNET_GCgen0MaxBudget", "COMPlus_GCgen0MaxBudget"];

    /// <summary>Pure: whether to set the budget, given the largest cache and the environment.</summary>
    public static bool ShouldCap(long? largestCacheBytes, Func<string, string?> environment) =>
        largestCacheBytes > LargeCacheBytes
        && string.IsNullOrEmpty(environment(OptOut))
        && UserBudgets.All(v => string.IsNullOrEmpty(environment(v)));

    /// <summary>Pure: the size in bytes of a sysfs cache <c>size</c> file ("266240K", "32M").</summary>
    public static long? ParseCacheSize(string text)
    {
        var t = text.Trim();
        if (t.Length == 0) return null;
        long unit = char.ToUpperInvariant(t[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 1 };
        var digits = unit == 1 ? t : t[..^1];
        return long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n * unit : null;
    }

    /// <summary>
    /// On Linux with a large cache: re-executes this process with the budget set. Returns only when it did not (any
    /// other platform, an ordinary cache, an opt-out, or <c>execve</c> failing, which is logged to <paramref name="log"/>).
    /// </summary>
    public static void CapOrContinue(TextWriter log)
    {
        if (!OperatingSystem.IsLinux()) return;
        if (Environment.GetEnvironmentVariable(OptOut) == ReexecutedMark)
        {
            log.WriteLine($"young-generation budget capped at {Convert.ToInt64(Budget, 16) >> 20} MB (DOTNET_GCgen0size={Budget}, hexadecimal): the processor reports a {LargestCache() >> 20} MB cache");
            return;
        }
        if (!ShouldCap(LargestCache(), Environment.GetEnvironmentVariable)) return;
        string[] argv;
        try
        {
            // The exact command line we were started with (for the portable build: dotnet, its options, the .dll, ours).
            argv = File.ReadAllText("/proc/self/cmdline").Split('\0', StringSplitOptions.None)[..^1];
        }
        catch (IOException) { return; }
        if (argv.Length == 0) return;
        Environment.SetEnvironmentVariable("DOTNET_GCgen0size", Budget);
        Environment.SetEnvironmentVariable(OptOut, ReexecutedMark);
        var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => $"{e.Key}={e.Value}").ToArray();
        int errno = Exec("/proc/self/exe", argv, env);
        log.WriteLine($"could not cap the young-generation budget (execve failed, errno {errno}); continuing with the runtime's");
        Environment.SetEnvironmentVariable("DOTNET_GCgen0size", null);
    }

    /// <summary>The largest cache of CPU 0, from sysfs; null when it cannot be read.</summary>
    internal static long? LargestCache()
    {
        const string dir = "/sys/devices/system/cpu/cpu0/cache";
        long? max = null;
        try
        {
            foreach (var index in Directory.EnumerateDirectories(dir, "index*"))
                if (ParseCacheSize(File.ReadAllText(Path.Combine(index, "size"))) is { } size && (max is null || size > max))
                    max = size;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return max;
    }

    /// <summary>Replaces this process with <paramref name="path"/>; returns errno only when that failed.</summary>
    private static unsafe int Exec(string path, string[] argv, string[] env)
    {
        var handles = new List<IntPtr>();
        IntPtr[] Utf8(string[] strings)
        {
            var pointers = new IntPtr[strings.Length + 1]; // NULL-terminated
            for (int i = 0; i < strings.Length; i++) handles.Add(pointers[i] = Marshal.StringToCoTaskMemUTF8(strings[i]));
            return pointers;
        }
        try
        {
            var file = Utf8([path]);
            var av = Utf8(argv);
            var ev = Utf8(env);
            fixed (IntPtr* a = av)
            fixed (IntPtr* e = ev)
            {
                execve(file[0], a, e);
            }
            return Marshal.GetLastPInvokeError();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return -1; // not glibc's libc (musl names it differently): keep the runtime's budget
        }
        finally
        {
            foreach (var h in handles) Marshal.FreeCoTaskMem(h);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern unsafe int execve(IntPtr path, IntPtr* argv, IntPtr* envp);
}
