using System.Diagnostics.Metrics;

namespace Portal.Infrastructure.Telemetry;

/// <summary>
/// How many open-app printer tokens are in each state, across all companies, for the <c>portal.tokens</c> gauge.
/// A collection answers with the counts last taken and, when they are older than <see cref="MaxAge"/>, starts a new
/// count in the background: however often an exporter collects, the database sees at most one GROUP BY every 30 s,
/// and none while nobody collects. Only states and numbers leave this class.
/// </summary>
public sealed class TokenStateCounts(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider timeProvider, ILogger<TokenStateCounts> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private static readonly PrinterTokenState[] States = Enum.GetValues<PrinterTokenState>();

    // One reference swapped whole, so a collection never sees counts of one moment with the time of another.
    private Snapshot _latest = new(DateTimeOffset.MinValue, []);
    private int _counting;

    public IEnumerable<Measurement<long>> Observe()
    {
        var latest = Volatile.Read(ref _latest);
        if (timeProvider.GetUtcNow() - latest.CountedAt >= MaxAge && Interlocked.Exchange(ref _counting, 1) == 0)
        {
            _ = CountAsync();
        }

        return latest.Measurements;
    }

    private async Task CountAsync()
    {
        IReadOnlyList<Measurement<long>> measurements = [];
        try
        {
            await using var db = await dbFactory.CreateCrossTenantAsync();
            var counts = await db.Printers.AsNoTracking()
                .Where(p => p.App!.Kind == PrinterAppKind.Open)
                .GroupBy(p => p.TokenState)
                .Select(g => new { State = g.Key, Count = g.LongCount() })
                .ToDictionaryAsync(c => c.State, c => c.Count);
            // Every state, zeros included, so a dashboard shows 0 rather than a gap.
            measurements = [.. States.Select(s => new Measurement<long>(counts.GetValueOrDefault(s), new KeyValuePair<string, object?>("token.state", PortalMetrics.Tag(s))))];
        }
        catch (Exception e)
        {
            // No figures rather than stale ones; the next count is tried after MaxAge, not at every collection.
            logger.LogWarning(e, "Could not count printer tokens by state");
        }
        finally
        {
            Volatile.Write(ref _latest, new Snapshot(timeProvider.GetUtcNow(), measurements));
            Volatile.Write(ref _counting, 0);
        }
    }

    private sealed record Snapshot(DateTimeOffset CountedAt, IReadOnlyList<Measurement<long>> Measurements);
}
