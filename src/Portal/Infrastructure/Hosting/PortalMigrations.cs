namespace Portal.Infrastructure.Hosting;

/// <summary>What start-up does with the database schema, from <c>Database:Migrate</c>.</summary>
public enum MigrationMode
{
    /// <summary>Migrate, then serve (the default: one instance, nothing to set up).</summary>
    OnStart,

    /// <summary>Migrate and exit: the once-per-release step before several instances start.</summary>
    Only,

    /// <summary>Serve only a database already at this release's schema; refuse to start otherwise.</summary>
    Never,
}

/// <summary>
/// Brings the database to this release's schema, or checks that it is there. With several instances a release runs
/// <c>Database__Migrate=Only</c> once and starts the instances with <c>Never</c>, so no instance serves on a schema
/// it does not know. Instances started together with <c>OnStart</c> are safe too: on PostgreSQL they take turns.
/// </summary>
public static class PortalMigrations
{
    public const string Key = "Database:Migrate";

    /// <summary>Null when the portal should go on to serve; otherwise the process's exit code.</summary>
    public static async Task<int?> PrepareDatabaseAsync(this WebApplication app)
    {
        var setting = app.Configuration[Key];
        if (!Enum.TryParse<MigrationMode>(string.IsNullOrWhiteSpace(setting) ? nameof(MigrationMode.OnStart) : setting.Trim(), ignoreCase: true, out var mode)
            || !Enum.IsDefined(mode))
        {
            await Console.Error.WriteLineAsync($"Portal cannot start: {Key} is '{setting}': use OnStart (the default), Only or Never.");
            return 1;
        }

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        if (mode == MigrationMode.Never)
        {
            var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
            if (pending.Count == 0)
            {
                return null;
            }

            await Console.Error.WriteLineAsync($"Portal cannot start: the database lacks {pending.Count} migration(s) of this release ({string.Join(", ", pending)}); run this release once with Database__Migrate=Only, then start the instances.");
            return 1;
        }

        await MigrateAsync(db);
        if (mode == MigrationMode.Only)
        {
            await Console.Out.WriteLineAsync("The database is at this release's schema.");
            return 0;
        }

        return null;
    }

    /// <summary>Identifies the portal's migration lock among the database's advisory locks.</summary>
    private const long MigrationLock = 0x506F7274616C; // "Portal"

    /// <summary>
    /// Migrates, on PostgreSQL under a session-level advisory lock: EF Core's own migration lock did not stop two
    /// instances starting together from both creating the same table, so the second waits and then finds nothing
    /// left to apply. SQLite serves one instance.
    /// </summary>
    private static async Task MigrateAsync(PortalDbContext db)
    {
        if (!db.Database.IsNpgsql())
        {
            await db.Database.MigrateAsync();
            return;
        }

        await using var lockHolder = new Npgsql.NpgsqlConnection(db.Database.GetConnectionString());
        await lockHolder.OpenAsync();
        await using (var take = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLock})", lockHolder))
        {
            await take.ExecuteNonQueryAsync();
        }

        try
        {
            await db.Database.MigrateAsync();
        }
        finally
        {
            await using var release = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLock})", lockHolder);
            await release.ExecuteNonQueryAsync();
        }
    }
}
