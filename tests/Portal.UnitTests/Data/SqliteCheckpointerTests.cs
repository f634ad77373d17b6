using Microsoft.Extensions.Hosting;

namespace Portal.UnitTests.Data;

[Trait("Database", "Sqlite")]
public sealed class SqliteCheckpointerTests
{
    [Fact]
    public async Task A_checkpoint_copies_the_whole_log_into_the_database_file()
    {
        await using var harness = await ServiceHarness.CreateOnAsync(DatabaseProvider.Sqlite);
        await using var held = await HoldOpenAsync(harness);
        await WriteAsync(harness, kilobytes: 256);

        var (logFrames, checkpointed) = await Checkpointer(harness.Services).CheckpointAsync();

        Assert.True(logFrames > 0, "the writes went to the log");
        Assert.Equal(logFrames, checkpointed);
    }

    [Fact]
    public async Task Running_in_the_background_it_moves_the_writes_into_the_database_file_without_a_commit_doing_it()
    {
        await using var harness = await ServiceHarness.CreateOnAsync(DatabaseProvider.Sqlite);
        var checkpointer = Checkpointer(harness.Services);
        await using var held = await HoldOpenAsync(harness);
        var before = new FileInfo(harness.DatabasePath).Length;
        // 1 MB: far below the log size at which a commit would checkpoint by itself (10,000 pages).
        await WriteAsync(harness, kilobytes: 1024);
        Assert.Equal(before, new FileInfo(harness.DatabasePath).Length);

        await checkpointer.StartAsync(CancellationToken.None);
        try
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (new FileInfo(harness.DatabasePath).Length < before + 1024 * 1024 && waited.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(SqliteCheckpointer.Interval);
            }

            Assert.True(new FileInfo(harness.DatabasePath).Length >= before + 1024 * 1024, "the background checkpoint copied the log into the file");
        }
        finally
        {
            await checkpointer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void Only_a_sqlite_portal_runs_it()
    {
        static IEnumerable<IHostedService> HostedServices(DatabaseProvider provider, string connectionString)
        {
            var services = new ServiceCollection().AddLogging().AddPortalData(new PortalDatabase(provider, connectionString));
            return services.BuildServiceProvider().GetServices<IHostedService>();
        }

        Assert.Single(HostedServices(DatabaseProvider.Sqlite, "Data Source=unused.db").OfType<SqliteCheckpointer>());
        Assert.Empty(HostedServices(DatabaseProvider.Postgres, "Host=unused;Database=unused").OfType<SqliteCheckpointer>());
    }

    private static SqliteCheckpointer Checkpointer(IServiceProvider services) => services.GetRequiredService<SqliteCheckpointer>();

    /// <summary>
    /// An idle connection, as the portal's pool keeps: without one, the harness's unpooled connections would each be
    /// the last to close, and SQLite checkpoints when the last connection closes.
    /// </summary>
    private static async Task<Microsoft.Data.Sqlite.SqliteConnection> HoldOpenAsync(ServiceHarness harness)
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={harness.DatabasePath};Pooling=false");
        await connection.OpenAsync();
        // SQLite reads the file (and joins its log) at the first statement, not at open.
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT count(*) FROM sqlite_master;";
        await read.ExecuteScalarAsync();
        return connection;
    }

    private static async Task WriteAsync(ServiceHarness harness, int kilobytes)
    {
        await using var db = await harness.DbFactory.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE filler (bytes BLOB);");
        for (var i = 0; i < kilobytes / 64; i++)
        {
            await db.Database.ExecuteSqlRawAsync("INSERT INTO filler VALUES (randomblob(65536));");
        }
    }
}
