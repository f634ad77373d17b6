using Portal.Features.Dashboard;

namespace Portal.UnitTests.Features.Dashboard;

/// <summary>The dashboard's aggregates over jobs and printers written straight to the database, on a fake clock.</summary>
public sealed class DashboardQueriesTests() : HarnessTests(withSandbox: true)
{
    private Guid _appId;
    private int _serial;

    // 08:00 UTC on 23 Nov 2026 is 16:00 in Beijing: the platform's "today" is 23 Nov, and it began at 16:00 UTC on the 22nd.
    private DateTimeOffset Now => Harness.Clock.GetUtcNow();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _appId = (await Harness.Get<PrinterAppResolver>().DefaultAppAsync(PrinterAppKind.Open))!.Id;
    }

    [Fact]
    public async Task A_new_company_gets_thirty_empty_days_and_no_failure_share()
    {
        await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");

        var dashboard = (await Harness.Get<DashboardQueries>().GetForCompanyAsync()).Value!;

        Assert.Equal(30, dashboard.Days.Count);
        Assert.Equal(new DateOnly(2026, 11, 23), dashboard.Days[^1].Day);
        Assert.Equal(new DateOnly(2026, 10, 25), dashboard.Days[0].Day);
        Assert.All(dashboard.Days, d => Assert.Equal(0, d.Printed + d.Failed));
        Assert.Null(dashboard.FailureShare);
        Assert.Equal(0, dashboard.Tokens.Total);
        Assert.Empty(dashboard.Expiring);
    }

    [Fact]
    public async Task Jobs_count_on_their_beijing_day_split_printed_and_failed()
    {
        var (_, tenant) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var printer = await AddPrinterAsync(tenant, "Kitchen", PrinterTokenState.Active, Now.AddDays(20));
        var todayStart = new DateTimeOffset(2026, 11, 22, 16, 0, 0, TimeSpan.Zero);
        await AddJobsAsync(tenant, printer,
            (todayStart, PrintJobState.Printed),                       // today's first moment in Beijing
            (todayStart.AddTicks(-1), PrintJobState.Printed),          // yesterday's last
            (todayStart.AddHours(-20), PrintJobState.Failed),          // yesterday
            (Now, PrintJobState.Failed),
            (Now, PrintJobState.Printed),
            (Now, PrintJobState.Queued),                               // unfinished jobs are not counted
            (Now, PrintJobState.Cancelled),
            (todayStart.AddDays(-29), PrintJobState.Printed),          // the oldest day shown
            (todayStart.AddDays(-29).AddTicks(-1), PrintJobState.Printed)); // a day too old

        var dashboard = (await Harness.Get<DashboardQueries>().GetForCompanyAsync()).Value!;

        Assert.Equal(new DailyPrints(new DateOnly(2026, 11, 23), 2, 1), dashboard.Days[^1]);
        Assert.Equal(new DailyPrints(new DateOnly(2026, 11, 22), 1, 1), dashboard.Days[^2]);
        Assert.Equal(new DailyPrints(new DateOnly(2026, 10, 25), 1, 0), dashboard.Days[0]);
        Assert.Equal(4, dashboard.Printed);
        Assert.Equal(2, dashboard.Failed);
        Assert.Equal(2.0 / 6, dashboard.FailureShare);
    }

    [Fact]
    public async Task Printers_are_counted_by_token_and_device_state_and_expiring_tokens_listed_soonest_first()
    {
        var (_, tenant) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        await AddPrinterAsync(tenant, "Healthy", PrinterTokenState.Active, Now.AddDays(25), PrinterOnlineState.Online);
        var later = await AddPrinterAsync(tenant, "Soon", PrinterTokenState.Active, Now.AddDays(3), PrinterOnlineState.Online);
        var sooner = await AddPrinterAsync(tenant, "Failing", PrinterTokenState.RefreshFailed, Now.AddHours(5), PrinterOnlineState.OutOfPaper);
        await AddPrinterAsync(tenant, "Dead", PrinterTokenState.NeedsReauthorization, Now.AddHours(1));
        await AddPrinterAsync(tenant, "Gone", PrinterTokenState.Revoked, null);

        var dashboard = (await Harness.Get<DashboardQueries>().GetForCompanyAsync()).Value!;

        Assert.Equal(new PrinterStats(5, 1, 1, 1, 1, 0, 1), dashboard.Tokens);
        Assert.Equal(new OnlineCounts(2, 0, 1, 1), dashboard.Online);
        Assert.Equal([sooner, later], dashboard.Expiring.Select(e => e.PrinterId));
        Assert.Equal(2, dashboard.ExpiringTotal);
        Assert.All(dashboard.Expiring, e => Assert.Null(e.CompanyName));
    }

    [Fact]
    public async Task A_company_sees_only_its_own_figures_and_operators_see_all()
    {
        var (_, alpha) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        await AddJobsAsync(alpha, await AddPrinterAsync(alpha, "A", PrinterTokenState.Active, Now.AddDays(2)), (Now, PrintJobState.Printed));
        var (beta, betaTenant) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        await AddJobsAsync(betaTenant, await AddPrinterAsync(betaTenant, "B", PrinterTokenState.Active, Now.AddDays(1)),
            (Now, PrintJobState.Failed), (Now, PrintJobState.Failed));

        Harness.SignIn(beta);
        var betaView = (await Harness.Get<DashboardQueries>().GetForCompanyAsync()).Value!;
        var refused = await Harness.Get<DashboardQueries>().GetAcrossCompaniesAsync();
        var operatorId = await Harness.AddUserAsync("ops@portal.test", isOperator: true);
        Harness.SignIn(operatorId);
        var all = (await Harness.Get<DashboardQueries>().GetAcrossCompaniesAsync()).Value!;

        Assert.Equal((0, 2), (betaView.Printed, betaView.Failed));
        Assert.Equal(1, betaView.Tokens.Total);
        Assert.Equal(["B"], betaView.Expiring.Select(e => e.PrinterName));
        Assert.False(refused.Succeeded);
        Assert.Equal((1, 2), (all.Printed, all.Failed));
        Assert.Equal(2, all.Tokens.Total);
        Assert.Equal(["Beta Tea", "Alpha Noodles"], all.Expiring.Select(e => e.CompanyName));
    }

    private async Task<Guid> AddPrinterAsync(Guid tenantId, string name, PrinterTokenState state, DateTimeOffset? accessExpiresAt,
        PrinterOnlineState online = PrinterOnlineState.Unknown)
    {
        await using var db = await Harness.DbFactory.CreateForTenantAsync(tenantId);
        var printer = new Printer
        {
            Id = Guid.CreateVersion7(),
            AppId = _appId,
            MachineCode = $"40040{++_serial:D5}",
            Name = name,
            TokenState = state,
            OnlineState = online,
            AccessExpiresAt = accessExpiresAt,
            Version = Guid.NewGuid(),
            CreatedAt = Now,
        };
        db.Printers.Add(printer);
        await db.SaveChangesAsync();
        return printer.Id;
    }

    private async Task AddJobsAsync(Guid tenantId, Guid printerId, params (DateTimeOffset CreatedAt, PrintJobState State)[] jobs)
    {
        await using var db = await Harness.DbFactory.CreateForTenantAsync(tenantId);
        foreach (var (createdAt, state) in jobs)
        {
            db.PrintJobs.Add(new PrintJob
            {
                Id = Guid.CreateVersion7(),
                PrinterId = printerId,
                AppId = _appId,
                OriginId = $"job{++_serial}",
                Content = "Hello",
                State = state,
                CreatedAt = createdAt,
                Version = Guid.NewGuid(),
            });
        }

        await db.SaveChangesAsync();
    }
}
