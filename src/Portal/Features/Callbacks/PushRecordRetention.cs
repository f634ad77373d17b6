namespace Portal.Features.Callbacks;

/// <summary>
/// Deletes callback inbox rows older than <see cref="PushOptions.RetentionDays"/>, at start and then every
/// <see cref="SweepInterval"/>. It deletes in batches so a large backlog never holds one long write lock.
/// </summary>
public sealed class PushRecordRetention(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<PushOptions> options,
    TimeProvider timeProvider,
    ILogger<PushRecordRetention> logger) : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);

    internal const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbException or DbUpdateException or InvalidOperationException)
            {
                logger.LogWarning(e, "Deleting old push records failed; trying again in {Interval}", SweepInterval);
            }

            try
            {
                await Task.Delay(SweepInterval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Deletes every push received before the retention cut-off and returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = timeProvider.GetUtcNow().AddDays(-options.Value.RetentionDays);
        var deleted = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var batch = await db.PushRecords.Where(r => r.ReceivedAt < cutoff).OrderBy(r => r.Id).Select(r => r.Id)
                .Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return deleted;
            }

            deleted += await db.PushRecords.Where(r => batch.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
        }
    }
}
