namespace Portal.UnitTests.Infrastructure.Tenancy;

public sealed class TenantIsolationTests : HarnessTests
{
    private Guid _tenantA;
    private Guid _tenantB;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var alice = await Harness.AddUserAsync("alice@a.test");
        var bob = await Harness.AddUserAsync("bob@b.test");
        _tenantA = await Harness.AddTenantAsync(alice, "Alpha Noodles");
        _tenantB = await Harness.AddTenantAsync(bob, "Beta Tea");

        // Give tenant B a row in every tenant-owned set, so a leak in any of them shows.
        Harness.SignIn(bob);
        var invite = await Harness.Get<Portal.Features.Companies.InvitationService>()
            .InviteAsync("carol@b.test", TenantRole.Member, "http://localhost/invitations/accept");
        Assert.True(invite.Succeeded, invite.Error);
        await SeedOpenApiRowsAsync(_tenantB, bob);
        await SeedPrinterRowsAsync(_tenantB, bob);
        await SeedPrintApiRowsAsync(_tenantB, bob);
        await SeedWebhookRowsAsync(_tenantB);
    }

    private async Task SeedWebhookRowsAsync(Guid tenantId)
    {
        var now = Harness.Clock.GetUtcNow();
        await using var db = await Harness.DbFactory.CreateForTenantAsync(tenantId);
        var endpoint = new Portal.Data.Entities.Webhooks.WebhookEndpoint
        {
            Id = Guid.NewGuid(), Url = "https://hooks.example/seed", EventTypes = "job.printed", ProtectedSecret = "x", CreatedAt = now,
        };
        db.WebhookEndpoints.Add(endpoint);
        db.WebhookDeliveries.Add(new Portal.Data.Entities.Webhooks.WebhookDelivery
        {
            Id = Guid.NewGuid(), EndpointId = endpoint.Id, MessageId = "msg_seed", EventType = "job.printed", Payload = "{}", CreatedAt = now, Version = Guid.NewGuid(),
        });
        await db.SaveChangesAsync();
    }

    private async Task SeedPrintApiRowsAsync(Guid tenantId, string userId)
    {
        var now = Harness.Clock.GetUtcNow();
        await using var db = await Harness.DbFactory.CreateForTenantAsync(tenantId);
        var key = new PrintApiKey { Id = Guid.NewGuid(), TenantId = tenantId, Name = "seed", Prefix = "pk_seedseed", SecretHash = [7, 8, 9], CreatedByUserId = userId, CreatedAt = now };
        db.PrintApiKeys.Add(key);
        db.PrintApiIdempotencyKeys.Add(new PrintApiIdempotencyKey { Id = Guid.NewGuid(), ApiKeyId = key.Id, Key = "seed", Fingerprint = [1], CreatedAt = now });
        await db.SaveChangesAsync();
    }

    private async Task SeedPrinterRowsAsync(Guid tenantId, string userId)
    {
        var now = Harness.Clock.GetUtcNow();
        var app = new Portal.Data.Entities.Printers.PrinterApp { Id = Guid.NewGuid(), Name = "Seed app", ClientId = "8000000001", ProtectedSecret = "x", CreatedAt = now };
        await using (var platform = await Harness.DbFactory.CreateDbContextAsync())
        {
            platform.PrinterApps.Add(app);
            await platform.SaveChangesAsync();
        }

        await using var db = await Harness.DbFactory.CreateForTenantAsync(tenantId);
        var printer = new Portal.Data.Entities.Printers.Printer { Id = Guid.NewGuid(), AppId = app.Id, MachineCode = "4004000001", Name = "Seed printer", CreatedAt = now };
        db.Printers.Add(printer);
        db.PrinterTokenEvents.Add(new Portal.Data.Entities.Printers.PrinterTokenEvent { PrinterId = printer.Id, At = now });
        db.PrinterSettingValues.Add(new Portal.Data.Entities.Printers.PrinterSettingValue { PrinterId = printer.Id, Setting = "sound", Detail = "sound", SetBy = "someone", SetAt = now });
        db.PrinterAuthorizations.Add(new Portal.Data.Entities.Printers.PrinterAuthorization { StateHash = "seed", UserId = userId, AppId = app.Id, CreatedAt = now, ExpiresAt = now.AddMinutes(10) });
        var job = new Portal.Data.Entities.Printing.PrintJob { Id = Guid.NewGuid(), PrinterId = printer.Id, AppId = app.Id, OriginId = "seed1", Content = "seed", CreatedAt = now };
        db.PrintJobs.Add(job);
        db.PrintJobEvents.Add(new Portal.Data.Entities.Printing.PrintJobEvent { JobId = job.Id, At = now });
        db.ReceiptTemplates.Add(new Portal.Data.Entities.Printing.ReceiptTemplate { Id = Guid.NewGuid(), Name = "Seed template", Content = "seed", CreatedAt = now, UpdatedAt = now });
        await db.SaveChangesAsync();
    }

    private async Task SeedOpenApiRowsAsync(Guid tenantId, string userId)
    {
        var now = Harness.Clock.GetUtcNow();
        var client = new ApiClient { Id = Guid.NewGuid(), ClientId = "9000000001", Name = "Seed provider", Scopes = ApiScopes.User, CreatedAt = now };
        await using (var platform = await Harness.DbFactory.CreateDbContextAsync())
        {
            platform.Set<ApiClient>().Add(client);
            await platform.SaveChangesAsync();
        }

        await using var db = await Harness.DbFactory.CreateForTenantAsync(tenantId);
        db.Set<UserApiToken>().Add(new UserApiToken { UserId = userId, Name = "seed", TokenHash = [1, 2, 3], CreatedAt = now, ExpiresAt = now.AddDays(90) });
        db.Set<ApiAuthCode>().Add(new ApiAuthCode { CodeHash = [4, 5, 6], ApiClientId = client.Id, UserId = userId, Scopes = ApiScopes.User, CreatedAt = now, ExpiresAt = now.AddMinutes(10) });
        db.Set<ProviderAccess>().Add(new ProviderAccess { UserId = userId, ApiClientId = client.Id, AccessCount = 1, FirstAccessAt = now, LastAccessAt = now });
        await db.SaveChangesAsync();
    }

    private static readonly Type[] TenantOwnedClasses = typeof(PortalDbContext).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ITenantOwned).IsAssignableFrom(t))
        .ToArray();

    public static TheoryData<Type> TenantOwnedTypes() => new(TenantOwnedClasses);

    [Fact]
    public async Task Every_tenant_owned_entity_has_the_tenant_query_filter()
    {
        await using var db = await Harness.DbFactory.CreateDbContextAsync();
        var owned = db.Model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType)).ToList();

        Assert.NotEmpty(owned);
        Assert.All(owned, entityType =>
            Assert.Contains(entityType.GetDeclaredQueryFilters(), f => f.Key == PortalDbContext.TenantFilter));
        // Every ITenantOwned class in the data assembly is mapped (none escapes the model, and so the filter).
        Assert.Equal(TenantOwnedClasses.Length, owned.Count);
    }

    [Theory]
    [MemberData(nameof(TenantOwnedTypes))]
    public async Task A_context_bound_to_one_tenant_sees_no_row_of_another(Type entityType)
    {
        await using (var all = await Harness.DbFactory.CreateCrossTenantAsync())
        {
            Assert.True(await CountAsync(all, entityType, _tenantB) > 0, $"the seed should give tenant B a {entityType.Name}");
        }

        await using var db = await Harness.DbFactory.CreateForTenantAsync(_tenantA);
        Assert.Equal(0, await CountAsync(db, entityType, _tenantB));
        Assert.Equal(await CountAsync(db, entityType, tenantId: null), await CountAsync(db, entityType, _tenantA));
    }

    [Fact]
    public async Task A_context_bound_to_no_tenant_sees_no_tenant_owned_rows()
    {
        await using var db = await Harness.DbFactory.CreateDbContextAsync();

        Assert.Equal(0, await db.Memberships.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task A_pooled_context_comes_back_bound_to_no_tenant()
    {
        // Contexts are pooled: the one a tenant or an operator used is handed out again, and must then see nothing.
        var used = new HashSet<PortalDbContext>(ReferenceEqualityComparer.Instance);
        for (var round = 0; round < 5; round++)
        {
            await using (var bound = await Harness.DbFactory.CreateForTenantAsync(_tenantA))
            {
                Assert.NotEmpty(await bound.Memberships.ToListAsync());
                used.Add(bound);
            }

            await using (var crossing = await Harness.DbFactory.CreateCrossTenantAsync())
            {
                Assert.True(await crossing.Memberships.CountAsync() >= 2);
                used.Add(crossing);
            }

            await using var plain = await Harness.DbFactory.CreateDbContextAsync();
            Assert.Null(plain.TenantId);
            Assert.False(plain.IsCrossTenant);
            Assert.Equal(0, await plain.Memberships.CountAsync());
            Assert.Equal(0, await plain.PrintJobs.CountAsync());
            used.Add(plain);
        }

        // Fifteen contexts handed out, fewer instances behind them: the pool did reuse them.
        Assert.True(used.Count < 15, $"{used.Count} distinct contexts for 15 leases; the factory is not pooling.");
    }

    [Fact]
    public async Task The_filter_is_evaluated_per_context_not_baked_into_the_shared_model()
    {
        await using (var a = await Harness.DbFactory.CreateForTenantAsync(_tenantA))
        {
            Assert.All(await a.Memberships.ToListAsync(), m => Assert.Equal(_tenantA, m.TenantId));
        }

        await using var b = await Harness.DbFactory.CreateForTenantAsync(_tenantB);
        var rows = await b.Memberships.ToListAsync();
        Assert.NotEmpty(rows);
        Assert.All(rows, m => Assert.Equal(_tenantB, m.TenantId));
    }

    [Fact]
    public async Task The_filter_is_a_plain_tenant_equality_and_an_operator_query_first_does_not_unfilter_the_next_tenants()
    {
        // The operator's switch is inlined, not a parameter: SQL "TenantId = @t" lets SQLite use the TenantId indexes,
        // which "@cross OR TenantId = @t" did not. So the two must be separate cached queries.
        await using (var crossing = await Harness.DbFactory.CreateCrossTenantAsync())
        {
            Assert.Equal([_tenantB], await crossing.PrintJobs.Select(j => j.TenantId).Distinct().ToListAsync());
            Assert.DoesNotContain("TenantId", crossing.PrintJobs.ToQueryString().Split("WHERE").ElementAtOrDefault(1) ?? "");
        }

        await using var bound = await Harness.DbFactory.CreateForTenantAsync(_tenantA);
        Assert.Empty(await bound.PrintJobs.Select(j => j.TenantId).Distinct().ToListAsync());
        var where = bound.PrintJobs.ToQueryString().Split("WHERE")[1];
        Assert.Contains("\"TenantId\" = @", where);
        Assert.DoesNotContain(" OR ", where);
    }

    [Fact]
    public async Task Adding_a_row_for_another_tenant_is_refused()
    {
        await using var db = await Harness.DbFactory.CreateForTenantAsync(_tenantA);
        db.AuditEntries.Add(new AuditEntry { TenantId = _tenantB, Action = "forged", At = Harness.Clock.GetUtcNow() });

        await Assert.ThrowsAsync<TenantMismatchException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Moving_a_row_to_another_tenant_is_refused()
    {
        await using var db = await Harness.DbFactory.CreateForTenantAsync(_tenantA);
        var membership = await db.Memberships.FirstAsync();
        membership.TenantId = _tenantB;

        await Assert.ThrowsAsync<TenantMismatchException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Deleting_another_tenants_row_is_refused_even_when_loaded_around_the_filter()
    {
        await using var db = await Harness.DbFactory.CreateForTenantAsync(_tenantA);
        var foreign = await db.Memberships.IgnoreQueryFilters([PortalDbContext.TenantFilter]).FirstAsync(m => m.TenantId == _tenantB);
        db.Memberships.Remove(foreign);

        await Assert.ThrowsAsync<TenantMismatchException>(() => db.SaveChangesAsync());
        await using var check = await Harness.DbFactory.CreateForTenantAsync(_tenantB);
        Assert.True(await check.Memberships.AnyAsync(m => m.Id == foreign.Id));
    }

    [Fact]
    public async Task A_context_bound_to_no_tenant_cannot_write_tenant_owned_rows()
    {
        await using var db = await Harness.DbFactory.CreateDbContextAsync();
        db.AuditEntries.Add(new AuditEntry { TenantId = _tenantA, Action = "forged", At = Harness.Clock.GetUtcNow() });

        await Assert.ThrowsAsync<TenantMismatchException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task The_migrations_match_the_model()
    {
        await using var db = await Harness.DbFactory.CreateDbContextAsync();

        Assert.False(db.Database.HasPendingModelChanges(), "Add a migration: dotnet dotnet-ef migrations add <Name> --project src/Portal.Data --startup-project src/Portal.Data");
    }

    private static async Task<int> CountAsync(PortalDbContext db, Type entityType, Guid? tenantId)
    {
        var method = typeof(TenantIsolationTests).GetMethod(nameof(CountOfAsync), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(entityType);
        return await (Task<int>)method.Invoke(null, [db, tenantId])!;
    }

    private static Task<int> CountOfAsync<T>(PortalDbContext db, Guid? tenantId)
        where T : class, ITenantOwned =>
        tenantId is null ? db.Set<T>().CountAsync() : db.Set<T>().CountAsync(e => e.TenantId == tenantId);
}
