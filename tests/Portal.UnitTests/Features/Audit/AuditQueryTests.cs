using Portal.Features.Audit;

namespace Portal.UnitTests.Features.Audit;

/// <summary>The audit log through <see cref="AuditQueryService"/>: isolation, the operators' view, filters, paging and CSV.</summary>
public sealed class AuditQueryTests : HarnessTests
{
    private string _alphaOwner = "";
    private string _betaOwner = "";
    private Guid _alpha;
    private Guid _beta;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (_alphaOwner, _alpha) = await Harness.AddCompanyAsync("owner@alpha.test", "Alpha Noodles");
        (_betaOwner, _beta) = await Harness.AddCompanyAsync("owner@beta.test", "Beta Tea");
    }

    /// <summary>Adds entries to <paramref name="tenantId"/>, one minute apart, as the services would.</summary>
    private async Task AddAsync(Guid tenantId, string actor, params (string Action, string? Target, bool Succeeded)[] entries)
    {
        foreach (var (action, target, succeeded) in entries)
        {
            Harness.Clock.Advance(TimeSpan.FromMinutes(1));
            await using var db = await Harness.DbFactory.CreateForTenantAsync(tenantId);
            Harness.Get<AuditLog>().Record(db, tenantId, new Caller("u", actor, false, tenantId, null, TenantRole.Admin), action, target, null, succeeded);
            await db.SaveChangesAsync();
        }
    }

    private AuditQueryService Service(string userId)
    {
        Harness.SignIn(userId);
        return Harness.Get<AuditQueryService>();
    }

    [Fact]
    public async Task A_company_never_sees_another_companys_entries()
    {
        await AddAsync(_alpha, "Ann", ("printer.connected", "Kitchen", true), ("print.submitted", "Kitchen", true));
        await AddAsync(_beta, "Bob", ("printer.revoked", "Bar", true));

        var beta = (await Service(_betaOwner).ListAsync(new AuditQuery())).Value!;
        var betaAskingForAlpha = (await Service(_betaOwner).ListAsync(new AuditQuery(TenantId: _alpha))).Value!;
        var alpha = (await Service(_alphaOwner).ListAsync(new AuditQuery())).Value!;

        Assert.All(beta.Items, r => Assert.Equal(_beta, r.TenantId));
        Assert.Equal(["printer.revoked", "tenant.created"], beta.Items.Select(r => r.Action));
        Assert.Equal(beta.Items.Select(r => r.Id), betaAskingForAlpha.Items.Select(r => r.Id));
        Assert.Equal(["print.submitted", "printer.connected", "tenant.created"], alpha.Items.Select(r => r.Action));
        Assert.All(alpha.Items, r => Assert.Null(r.CompanyName));
    }

    [Fact]
    public async Task Members_and_people_without_a_company_cannot_read_it_and_only_operators_read_all()
    {
        var member = await Harness.AddUserAsync("member@alpha.test");
        await Harness.AddMemberAsync(_alpha, member, TenantRole.Member);
        var admin = await Harness.AddUserAsync("admin@alpha.test");
        await Harness.AddMemberAsync(_alpha, admin, TenantRole.Admin);
        var loner = await Harness.AddUserAsync("loner@nowhere.test");

        Assert.Equal("Only the company's Owners and Admins can read its audit log.", (await Service(member).ListAsync(new AuditQuery())).Error);
        Assert.Equal("Create or join a company first.", (await Service(loner).ListAsync(new AuditQuery())).Error);
        Assert.True((await Service(admin).ListAsync(new AuditQuery())).Succeeded);
        Assert.Equal("Only platform operators can do this.", (await Service(_alphaOwner).ListAllAsync(new AuditQuery())).Error);
        Assert.NotNull(await Service(member).ExportRefusalAsync(allCompanies: false));
        Assert.NotNull(await Service(_alphaOwner).ExportRefusalAsync(allCompanies: true));
        Assert.Null(await Service(_alphaOwner).ExportRefusalAsync(allCompanies: false));
    }

    [Fact]
    public async Task Operators_see_every_company_with_its_name_and_can_narrow_to_one()
    {
        await AddAsync(_alpha, "Ann", ("printer.connected", "Kitchen", true));
        await AddAsync(_beta, "Bob", ("printer.revoked", "Bar", true));
        var operatorId = await Harness.AddUserAsync("op@portal.test", isOperator: true);

        var all = (await Service(operatorId).ListAllAsync(new AuditQuery())).Value!;
        var onlyBeta = (await Service(operatorId).ListAllAsync(new AuditQuery(TenantId: _beta))).Value!;
        var companies = (await Service(operatorId).FindCompaniesAsync("Tea")).Value!;

        Assert.Equal(4, all.TotalCount);
        Assert.Equal(["Beta Tea", "Alpha Noodles", "Beta Tea", "Alpha Noodles"], all.Items.Select(r => r.CompanyName));
        Assert.Equal(["printer.revoked", "tenant.created"], onlyBeta.Items.Select(r => r.Action));
        Assert.Equal(_beta, Assert.Single(companies).Id);
    }

    [Fact]
    public async Task Filters_narrow_by_area_action_actor_result_and_days()
    {
        await AddAsync(_alpha, "Ann Lee", ("printer.connected", "Kitchen", true), ("print.failed", "Kitchen", false));
        Harness.Clock.Advance(TimeSpan.FromDays(2));
        await AddAsync(_alpha, "Bo Chen", ("print.submitted", "Bar", true), ("member.invited", "x@alpha.test", true),
            ("api-token.created", "CI", true));
        var service = Service(_alphaOwner);
        var today = DateOnly.FromDateTime(Harness.Clock.GetUtcNow().UtcDateTime);

        async Task<string[]> Actions(AuditQuery query) => [.. (await service.ListAsync(query)).Value!.Items.Select(r => r.Action)];

        Assert.Equal(["print.submitted", "print.failed"], await Actions(new AuditQuery(Group: "print")));
        Assert.Equal(["api-token.created"], await Actions(new AuditQuery(Group: "api")));
        Assert.Equal(["print.failed"], await Actions(new AuditQuery(Action: "print.failed")));
        Assert.Equal(["print.failed"], await Actions(new AuditQuery(Succeeded: false)));
        Assert.Equal(["print.failed", "printer.connected"], await Actions(new AuditQuery(Actor: "Ann")));
        Assert.Equal(["api-token.created", "member.invited", "print.submitted"], await Actions(new AuditQuery(From: today, To: today)));
        Assert.Equal(["print.failed", "printer.connected", "tenant.created"], await Actions(new AuditQuery(To: today.AddDays(-1))));
    }

    [Fact]
    public async Task Pages_are_served_newest_first_without_overlap()
    {
        await AddAsync(_alpha, "Ann", [.. Enumerable.Range(0, 59).Select(i => ("print.submitted", (string?)$"job {i}", true))]);
        var service = Service(_alphaOwner);

        var pages = new List<CountedPage<AuditRow>>();
        for (var page = 0; page < 3; page++)
        {
            pages.Add((await service.ListAsync(new AuditQuery(Page: page, PageSize: 25))).Value!);
        }

        Assert.All(pages, p => Assert.Equal(60, p.TotalCount));
        Assert.Equal([25, 25, 10], pages.Select(p => p.Items.Count));
        var ids = pages.SelectMany(p => p.Items.Select(r => r.Id)).ToList();
        Assert.Equal(60, ids.Distinct().Count());
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Equal("job 58", pages[0].Items[0].Target);
    }

    [Fact]
    public async Task The_csv_holds_the_filtered_entries_with_formulas_defused()
    {
        await AddAsync(_alpha, "=cmd|' /C calc'!A0", ("printer.renamed", "=HYPERLINK(\"http://evil\")", true), ("print.failed", "Bar, \"main\"", false));
        await AddAsync(_beta, "Bob", ("printer.revoked", "Beta secret printer", true));
        using var tenantCsv = new StringWriter();
        using var operatorCsv = new StringWriter();

        var written = await Service(_alphaOwner).WriteCsvAsync(new AuditQuery(Group: "printer"), allCompanies: false, tenantCsv);
        var operatorId = await Harness.AddUserAsync("op@portal.test", isOperator: true);
        await Service(operatorId).WriteCsvAsync(new AuditQuery(), allCompanies: true, operatorCsv);

        Assert.True(written.Succeeded);
        var lines = tenantCsv.ToString().TrimEnd().Split(Environment.NewLine);
        Assert.Equal("\"Time\",\"Who\",\"Action\",\"Action code\",\"Target\",\"Detail\",\"Result\"", lines[0]);
        var row = Assert.Single(lines[1..]);
        Assert.Contains("\"'=cmd|' /C calc'!A0\"", row);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", row);
        Assert.Contains("\"Printer renamed\",\"printer.renamed\"", row);
        Assert.DoesNotContain("Beta secret printer", tenantCsv.ToString());
        var all = operatorCsv.ToString();
        Assert.StartsWith("\"Time\",\"Company\",\"Who\"", all);
        Assert.Contains("\"Beta Tea\"", all);
        Assert.Contains("\"Bar, \"\"main\"\"\"", all);
    }
}
