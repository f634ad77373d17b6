using Portal.Features.Companies;

namespace Portal.UnitTests.Features.Companies;

public sealed partial class MemberAndInvitationTests : HarnessTests
{
    private const string AcceptUrl = "http://localhost/invitations/accept";
    private string _owner = default!;
    private Guid _tenant;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _owner = await Harness.AddUserAsync("owner@a.test", trueName: "王老板");
        _tenant = await Harness.AddTenantAsync(_owner, "Alpha Noodles");
    }

    [GeneratedRegex(@"token=([0-9a-f]{64})")]
    private static partial Regex TokenInLink();

    [Fact]
    public async Task An_invitation_is_mailed_and_accepted_once_by_the_invited_address()
    {
        var token = await InviteAsync("new@a.test", TenantRole.Admin);
        var newcomer = await Harness.AddUserAsync("NEW@a.test");
        var stranger = await Harness.AddUserAsync("stranger@x.test");

        Harness.SignIn(stranger);
        var wrongPerson = await Harness.Get<InvitationService>().AcceptAsync(token);
        AssertRefused(wrongPerson, "new@a.test");

        Harness.SignIn(newcomer);
        var preview = await Harness.Get<InvitationService>().PreviewAsync(token);
        Assert.Equal("Alpha Noodles", preview.Value!.CompanyName);
        var accepted = await Harness.Get<InvitationService>().AcceptAsync(token);
        Assert.True(accepted.Succeeded, accepted.Error);
        var caller = await Harness.Get<CallerAccessor>().GetAsync();
        Assert.Equal((_tenant, TenantRole.Admin), (caller!.TenantId!.Value, caller.Role!.Value));

        var reused = await Harness.Get<InvitationService>().AcceptAsync(token);
        AssertRefused(reused, "already been used");
    }

    [Fact]
    public async Task An_expired_invitation_cannot_be_accepted()
    {
        var token = await InviteAsync("late@a.test", TenantRole.Member);
        var late = await Harness.AddUserAsync("late@a.test");
        Harness.Clock.Advance(TimeSpan.FromHours(73));

        Harness.SignIn(late);
        var result = await Harness.Get<InvitationService>().AcceptAsync(token);

        AssertRefused(result, "expired");
        await using var db = await Harness.DbFactory.CreateForTenantAsync(_tenant);
        Assert.False(await db.Memberships.AnyAsync(m => m.UserId == late));
    }

    [Fact]
    public async Task A_new_invitation_to_the_same_address_withdraws_the_old_link()
    {
        var first = await InviteAsync("twice@a.test", TenantRole.Member);
        var second = await InviteAsync("twice@a.test", TenantRole.Admin);
        var invitee = await Harness.AddUserAsync("twice@a.test");

        Harness.SignIn(invitee);
        var old = await Harness.Get<InvitationService>().AcceptAsync(first);
        AssertRefused(old, "withdrawn");
        Assert.True((await Harness.Get<InvitationService>().AcceptAsync(second)).Succeeded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task A_bad_link_gets_a_clear_message(string? token)
    {
        var result = await Harness.Get<InvitationService>().PreviewAsync(token);

        AssertRefused(result, "not valid");
    }

    [Fact]
    public async Task Members_cannot_invite_and_admins_cannot_invite_owners()
    {
        var member = await AddMemberAsync("member@a.test", TenantRole.Member);
        var admin = await AddMemberAsync("admin@a.test", TenantRole.Admin);

        Harness.SignIn(member);
        Assert.False((await Harness.Get<InvitationService>().InviteAsync("x@a.test", TenantRole.Member, AcceptUrl)).Succeeded);
        Harness.SignIn(admin);
        Assert.False((await Harness.Get<InvitationService>().InviteAsync("x@a.test", TenantRole.Owner, AcceptUrl)).Succeeded);
        Assert.True((await Harness.Get<InvitationService>().InviteAsync("x@a.test", TenantRole.Admin, AcceptUrl)).Succeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not an email")]
    [InlineData("owner@a.test")]
    public async Task Bad_or_existing_addresses_are_refused(string email)
    {
        Harness.SignIn(_owner);

        var result = await Harness.Get<InvitationService>().InviteAsync(email, TenantRole.Member, AcceptUrl);

        Assert.False(result.Succeeded);
        Assert.Empty(await Harness.Outbox.ListAsync(10));
    }

    [Fact]
    public async Task The_last_owner_can_be_neither_demoted_nor_removed()
    {
        Harness.SignIn(_owner);
        var members = Harness.Get<MemberService>();
        var self = (await members.ListAsync()).Value!.Single();

        Assert.False((await members.ChangeRoleAsync(self.MembershipId, TenantRole.Admin)).Succeeded);
        Assert.False((await members.RemoveAsync(self.MembershipId)).Succeeded);
    }

    [Fact]
    public async Task Admins_manage_members_but_not_owners()
    {
        var admin = await AddMemberAsync("admin@a.test", TenantRole.Admin);
        var member = await AddMemberAsync("member@a.test", TenantRole.Member);

        Harness.SignIn(admin);
        var service = Harness.Get<MemberService>();
        var rows = (await service.ListAsync()).Value!;
        var ownerRow = rows.Single(r => r.UserId == _owner);
        var memberRow = rows.Single(r => r.UserId == member);

        Assert.False((await service.ChangeRoleAsync(ownerRow.MembershipId, TenantRole.Member)).Succeeded);
        Assert.False((await service.RemoveAsync(ownerRow.MembershipId)).Succeeded);
        Assert.False((await service.ChangeRoleAsync(memberRow.MembershipId, TenantRole.Owner)).Succeeded);
        Assert.True((await service.ChangeRoleAsync(memberRow.MembershipId, TenantRole.Admin)).Succeeded);
        Assert.True((await service.RemoveAsync(memberRow.MembershipId)).Succeeded);

        await using var db = await Harness.DbFactory.CreateForTenantAsync(_tenant);
        var actions = await db.AuditEntries.Select(a => a.Action).ToListAsync();
        Assert.Contains("member.role-changed", actions);
        Assert.Contains("member.removed", actions);
    }

    [Fact]
    public async Task Another_company_cannot_touch_this_company_members_by_id()
    {
        var outsider = await Harness.AddUserAsync("boss@b.test");
        await Harness.AddTenantAsync(outsider, "Beta Tea");
        Harness.SignIn(_owner);
        var target = (await Harness.Get<MemberService>().ListAsync()).Value!.Single();

        Harness.SignIn(outsider);
        var service = Harness.Get<MemberService>();
        Assert.False((await service.ChangeRoleAsync(target.MembershipId, TenantRole.Member)).Succeeded);
        Assert.False((await service.RemoveAsync(target.MembershipId)).Succeeded);
        Assert.DoesNotContain((await service.ListAsync()).Value!, r => r.UserId == _owner);
    }

    private async Task<string> InviteAsync(string email, TenantRole role)
    {
        Harness.SignIn(_owner);
        var result = await Harness.Get<InvitationService>().InviteAsync(email, role, AcceptUrl);
        Assert.True(result.Succeeded, result.Error);
        var mail = (await Harness.Outbox.ListAsync(1)).Single();
        Assert.Equal(email, mail.To);
        Assert.Contains("Alpha Noodles", mail.Subject);
        return TokenInLink().Match(mail.HtmlBody).Groups[1].Value;
    }

    /// <summary>Adds a person with <paramref name="email"/> to the company as <paramref name="role"/>; returns their id.</summary>
    private async Task<string> AddMemberAsync(string email, TenantRole role)
    {
        var userId = await Harness.AddUserAsync(email);
        await using var db = await Harness.DbFactory.CreateForTenantAsync(_tenant);
        db.Memberships.Add(new Membership { UserId = userId, Role = role, JoinedAt = Harness.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
        return userId;
    }
}
