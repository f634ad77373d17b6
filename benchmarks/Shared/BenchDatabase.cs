using Npgsql;
using Portal.Data;

namespace Portal.Benchmarks;

/// <summary>
/// Which engine a <see cref="BenchPortal"/> runs on: a fresh SQLite file in its temporary folder (the default), or a
/// fresh database on a PostgreSQL server, which the benchmark creates before and drops after.
/// </summary>
/// <param name="Server">For PostgreSQL: a connection string to a database on the server the benchmark may create
/// databases from (e.g. its <c>postgres</c> maintenance database).</param>
internal sealed record BenchDatabase(DatabaseProvider Provider, string? Server = null)
{
    public static BenchDatabase Sqlite { get; } = new(DatabaseProvider.Sqlite);

    public static BenchDatabase Postgres(string server) => new(DatabaseProvider.Postgres, server);

    /// <summary>Lower-case engine name for figures and output: <c>sqlite</c> or <c>postgres</c>.</summary>
    public string Name => Provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";

    /// <summary>Makes an empty database for one portal (not yet migrated) and returns where it is.</summary>
    public async Task<PortalDatabase> CreateAsync(string folder)
    {
        if (Provider != DatabaseProvider.Postgres)
        {
            return new PortalDatabase(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "portal.db")}");
        }

        var name = $"portal_bench_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return new PortalDatabase(DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString);
    }

    /// <summary>Drops a database <see cref="CreateAsync"/> made on the server (SQLite's file goes with its folder).</summary>
    public async Task DropAsync(PortalDatabase database)
    {
        if (database.Provider != DatabaseProvider.Postgres)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            return;
        }

        NpgsqlConnection.ClearPool(new NpgsqlConnection(database.ConnectionString));
        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
