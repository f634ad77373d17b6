namespace Portal.UnitTests.Features.Printers;

/// <summary>
/// One physical printer belongs to one company at a time: every way of connecting, against every way the holder
/// connected it, is refused with the consent path's message, recorded for both companies and emailed to the holder;
/// the holder's printer keeps working and nothing of the attempt is left on the platform.
/// </summary>
public sealed class HoldTests() : HarnessTests(withSandbox: true)
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

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Sandbox.Admin.SaveApp(AlphaApp);
        Sandbox.Admin.SaveApp(BetaApp);
    }

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
        var (alpha, alphaTenant) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var (beta, betaTenant) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        var printer = Sandbox.CreatePrinter();
        var held = await ConnectAsync(alpha, holderWay, printer);
        Assert.True(held.Succeeded, held.Error);

        var attempt = await ConnectAsync(beta, intruderWay, printer);

        Assert.False(attempt.Succeeded);
        Assert.Equal($"Printer {printer.MachineCode} is connected to another company. Ask them to revoke it first.", attempt.Error);
        Harness.SignIn(beta);
        Assert.Empty((await Harness.Get<PrinterQueries>().ListAsync(new PrinterListQuery())).Value!.Items);
        await using (var db = await Harness.DbFactory.CreateCrossTenantAsync())
        {
            Assert.Single(await db.Printers.Where(p => p.MachineCode == printer.MachineCode).ToListAsync());
            var refused = await db.AuditEntries.SingleAsync(e => e.TenantId == betaTenant && e.Action == "printer.connect-refused");
            Assert.False(refused.Succeeded);
            Assert.Equal("Beta Tea owner", refused.ActorName);
            var attempted = await db.AuditEntries.SingleAsync(e => e.TenantId == alphaTenant && e.Action == "printer.connect-attempted");
            Assert.Null(attempted.ActorName);
            Assert.DoesNotContain("Beta", attempted.Detail);
        }

        var seen = (await Harness.EventsAsync(alphaTenant, held.Value)).Single(e => e.Kind == PrinterTokenEventKind.ConnectAttempted);
        Assert.Null(seen.ActorName);
        var mail = await Harness.Outbox.ListAsync(20);
        var warning = Assert.Single(mail, m => m.Subject.Contains("Someone tried to connect your printer"));
        Assert.Equal("owner@a.test", warning.To);
        Assert.Contains("有人尝试连接", warning.Subject);
        Assert.DoesNotContain("Beta", warning.HtmlBody);
        // The holder's printer page, at the portal's configured address.
        Assert.Contains($"http://localhost/printers/{held.Value}", warning.HtmlBody);

        // Past the platform's 2-hour grace for any pair the attempt replaced: the holder's printer still answers.
        Harness.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(PrinterTokenState.Active, (await Harness.LoadPrinterAsync(alphaTenant, held.Value)).TokenState);
        Assert.NotNull(await Harness.Get<PrinterTokenKeeper>().CallAsync(alphaTenant, held.Value, (client, token) => client.GetPrintStatusAsync(token, printer.MachineCode)));
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
        var (alpha, alphaTenant) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        await Harness.AddMemberAsync(alphaTenant, await Harness.AddUserAsync("admin@a.test"), TenantRole.Admin);
        await Harness.AddMemberAsync(alphaTenant, await Harness.AddUserAsync("member@a.test"), TenantRole.Member);
        var (beta, _) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        var printer = Sandbox.CreatePrinter();
        var held = await ConnectAsync(alpha, Way.TerminalKey, printer);

        await ConnectAsync(beta, Way.TerminalKey, printer);
        await ConnectAsync(beta, Way.ScanCodeLabelKey, printer);
        Harness.Clock.Advance(PrinterHolds.EmailAgainAfter + TimeSpan.FromMinutes(1));
        await ConnectAsync(beta, Way.Consent, printer);

        var warnings = (await Harness.Outbox.ListAsync(50)).Where(m => m.Subject.Contains("Someone tried to connect")).ToList();
        Assert.Equal(["admin@a.test", "admin@a.test", "owner@a.test", "owner@a.test"], warnings.Select(m => m.To).Order());
        Assert.Equal(3, (await Harness.EventsAsync(alphaTenant, held.Value)).Count(e => e.Kind == PrinterTokenEventKind.ConnectAttempted));
    }

    [Fact]
    public async Task A_company_holding_a_printer_through_one_app_cannot_add_it_through_another()
    {
        var (alpha, alphaTenant) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var printer = Sandbox.CreatePrinter();
        var held = await ConnectAsync(alpha, Way.TerminalKey, printer);

        var byConsent = await ConnectAsync(alpha, Way.Consent, printer);
        var byScanCode = await ConnectAsync(alpha, Way.ScanCodeLabelKey, printer);

        Assert.Contains("already connected to your company", byConsent.Error);
        Assert.Contains("already connected to your company", byScanCode.Error);
        Assert.Empty(Sandbox.Admin.FindPrinter(printer.MachineCode)!.AuthorizedClientIds);
        Assert.DoesNotContain(await Harness.EventsAsync(alphaTenant, held.Value), e => e.Kind == PrinterTokenEventKind.ConnectAttempted);
    }

    [Fact]
    public async Task The_database_refuses_a_second_live_holder_whatever_the_app_and_a_revoked_row_holds_nothing()
    {
        var (alpha, alphaTenant) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var (_, betaTenant) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        var (printerId, machineCode) = await Harness.ConnectByConsentAsync(alpha);
        Guid ownApp;
        await using (var db = await Harness.DbFactory.CreateCrossTenantAsync())
        {
            ownApp = await db.PrinterApps.Where(a => a.ClientId == SandboxHost.OwnApp.ClientId).Select(a => a.Id).SingleAsync();
        }

        var second = await TryInsertAsync(betaTenant, ownApp, machineCode, PrinterTokenState.Active);
        var revoked = await TryInsertAsync(betaTenant, ownApp, machineCode, PrinterTokenState.Revoked);
        Harness.SignIn(alpha);
        await Harness.Get<PrinterRevocation>().RevokeAsync(printerId);
        var afterRevocation = await TryInsertAsync(betaTenant, ownApp, machineCode, PrinterTokenState.Active);

        Assert.False(second);
        Assert.True(revoked);
        Assert.True(afterRevocation);
    }

    [Fact]
    public async Task An_operator_moves_a_printer_and_the_new_company_connects_it_again_itself()
    {
        var (alpha, alphaTenant) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var (beta, betaTenant) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        var (printerId, machineCode) = await Harness.ConnectByConsentAsync(alpha);
        var oldToken = (await Harness.LoadPrinterAsync(alphaTenant, printerId)).ProtectedAccessToken;

        Harness.SignIn(beta);
        var notOperator = await Harness.Get<OperatorPrinterHolds>().MoveAsync(machineCode, betaTenant);
        Harness.SignIn(await Harness.AddUserAsync("ops@portal.test", isOperator: true));
        var moved = await Harness.Get<OperatorPrinterHolds>().MoveAsync(" " + machineCode + " ", betaTenant);

        Assert.False(notOperator.Succeeded);
        Assert.True(moved.Succeeded, moved.Error);
        Assert.Null(moved.Value!.Warning);
        Assert.Equal(PrinterTokenState.Revoked, (await Harness.LoadPrinterAsync(alphaTenant, printerId)).TokenState);
        Assert.Empty(Sandbox.Admin.FindPrinter(machineCode)!.AuthorizedClientIds);
        var waiting = await Harness.LoadPrinterAsync(betaTenant, moved.Value.PrinterId);
        Assert.Equal(PrinterTokenState.NeedsReauthorization, waiting.TokenState);
        Assert.Null(waiting.ProtectedAccessToken);
        Assert.NotEqual(oldToken, waiting.ProtectedAccessToken);
        await using (var db = await Harness.DbFactory.CreateCrossTenantAsync())
        {
            Assert.True(await db.AuditEntries.AnyAsync(e => e.TenantId == alphaTenant && e.Action == "printer.moved" && e.CrossTenant));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.TenantId == alphaTenant && e.Action == "printer.revoked" && e.CrossTenant));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.TenantId == betaTenant && e.Action == "printer.moved" && e.CrossTenant));
        }

        // Beta re-authorizes the moved printer with its own consent; Alpha cannot take it back.
        Harness.SignIn(beta);
        var callback = await Sandbox.ConsentAsync((await Harness.Get<PrinterAuthorizeFlow>().BeginAuthorizeAsync(moved.Value.PrinterId)).Value!, machineCode);
        var reconnected = await Harness.Get<PrinterAuthorizeFlow>().CompleteAuthorizeAsync(callback["code"], callback["state"], null);
        Harness.SignIn(alpha);
        var alphaAgain = await Harness.Get<PrinterAuthorizeFlow>().BeginAuthorizeAsync();
        var alphaCallback = await Sandbox.ConsentAsync(alphaAgain.Value!, machineCode);
        var takeBack = await Harness.Get<PrinterAuthorizeFlow>().CompleteAuthorizeAsync(alphaCallback["code"], alphaCallback["state"], null);

        Assert.Equal(moved.Value.PrinterId, reconnected.Value);
        Assert.Equal(PrinterTokenState.Active, (await Harness.LoadPrinterAsync(betaTenant, moved.Value.PrinterId)).TokenState);
        Assert.Contains("another company", takeBack.Error);
    }

    [Fact]
    public async Task A_moved_own_app_printer_is_added_again_with_the_terminal_key_on_its_row()
    {
        var (alpha, _) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var (beta, betaTenant) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        var printer = Sandbox.CreatePrinter();
        await ConnectAsync(alpha, Way.TerminalKey, printer);
        Harness.SignIn(await Harness.AddUserAsync("ops@portal.test", isOperator: true));
        var moved = await Harness.Get<OperatorPrinterHolds>().MoveAsync(printer.MachineCode, betaTenant);
        Assert.Null(Sandbox.Admin.FindPrinter(printer.MachineCode)!.OwnAppClientId);
        Harness.SignIn(beta);
        var reauthorize = await Harness.Get<PrinterAuthorizeFlow>().BeginAuthorizeAsync(moved.Value!.PrinterId);
        Assert.Equal($"Printer {printer.MachineCode} is connected with its terminal number and key: to reconnect it, enter them again under Connect a printer, Terminal number and key.", reauthorize.Error);

        var added = await ConnectAsync(beta, Way.TerminalKey, printer);

        Assert.True(added.Succeeded, added.Error);
        Assert.Equal(moved.Value!.PrinterId, added.Value);
        Assert.Equal(PrinterTokenState.Active, (await Harness.LoadPrinterAsync(betaTenant, added.Value)).TokenState);
    }

    /// <summary>Connects <paramref name="printer"/> for <paramref name="userId"/>'s company the way given.</summary>
    private async Task<ServiceResult<Guid>> ConnectAsync(string userId, Way way, (string MachineCode, string Msign) printer)
    {
        Harness.SignIn(userId);
        switch (way)
        {
            case Way.Consent:
                var begun = await Harness.Get<PrinterAuthorizeFlow>().BeginAuthorizeAsync();
                var callback = await Sandbox.ConsentAsync(begun.Value!, printer.MachineCode);
                return await Harness.Get<PrinterAuthorizeFlow>().CompleteAuthorizeAsync(callback["code"], callback["state"], callback["error"]);
            case Way.ScanCodeLabelKey:
                return await Harness.Get<PrinterKeyConnection>().ConnectByScanCodeAsync(new ScanCodeInput { MachineCode = printer.MachineCode, Key = printer.Msign, KeyIsMsign = true });
            case Way.ScanCodeQrKey:
                return await Harness.Get<PrinterKeyConnection>().ConnectByScanCodeAsync(new ScanCodeInput { MachineCode = printer.MachineCode, Key = Sandbox.Admin.CurrentQrKey(printer.MachineCode)!.Value.Key });
            case Way.TerminalKey:
                return await Harness.Get<PrinterKeyConnection>().ConnectByTerminalKeyAsync(new TerminalKeyInput { MachineCode = printer.MachineCode, Msign = printer.Msign });
            default:
                var registry = Harness.Get<PrinterAppRegistry>();
                var apps = await registry.ListCompanyAppsAsync();
                var app = apps.Value!.Count > 0 ? null : _companyApps.Dequeue();
                var appId = app is null ? apps.Value[0].Id : (await registry.CreateCompanyAppAsync(new PrinterAppInput
                {
                    Name = app.Name, ClientId = app.ClientId, ClientSecret = app.ClientSecret, Kind = PrinterAppKind.Open, RedirectUri = app.RedirectUri,
                })).Value;
                return await Harness.Get<PrinterKeyConnection>().ConnectByScanCodeAsync(new ScanCodeInput { MachineCode = printer.MachineCode, Key = printer.Msign, KeyIsMsign = true, AppId = appId });
        }
    }

    private async Task<bool> TryInsertAsync(Guid tenantId, Guid appId, string machineCode, PrinterTokenState state)
    {
        await using var db = await Harness.DbFactory.CreateForTenantAsync(tenantId);
        db.Printers.Add(new Printer
        {
            Id = Guid.CreateVersion7(), TenantId = tenantId, AppId = appId, MachineCode = machineCode, Name = machineCode, TokenState = state,
            Version = Guid.NewGuid(), CreatedAt = Harness.Clock.GetUtcNow(),
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
