using Portal.Features.Account;

namespace Portal.UnitTests.Features.Account;

/// <summary>What the login and delete-account pages ask about a person's companies.</summary>
public sealed class AccountStandingTests : HarnessTests
{
    [Fact]
    public async Task An_only_owner_cannot_leave_members_without_an_owner_but_may_leave_a_co_owned_or_solo_company()
    {
        var owner = await Harness.AddUserAsync("owner@a.test");
        var partner = await Harness.AddUserAsync("partner@a.test");
        var staff = await Harness.AddUserAsync("staff@a.test");
        var staffed = await Harness.AddTenantAsync(owner, "Staffed Noodles");
        var shared = await Harness.AddTenantAsync(owner, "Shared Tea");
        await Harness.AddTenantAsync(owner, "Solo Bakery");
        await AddMemberAsync(staffed, staff, TenantRole.Member);
        await AddMemberAsync(shared, partner, TenantRole.Owner);

        var orphaned = await Harness.Get<AccountStanding>().CompaniesLeftWithoutOwnerAsync(owner);

        Assert.Equal(["Staffed Noodles"], orphaned);
        Assert.Empty(await Harness.Get<AccountStanding>().CompaniesLeftWithoutOwnerAsync(partner));
    }

    [Fact]
    public async Task Only_a_member_of_disabled_companies_alone_is_kept_out_and_never_an_operator()
    {
        var member = await Harness.AddUserAsync("member@a.test");
        var operatorId = await Harness.AddUserAsync("ops@portal.test", isOperator: true);
        var tenant = await Harness.AddTenantAsync(member, "Closed Shop");
        await AddMemberAsync(tenant, operatorId, TenantRole.Member);
        await using (var db = await Harness.DbFactory.CreateForTenantAsync(tenant))
        {
            await db.Tenants.Where(t => t.Id == tenant).ExecuteUpdateAsync(t => t.SetProperty(x => x.IsDisabled, true));
        }

        var standing = Harness.Get<AccountStanding>();

        Assert.True(await standing.OnlyDisabledCompaniesAsync(" MEMBER@a.test "));
        Assert.False(await standing.OnlyDisabledCompaniesAsync("ops@portal.test"));
        Assert.False(await standing.OnlyDisabledCompaniesAsync("nobody@a.test"));
    }

    private async Task AddMemberAsync(Guid tenant, string userId, TenantRole role)
    {
        await using var db = await Harness.DbFactory.CreateForTenantAsync(tenant);
        db.Memberships.Add(new Membership { UserId = userId, Role = role });
        await db.SaveChangesAsync();
    }
}
