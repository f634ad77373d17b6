using Portal.Features.Companies;

namespace Portal.UnitTests.Features.Companies;

public sealed class TenantServiceTests : HarnessTests
{
    [Fact]
    public async Task Creating_a_company_makes_the_caller_its_owner_and_current_company()
    {
        var alice = await Harness.AddUserAsync("alice@a.test");
        var tenantId = await Harness.AddTenantAsync(alice, "  Alpha Noodles  ");

        var caller = await Harness.Get<CallerAccessor>().GetAsync();
        Assert.Equal(tenantId, caller!.TenantId);
        Assert.Equal(TenantRole.Owner, caller.Role);
        Assert.Equal("Alpha Noodles", caller.TenantName);
        await using var db = await Harness.DbFactory.CreateForTenantAsync(tenantId);
        Assert.Contains(await db.AuditEntries.ToListAsync(), a => a.Action == "tenant.created" && a.ActorUserId == alice);
    }

    [Theory]
    [InlineData("alpha noodles")]
    [InlineData(" ALPHA NOODLES ")]
    public async Task A_company_name_is_unique_ignoring_case_and_spaces(string duplicate)
    {
        var alice = await Harness.AddUserAsync("alice@a.test");
        var bob = await Harness.AddUserAsync("bob@b.test");
        await Harness.AddTenantAsync(alice, "Alpha Noodles");

        Harness.SignIn(bob);
        var result = await Harness.Get<TenantService>().CreateAsync(new TenantProfileInput { CompanyName = duplicate });

        AssertRefused(result, "already exists");
        await using var db = await Harness.DbFactory.CreateDbContextAsync();
        Assert.Equal(1, await db.Tenants.CountAsync());
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("Valid name", "12345")]
    [InlineData("Valid name", "91310000MA1FL0000X!")]
    public async Task Invalid_profiles_are_refused_with_a_message(string name, string? taxNumber)
    {
        var alice = await Harness.AddUserAsync("alice@a.test");
        Harness.SignIn(alice);

        var result = await Harness.Get<TenantService>().CreateAsync(new TenantProfileInput { CompanyName = name, TaxNumber = taxNumber });

        Assert.False(result.Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        await using var db = await Harness.DbFactory.CreateDbContextAsync();
        Assert.Equal(0, await db.Tenants.CountAsync());
    }

    [Fact]
    public async Task Nobody_signed_in_cannot_create_a_company()
    {
        var result = await Harness.Get<TenantService>().CreateAsync(new TenantProfileInput { CompanyName = "Ghost Co" });

        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task A_user_can_switch_only_to_companies_they_belong_to()
    {
        var alice = await Harness.AddUserAsync("alice@a.test");
        var bob = await Harness.AddUserAsync("bob@b.test");
        var alpha = await Harness.AddTenantAsync(alice, "Alpha Noodles");
        var second = await Harness.AddTenantAsync(alice, "Alpha Two");
        var beta = await Harness.AddTenantAsync(bob, "Beta Tea");

        Harness.SignIn(alice);
        var tenants = Harness.Get<TenantService>();
        Assert.False((await tenants.SwitchAsync(beta)).Succeeded);
        Assert.Equal(second, (await Harness.Get<CallerAccessor>().GetAsync())!.TenantId);

        Assert.True((await tenants.SwitchAsync(alpha)).Succeeded);
        Assert.Equal(alpha, (await Harness.Get<CallerAccessor>().GetAsync())!.TenantId);
        var mine = await tenants.GetMyTenantsAsync();
        Assert.Equal(["Alpha Noodles", "Alpha Two"], mine.Select(t => t.CompanyName).Order());
        Assert.Single(mine, t => t.IsCurrent && t.Id == alpha);
    }

    [Fact]
    public async Task A_disabled_company_is_not_current_and_cannot_be_switched_to()
    {
        var op = await Harness.AddUserAsync("op@portal.test", isOperator: true);
        var alice = await Harness.AddUserAsync("alice@a.test");
        var alpha = await Harness.AddTenantAsync(alice, "Alpha Noodles");

        Harness.SignIn(op);
        Assert.True((await Harness.Get<OperatorTenantService>().SetDisabledAsync(alpha, true)).Succeeded);

        Harness.SignIn(alice);
        Assert.Null((await Harness.Get<CallerAccessor>().GetAsync())!.TenantId);
        Assert.False((await Harness.Get<TenantService>().SwitchAsync(alpha)).Succeeded);
        Assert.False((await Harness.Get<TenantService>().GetDashboardAsync()).Succeeded);
    }

    [Fact]
    public async Task Only_owners_and_admins_edit_the_company_profile()
    {
        var alice = await Harness.AddUserAsync("alice@a.test");
        var mallory = await Harness.AddUserAsync("mallory@a.test");
        var alpha = await Harness.AddTenantAsync(alice, "Alpha Noodles");
        await AddMemberAsync(alpha, mallory, TenantRole.Member);

        Harness.SignIn(mallory);
        var refused = await Harness.Get<TenantService>().UpdateCurrentProfileAsync(new TenantProfileInput { CompanyName = "Mallory's" });
        Assert.False(refused.Succeeded);

        Harness.SignIn(alice);
        var profile = (await Harness.Get<TenantService>().GetCurrentProfileAsync()).Value!;
        profile.City = "乌鲁木齐";
        Assert.True((await Harness.Get<TenantService>().UpdateCurrentProfileAsync(profile)).Succeeded);

        await using var db = await Harness.DbFactory.CreateDbContextAsync();
        var tenant = await db.Tenants.SingleAsync(t => t.Id == alpha);
        Assert.Equal("Alpha Noodles", tenant.CompanyName);
        Assert.Equal("乌鲁木齐", tenant.City);
    }

    private async Task AddMemberAsync(Guid tenantId, string userId, TenantRole role)
    {
        await using var db = await Harness.DbFactory.CreateForTenantAsync(tenantId);
        db.Memberships.Add(new Membership { UserId = userId, Role = role, JoinedAt = Harness.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }
}
