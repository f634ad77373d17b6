namespace Portal.UnitTests.Features.Printers;

/// <summary>Company A can neither see nor touch company B's printer, whatever id it passes.</summary>
public sealed class IsolationTests() : HarnessTests(withSandbox: true)
{
    private Guid _betaTenant;
    private Guid _betaPrinter;
    private string _alphaOwner = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (_alphaOwner, _) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        await Harness.ConnectByConsentAsync(_alphaOwner);
        var (betaOwner, betaTenant) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        _betaTenant = betaTenant;
        (_betaPrinter, _) = await Harness.ConnectByConsentAsync(betaOwner);
        Harness.SignIn(_alphaOwner);
    }

    [Fact]
    public async Task The_list_holds_only_my_company_printers()
    {
        var page = (await Harness.Get<PrinterQueries>().ListAsync(new PrinterListQuery(PageSize: 100))).Value!;

        Assert.Single(page.Items);
        Assert.DoesNotContain(page.Items, p => p.Id == _betaPrinter);
        Assert.Equal(1, (await Harness.Get<PrinterQueries>().GetStatsAsync()).Value!.Total);
    }

    [Fact]
    public async Task Open_rename_refresh_read_and_revoke_by_id_all_fail_as_not_found()
    {
        var before = await Harness.LoadPrinterAsync(_betaTenant, _betaPrinter);
        var journalBefore = Harness.Sandbox!.Journal.Entries.Count;

        ServiceResult[] results =
        [
            await Harness.Get<PrinterQueries>().GetAsync(_betaPrinter),
            await Harness.Get<PrinterMaintenance>().RenameAsync(_betaPrinter, "Mine now"),
            await Harness.Get<PrinterMaintenance>().RefreshNowAsync(_betaPrinter),
            await Harness.Get<PrinterMaintenance>().UpdateDeviceInfoAsync(_betaPrinter),
            await Harness.Get<PrinterRevocation>().RevokeAsync(_betaPrinter),
            await Harness.Get<PrinterAuthorizeFlow>().BeginAuthorizeAsync(_betaPrinter),
        ];

        Assert.All(results, r => Assert.Equal("That printer was not found.", r.Error));
        var after = await Harness.LoadPrinterAsync(_betaTenant, _betaPrinter);
        Assert.Equal(before.Name, after.Name);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(PrinterTokenState.Active, after.TokenState);
        Assert.Equal(journalBefore, Harness.Sandbox.Journal.Entries.Count);
    }

    [Fact]
    public async Task The_operator_overview_is_for_operators_only()
    {
        var result = await Harness.Get<OperatorPrinterService>().GetOverviewAsync();
        Assert.False(result.Succeeded);

        var operatorId = await Harness.AddUserAsync("ops@portal.test", isOperator: true);
        Harness.SignIn(operatorId);
        var overview = (await Harness.Get<OperatorPrinterService>().GetOverviewAsync()).Value!;
        Assert.Equal(2, overview.Totals.Total);
        Assert.Equal(2, overview.Tenants.Count);
    }
}
