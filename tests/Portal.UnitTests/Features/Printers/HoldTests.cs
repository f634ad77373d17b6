using Portal.Features.Printers;

namespace Portal.UnitTests.Features.Printers;

/// <summary>
/// One physical printer belongs to one company at a time: every way of connecting, against every way the holder
/// connected it, is refused with the consent path's message, recorded for both companies and emailed to the holder;
/// the holder's printer keeps working and nothing of the attempt is left on the platform.
/// </summary>
public sealed class HoldTests : IAsyncLifetime
{
    public enum Way
    {
        Consent,
        ScanCodeLabelKey,
        ScanCodeQrKey,
        TerminalKey,
        CompanyOpenApp,
    }

    private static readonly SandboxAppOptions AlphaApp = new()
    {
        Name = "Alpha's app", ClientId = "7100000001", ClientSecret = "alpha-app-secret-0123456789", Type = SandboxAppType.Open, RedirectUri = SandboxHost.RedirectUri,
    };

    private static readonly SandboxAppOptions BetaApp = new()
    {
        Name = "Beta's app", ClientId = "7100000002", ClientSecret = "beta-app-secret-01234567890", Type = SandboxAppType.Open, RedirectUri = SandboxHost.RedirectUri,
    };

    private readonly Queue<SandboxAppOptions> _companyApps = new([AlphaApp, BetaApp]);

    private ServiceHarness _harness = default!;

    private SandboxHost Sandbox => _harness.Sandbox!;

    public async Task InitializeAsync()
    {
        _harness = await ServiceHarness.CreateAsync(withSandbox: true);
        Sandbox.Admin.SaveApp(AlphaApp);
        Sandbox.Admin.SaveApp(BetaApp);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    public static TheoryData<Way, Way> EveryPathAgainstEveryHolder()
    {
        var data = new TheoryData<Way, Way>();
        foreach (var holder in new[] { Way.Consent, Way.ScanCodeLabelKey, Way.TerminalKey, Way.CompanyOpenApp })
        {
            foreach (var intruder in new[] { Way.Consent, Way.ScanCodeLabelKey, Way.ScanCodeQrKey, Way.TerminalKey, Way.CompanyOpenApp })
            {
                data.Add(holder, intruder);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPathAgainstEveryHolder))]
    public async Task Another_company_cannot_connect_a_held_printer_whatever_the_app(Way holderWay, Way intruderWay)
    {
        var (alpha, alphaTenant) = await _harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var (beta, betaTenant) = await _harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        var printer = Sandbox.CreatePrinter();
        var held = await ConnectAsync(alpha, holderWay, printer);
        Assert.True(held.Succeeded, held.Error);

        var attempt = await ConnectAsync(beta, intruderWay, printer);

        Assert.False(attempt.Succeeded);
        Assert.Equal($"Printer {printer.MachineCode} is connected to another company. Ask them to revoke it first.", attempt.Error);
        _harness.SignIn(beta);
        Assert.Empty((await _harness.Get<PrinterService>().ListAsync(new PrinterListQuery())).Value!.Items);
        await using (var db = await _harness.DbFactory.CreateCrossTenantAsync())
        {
            Assert.Single(await db.Printers.Where(p => p.MachineCode == printer.MachineCode).ToListAsync());
            var refused = await db.AuditEntries.SingleAsync(e => e.TenantId == betaTenant && e.Action == "printer.connect-refused");
            Assert.False(refused.Succeeded);
            Assert.Equal("Beta Tea owner", refused.ActorName);
            var attempted = await db.AuditEntries.SingleAsync(e => e.TenantId == alphaTenant && e.Action == "printer.connect-attempted");
            Assert.Null(attempted.ActorName);
            Assert.DoesNotContain("Beta", attempted.Detail);
        }

        var seen = (await _harness.EventsAsync(alphaTenant, held.Value)).Single(e => e.Kind == PrinterTokenEventKind.ConnectAttempted);
        Assert.Null(seen.ActorName);
        var mail = await _harness.Outbox.ListAsync(20);
        var warning = Assert.Single(mail, m => m.Subject.Contains("Someone tried to connect your printer"));
        Assert.Equal("owner@a.test", warning.To);
        Assert.Contains("有人尝试连接", warning.Subject);
        Assert.DoesNotContain("Beta", warning.HtmlBody);
        // The holder's printer page, at the portal's configured address.
        Assert.Contains($"http://localhost/printers/{held.Value}", warning.HtmlBody);

        // Past the platform's 2-hour grace for any pair the attempt replaced: the holder's printer still answers.
        _harness.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(PrinterTokenState.Active, (await _harness.LoadPrinterAsync(alphaTenant, held.Value)).TokenState);
        Assert.NotNull(await _harness.Get<PrinterTokenKeeper>().CallAsync(alphaTenant, held.Value, (client, token) => client.GetPrintStatusAsync(token, printer.MachineCode)));
        // Nothing of the attempt stays on the platform: only the holder's app is bound to or authorized for the printer.
        var onPlatform = Sandbox.Admin.FindPrinter(printer.MachineCode)!;
        var holderClient = holderWay switch
        {
            Way.TerminalKey => SandboxHost.OwnApp.ClientId,
            Way.CompanyOpenApp => AlphaApp.ClientId,
            _ => SandboxHost.OpenApp.ClientId,
        };
        Assert.Equal([holderClient], onPlatform.AuthorizedClientIds.Append(onPlatform.OwnAppClientId).OfType<string>().Distinct());
    }

    [Fact]
    public async Task The_holder_is_emailed_once_an_hour_but_sees_every_attempt()
    {
        var (alpha, alphaTenant) = await _harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        await _harness.AddMemberAsync(alphaTenant, await _harness.AddUserAsync("admin@a.test"), TenantRole.Admin);
        await _harness.AddMemberAsync(alphaTenant, await _harness.AddUserAsync("member@a.test"), TenantRole.Member);
        var (beta, _) = await _harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        var printer = Sandbox.CreatePrinter();
        var held = await ConnectAsync(alpha, Way.TerminalKey, printer);

        await ConnectAsync(beta, Way.TerminalKey, printer);
        await ConnectAsync(beta, Way.ScanCodeLabelKey, printer);
        _harness.Clock.Advance(PrinterHolds.EmailAgainAfter + TimeSpan.FromMinutes(1));
        await ConnectAsync(beta, Way.Consent, printer);

        var warnings = (await _harness.Outbox.ListAsync(50)).Where(m => m.Subject.Contains("Someone tried to connect")).ToList();
        Assert.Equal(["admin@a.test", "admin@a.test", "owner@a.test", "owner@a.test"], warnings.Select(m => m.To).Order());
        Assert.Equal(3, (await _harness.EventsAsync(alphaTenant, held.Value)).Count(e => e.Kind == PrinterTokenEventKind.ConnectAttempted));
    }

    [Fact]
    public async Task A_company_holding_a_printer_through_one_app_cannot_add_it_through_another()
    {
        var (alpha, alphaTenant) = await _harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var printer = Sandbox.CreatePrinter();
        var held = await ConnectAsync(alpha, Way.TerminalKey, printer);

        var byConsent = await ConnectAsync(alpha, Way.Consent, printer);
        var byScanCode = await ConnectAsync(alpha, Way.ScanCodeLabelKey, printer);

        Assert.Contains("already connected to your company", byConsent.Error);
        Assert.Contains("already connected to your company", byScanCode.Error);
        Assert.Empty(Sandbox.Admin.FindPrinter(printer.MachineCode)!.AuthorizedClientIds);
        Assert.DoesNotContain(await _harness.EventsAsync(alphaTenant, held.Value), e => e.Kind == PrinterTokenEventKind.ConnectAttempted);
    }

    [Fact]
    public async Task The_database_refuses_a_second_live_holder_whatever_the_app_and_a_revoked_row_holds_nothing()
    {
        var (alpha, alphaTenant) = await _harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var (_, betaTenant) = await _harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        var (printerId, machineCode) = await _harness.ConnectByConsentAsync(alpha);
        Guid ownApp;
        await using (var db = await _harness.DbFactory.CreateCrossTenantAsync())
        {
            ownApp = await db.PrinterApps.Where(a => a.ClientId == SandboxHost.OwnApp.ClientId).Select(a => a.Id).SingleAsync();
        }

        var second = await TryInsertAsync(betaTenant, ownApp, machineCode, PrinterTokenState.Active);
        var revoked = await TryInsertAsync(betaTenant, ownApp, machineCode, PrinterTokenState.Revoked);
        _harness.SignIn(alpha);
        await _harness.Get<PrinterRevocation>().RevokeAsync(printerId);
        var afterRevocation = await TryInsertAsync(betaTenant, ownApp, machineCode, PrinterTokenState.Active);

        Assert.False(second);
        Assert.True(revoked);
        Assert.True(afterRevocation);
    }

    [Fact]
    public async Task An_operator_moves_a_printer_and_the_new_company_connects_it_again_itself()
    {
        var (alpha, alphaTenant) = await _harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var (beta, betaTenant) = await _harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        var (printerId, machineCode) = await _harness.ConnectByConsentAsync(alpha);
        var oldToken = (await _harness.LoadPrinterAsync(alphaTenant, printerId)).ProtectedAccessToken;

        _harness.SignIn(beta);
        var notOperator = await _harness.Get<OperatorPrinterHolds>().MoveAsync(machineCode, betaTenant);
        _harness.SignIn(await _harness.AddUserAsync("ops@portal.test", isOperator: true));
        var moved = await _harness.Get<OperatorPrinterHolds>().MoveAsync(" " + machineCode + " ", betaTenant);

        Assert.False(notOperator.Succeeded);
        Assert.True(moved.Succeeded, moved.Error);
        Assert.Null(moved.Value!.Warning);
        Assert.Equal(PrinterTokenState.Revoked, (await _harness.LoadPrinterAsync(alphaTenant, printerId)).TokenState);
        Assert.Empty(Sandbox.Admin.FindPrinter(machineCode)!.AuthorizedClientIds);
        var waiting = await _harness.LoadPrinterAsync(betaTenant, moved.Value.PrinterId);
        Assert.Equal(PrinterTokenState.NeedsReauthorization, waiting.TokenState);
        Assert.Null(waiting.ProtectedAccessToken);
        Assert.NotEqual(oldToken, waiting.ProtectedAccessToken);
        await using (var db = await _harness.DbFactory.CreateCrossTenantAsync())
        {
            Assert.True(await db.AuditEntries.AnyAsync(e => e.TenantId == alphaTenant && e.Action == "printer.moved" && e.CrossTenant));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.TenantId == alphaTenant && e.Action == "printer.revoked" && e.CrossTenant));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.TenantId == betaTenant && e.Action == "printer.moved" && e.CrossTenant));
        }

        // Beta re-authorizes the moved printer with its own consent; Alpha cannot take it back.
        _harness.SignIn(beta);
        var printers = _harness.Get<PrinterService>();
        var callback = await Sandbox.ConsentAsync((await printers.BeginAuthorizeAsync(moved.Value.PrinterId)).Value!, machineCode);
        var reconnected = await printers.CompleteAuthorizeAsync(callback["code"], callback["state"], null);
        _harness.SignIn(alpha);
        var alphaAgain = await _harness.Get<PrinterService>().BeginAuthorizeAsync();
        var alphaCallback = await Sandbox.ConsentAsync(alphaAgain.Value!, machineCode);
        var takeBack = await _harness.Get<PrinterService>().CompleteAuthorizeAsync(alphaCallback["code"], alphaCallback["state"], null);

        Assert.Equal(moved.Value.PrinterId, reconnected.Value);
        Assert.Equal(PrinterTokenState.Active, (await _harness.LoadPrinterAsync(betaTenant, moved.Value.PrinterId)).TokenState);
        Assert.Contains("another company", takeBack.Error);
    }

    [Fact]
    public async Task A_moved_own_app_printer_is_added_again_with_the_terminal_key_on_its_row()
    {
        var (alpha, _) = await _harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var (beta, betaTenant) = await _harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        var printer = Sandbox.CreatePrinter();
        await ConnectAsync(alpha, Way.TerminalKey, printer);
        _harness.SignIn(await _harness.AddUserAsync("ops@portal.test", isOperator: true));
        var moved = await _harness.Get<OperatorPrinterHolds>().MoveAsync(printer.MachineCode, betaTenant);
        Assert.Null(Sandbox.Admin.FindPrinter(printer.MachineCode)!.OwnAppClientId);
        _harness.SignIn(beta);
        var reauthorize = await _harness.Get<PrinterService>().BeginAuthorizeAsync(moved.Value!.PrinterId);
        Assert.Equal($"Printer {printer.MachineCode} is connected with its terminal number and key: to reconnect it, enter them again under Connect a printer, Terminal number and key.", reauthorize.Error);

        var added = await ConnectAsync(beta, Way.TerminalKey, printer);

        Assert.True(added.Succeeded, added.Error);
        Assert.Equal(moved.Value!.PrinterId, added.Value);
        Assert.Equal(PrinterTokenState.Active, (await _harness.LoadPrinterAsync(betaTenant, added.Value)).TokenState);
    }

    /// <summary>Connects <paramref name="printer"/> for <paramref name="userId"/>'s company the way given.</summary>
    private async Task<ServiceResult<Guid>> ConnectAsync(string userId, Way way, (string MachineCode, string Msign) printer)
    {
        _harness.SignIn(userId);
        var printers = _harness.Get<PrinterService>();
        switch (way)
        {
            case Way.Consent:
                var begun = await printers.BeginAuthorizeAsync();
                var callback = await Sandbox.ConsentAsync(begun.Value!, printer.MachineCode);
                return await printers.CompleteAuthorizeAsync(callback["code"], callback["state"], callback["error"]);
            case Way.ScanCodeLabelKey:
                return await printers.ConnectByScanCodeAsync(new ScanCodeInput { MachineCode = printer.MachineCode, Key = printer.Msign, KeyIsMsign = true });
            case Way.ScanCodeQrKey:
                return await printers.ConnectByScanCodeAsync(new ScanCodeInput { MachineCode = printer.MachineCode, Key = Sandbox.Admin.CurrentQrKey(printer.MachineCode)!.Value.Key });
            case Way.TerminalKey:
                return await printers.ConnectByTerminalKeyAsync(new TerminalKeyInput { MachineCode = printer.MachineCode, Msign = printer.Msign });
            default:
                var registry = _harness.Get<PrinterAppRegistry>();
                var apps = await registry.ListCompanyAppsAsync();
                var app = apps.Value!.Count > 0 ? null : _companyApps.Dequeue();
                var appId = app is null ? apps.Value[0].Id : (await registry.CreateCompanyAppAsync(new PrinterAppInput
                {
                    Name = app.Name, ClientId = app.ClientId, ClientSecret = app.ClientSecret, Kind = PrinterAppKind.Open, RedirectUri = app.RedirectUri,
                })).Value;
                return await printers.ConnectByScanCodeAsync(new ScanCodeInput { MachineCode = printer.MachineCode, Key = printer.Msign, KeyIsMsign = true, AppId = appId });
        }
    }

    private async Task<bool> TryInsertAsync(Guid tenantId, Guid appId, string machineCode, PrinterTokenState state)
    {
        await using var db = await _harness.DbFactory.CreateForTenantAsync(tenantId);
        db.Printers.Add(new Printer
        {
            Id = Guid.CreateVersion7(), TenantId = tenantId, AppId = appId, MachineCode = machineCode, Name = machineCode, TokenState = state,
            Version = Guid.NewGuid(), CreatedAt = _harness.Clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }
}
