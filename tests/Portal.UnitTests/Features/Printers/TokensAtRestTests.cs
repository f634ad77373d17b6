namespace Portal.UnitTests.Features.Printers;

/// <summary>
/// The printers' access and refresh tokens, the own app's token, the apps' secrets and a terminal key are stored
/// protected: no plain copy of any of them is in the database.
/// </summary>
public sealed class TokensAtRestTests
{
    /// <summary>SQLite's file and its write-ahead log, byte for byte: freed pages and old row versions count too.</summary>
    [Fact]
    [Trait("Database", "Sqlite")]
    public async Task Tokens_and_secrets_are_not_readable_in_the_sqlite_file()
    {
        await using var harness = await ServiceHarness.CreateOnAsync(DatabaseProvider.Sqlite, withSandbox: true);
        var (plain, _) = await StoreSecretsAsync(harness);

        SqliteConnection.ClearAllPools();
        var raw = await File.ReadAllBytesAsync(harness.DatabasePath);
        var wal = harness.DatabasePath + "-wal";
        if (File.Exists(wal))
        {
            raw = [.. raw, .. await File.ReadAllBytesAsync(wal)];
        }

        foreach (var value in plain)
        {
            Assert.Equal(-1, raw.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)));
        }
    }

    /// <summary>
    /// Every column of every table of the model, read raw, on the provider the suite runs on: on PostgreSQL the files
    /// are the server's, so what its tables hand out is what can be checked.
    /// </summary>
    [Fact]
    public async Task Tokens_and_secrets_are_not_readable_in_any_column()
    {
        await using var harness = await ServiceHarness.CreateAsync(withSandbox: true);
        var (plain, stored) = await StoreSecretsAsync(harness);

        var dump = await DumpEveryTableAsync(harness);

        // The dump holds the printer's row: its protected token is there, in the form it is stored.
        Assert.Contains(stored.ProtectedAccessToken!, dump, StringComparison.Ordinal);
        foreach (var value in plain)
        {
            Assert.DoesNotContain(value, dump, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToHexString(Encoding.UTF8.GetBytes(value)), dump, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// Connects a printer by consent and one by terminal number and key in the Alpha company; returns the plain values
    /// that must not be stored (each at least 8 characters, so a match could not be chance) and the consent printer's row.
    /// </summary>
    private static async Task<(string[] Plain, Printer Stored)> StoreSecretsAsync(ServiceHarness harness)
    {
        var (ownerId, tenantId) = await harness.AddAlphaAsync();
        var (printerId, _) = await harness.ConnectByConsentAsync(ownerId);
        var keyPrinter = harness.Sandbox!.CreatePrinter();
        Assert.True((await harness.Get<PrinterKeyConnection>().ConnectByTerminalKeyAsync(new TerminalKeyInput { MachineCode = keyPrinter.MachineCode, Msign = keyPrinter.Msign })).Succeeded);
        var stored = await harness.LoadPrinterAsync(tenantId, printerId);
        var secrets = harness.Services.GetRequiredService<PrinterSecrets>();
        string appToken;
        await using (var db = await harness.DbFactory.CreateDbContextAsync())
        {
            appToken = secrets.UnprotectAppToken((await db.PrinterApps.SingleAsync(a => a.Kind == PrinterAppKind.Own)).ProtectedAppToken!);
        }

        string[] plain =
        [
            secrets.UnprotectToken(stored.ProtectedAccessToken!), secrets.UnprotectRefreshToken(stored.ProtectedRefreshToken!), appToken,
            SandboxHost.OpenApp.ClientSecret, SandboxHost.OwnApp.ClientSecret, keyPrinter.Msign,
        ];
        Assert.All(plain, value => Assert.True(value.Length >= 8));
        return (plain, stored);
    }

    /// <summary>Every row of every table the model maps, as text; binary columns both as Latin-1 and as hex.</summary>
    private static async Task<string> DumpEveryTableAsync(ServiceHarness harness)
    {
        var dump = new StringBuilder();
        await using var db = await harness.DbFactory.CreateDbContextAsync();
        var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().ToList();
        Assert.Contains("Printers", tables);
        await db.Database.OpenConnectionAsync();
        foreach (var table in tables)
        {
            await using var select = db.Database.GetDbConnection().CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.GetValue(i);
                    dump.Append(value is byte[] bytes ? Encoding.Latin1.GetString(bytes) + Convert.ToHexString(bytes) : Convert.ToString(value, CultureInfo.InvariantCulture)).Append('|');
                }
            }
        }

        return dump.ToString();
    }
}
