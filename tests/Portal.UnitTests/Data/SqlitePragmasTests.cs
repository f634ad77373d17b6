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
        // A commit checkpoints by itself only at 10,000 pages: SqliteCheckpointer does it in the background.
        command.CommandText = "PRAGMA wal_autocheckpoint;";
        Assert.Equal(10_000L, (long?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_connection_carries_none_of_efs_sql_functions_which_it_would_register_again_on_every_open()
    {
        await using var harness = await ServiceHarness.CreateOnAsync(DatabaseProvider.Sqlite);
        await using var db = await harness.DbFactory.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();

        command.CommandText = "SELECT ef_compare('1', '2');";
        var missing = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => command.ExecuteScalarAsync());
        Assert.Contains("no such function", missing.Message, StringComparison.Ordinal);
    }
}
