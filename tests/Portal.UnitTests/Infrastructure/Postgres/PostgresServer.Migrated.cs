using Npgsql;

namespace Portal.Tests.Postgres;

/// <summary>
/// The unit tests' side of the <see cref="PostgresServer"/>: migrated databases, copied from a template migrated once
/// per test process, and the switch that puts every <see cref="Portal.UnitTests.Infrastructure.ServiceHarness"/> and
/// whole-app host on PostgreSQL.
/// </summary>
public static partial class PostgresServer
{
    /// <summary>
    /// The variable that points every <see cref="Portal.UnitTests.Infrastructure.ServiceHarness"/> (and so every
    /// <see cref="Portal.UnitTests.Infrastructure.HarnessTests"/> class) and every whole-app host
    /// (<see cref="Portal.UnitTests.Infrastructure.TestHostDatabase"/>) at PostgreSQL instead of SQLite:
    /// <c>PORTAL_TEST_DATABASE=Postgres</c>. ./test.sh runs the suite so a second time.
    /// </summary>
    public const string HarnessVariable = "PORTAL_TEST_DATABASE";

    private static readonly SemaphoreSlim Creating = new(1, 1);
    private static string? _template;

    /// <summary>The provider a test host uses when a test does not choose one.</summary>
    public static DatabaseProvider HarnessDefault => PortalDatabase.ParseProvider(Environment.GetEnvironmentVariable(HarnessVariable));

    /// <summary>Creates an empty, migrated database with a unique name; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = NewName();
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
}
