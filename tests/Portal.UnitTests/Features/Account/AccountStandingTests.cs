using Portal.Features.Account;

namespace Portal.UnitTests.Features.Account;

/// <summary>What the login and delete-account pages ask about a person's companies.</summary>
public sealed class AccountStandingTests : IAsyncLifetime
{
    private ServiceHarness _harness = default!;

    public async Task InitializeAsync() => _harness = await ServiceHarness.CreateAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task An_only_owner_cannot_leave_members_without_an_owner_but_may_leave_a_co_owned_or_solo_company()
    {
        var owner = await _harness.AddUserAsync("owner@a.test");
        var partner = await _harness.AddUserAsync("partner@a.test");
        var staff = await _harness.AddUserAsync("staff@a.test");
        var staffed = await _harness.AddTenantAsync(owner, "Staffed Noodles");
        var shared = await _harness.AddTenantAsync(owner, "Shared Tea");
        await _harness.AddTenantAsync(owner, "Solo Bakery");
        await AddMemberAsync(staffed, staff, TenantRole.Member);
        await AddMemberAsync(shared, partner, TenantRole.Owner);

        var orphaned = await _harness.Get<AccountStanding>().CompaniesLeftWithoutOwnerAsync(owner);

        Assert.Equal(["Staffed Noodles"], orphaned);
        Assert.Empty(await _harness.Get<AccountStanding>().CompaniesLeftWithoutOwnerAsync(partner));
    }

    [Fact]
    public async Task Only_a_member_of_disabled_companies_alone_is_kept_out_and_never_an_operator()
    {
        var member = await _harness.AddUserAsync("member@a.test");
        var operatorId = await _harness.AddUserAsync("ops@portal.test", isOperator: true);
        var tenant = await _harness.AddTenantAsync(member, "Closed Shop");
        await AddMemberAsync(tenant, operatorId, TenantRole.Member);
        await using (var db = await _harness.DbFactory.CreateForTenantAsync(tenant))
        {
            await db.Tenants.Where(t => t.Id == tenant).ExecuteUpdateAsync(t => t.SetProperty(x => x.IsDisabled, true));
        }

        var standing = _harness.Get<AccountStanding>();

        Assert.True(await standing.OnlyDisabledCompaniesAsync(" MEMBER@a.test "));
        Assert.False(await standing.OnlyDisabledCompaniesAsync("ops@portal.test"));
        Assert.False(await standing.OnlyDisabledCompaniesAsync("nobody@a.test"));
    }

    private async Task AddMemberAsync(Guid tenant, string userId, TenantRole role)
    {
        await using var db = await _harness.DbFactory.CreateForTenantAsync(tenant);
        db.Memberships.Add(new Membership { UserId = userId, Role = role });
        await db.SaveChangesAsync();
    }
}
