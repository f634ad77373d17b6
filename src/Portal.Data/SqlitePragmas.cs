using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Portal.Data;

/// <summary>
/// Sets up every SQLite connection for a busy portal: write-ahead logging, so readers never wait for the writer and a
/// commit appends to the log instead of rewriting the file, with <c>synchronous=NORMAL</c>, which in WAL mode still
/// never corrupts the database (a power cut can lose only the last commits). Without it every commit syncs the disk
/// twice and concurrent print submissions queue behind each other. <c>busy_timeout</c> lets SQLite itself wait for
/// the writer lock in short steps, instead of failing at once into the provider's much coarser retry loop.
/// The log is copied back into the database file by <see cref="SqliteCheckpointer"/> in the background; the automatic
/// checkpoint, which would otherwise run inside a commit every 1,000 pages, waits for <see cref="AutoCheckpointPages"/>.
/// The settings live on SQLite's own connection, which the provider's pool hands out again and again: they are set
/// once per native connection, not on every open (three statements on each of a print's several opens otherwise).
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    /// <summary>The log size (in pages of 4 KB) at which a commit checkpoints by itself: only where the background checkpointer does not run.</summary>
    public const int AutoCheckpointPages = 10_000;

    private static readonly string Pragmas =
        $"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA wal_autocheckpoint={AutoCheckpointPages};";

    /// <summary>The native connections already set up; an entry goes with its connection.</summary>
    private static readonly ConditionalWeakTable<object, object> Prepared = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsNew(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
            Remember(connection);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsNew(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            Remember(connection);
        }
    }

    private static bool IsNew(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || !Prepared.TryGetValue(handle, out _);

    /// <summary>Marks the connection as set up once its statements ran (a failure leaves it to be set up again).</summary>
    private static void Remember(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            Prepared.AddOrUpdate(handle, handle);
        }
    }
}
