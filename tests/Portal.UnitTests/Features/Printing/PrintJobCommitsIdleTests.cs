using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Portal.Features.Printing;

namespace Portal.UnitTests.Features.Printing;

/// <summary>The print path's group commit keeps a company's connection between commits, but not while it sits idle.</summary>
public sealed class PrintJobCommitsIdleTests
{
    [PostgresFact]
    public async Task An_idle_loop_lets_its_connection_go_so_a_connection_the_server_closed_meanwhile_fails_no_write()
    {
        await using var harness = await ServiceHarness.CreateOnAsync(DatabaseProvider.Postgres);
        var tenantId = await harness.AddTenantAsync(await harness.AddUserAsync("owner@idle.test"), "Idle Noodles");
        await using var commits = new PrintJobCommits(harness.DbFactory, NullLogger<PrintJobCommits>.Instance, sessionIdleTime: TimeSpan.FromMilliseconds(100));
        await commits.CommitAsync(tenantId, writes => AuditAsync(writes, tenantId));
        await Task.Delay(TimeSpan.FromSeconds(1));

        // What a server's idle timeout or a pooler does to connections left idle, and Npgsql's pool to its own after 300 s.
        string connectionString;
        await using (var db = await harness.DbFactory.CreateDbContextAsync())
        {
            connectionString = db.Database.GetConnectionString()!;
        }

        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await using var end = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
            await end.ExecuteScalarAsync();
        }

        NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));

        await commits.CommitAsync(tenantId, writes => AuditAsync(writes, tenantId));
        Assert.Equal(2, await harness.DbFactory.ReadAsync(tenantId, db => db.AuditEntries.CountAsync(a => a.Action == "idle.test")));
    }

    private static async Task<bool> AuditAsync(PrintJobWrites writes, Guid tenantId)
    {
        await writes.AddAsync(new AuditEntry { TenantId = tenantId, Action = "idle.test", At = DateTimeOffset.UtcNow, Succeeded = true });
        return true;
    }
}
