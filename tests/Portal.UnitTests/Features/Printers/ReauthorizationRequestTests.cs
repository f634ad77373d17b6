namespace Portal.UnitTests.Features.Printers;

/// <summary>Operators email companies the links that re-authorize their printers; the timeline and the audit log record it.</summary>
public sealed class ReauthorizationRequestTests() : HarnessTests(withSandbox: true)
{
    private static readonly Uri Portal = new("https://portal.example/");

    private OperatorPrinterService Operators => Harness.Get<OperatorPrinterService>();

    [Fact]
    public async Task Owners_and_admins_of_each_company_get_the_links_of_their_own_printers_once_a_day()
    {
        var (alphaOwner, alpha) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var (broken, _) = await Harness.ConnectByConsentAsync(alphaOwner);
        var (failing, _) = await Harness.ConnectByConsentAsync(alphaOwner);
        var (healthy, _) = await Harness.ConnectByConsentAsync(alphaOwner);
        var admin = await Harness.AddUserAsync("admin@a.test");
        await Harness.AddMemberAsync(alpha, admin, TenantRole.Admin);
        var member = await Harness.AddUserAsync("member@a.test");
        await Harness.AddMemberAsync(alpha, member, TenantRole.Member);
        var (betaOwner, beta) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        var (betaPrinter, _) = await Harness.ConnectByConsentAsync(betaOwner);
        await SetStateAsync(alpha, broken, PrinterTokenState.NeedsReauthorization);
        await SetStateAsync(alpha, failing, PrinterTokenState.RefreshFailed);
        await SetStateAsync(beta, betaPrinter, PrinterTokenState.LimitReached);
        var operatorId = await Harness.AddUserAsync("ops@portal.test", isOperator: true);

        // Only operators may ask.
        Assert.False((await Operators.RequestReauthorizationAsync(Portal)).Succeeded);
        Harness.SignIn(operatorId);
        var progress = new RecordedProgress();
        var sent = await Operators.RequestReauthorizationAsync(Portal, progress);

        Assert.Equal(new ReauthorizationRequests(Companies: 1, Printers: 2, Emails: 2, WithoutRecipients: 0), sent.Value);
        // The page's bar: nothing done of the one company to email, then that one done.
        Assert.Equal([new WorkProgress(0, 1), new WorkProgress(1, 1)], progress.Reports);
        var mails = await Harness.Outbox.ListAsync(10);
        Assert.Equal(["admin@a.test", "owner@a.test"], mails.Select(m => m.To).Order());
        var body = mails[0].HtmlBody;
        Assert.Contains($"https://portal.example/printers/{broken}/reauthorize", body);
        Assert.Contains($"https://portal.example/printers/{failing}/reauthorize", body);
        Assert.DoesNotContain(healthy.ToString(), body);
        Assert.DoesNotContain(betaPrinter.ToString(), body); // a daily limit clears itself
        // Merchants read Chinese first, whatever the operator's language.
        Assert.Equal("请重新连接 Alpha Noodles 的打印机 · Reconnect the printers of Alpha Noodles", mails[0].Subject);
        Assert.True(body.IndexOf("重新连接", StringComparison.Ordinal) < body.IndexOf("Reconnect", StringComparison.Ordinal));

        await using (var db = await Harness.DbFactory.CreateForTenantAsync(alpha))
        {
            var events = await db.PrinterTokenEvents.Where(e => e.Kind == PrinterTokenEventKind.ReauthorizationRequested).ToListAsync();
            Assert.Equal([broken, failing], events.Select(e => e.PrinterId).Order());
            Assert.All(events, e => Assert.Equal("emailed to 2 person(s)", AuditDetailTests.InLanguage("en-US", e.Detail)));
            var entry = await db.AuditEntries.SingleAsync(a => a.Action == "printer.reauthorization-requested");
            Assert.True(entry.CrossTenant);
            Assert.Equal(operatorId, entry.ActorUserId);
            Assert.Equal("2 台打印机，已发邮件给 2 人", AuditDetailTests.InLanguage("zh-CN", entry.Detail));
        }

        var overview = (await Operators.GetOverviewAsync()).Value!;
        Assert.NotNull(overview.NeedAttention.Single(r => r.PrinterId == broken).RequestedAt);
        Assert.Null(overview.NeedAttention.Single(r => r.PrinterId == betaPrinter).RequestedAt);

        // Asked already today: nothing goes out again until a day has passed.
        Assert.Equal(0, (await Operators.RequestReauthorizationAsync(Portal)).Value!.Printers);
        Assert.Equal(2, (await Harness.Outbox.ListAsync(10)).Count);
        Harness.Clock.Advance(OperatorPrinterService.RequestAgainAfter + TimeSpan.FromMinutes(1));
        Assert.Equal(2, (await Operators.RequestReauthorizationAsync(Portal)).Value!.Printers);
        Assert.Equal(4, (await Harness.Outbox.ListAsync(10)).Count);
    }

    [Fact]
    public async Task A_company_without_an_owner_or_admin_email_is_counted_and_not_asked()
    {
        var (owner, tenant) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var (printer, _) = await Harness.ConnectByConsentAsync(owner);
        await SetStateAsync(tenant, printer, PrinterTokenState.NeedsReauthorization);
        await using (var db = await Harness.DbFactory.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == owner).ExecuteUpdateAsync(u => u.SetProperty(x => x.Email, (string?)null));
        }

        Harness.SignIn(await Harness.AddUserAsync("ops@portal.test", isOperator: true));
        var sent = await Operators.RequestReauthorizationAsync(Portal);

        Assert.Equal(new ReauthorizationRequests(0, 0, 0, WithoutRecipients: 1), sent.Value);
        Assert.Empty(await Harness.Outbox.ListAsync(10));
    }

    private async Task SetStateAsync(Guid tenant, Guid printer, PrinterTokenState state)
    {
        await using var db = await Harness.DbFactory.CreateForTenantAsync(tenant);
        await db.Printers.Where(p => p.Id == printer).ExecuteUpdateAsync(p => p.SetProperty(x => x.TokenState, state));
    }
}

/// <summary>The operators' printer health page sends the emails after a confirmation and shows when each printer was asked.</summary>
public sealed class ReauthorizationRequestPageTests() : PrinterComponentContext(typeof(OperatorPrinterService), typeof(OperatorPrinterHolds))
{
    protected override void AddServices(ServiceHarness harness)
    {
        Services.AddSingleton<TimeProvider>(harness.Clock);
        Services.AddSingleton(new Portal.Infrastructure.Hosting.PortalLinks(Microsoft.Extensions.Options.Options.Create(new Portal.Infrastructure.Hosting.PortalOptions { PublicUrl = "https://portal.example" })));
    }

    [Fact]
    public async Task The_button_asks_first_then_emails_and_the_row_shows_when()
    {
        await using (var db = await Harness.DbFactory.CreateForTenantAsync(Tenant))
        {
            await db.Printers.Where(p => p.Id == Printer).ExecuteUpdateAsync(p => p.SetProperty(x => x.TokenState, PrinterTokenState.NeedsReauthorization));
        }

        Harness.SignIn(await Harness.AddUserAsync("ops@portal.test", isOperator: true));
        var dialogs = Render<MudDialogProvider>();
        Render<MudSnackbarProvider>();
        Render<MudPopoverProvider>();
        var cut = Render<Portal.Features.Printers.PrinterHealth>();

        cut.WaitForElement("[data-testid=health-copy-link]");
        Assert.Equal("—", cut.Find("[data-testid=health-asked]").TextContent.Trim());
        // The click's handler waits for the confirmation, so it is awaited only after answering.
        var requesting = cut.Find("[data-testid=health-request-reauthorization]").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("Email the Owners and Admins of the companies (1)", dialogs.Markup));
        Assert.Empty(await Harness.Outbox.ListAsync(5));
        await dialogs.FindAll("button").Single(b => b.TextContent.Contains("Send emails")).ClickAsync(new());
        await requesting;

        cut.WaitForAssertion(() => Assert.NotEqual("—", cut.Find("[data-testid=health-asked]").TextContent.Trim()));
        var mail = Assert.Single(await Harness.Outbox.ListAsync(5));
        Assert.Equal("owner@a.test", mail.To);
        // The link comes from the configured public address, not from the page's own.
        Assert.Contains($"https://portal.example/printers/{Printer}/reauthorize", mail.HtmlBody);
    }
}
