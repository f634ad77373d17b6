using Npgsql;

namespace Portal.UnitTests.Infrastructure.Postgres;

/// <summary>
/// The PostgreSQL server the tests may use: <c>PORTAL_TEST_POSTGRES</c> holds a connection string to its maintenance
/// database (./test.sh starts a throw-away cluster and sets it). Each caller gets a fresh database, copied from a
/// template migrated once per test process, and drops it when done.
/// </summary>
public static class PostgresServer
{
    /// <summary>The variable naming the server.</summary>
    public const string Variable = "PORTAL_TEST_POSTGRES";

    /// <summary>
    /// The variable that points every <see cref="ServiceHarness"/> (and so every <see cref="HarnessTests"/> class) at
    /// PostgreSQL instead of SQLite: <c>PORTAL_TEST_DATABASE=Postgres</c>. ./test.sh runs a slice of the suite so.
    /// </summary>
    public const string HarnessVariable = "PORTAL_TEST_DATABASE";

    /// <summary>Why a PostgreSQL test did not run; ./test.sh fails when it finds this reason with the server set.</summary>
    public const string SkipReason = "PostgreSQL test: " + Variable + " is not set (./test.sh starts a server and sets it).";

    private static readonly SemaphoreSlim Creating = new(1, 1);
    private static string? _template;

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool IsAvailable => ConnectionString is not null;

    /// <summary>The provider <see cref="ServiceHarness"/> uses when a test does not choose one.</summary>
    public static DatabaseProvider HarnessDefault => PortalDatabase.ParseProvider(Environment.GetEnvironmentVariable(HarnessVariable));

    private static string Server => ConnectionString
        ?? throw new InvalidOperationException($"PostgreSQL tests need {Variable} (a connection string to a server's postgres database).");

    /// <summary>Creates an empty, migrated database with a unique name; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = $"portal_test_{Guid.NewGuid():N}";
        await Creating.WaitAsync();
        try
        {
            _template ??= await CreateTemplateAsync();
            // Copying the migrated template is a file copy: far quicker than migrating each database.
            await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{_template}\"");
        }
        finally
        {
            Creating.Release();
        }

        return For(name);
    }

    /// <summary>Creates an empty database that has not been migrated (for tests of the portal's own start-up).</summary>
    public static async Task<string> CreateEmptyDatabaseAsync()
    {
        var name = $"portal_test_{Guid.NewGuid():N}";
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

    private static async Task<string> CreateTemplateAsync()
    {
        var name = $"portal_template_{Environment.ProcessId}_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        var connectionString = For(name);
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        new PortalDatabase(DatabaseProvider.Postgres, connectionString).Configure(options);
        var identity = new ServiceCollection().AddPortalIdentityStoreOptions().BuildServiceProvider();
        options.UseApplicationServiceProvider(identity);
        await using (var db = new PortalDbContext(options.Options))
        {
            await db.Database.MigrateAsync();
        }

        // A template cannot be copied while anyone is connected to it.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DropTemplate(name);
        return name;
    }

    private static void DropTemplate(string name)
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(Server);
            connection.Open();
            using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            command.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // The cluster is thrown away with its databases at the end of ./test.sh anyway.
        }
    }

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
