using System.Globalization;

namespace Notes.Lsp.Stdio;

/// <summary>Resident memory and CPU time of a process, from /proc (Linux); null elsewhere or after it exited.</summary>
public static class ProcStats
{
    private const double ClockTicksPerSecond = 100; // USER_HZ, 100 on every Linux this runs on

    /// <summary>A field of /proc/PID/status in KiB (VmRSS, VmHWM, ...).</summary>
    public static long? StatusKb(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith(field + ":", StringComparison.Ordinal)) continue;
                var value = line[(field.Length + 1)..].Trim();
                int space = value.IndexOf(' ');
                return long.Parse(space < 0 ? value : value[..space], CultureInfo.InvariantCulture);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    public static double? RssMb(int pid) => StatusKb(pid, "VmRSS") / 1024.0;
    public static double? PeakRssMb(int pid) => StatusKb(pid, "VmHWM") / 1024.0;

    /// <summary>utime + stime of /proc/PID/stat, in seconds.</summary>
    public static double? CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state); utime is field 14, stime field 15.
            long utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
            long stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (utime + stime) / ClockTicksPerSecond;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }
}
