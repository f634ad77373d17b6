using Portal.Features.Callbacks;
using Portal.Features.Printing;
using Portal.UnitTests.Infrastructure.Telemetry;

namespace Portal.UnitTests.Features.Callbacks;

/// <summary>A repeated push is acknowledged quietly, and a finish whose order id disagrees with its job's is not applied.</summary>
public sealed class PushRepeatTests : IAsyncLifetime
{
    private static ConfiguredApp Open => SandboxHost.OpenApp;

    private readonly ScopedLogCapture _logs = new();
    private ServiceHarness _harness = null!;

    public async Task InitializeAsync() =>
        _harness = await ServiceHarness.CreateAsync(services => services.AddLogging(logging => logging.AddProvider(_logs)), withSandbox: true);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_push_repeated_one_after_another_and_at_once_is_applied_once_and_logs_no_error()
    {
        var (_, tenant, printerId, machineCode) = await _harness.AddAlphaPrinterAsync();
        var job = await _harness.SubmitSentJobAsync(tenant, printerId);
        var finish = PushTestKit.FinishBody(Open, machineCode, job.PlatformOrderId!.Value, job.OriginId, _harness.Clock.GetUtcNow());

        var first = await _harness.ReceiveAsync(Open.ClientId, "oauth_finish", finish);
        var again = await _harness.ReceiveAsync(Open.ClientId, "oauth_finish", finish);
        var status = PushTestKit.StatusBody(Open, machineCode, 1, _harness.Clock.GetUtcNow());
        var racing = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _harness.ReceiveAsync(Open.ClientId, "oauth_printStatus", status)));

        Assert.Equal((PushOutcome.Applied, PushOutcome.Duplicate), (first.Outcome, again.Outcome));
        Assert.Single(racing, r => r.Outcome != PushOutcome.Duplicate);
        Assert.Equal(5, racing.Count(r => r.Outcome == PushOutcome.Duplicate));
        Assert.Single(await _harness.JobEventsAsync(tenant, job.Id), e => e.Kind == PrintJobEventKind.Printed);
        var records = await _harness.PushRecordsAsync();
        Assert.Equal(8, records.Count);
        Assert.All(records.Where(r => r.DedupeKey is not null), r => Assert.Equal(Open.ClientId, r.ClientId));
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task A_finish_with_the_jobs_origin_id_and_another_order_id_is_ignored_with_a_warning()
    {
        var (_, tenant, printerId, machineCode) = await _harness.AddAlphaPrinterAsync();
        var job = await _harness.SubmitSentJobAsync(tenant, printerId);

        var receipt = await _harness.ReceiveAsync(Open.ClientId, "oauth_finish",
            PushTestKit.FinishBody(Open, machineCode, job.PlatformOrderId!.Value + 7, job.OriginId, _harness.Clock.GetUtcNow()));

        Assert.Equal(PushOutcome.Ignored, receipt.Outcome);
        Assert.Contains("mismatch", receipt.Detail);
        Assert.Equal(PrintJobState.Sent, (await _harness.LoadJobAsync(tenant, job.Id)).State);
        Assert.Equal(job.Id, (await _harness.PushRecordsAsync()).Single().JobId);
        var warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning && e.Category.EndsWith(nameof(PrintJobTracker), StringComparison.Ordinal));
        Assert.DoesNotContain(job.OriginId, warning.Text);
        Assert.DoesNotContain(Open.ClientSecret, warning.Text);
    }
}
