using Portal.Features.Callbacks;
using Portal.Features.Printing;
using Portal.UnitTests.Features.OpenApi;

namespace Portal.UnitTests.Features.Callbacks;

/// <summary>
/// The platform's sign covers client id and push time only, so a captured push could be replayed or its body altered:
/// it must be fresh, is applied once, and reaches only the printers and jobs of the app that signed it.
/// </summary>
public sealed class PushSecurityTests
{
    private static ConfiguredApp Open => SandboxHost.OpenApp;

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(-11 * 60)]
    [InlineData(11 * 60)]
    public async Task A_push_outside_the_freshness_window_is_rejected_and_not_applied(int secondsFromNow)
    {
        await using var harness = await PushTestKit.CreateHarnessAsync();
        var (_, tenant, printerId, machineCode) = await harness.AddAlphaPrinterAsync();

        var receipt = await harness.ReceiveAsync(Open.ClientId, "oauth_printStatus",
            PushTestKit.StatusBody(Open, machineCode, 0, harness.Clock.GetUtcNow().AddSeconds(secondsFromNow)));

        Assert.Equal(PushOutcome.Rejected, receipt.Outcome);
        Assert.False(receipt.Retry);
        Assert.NotEqual(PrinterOnlineState.Offline, (await harness.LoadPrinterAsync(tenant, printerId)).OnlineState);
        var record = Assert.Single(await harness.PushRecordsAsync());
        Assert.True(record.SignatureValid);
        Assert.Contains("push_time", record.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clock_a_few_minutes_off_either_way_is_tolerated_and_the_window_is_a_setting()
    {
        await using var harness = await ServiceHarness.CreateAsync(
            services => services.Configure<PushOptions>(o => o.FreshnessWindow = TimeSpan.FromMinutes(3)), withSandbox: true);
        var (_, _, _, machineCode) = await harness.AddAlphaPrinterAsync();
        var now = harness.Clock.GetUtcNow();

        var behind = await harness.ReceiveAsync(Open.ClientId, "oauth_printStatus", PushTestKit.StatusBody(Open, machineCode, 1, now.AddMinutes(-2)));
        var ahead = await harness.ReceiveAsync(Open.ClientId, "oauth_printStatus", PushTestKit.StatusBody(Open, machineCode, 2, now.AddMinutes(2)));
        var tooOld = await harness.ReceiveAsync(Open.ClientId, "oauth_printStatus", PushTestKit.StatusBody(Open, machineCode, 0, now.AddMinutes(-4)));

        Assert.Equal((PushOutcome.Applied, PushOutcome.Applied, PushOutcome.Rejected), (behind.Outcome, ahead.Outcome, tooOld.Outcome));
    }

    [Fact]
    public async Task A_repeated_push_is_acknowledged_as_a_duplicate_without_a_warning_or_an_error()
    {
        var logs = new CapturingLoggerProvider();
        await using var harness = await ServiceHarness.CreateAsync(services => services.AddLogging(l => l.AddProvider(logs)), withSandbox: true);
        var (_, _, _, machineCode) = await harness.AddAlphaPrinterAsync();
        var body = PushTestKit.StatusBody(Open, machineCode, 2, harness.Clock.GetUtcNow());

        var before = logs.Entries.Count;

        var first = await harness.ReceiveAsync(Open.ClientId, "oauth_printStatus", body);
        var again = await harness.ReceiveAsync(Open.ClientId, "oauth_printStatus", body);

        Assert.Equal((PushOutcome.Applied, PushOutcome.Duplicate), (first.Outcome, again.Outcome));
        Assert.False(again.Retry);
        Assert.DoesNotContain(logs.Entries.Skip(before), e => e.Contains(" Warning: ", StringComparison.Ordinal) || e.Contains(" Error: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_captured_order_decision_signed_again_with_a_later_push_time_is_not_applied_twice()
    {
        await using var harness = await PushTestKit.CreateHarnessAsync();
        var (_, tenant, printerId, machineCode) = await harness.AddAlphaPrinterAsync();
        var job = await harness.SubmitSentJobAsync(tenant, printerId);
        (string, string)[] fields = [("machine_code", machineCode), ("order_id", Number(job.PlatformOrderId!.Value)), ("state", "1")];

        var first = await harness.ReceiveAsync(Open.ClientId, "oauth_getOrder", PushTestKit.Body(Open, harness.Clock.GetUtcNow(), fields));
        harness.Clock.Advance(TimeSpan.FromSeconds(40));
        var resigned = await harness.ReceiveAsync(Open.ClientId, "oauth_getOrder", PushTestKit.Body(Open, harness.Clock.GetUtcNow(), fields));

        Assert.Equal((PushOutcome.Applied, PushOutcome.Duplicate), (first.Outcome, resigned.Outcome));
        Assert.Single(await harness.JobEventsAsync(tenant, job.Id), e => e.Kind == PrintJobEventKind.OrderAccepted);
    }

    [Fact]
    public async Task An_altered_finish_cannot_reach_another_companys_job_through_the_shared_app()
    {
        await using var harness = await PushTestKit.CreateHarnessAsync();
        var (attackerMachine, victimTenant, victimMachine, job) = await AttackerAndVictimAsync(harness);
        var now = harness.Clock.GetUtcNow();

        // A's own machine with B's order and origin; B's machine and order with a guessed origin; no origin at all.
        var otherMachine = await harness.ReceiveAsync(Open.ClientId, "oauth_finish",
            PushTestKit.FinishBody(Open, attackerMachine, job.PlatformOrderId!.Value, job.OriginId, now));
        var guessedOrigin = await harness.ReceiveAsync(Open.ClientId, "oauth_finish",
            PushTestKit.FinishBody(Open, victimMachine, job.PlatformOrderId.Value, "0123456789abcdef0123456789abcdef", now.AddSeconds(1)));
        var noOrigin = await harness.ReceiveAsync(Open.ClientId, "oauth_finish",
            PushTestKit.FinishBody(Open, victimMachine, job.PlatformOrderId.Value, "", now.AddSeconds(2)));

        Assert.All([otherMachine, guessedOrigin, noOrigin], r => Assert.Equal(PushOutcome.Ignored, r.Outcome));
        Assert.Equal(PrintJobState.Sent, (await harness.LoadJobAsync(victimTenant, job.Id)).State);

        // The altered copies took no key the platform's real push needs.
        var genuine = await harness.ReceiveAsync(Open.ClientId, "oauth_finish",
            PushTestKit.FinishBody(Open, victimMachine, job.PlatformOrderId.Value, job.OriginId, now.AddSeconds(3)));
        Assert.Equal(PushOutcome.Applied, genuine.Outcome);
        Assert.Equal(PrintJobState.Printed, (await harness.LoadJobAsync(victimTenant, job.Id)).State);
    }

    [Fact]
    public async Task An_altered_order_decision_naming_another_machine_does_not_reach_its_job()
    {
        await using var harness = await PushTestKit.CreateHarnessAsync();
        var (attackerMachine, victimTenant, _, job) = await AttackerAndVictimAsync(harness);

        var receipt = await harness.ReceiveAsync(Open.ClientId, "oauth_getOrder", PushTestKit.Body(Open, harness.Clock.GetUtcNow(),
            [("machine_code", attackerMachine), ("order_id", Number(job.PlatformOrderId!.Value)), ("state", "0")]));

        Assert.Equal(PushOutcome.Ignored, receipt.Outcome);
        Assert.DoesNotContain(await harness.JobEventsAsync(victimTenant, job.Id), e => e.Kind == PrintJobEventKind.OrderRejected);
    }

    [Fact]
    public async Task A_push_signed_by_another_app_reaches_none_of_this_apps_printers_or_jobs()
    {
        await using var harness = await PushTestKit.CreateHarnessAsync();
        var (_, tenant, printerId, machineCode) = await harness.AddCompanyWithPrinterAsync("owner@b.test", "Beta Buns");
        var job = await harness.SubmitSentJobAsync(tenant, printerId);
        var own = SandboxHost.OwnApp;
        var now = harness.Clock.GetUtcNow();

        var status = await harness.ReceiveAsync(own.ClientId, "oauth_printStatus", PushTestKit.StatusBody(own, machineCode, 0, now));
        var finish = await harness.ReceiveAsync(own.ClientId, "oauth_finish", PushTestKit.FinishBody(own, machineCode, job.PlatformOrderId!.Value, job.OriginId, now));

        Assert.Equal((PushOutcome.UnknownPrinter, PushOutcome.UnknownPrinter), (status.Outcome, finish.Outcome));
        Assert.NotEqual(PrinterOnlineState.Offline, (await harness.LoadPrinterAsync(tenant, printerId)).OnlineState);
        Assert.Equal(PrintJobState.Sent, (await harness.LoadJobAsync(tenant, job.Id)).State);
    }

    /// <summary>Two companies on the same open app: Alpha, the attacker, with a printer; Beta, the victim, with a printer and one sent job.</summary>
    private static async Task<(string AttackerMachine, Guid VictimTenant, string VictimMachine, PrintJob Job)> AttackerAndVictimAsync(ServiceHarness harness)
    {
        var (_, _, _, attackerMachine) = await harness.AddAlphaPrinterAsync();
        var (_, victimTenant, victimPrinter, victimMachine) = await harness.AddCompanyWithPrinterAsync("owner@b.test", "Beta Buns");
        return (attackerMachine, victimTenant, victimMachine, await harness.SubmitSentJobAsync(victimTenant, victimPrinter));
    }
}
