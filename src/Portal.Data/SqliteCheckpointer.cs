using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portal.Data;

/// <summary>
/// Copies SQLite's write-ahead log back into the database file in the background, twice a second. Left to SQLite, that
/// checkpoint runs inside whichever commit makes the log cross its threshold, and that commit (a print's, with others
/// waiting behind it in the group commit) takes several times as long. <c>PASSIVE</c> waits for no reader or writer:
/// it copies what it can and the next round does the rest. Each connection keeps an automatic checkpoint at a much
/// larger log (<see cref="SqlitePragmas.AutoCheckpointPages"/>) as a safety net where this service does not run.
/// </summary>
public sealed class SqliteCheckpointer(PortalDatabase database, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>Opens the existing file only: a checkpoint never creates a database (migrations do).</summary>
    private readonly string _connectionString = new SqliteConnectionStringBuilder(database.ConnectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckpointAsync(stoppingToken);
            }
            catch (SqliteException e)
            {
                // Not there yet, or busy: the automatic checkpoint still bounds the log, and the next round tries again.
                logger.LogDebug(e, "A background WAL checkpoint did not run");
            }
        }
    }

    /// <summary>One passive checkpoint; returns the frames in the log and how many of them are now in the database file.</summary>
    public async Task<(long LogFrames, long Checkpointed)> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(1), reader.GetInt64(2));
    }
}
