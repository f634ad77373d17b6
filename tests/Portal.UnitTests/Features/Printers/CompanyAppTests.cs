namespace Portal.UnitTests.Features.Printers;

/// <summary>A company's own 易联云 app: only its Owners manage it, only that company connects through it.</summary>
public sealed class CompanyAppTests() : HarnessTests(withSandbox: true)
{
    private static readonly SandboxAppOptions AlphaApp = new()
    {
        Name = "Alpha's app", ClientId = "7100000001", ClientSecret = "alpha-app-secret-0123456789", Type = SandboxAppType.Open, RedirectUri = SandboxHost.RedirectUri,
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Harness.Sandbox!.Admin.SaveApp(AlphaApp);
    }

    private static PrinterAppInput Input(SandboxAppOptions app) => new()
    {
        Name = app.Name, ClientId = app.ClientId, ClientSecret = app.ClientSecret, Kind = PrinterAppKind.Open, RedirectUri = app.RedirectUri,
    };

    [Fact]
    public async Task An_owner_brings_an_app_tests_it_and_connects_a_printer_through_it()
    {
        var (owner, tenant) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var registry = Harness.Get<PrinterAppRegistry>();

        var created = await registry.CreateCompanyAppAsync(Input(AlphaApp));
        var test = await registry.TestConnectionAsync(created.Value);
        var choices = await Harness.Get<PrinterAppResolver>().ChoicesAsync(PrinterAppKind.Open);
        var printer = Harness.Sandbox!.CreatePrinter();
        var connected = await Harness.Get<PrinterKeyConnection>().ConnectByScanCodeAsync(new ScanCodeInput
        {
            MachineCode = printer.MachineCode, Key = printer.Msign, KeyIsMsign = true, AppId = created.Value,
        });

        Assert.True(created.Succeeded, created.Error);
        Assert.True(test.Succeeded, test.Error);
        Assert.StartsWith("Connected", test.Value);
        Assert.Equal([false, true], choices.Select(c => c.IsCompanyApp));
        Assert.True(connected.Succeeded, connected.Error);
        Assert.Equal(created.Value, (await Harness.LoadPrinterAsync(tenant, connected.Value)).AppId);
        Assert.Contains(Harness.Sandbox.Journal.Entries, e => e.ClientId == AlphaApp.ClientId);
        await using var db = await Harness.DbFactory.CreateDbContextAsync();
        var stored = await db.PrinterApps.AsNoTracking().SingleAsync(a => a.Id == created.Value);
        Assert.Equal(tenant, stored.TenantId);
        Assert.DoesNotContain(AlphaApp.ClientSecret, stored.ProtectedSecret);
    }

    [Fact]
    public async Task The_authorize_flow_goes_to_the_chosen_company_app()
    {
        await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var appId = (await Harness.Get<PrinterAppRegistry>().CreateCompanyAppAsync(Input(AlphaApp))).Value;

        var begun = await Harness.Get<PrinterAuthorizeFlow>().BeginAuthorizeAsync(appId: appId);

        Assert.True(begun.Succeeded, begun.Error);
        Assert.Contains("client_id=" + AlphaApp.ClientId, begun.Value);
    }

    [Fact]
    public async Task Another_company_cannot_see_test_remove_or_connect_through_the_app()
    {
        await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var appId = (await Harness.Get<PrinterAppRegistry>().CreateCompanyAppAsync(Input(AlphaApp))).Value;
        var (beta, _) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        Harness.SignIn(beta);
        var registry = Harness.Get<PrinterAppRegistry>();
        var printer = Harness.Sandbox!.CreatePrinter();

        Assert.Empty((await registry.ListCompanyAppsAsync()).Value!);
        Assert.Equal([false], (await Harness.Get<PrinterAppResolver>().ChoicesAsync(PrinterAppKind.Open)).Select(c => c.IsCompanyApp));
        Assert.Equal("That app was not found.", (await registry.TestConnectionAsync(appId)).Error);
        Assert.Equal("That app was not found.", (await registry.DeleteCompanyAppAsync(appId)).Error);
        Assert.Equal("That app was not found.", (await Harness.Get<PrinterAuthorizeFlow>().BeginAuthorizeAsync(appId: appId)).Error);
        var scan = await Harness.Get<PrinterKeyConnection>().ConnectByScanCodeAsync(new ScanCodeInput { MachineCode = printer.MachineCode, Key = printer.Msign, KeyIsMsign = true, AppId = appId });
        Assert.Equal("That app was not found.", scan.Error);
        Assert.DoesNotContain(Harness.Sandbox.Journal.Entries, e => e.ClientId == AlphaApp.ClientId);
    }

    [Fact]
    public async Task A_company_app_is_never_the_platform_default_nor_on_the_operators_page()
    {
        await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var registry = Harness.Get<PrinterAppRegistry>();
        var appId = (await registry.CreateCompanyAppAsync(Input(AlphaApp))).Value;
        var duplicate = await registry.CreateCompanyAppAsync(Input(AlphaApp));
        var operatorId = await Harness.AddUserAsync("ops@portal.test", isOperator: true);
        Harness.SignIn(operatorId);
        var operatorRegistry = Harness.Get<PrinterAppRegistry>();

        Assert.Equal(SandboxHost.OpenApp.ClientId, (await Harness.Get<PrinterAppResolver>().DefaultAppAsync(PrinterAppKind.Open))!.ClientId);
        Assert.DoesNotContain((await operatorRegistry.ListAsync()).Value!, a => a.Id == appId);
        Assert.False(duplicate.Succeeded);
    }

    [Fact]
    public async Task Only_owners_manage_company_apps()
    {
        var (_, tenant) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var appId = (await Harness.Get<PrinterAppRegistry>().CreateCompanyAppAsync(Input(AlphaApp))).Value;
        var admin = await Harness.AddUserAsync("admin@a.test");
        await Harness.AddMemberAsync(tenant, admin, TenantRole.Admin);
        Harness.SignIn(admin);
        var registry = Harness.Get<PrinterAppRegistry>();

        Assert.Contains("Owners", (await registry.ListCompanyAppsAsync()).Error);
        Assert.Contains("Owners", (await registry.CreateCompanyAppAsync(Input(AlphaApp))).Error);
        Assert.Contains("Owners", (await registry.DeleteCompanyAppAsync(appId)).Error);
        Assert.Equal("That app was not found.", (await registry.TestConnectionAsync(appId)).Error);
        // An Admin still connects printers through it.
        Assert.Contains((await Harness.Get<PrinterAppResolver>().ChoicesAsync(PrinterAppKind.Open)), c => c.Id == appId);
    }

    [Fact]
    public async Task An_unused_app_can_be_removed_but_one_with_printers_stays()
    {
        await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var registry = Harness.Get<PrinterAppRegistry>();
        var unused = (await registry.CreateCompanyAppAsync(Input(AlphaApp))).Value;
        Assert.True((await registry.DeleteCompanyAppAsync(unused)).Succeeded);
        var used = (await registry.CreateCompanyAppAsync(Input(AlphaApp))).Value;
        var printer = Harness.Sandbox!.CreatePrinter();
        Assert.True((await Harness.Get<PrinterKeyConnection>().ConnectByScanCodeAsync(new ScanCodeInput { MachineCode = printer.MachineCode, Key = printer.Msign, KeyIsMsign = true, AppId = used })).Succeeded);

        var refused = await registry.DeleteCompanyAppAsync(used);

        Assert.Contains("history", refused.Error);
        Assert.Single((await registry.ListCompanyAppsAsync()).Value!);
    }
}
