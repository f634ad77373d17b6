namespace Portal.UnitTests.Features.Printers;

/// <summary>The token badge and lifecycle card for each state, and the printer page refusing another company's id.</summary>
public sealed class PrinterComponentTests : PortalComponentContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public PrinterComponentTests()
    {
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
    }

    [Theory]
    [InlineData(PrinterTokenBadge.Active, "Active", "mud-chip-color-success")]
    [InlineData(PrinterTokenBadge.ExpiringSoon, "Expiring soon", "mud-chip-color-warning")]
    [InlineData(PrinterTokenBadge.RefreshFailed, "Refresh failed", "mud-chip-color-error")]
    [InlineData(PrinterTokenBadge.NeedsReauthorization, "Needs re-authorization", "mud-chip-color-error")]
    [InlineData(PrinterTokenBadge.LimitReached, "Limit reached", "mud-chip-color-warning")]
    [InlineData(PrinterTokenBadge.Revoked, "Revoked", "mud-chip-color-default")]
    [InlineData(PrinterTokenBadge.AppToken, "App token", "mud-chip-color-success")]
    public void Each_token_state_has_its_own_badge(PrinterTokenBadge badge, string text, string colorClass)
    {
        var cut = Render<TokenBadge>(p => p.Add(b => b.Badge, badge));

        var chip = cut.Find("[data-testid=token-badge]");
        Assert.Equal(text, chip.TextContent.Trim());
        Assert.Contains(colorClass, chip.ClassName);
    }

    [Fact]
    public void The_lifecycle_card_shows_expiries_plan_and_budget()
    {
        var cut = Render<TokenLifecycleCard>(p => p.Add(c => c.Printer, Detail(PrinterTokenBadge.Active) with { RefreshesToday = 3 }));

        Assert.Contains("29 d 23 h", cut.Find("[data-testid=lifecycle-access]").TextContent);
        Assert.Equal("3/20", cut.Find("[data-testid=lifecycle-today]").TextContent.Trim());
        Assert.Empty(cut.FindAll(".mud-alert"));
    }

    [Theory]
    [InlineData(PrinterTokenBadge.NeedsReauthorization, "Re-authorize the printer")]
    [InlineData(PrinterTokenBadge.LimitReached, "daily refresh limit")]
    [InlineData(PrinterTokenBadge.RefreshFailed, "last refresh failed")]
    public void The_lifecycle_card_explains_each_trouble_state(PrinterTokenBadge badge, string words)
    {
        var cut = Render<TokenLifecycleCard>(p => p.Add(c => c.Printer, Detail(badge)));

        Assert.Contains(words, cut.Find(".mud-alert").TextContent);
    }

    [Fact]
    public void Own_app_printers_say_their_token_does_not_expire()
    {
        var cut = Render<TokenLifecycleCard>(p => p.Add(c => c.Printer, Detail(PrinterTokenBadge.AppToken) with { AppKind = PrinterAppKind.Own }));

        Assert.Contains("does not expire", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=lifecycle-today]"));
    }

    [Fact]
    public async Task The_printer_page_does_not_open_another_company_printer()
    {
        await using var harness = await ServiceHarness.CreateAsync(withSandbox: true);
        var (alpha, _) = await harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var (beta, _) = await harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        var (betaPrinter, _) = await harness.ConnectByConsentAsync(beta);
        var (alphaPrinter, _) = await harness.ConnectByConsentAsync(alpha);
        harness.SignIn(alpha);
        Services.AddSingleton(harness.Get<PrinterQueries>());
        Services.AddSingleton(harness.Get<PrinterMaintenance>());
        Services.AddSingleton(harness.Get<PrinterAuthorizeFlow>());
        Services.AddSingleton(harness.Get<PrinterKeyConnection>());
        Services.AddSingleton(harness.Get<PrintDiagnosis>());
        Services.AddSingleton(harness.Get<PrinterSettingsService>());
        Services.AddSingleton(harness.Get<CallerAccessor>());
        Render<MudPopoverProvider>();

        var foreign = Render<PrinterDetails>(p => p.Add(c => c.PrinterId, betaPrinter));
        var own = Render<PrinterDetails>(p => p.Add(c => c.PrinterId, alphaPrinter));

        foreign.WaitForAssertion(() => Assert.Contains("That printer was not found.", foreign.Find("[data-testid=printer-not-found]").TextContent));
        Assert.Empty(foreign.FindAll("[data-testid=printer-refresh]"));
        own.WaitForAssertion(() => Assert.NotNull(own.Find("[data-testid=printer-refresh]")));
    }

    private static PrinterDetail Detail(PrinterTokenBadge badge) => new(
        Guid.NewGuid(), "Kitchen", "4004000001", PrinterConnectionKind.Authorized, PrinterAppKind.Open, "Test app",
        PrinterOnlineState.Online, Now, badge, Now.AddMinutes(-30), Now.AddDays(30).AddMinutes(-30), Now.AddDays(35), null,
        Now.AddDays(24), 0, "K6-WH", "58", "sandbox / K6-WH", []);
}
