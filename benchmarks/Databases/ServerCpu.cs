using System.Globalization;

namespace Portal.Benchmarks;

/// <summary>
/// CPU time a local PostgreSQL server has used so far: its postmaster's, the postmaster's reaped children's and its
/// live processes' (backends, WAL writer, checkpointer...), from <c>/proc</c>. run.sh passes the postmaster's pid when it
/// started the server itself; for another server the benchmark reports only its own process's CPU.
/// </summary>
internal sealed class ServerCpu(int postmasterPid)
{
    /// <summary>Linux reports process times in clock ticks of 1/100 s (USER_HZ).</summary>
    private const double TicksPerSecond = 100;

    public TimeSpan Read()
    {
        var ticks = Fields(postmasterPid) is { } postmaster ? Ticks(postmaster, 11) + Ticks(postmaster, 12) + Ticks(postmaster, 13) + Ticks(postmaster, 14) : 0;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != postmasterPid
                && Fields(pid) is { } child && Ticks(child, 1) == postmasterPid)
            {
                ticks += Ticks(child, 11) + Ticks(child, 12);
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>The fields of <c>/proc/PID/stat</c> after the command name: [0] state, [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime.</summary>
    private static string[]? Fields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null; // The process ended meanwhile.
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Ticks(string[] fields, int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);
}
