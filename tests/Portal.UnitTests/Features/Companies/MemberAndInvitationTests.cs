using Portal.Features.Companies;

namespace Portal.UnitTests.Features.Companies;

public sealed partial class MemberAndInvitationTests : IAsyncLifetime
{
    private const string AcceptUrl = "http://localhost/invitations/accept";
    private ServiceHarness _harness = default!;
    private string _owner = default!;
    private Guid _tenant;

    public async Task InitializeAsync()
    {
        _harness = await ServiceHarness.CreateAsync();
        _owner = await _harness.AddUserAsync("owner@a.test", trueName: "王老板");
        _tenant = await _harness.AddTenantAsync(_owner, "Alpha Noodles");
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [GeneratedRegex(@"token=([0-9a-f]{64})")]
    private static partial Regex TokenInLink();

    [Fact]
    public async Task An_invitation_is_mailed_and_accepted_once_by_the_invited_address()
    {
        var token = await InviteAsync("new@a.test", TenantRole.Admin);
        var newcomer = await _harness.AddUserAsync("NEW@a.test");
        var stranger = await _harness.AddUserAsync("stranger@x.test");

        _harness.SignIn(stranger);
        var wrongPerson = await _harness.Get<InvitationService>().AcceptAsync(token);
        Assert.False(wrongPerson.Succeeded);
        Assert.Contains("new@a.test", wrongPerson.Error);

        _harness.SignIn(newcomer);
        var preview = await _harness.Get<InvitationService>().PreviewAsync(token);
        Assert.Equal("Alpha Noodles", preview.Value!.CompanyName);
        var accepted = await _harness.Get<InvitationService>().AcceptAsync(token);
        Assert.True(accepted.Succeeded, accepted.Error);
        var caller = await _harness.Get<CallerAccessor>().GetAsync();
        Assert.Equal((_tenant, TenantRole.Admin), (caller!.TenantId!.Value, caller.Role!.Value));

        var reused = await _harness.Get<InvitationService>().AcceptAsync(token);
        Assert.False(reused.Succeeded);
        Assert.Contains("already been used", reused.Error);
    }

    [Fact]
    public async Task An_expired_invitation_cannot_be_accepted()
    {
        var token = await InviteAsync("late@a.test", TenantRole.Member);
        var late = await _harness.AddUserAsync("late@a.test");
        _harness.Clock.Advance(TimeSpan.FromHours(73));

        _harness.SignIn(late);
        var result = await _harness.Get<InvitationService>().AcceptAsync(token);

        Assert.False(result.Succeeded);
        Assert.Contains("expired", result.Error);
        await using var db = await _harness.DbFactory.CreateForTenantAsync(_tenant);
        Assert.False(await db.Memberships.AnyAsync(m => m.UserId == late));
    }

    [Fact]
    public async Task A_new_invitation_to_the_same_address_withdraws_the_old_link()
    {
        var first = await InviteAsync("twice@a.test", TenantRole.Member);
        var second = await InviteAsync("twice@a.test", TenantRole.Admin);
        var invitee = await _harness.AddUserAsync("twice@a.test");

        _harness.SignIn(invitee);
        var old = await _harness.Get<InvitationService>().AcceptAsync(first);
        Assert.False(old.Succeeded);
        Assert.Contains("withdrawn", old.Error);
        Assert.True((await _harness.Get<InvitationService>().AcceptAsync(second)).Succeeded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task A_bad_link_gets_a_clear_message(string? token)
    {
        var result = await _harness.Get<InvitationService>().PreviewAsync(token);

        Assert.False(result.Succeeded);
        Assert.Contains("not valid", result.Error);
    }

    [Fact]
    public async Task Members_cannot_invite_and_admins_cannot_invite_owners()
    {
        var member = await _harness.AddUserAsync("member@a.test");
        var admin = await _harness.AddUserAsync("admin@a.test");
        await AddMemberAsync(member, TenantRole.Member);
        await AddMemberAsync(admin, TenantRole.Admin);

        _harness.SignIn(member);
        Assert.False((await _harness.Get<InvitationService>().InviteAsync("x@a.test", TenantRole.Member, AcceptUrl)).Succeeded);
        _harness.SignIn(admin);
        Assert.False((await _harness.Get<InvitationService>().InviteAsync("x@a.test", TenantRole.Owner, AcceptUrl)).Succeeded);
        Assert.True((await _harness.Get<InvitationService>().InviteAsync("x@a.test", TenantRole.Admin, AcceptUrl)).Succeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not an email")]
    [InlineData("owner@a.test")]
    public async Task Bad_or_existing_addresses_are_refused(string email)
    {
        _harness.SignIn(_owner);

        var result = await _harness.Get<InvitationService>().InviteAsync(email, TenantRole.Member, AcceptUrl);

        Assert.False(result.Succeeded);
        Assert.Empty(await _harness.Outbox.ListAsync(10));
    }

    [Fact]
    public async Task The_last_owner_can_be_neither_demoted_nor_removed()
    {
        _harness.SignIn(_owner);
        var members = _harness.Get<MemberService>();
        var self = (await members.ListAsync()).Value!.Single();

        Assert.False((await members.ChangeRoleAsync(self.MembershipId, TenantRole.Admin)).Succeeded);
        Assert.False((await members.RemoveAsync(self.MembershipId)).Succeeded);
    }

    [Fact]
    public async Task Admins_manage_members_but_not_owners()
    {
        var admin = await _harness.AddUserAsync("admin@a.test");
        var member = await _harness.AddUserAsync("member@a.test");
        await AddMemberAsync(admin, TenantRole.Admin);
        await AddMemberAsync(member, TenantRole.Member);

        _harness.SignIn(admin);
        var service = _harness.Get<MemberService>();
        var rows = (await service.ListAsync()).Value!;
        var ownerRow = rows.Single(r => r.UserId == _owner);
        var memberRow = rows.Single(r => r.UserId == member);

        Assert.False((await service.ChangeRoleAsync(ownerRow.MembershipId, TenantRole.Member)).Succeeded);
        Assert.False((await service.RemoveAsync(ownerRow.MembershipId)).Succeeded);
        Assert.False((await service.ChangeRoleAsync(memberRow.MembershipId, TenantRole.Owner)).Succeeded);
        Assert.True((await service.ChangeRoleAsync(memberRow.MembershipId, TenantRole.Admin)).Succeeded);
        Assert.True((await service.RemoveAsync(memberRow.MembershipId)).Succeeded);

        await using var db = await _harness.DbFactory.CreateForTenantAsync(_tenant);
        var actions = await db.AuditEntries.Select(a => a.Action).ToListAsync();
        Assert.Contains("member.role-changed", actions);
        Assert.Contains("member.removed", actions);
    }

    [Fact]
    public async Task Another_company_cannot_touch_this_company_members_by_id()
    {
        var outsider = await _harness.AddUserAsync("boss@b.test");
        await _harness.AddTenantAsync(outsider, "Beta Tea");
        _harness.SignIn(_owner);
        var target = (await _harness.Get<MemberService>().ListAsync()).Value!.Single();

        _harness.SignIn(outsider);
        var service = _harness.Get<MemberService>();
        Assert.False((await service.ChangeRoleAsync(target.MembershipId, TenantRole.Member)).Succeeded);
        Assert.False((await service.RemoveAsync(target.MembershipId)).Succeeded);
        Assert.DoesNotContain((await service.ListAsync()).Value!, r => r.UserId == _owner);
    }

    private async Task<string> InviteAsync(string email, TenantRole role)
    {
        _harness.SignIn(_owner);
        var result = await _harness.Get<InvitationService>().InviteAsync(email, role, AcceptUrl);
        Assert.True(result.Succeeded, result.Error);
        var mail = (await _harness.Outbox.ListAsync(1)).Single();
        Assert.Equal(email, mail.To);
        Assert.Contains("Alpha Noodles", mail.Subject);
        return TokenInLink().Match(mail.HtmlBody).Groups[1].Value;
    }

    private async Task AddMemberAsync(string userId, TenantRole role)
    {
        await using var db = await _harness.DbFactory.CreateForTenantAsync(_tenant);
        db.Memberships.Add(new Membership { UserId = userId, Role = role, JoinedAt = _harness.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }
}
