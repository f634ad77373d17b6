namespace Portal.Benchmarks;

internal static class BenchStats
{
    /// <summary>The nearest-rank percentile (0..100) of <paramref name="values"/>.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(sorted.Length * percentile / 100) - 1, 0, sorted.Length - 1)];
    }
}
