using Npgsql;
using Xunit;

namespace Portal.Tests.Postgres;

/// <summary>
/// The PostgreSQL server the tests may use: <c>PORTAL_TEST_POSTGRES</c> holds a connection string to its maintenance
/// database (./test.sh starts a throw-away cluster with server.sh beside this file and sets it). Each caller gets a
/// fresh database and drops it when done. Both test projects compile this file, so the unit and the browser tests name
/// the server, create databases and skip without it the same way.
/// </summary>
public static partial class PostgresServer
{
    /// <summary>The variable naming the server.</summary>
    public const string Variable = "PORTAL_TEST_POSTGRES";

    /// <summary>Why a PostgreSQL test did not run; ./test.sh fails when it finds this reason with the server set.</summary>
    public const string SkipReason = "PostgreSQL test: " + Variable + " is not set (./test.sh starts a server and sets it).";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool IsAvailable => ConnectionString is not null;

    private static string Server => ConnectionString
        ?? throw new InvalidOperationException($"PostgreSQL tests need {Variable} (a connection string to a server's postgres database).");

    /// <summary>Creates an empty database that has not been migrated (the portal migrates it when it starts).</summary>
    public static async Task<string> CreateEmptyDatabaseAsync()
    {
        var name = NewName();
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return For(name);
    }

    /// <summary>Drops the database <paramref name="connectionString"/> names, closing its pooled connections first.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private static string NewName() => $"portal_test_{Guid.NewGuid():N}";

    private static string For(string database) =>
        new NpgsqlConnectionStringBuilder(Server) { Database = database }.ConnectionString;

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A test that needs PostgreSQL: skipped, visibly, when <see cref="PostgresServer.Variable"/> is not set.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!PostgresServer.IsAvailable)
        {
            Skip = PostgresServer.SkipReason;
        }
    }
}

/// <inheritdoc cref="PostgresFactAttribute"/>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (!PostgresServer.IsAvailable)
        {
            Skip = PostgresServer.SkipReason;
        }
    }
}
