using Portal.Features.Printers;

namespace Portal.UnitTests.Features.Printers;

/// <summary>Company A can neither see nor touch company B's printer, whatever id it passes.</summary>
public sealed class IsolationTests : IAsyncLifetime
{
    private ServiceHarness _harness = default!;
    private Guid _betaTenant;
    private Guid _betaPrinter;
    private string _alphaOwner = "";

    public async Task InitializeAsync()
    {
        _harness = await ServiceHarness.CreateAsync(withSandbox: true);
        (_alphaOwner, _) = await _harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        await _harness.ConnectByConsentAsync(_alphaOwner);
        var (betaOwner, betaTenant) = await _harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        _betaTenant = betaTenant;
        (_betaPrinter, _) = await _harness.ConnectByConsentAsync(betaOwner);
        _harness.SignIn(_alphaOwner);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task The_list_holds_only_my_company_printers()
    {
        var page = (await _harness.Get<PrinterService>().ListAsync(new PrinterListQuery(PageSize: 100))).Value!;

        Assert.Single(page.Items);
        Assert.DoesNotContain(page.Items, p => p.Id == _betaPrinter);
        Assert.Equal(1, (await _harness.Get<PrinterService>().GetStatsAsync()).Value!.Total);
    }

    [Fact]
    public async Task Open_rename_refresh_read_and_revoke_by_id_all_fail_as_not_found()
    {
        var printers = _harness.Get<PrinterService>();
        var before = await _harness.LoadPrinterAsync(_betaTenant, _betaPrinter);
        var journalBefore = _harness.Sandbox!.Journal.Entries.Count;

        ServiceResult[] results =
        [
            await printers.GetAsync(_betaPrinter),
            await printers.RenameAsync(_betaPrinter, "Mine now"),
            await printers.RefreshNowAsync(_betaPrinter),
            await printers.UpdateDeviceInfoAsync(_betaPrinter),
            await _harness.Get<PrinterRevocation>().RevokeAsync(_betaPrinter),
            await printers.BeginAuthorizeAsync(_betaPrinter),
        ];

        Assert.All(results, r => Assert.Equal("That printer was not found.", r.Error));
        var after = await _harness.LoadPrinterAsync(_betaTenant, _betaPrinter);
        Assert.Equal(before.Name, after.Name);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(PrinterTokenState.Active, after.TokenState);
        Assert.Equal(journalBefore, _harness.Sandbox.Journal.Entries.Count);
    }

    [Fact]
    public async Task The_operator_overview_is_for_operators_only()
    {
        var result = await _harness.Get<OperatorPrinterService>().GetOverviewAsync();
        Assert.False(result.Succeeded);

        var operatorId = await _harness.AddUserAsync("ops@portal.test", isOperator: true);
        _harness.SignIn(operatorId);
        var overview = (await _harness.Get<OperatorPrinterService>().GetOverviewAsync()).Value!;
        Assert.Equal(2, overview.Totals.Total);
        Assert.Equal(2, overview.Tenants.Count);
    }
}
