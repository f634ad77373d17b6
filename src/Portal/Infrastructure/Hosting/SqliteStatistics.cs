namespace Portal.Infrastructure.Hosting;

/// <summary>
/// Keeps SQLite's query planner statistics current: <c>ANALYZE</c> at start and then every <see cref="Interval"/>.
/// Without them SQLite cannot tell that the print jobs' (TenantId, State, CreatedAt) index also serves a question
/// across all companies (a skip-scan), and the operator's dashboard reads every job instead (100,000 jobs: ~120 ms
/// against ~6 ms). ANALYZE reads the tables (~0.1 s per 100,000 jobs) inside a read transaction, so in WAL mode writers
/// carry on. PostgreSQL keeps its own statistics (autovacuum), so this runs on SQLite only.
/// </summary>
public sealed class SqliteStatistics(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalDatabase database,
    TimeProvider timeProvider,
    ILogger<SqliteStatistics> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        while (true)
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (DbException e)
            {
                logger.LogWarning(e, "Refreshing the SQLite planner statistics failed; trying again in {Interval}", Interval);
            }

            try
            {
                await Task.Delay(Interval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Runs <c>ANALYZE</c> over the whole database now.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var started = timeProvider.GetTimestamp();
        await db.Database.ExecuteSqlRawAsync("ANALYZE", cancellationToken);
        logger.LogDebug("SQLite planner statistics refreshed in {Elapsed}", timeProvider.GetElapsedTime(started));
    }
}
