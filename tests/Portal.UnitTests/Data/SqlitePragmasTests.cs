namespace Portal.UnitTests.Data;

[Trait("Database", "Sqlite")]
public sealed class SqlitePragmasTests
{
    [Fact]
    public async Task Every_connection_runs_in_wal_mode_with_normal_sync()
    {
        await using var harness = await ServiceHarness.CreateOnAsync(DatabaseProvider.Sqlite);
        await using var db = await harness.DbFactory.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();

        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA synchronous;";
        Assert.Equal(1L, (long?)await command.ExecuteScalarAsync()); // 1 = NORMAL
    }
}
