using System.Diagnostics;

namespace Yilianyun.Benchmarks;

/// <summary>One measured run: how long the calls took together and one by one, and what the process allocated meanwhile.</summary>
internal sealed record RunResult(int Calls, TimeSpan Elapsed, double[] LatenciesMs, long AllocatedBytes)
{
    public double CallsPerSecond => Calls / Elapsed.TotalSeconds;

    /// <summary>Allocated by the whole process (client and in-process sandbox) per call.</summary>
    public double KilobytesPerCall => AllocatedBytes / 1024.0 / Calls;

    /// <summary>Runs <paramref name="calls"/> calls, <paramref name="concurrency"/> at a time.</summary>
    public static async Task<RunResult> MeasureAsync(int calls, int concurrency, Func<Task> call)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var latencies = new double[calls];
        var next = -1;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < calls)
            {
                var callStart = Stopwatch.GetTimestamp();
                await call();
                latencies[index] = Stopwatch.GetElapsedTime(callStart).TotalMilliseconds;
            }
        }));
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(start);
        return new RunResult(calls, elapsed, latencies, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
    }
}

internal static class Statistics
{
    /// <summary>Nearest-rank percentile (0 &lt; p ≤ 100).</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
