using Portal.Features.Printing;

namespace Portal.UnitTests.Data;

/// <summary>
/// What the portal relies on from its database, checked on SQLite and, with <c>PORTAL_TEST_POSTGRES</c>, on
/// PostgreSQL: each provider's migrations build exactly the model, times compare as instants whatever their offset,
/// unique indexes turn a lost race into a <see cref="DbUpdateException"/>, case-insensitive lookups agree, and the tenant
/// filter hides other tenants' rows.
/// </summary>
public sealed class DatabaseProviderTests
{
    [Fact]
    [Trait("Database", "Sqlite")]
    public Task Sqlite_migrations_build_exactly_the_model() => MigrationsBuildExactlyTheModel(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Postgres_migrations_build_exactly_the_model() => MigrationsBuildExactlyTheModel(DatabaseProvider.Postgres);

    [Fact]
    [Trait("Database", "Sqlite")]
    public Task Sqlite_compares_times_as_instants_whatever_their_offset() => TimesCompareAsInstants(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Postgres_compares_times_as_instants_whatever_their_offset() => TimesCompareAsInstants(DatabaseProvider.Postgres);

    [Fact]
    [Trait("Database", "Sqlite")]
    public Task Sqlite_reports_a_unique_index_violation_as_DbUpdateException() => UniqueViolationIsDbUpdateException(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Postgres_reports_a_unique_index_violation_as_DbUpdateException() => UniqueViolationIsDbUpdateException(DatabaseProvider.Postgres);

    [Fact]
    [Trait("Database", "Sqlite")]
    public Task Sqlite_template_names_and_invited_emails_are_case_insensitive() => CaseInsensitiveLookups(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Postgres_template_names_and_invited_emails_are_case_insensitive() => CaseInsensitiveLookups(DatabaseProvider.Postgres);

    [Fact]
    [Trait("Database", "Sqlite")]
    public Task Sqlite_tenant_filter_hides_other_tenants_rows() => TenantFilterHidesOtherTenants(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Postgres_tenant_filter_hides_other_tenants_rows() => TenantFilterHidesOtherTenants(DatabaseProvider.Postgres);

    [PostgresFact]
    public async Task Postgres_enforces_the_model_column_lengths_SQLite_only_records()
    {
        await using var harness = await ServiceHarness.CreateOnAsync(DatabaseProvider.Postgres);
        await using var db = await harness.DbFactory.CreateDbContextAsync();
        db.PushRecords.Add(new PushRecord { Command = "status", Fields = "{}", ReceivedAt = harness.Clock.GetUtcNow(), MachineCode = new string('4', 65) });

        // The services validate lengths before saving; PostgreSQL is the last guard (SQLite stores any length).
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [PostgresFact]
    public async Task Postgres_columns_are_native_types()
    {
        await using var harness = await ServiceHarness.CreateOnAsync(DatabaseProvider.Postgres);
        await using var db = await harness.DbFactory.CreateDbContextAsync();
        var columns = await db.Database.SqlQueryRaw<ColumnType>(
            """
            SELECT column_name AS "Name", data_type AS "Type", character_maximum_length AS "Length"
            FROM information_schema.columns WHERE table_name = 'Printers'
            """).ToListAsync();

        Assert.Equal("timestamp with time zone", columns.Single(c => c.Name == "CreatedAt").Type);
        Assert.Equal("uuid", columns.Single(c => c.Name == "Id").Type);
        Assert.Equal(("character varying", 32), columns.Where(c => c.Name == "MachineCode").Select(c => (c.Type, c.Length)).Single());
    }

    private sealed class ColumnType
    {
        public string Name { get; set; } = "";

        public string Type { get; set; } = "";

        public int? Length { get; set; }
    }

    private static async Task MigrationsBuildExactlyTheModel(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateOnAsync(provider);
        await using var db = await harness.DbFactory.CreateDbContextAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        // A model change without a migration for this provider (each has its own set) fails here.
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations lag the model: add a migration for {provider}.");
        // One squashed initial migration, then one per model change since.
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        Assert.EndsWith("_InitialCreate", applied[0]);
        Assert.Equal(db.Database.GetMigrations(), applied);
    }

    private static async Task TimesCompareAsInstants(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateOnAsync(provider);
        var utc = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
        await using (var db = await harness.DbFactory.CreateDbContextAsync())
        {
            db.PushRecords.Add(new PushRecord { Command = "utc", Fields = "{}", ReceivedAt = utc });
            // A time written with China's offset (as a page's date picker may give) is the same kind of instant.
            db.PushRecords.Add(new PushRecord { Command = "china", Fields = "{}", ReceivedAt = utc.AddHours(1).ToOffset(TimeSpan.FromHours(8)) });
            await db.SaveChangesAsync();
        }

        await using (var db = await harness.DbFactory.CreateDbContextAsync())
        {
            var from = new DateTimeOffset(2026, 11, 23, 16, 30, 0, TimeSpan.FromHours(8)); // 08:30 UTC
            var later = await db.PushRecords.AsNoTracking().Where(r => r.ReceivedAt >= from).Select(r => r.Command).ToListAsync();
            Assert.Equal(["china"], later);
            var ordered = await db.PushRecords.AsNoTracking().OrderByDescending(r => r.ReceivedAt).Select(r => r.ReceivedAt).ToListAsync();
            Assert.Equal([utc.AddHours(1), utc], ordered);
            // The instant is kept on both; only SQLite's tick encoding also keeps the offset it was written with.
            if (provider == DatabaseProvider.Postgres)
            {
                Assert.All(ordered, at => Assert.Equal(TimeSpan.Zero, at.Offset));
            }
        }
    }

    private static async Task UniqueViolationIsDbUpdateException(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateOnAsync(provider);
        await using (var first = await harness.DbFactory.CreateDbContextAsync())
        {
            first.PushRecords.Add(new PushRecord { Command = "status", Fields = "{}", ReceivedAt = harness.Clock.GetUtcNow(), DedupeKey = "k1" });
            await first.SaveChangesAsync();
        }

        await using var second = await harness.DbFactory.CreateDbContextAsync();
        second.PushRecords.Add(new PushRecord { Command = "status", Fields = "{}", ReceivedAt = harness.Clock.GetUtcNow(), DedupeKey = "k1" });
        await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());
    }

    private static async Task CaseInsensitiveLookups(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateOnAsync(provider);
        var owner = await harness.AddUserAsync("Owner@A.test");
        await harness.AddTenantAsync(owner, "Alpha Noodles");
        var templates = harness.Get<ReceiptTemplateService>();
        Assert.True((await templates.SaveAsync(new ReceiptTemplateInput { Name = "Kitchen Ticket", Content = "x" })).Succeeded);

        var again = await templates.SaveAsync(new ReceiptTemplateInput { Name = "KITCHEN ticket", Content = "y" });

        Assert.False(again.Succeeded);
        // People are found by their normalized (upper-cased) email, whatever case they type.
        var normalized = "owner@a.TEST".ToUpperInvariant();
        Assert.Equal(owner, await harness.DbFactory.ReadAsync(Guid.NewGuid(), db => db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).SingleAsync()));
        // Invitations are matched by their upper-cased email.
        var invitations = harness.Get<Portal.Features.Companies.InvitationService>();
        Assert.True((await invitations.InviteAsync("Carol@B.test", TenantRole.Member, "http://localhost/invitations/accept")).Succeeded);
        Assert.True((await invitations.InviteAsync("carol@b.TEST", TenantRole.Member, "http://localhost/invitations/accept")).Succeeded);
        Assert.Single((await invitations.ListPendingAsync()).Value!);
    }

    private static async Task TenantFilterHidesOtherTenants(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateOnAsync(provider);
        var alice = await harness.AddUserAsync("alice@a.test");
        var bob = await harness.AddUserAsync("bob@b.test");
        var a = await harness.AddTenantAsync(alice, "Alpha Noodles");
        var b = await harness.AddTenantAsync(bob, "Beta Tea");

        var seenByA = await harness.DbFactory.ReadAsync(a, db => db.Memberships.AsNoTracking().Select(m => m.TenantId).ToListAsync());
        var seenByNone = await ReadUnboundAsync(harness);
        await using var operatorDb = await harness.DbFactory.CreateCrossTenantAsync();
        var seenByOperator = await operatorDb.Memberships.AsNoTracking().Select(m => m.TenantId).ToListAsync();

        Assert.Equal([a], seenByA);
        Assert.Empty(seenByNone);
        Assert.Equal(new HashSet<Guid> { a, b }, seenByOperator.ToHashSet());
    }

    private static async Task<List<Guid>> ReadUnboundAsync(ServiceHarness harness)
    {
        await using var db = await harness.DbFactory.CreateDbContextAsync();
        return await db.Memberships.AsNoTracking().Select(m => m.TenantId).ToListAsync();
    }
}
