using Portal.Features.Callbacks;
using Portal.Features.Printing;
using Portal.UnitTests.Features.Callbacks;

namespace Portal.UnitTests.Infrastructure.Telemetry;

/// <summary>Each instrument of the portal's meter, recorded by the real action at the one place it is decided.</summary>
public sealed class PortalMetricsTests : ConnectedPrinterTests
{
    private PortalMeasurements _measurements = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _measurements = new PortalMeasurements(Harness.Services);
    }

    public override async Task DisposeAsync()
    {
        _measurements.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task A_print_the_platform_takes_counts_as_submitted_with_its_kind()
    {
        var submitted = await Harness.Get<PrintJobSubmitter>().SubmitAsync(new PrintRequest([PrinterId], PrintJobKind.Text, "Order 8"));

        Assert.Equal(PrintJobState.Sent, Assert.Single(submitted.Value!.Items).State);
        var measured = Assert.Single(_measurements.Of("portal.prints.submitted"));
        Assert.Equal((1, "text"), (measured.Value, measured.Tags["print.kind"]));
        Assert.Empty(_measurements.Of("portal.prints.failed"));
    }

    [Fact]
    public async Task A_print_the_platform_refuses_counts_as_failed_with_the_platforms_error_code()
    {
        Sandbox.Faults.Add(new SandboxFault { Path = "print/index", ForceError = 9, Times = 1 });

        var submitted = await Harness.Get<PrintJobSubmitter>().SubmitAsync(new PrintRequest([PrinterId], PrintJobKind.Text, "Order 9"));

        Assert.Equal(PrintJobState.Failed, Assert.Single(submitted.Value!.Items).State);
        var measured = Assert.Single(_measurements.Of("portal.prints.failed"));
        Assert.Equal((1, "9"), (measured.Value, measured.Tags["yilianyun.error_code"]));
        Assert.Empty(_measurements.Of("portal.prints.submitted"));
    }

    [Fact]
    public async Task Each_refresh_counts_with_its_outcome_whether_a_person_or_the_refresher_sent_it()
    {
        Assert.True((await Harness.Get<PrinterMaintenance>().RefreshNowAsync(PrinterId)).Succeeded);
        Harness.Clock.Advance(TimeSpan.FromDays(26));
        Sandbox.Faults.Add(new SandboxFault { Path = "oauth/oauth", ForceError = 20, Times = 1 });
        await Harness.Services.GetRequiredService<PrinterRefresher>().SweepOnceAsync();

        Assert.Equal(["refreshed", "needs_reauthorization"], _measurements.Of("portal.token.refreshes").Select(m => m.Tags["refresh.outcome"]));
    }

    [Fact]
    public async Task Each_push_counts_with_its_kind_and_result()
    {
        var now = Harness.Clock.GetUtcNow();
        await Harness.ReceiveAsync(SandboxHost.OpenApp.ClientId, "oauth_printStatus", PushTestKit.StatusBody(SandboxHost.OpenApp, MachineCode, 0, now));
        await Harness.ReceiveAsync(SandboxHost.OpenApp.ClientId, "oauth_printStatus", PushTestKit.StatusBody(SandboxHost.OpenApp, "4004009999", 1, now));
        await Harness.ReceiveAsync(SandboxHost.OpenApp.ClientId, "oauth_finish", PushTestKit.StatusBody(SandboxHost.OpenApp, MachineCode, 1, now, signWithSecret: "guessed"));

        Assert.Equal(
            [("oauth_printStatus", "applied"), ("oauth_printStatus", "unknown_printer"), ("oauth_finish", "rejected")],
            _measurements.Of("portal.push.callbacks").Select(m => (m.Tags["push.kind"], m.Tags["push.result"])));
    }

    [Fact]
    public async Task The_token_gauge_counts_every_company_by_state_and_reads_the_database_at_most_every_30_seconds()
    {
        var (betaOwner, betaTenant) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        var (betaPrinter, _) = await Harness.ConnectByConsentAsync(betaOwner);
        Harness.SignIn(OwnerId);
        Assert.True((await Harness.Get<PrinterRevocation>().RevokeAsync(PrinterId)).Succeeded);

        var first = await ObserveTokensAsync();
        Assert.Equal(1, first["active"]);
        Assert.Equal(1, first["revoked"]);
        Assert.Equal(0, first["needs_reauthorization"]);
        Assert.Equal(Enum.GetValues<PrinterTokenState>().Length, first.Count);

        // Beta's printer changes state: the gauge keeps the counts it took until they are 30 seconds old.
        await using (var db = await Harness.DbFactory.CreateForTenantAsync(betaTenant))
        {
            await db.Printers.Where(p => p.Id == betaPrinter).ExecuteUpdateAsync(p => p.SetProperty(x => x.TokenState, PrinterTokenState.NeedsReauthorization));
        }

        Harness.Clock.Advance(TokenStateCounts.MaxAge - TimeSpan.FromSeconds(1));
        var cached = Counts(_measurements.Observe("portal.tokens"));
        await Task.Delay(200);
        Assert.Equal(first, Counts(_measurements.Observe("portal.tokens")));
        Assert.Equal(first, cached);

        Harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var recounted = await ObserveTokensAsync(until: counts => counts["needs_reauthorization"] == 1);
        Assert.Equal(0, recounted["active"]);
        Assert.Equal(1, recounted["revoked"]);
    }

    /// <summary>Collects the gauge until its background count has answered (and <paramref name="until"/> holds).</summary>
    private async Task<Dictionary<string, long>> ObserveTokensAsync(Func<Dictionary<string, long>, bool>? until = null)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(10); waited += TimeSpan.FromMilliseconds(20))
        {
            var counts = Counts(_measurements.Observe("portal.tokens"));
            if (counts.Count > 0 && (until is null || until(counts)))
            {
                return counts;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The token gauge never answered with the expected counts.");
    }

    private static Dictionary<string, long> Counts(IEnumerable<Measured> measured) => measured.ToDictionary(m => m.Tags["token.state"]!, m => m.Value);
}
