using Microsoft.Data.Sqlite;

namespace Portal.UnitTests.Infrastructure.Hosting;

public sealed class SqliteStatisticsTests
{
    [Fact]
    [Trait("Database", "Sqlite")] // PostgreSQL keeps its own statistics; the service does nothing there.
    public async Task The_portal_gives_SQLite_planner_statistics_at_start_and_again_when_asked()
    {
        using var portal = new PortalAppFactory();
        using var client = portal.CreateBrowserlessClient();
        var database = portal.Services.GetRequiredService<PortalDatabase>();
        Assert.Equal(DatabaseProvider.Sqlite, database.Provider);

        // At start: ANALYZE has run (it creates the statistics table, which stays empty while the tables are).
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await StatisticsRowsAsync(database, "PrinterApps") is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.NotNull(await StatisticsRowsAsync(database, "PrinterApps"));

        // Asked again, it describes the tables as they are now: the sandbox's app written at start is counted.
        await using (var connection = new SqliteConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var clear = connection.CreateCommand();
            clear.CommandText = "DELETE FROM sqlite_stat1";
            await clear.ExecuteNonQueryAsync();
        }

        Assert.Equal(0, await StatisticsRowsAsync(database, "PrinterApps"));
        await portal.Services.GetRequiredService<SqliteStatistics>().RefreshAsync();
        Assert.True(await StatisticsRowsAsync(database, "PrinterApps") > 0);
    }

    /// <summary>How many statistics rows name <paramref name="table"/>, or null while there is no statistics table.</summary>
    private static async Task<long?> StatisticsRowsAsync(PortalDatabase database, string table)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'";
        if ((long)(await exists.ExecuteScalarAsync())! == 0)
        {
            return null;
        }

        await using var rows = connection.CreateCommand();
        rows.CommandText = "SELECT count(*) FROM sqlite_stat1 WHERE tbl = $table";
        rows.Parameters.AddWithValue("$table", table);
        return (long)(await rows.ExecuteScalarAsync())!;
    }
}
