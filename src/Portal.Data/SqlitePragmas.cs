using System.Data.Common;

namespace Portal.Data;

/// <summary>
/// Sets up every SQLite connection for a busy portal: write-ahead logging, so readers never wait for the writer and a
/// commit appends to the log instead of rewriting the file, with <c>synchronous=NORMAL</c>, which in WAL mode still
/// never corrupts the database (a power cut can lose only the last commits). Without it every commit syncs the disk
/// twice and concurrent print submissions queue behind each other. <c>busy_timeout</c> lets SQLite itself wait for
/// the writer lock in short steps, instead of failing at once into the provider's much coarser retry loop.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
