using Microsoft.EntityFrameworkCore.Diagnostics;
using Portal.Features.Companies;

namespace Portal.UnitTests.Features.Companies;

public sealed class OperatorTenantServiceTests : HarnessTests
{
    private string _operator = default!;
    private string _merchant = default!;
    private Guid _alpha;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _operator = await Harness.AddUserAsync("op@portal.test", isOperator: true);
        _merchant = await Harness.AddUserAsync("alice@a.test");
        _alpha = await Harness.AddTenantAsync(_merchant, "Alpha Noodles");
        var bob = await Harness.AddUserAsync("bob@b.test");
        await Harness.AddTenantAsync(bob, "Beta Tea");
    }

    [Fact]
    public async Task A_merchant_is_refused_every_operator_call()
    {
        Harness.SignIn(_merchant);
        var service = Harness.Get<OperatorTenantService>();

        Assert.False((await service.ListAsync(null, 0, 20)).Succeeded);
        Assert.False((await service.GetAsync(_alpha)).Succeeded);
        Assert.False((await service.SetDisabledAsync(_alpha, true)).Succeeded);
        Assert.False((await service.CreateAsync(new TenantProfileInput { CompanyName = "Sneaky" })).Succeeded);
        Assert.False((await service.JoinAsOwnerAsync(_alpha)).Succeeded);
    }

    [Fact]
    public async Task An_operator_lists_searches_and_pages_every_company()
    {
        Harness.SignIn(_operator);
        var service = Harness.Get<OperatorTenantService>();
        for (var i = 0; i < 23; i++)
        {
            Assert.True((await service.CreateAsync(new TenantProfileInput { CompanyName = $"Shop {i:00}", City = i % 2 == 0 ? "上海" : "北京" })).Succeeded);
        }

        var all = (await service.ListAsync(null, 0, 10)).Value!;
        Assert.Equal(25, all.TotalCount);
        Assert.Equal(10, all.Items.Count);
        Assert.Equal(5, (await service.ListAsync(null, 2, 10)).Value!.Items.Count);
        Assert.Equal("Alpha Noodles", (await service.ListAsync("alpha", 0, 10)).Value!.Items.Single().CompanyName);
        Assert.Equal(12, (await service.ListAsync("上海", 0, 50)).Value!.TotalCount);
    }

    [Fact]
    public async Task A_name_taken_between_the_check_and_the_insert_gets_the_clear_refusal()
    {
        var otherOperator = new NameTakenJustBeforeInsert("Gamma Dumplings");
        await using var harness = await ServiceHarness.CreateAsync(interceptors: otherOperator);
        otherOperator.Harness = harness;
        harness.SignIn(await harness.AddUserAsync("op2@portal.test", isOperator: true));

        var result = await harness.Get<OperatorTenantService>().CreateAsync(new TenantProfileInput { CompanyName = "Gamma Dumplings" });

        Assert.True(otherOperator.Struck);
        Assert.False(result.Succeeded);
        Assert.Contains("Gamma Dumplings", result.Error, StringComparison.Ordinal);
        await using var db = await harness.DbFactory.CreateDbContextAsync();
        Assert.Equal(1, await db.Tenants.CountAsync(t => t.CompanyName == "Gamma Dumplings"));
    }

    /// <summary>Plays a second operator: just before the first insert of <c>name</c> is saved, a company of that name appears.</summary>
    private sealed class NameTakenJustBeforeInsert(string name) : SaveChangesInterceptor
    {
        public ServiceHarness? Harness { get; set; }

        public bool Struck { get; private set; }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (!Struck && Harness is not null && eventData.Context!.ChangeTracker.Entries<Tenant>().Any(e => e.State == EntityState.Added && e.Entity.CompanyName == name))
            {
                Struck = true;
                await Harness.AddTenantAsync(await Harness.AddUserAsync("rival@portal.test"), name);
            }

            return result;
        }
    }

    [Fact]
    public async Task Disabling_a_company_is_audited_against_that_company_as_cross_tenant()
    {
        Harness.SignIn(_operator);
        Assert.True((await Harness.Get<OperatorTenantService>().SetDisabledAsync(_alpha, true)).Succeeded);

        await using var db = await Harness.DbFactory.CreateForTenantAsync(_alpha);
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == "tenant.disabled");
        Assert.True(entry.CrossTenant);
        Assert.Equal(_operator, entry.ActorUserId);
    }

    [Fact]
    public async Task An_operator_sees_a_company_members()
    {
        Harness.SignIn(_operator);
        var (tenant, members) = (await Harness.Get<OperatorTenantService>().GetAsync(_alpha)).Value;

        Assert.Equal("Alpha Noodles", tenant.CompanyName);
        Assert.Equal("alice@a.test", Assert.Single(members).Email);
    }
}
