using Portal.Features.Printing;

namespace Portal.UnitTests.Features.Printing;

/// <summary>Pushes and polls moving jobs: forward only, once, in the job's own company, announced live.</summary>
public sealed class TrackerTests : ConnectedPrinterTests
{
    private PrintJobTracker Tracker => Harness.Services.GetRequiredService<PrintJobTracker>();

    private async Task<PrintJob> SendAsync()
    {
        var item = (await Harness.Get<PrintJobSubmitter>().SubmitAsync(new PrintRequest([PrinterId], PrintJobKind.Text, "Order 17"))).Value!.Items.Single();
        return await Harness.LoadJobAsync(TenantId, item.JobId!.Value);
    }

    [Fact]
    public async Task A_finish_push_moves_a_sent_job_to_printed_and_tells_the_company()
    {
        var job = await SendAsync();
        var heard = new TaskCompletionSource<LiveChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = Harness.Services.GetRequiredService<LiveChanges>().Subscribe(TenantId, change =>
        {
            if (change.JobId == job.Id)
            {
                heard.TrySetResult(change);
            }

            return Task.CompletedTask;
        });

        var result = await Tracker.ApplyFinishAsync(new JobReport(job.AppId, MachineCode, job.PlatformOrderId!.Value, job.OriginId), printed: true, JobUpdateSource.Push, default);

        Assert.Equal(new JobTrackResult(true, true, TenantId, PrinterId, job.Id, "Sent → Printed"), result);
        var printed = await Harness.LoadJobAsync(TenantId, job.Id);
        Assert.Equal(PrintJobState.Printed, printed.State);
        Assert.Equal(Harness.Clock.GetUtcNow(), printed.FinishedAt);
        Assert.NotEqual(job.Version, printed.Version);
        var last = (await Harness.JobEventsAsync(TenantId, job.Id)).Last();
        Assert.Equal(PrintJobEventKind.Printed, last.Kind);
        Assert.StartsWith("push: order ", Portal.UnitTests.Features.Audit.AuditDetailTests.InLanguage("en-US", last.Detail));
        Assert.Equal(LiveChange.JobKind, (await heard.Task.WaitAsync(TimeSpan.FromSeconds(5))).Kind);
    }

    [Fact]
    public async Task A_duplicate_push_changes_nothing()
    {
        var job = await SendAsync();
        await Tracker.ApplyFinishAsync(new JobReport(job.AppId, MachineCode, job.PlatformOrderId!.Value, job.OriginId), true, JobUpdateSource.Push, default);
        var events = (await Harness.JobEventsAsync(TenantId, job.Id)).Count;

        var again = await Tracker.ApplyFinishAsync(new JobReport(job.AppId, MachineCode, job.PlatformOrderId.Value, job.OriginId), true, JobUpdateSource.Push, default);

        Assert.True(again.Found);
        Assert.False(again.Changed);
        Assert.Equal(events, (await Harness.JobEventsAsync(TenantId, job.Id)).Count);
    }

    [Fact]
    public async Task A_finished_job_never_moves_back()
    {
        var job = await SendAsync();
        await Tracker.ApplyFinishAsync(new JobReport(job.AppId, MachineCode, job.PlatformOrderId!.Value, job.OriginId), printed: false, JobUpdateSource.Push, default);

        var late = await Tracker.ApplyFinishAsync(new JobReport(job.AppId, MachineCode, job.PlatformOrderId.Value, job.OriginId), printed: true, JobUpdateSource.Poll, default);

        Assert.False(late.Changed);
        var stored = await Harness.LoadJobAsync(TenantId, job.Id);
        Assert.Equal(PrintJobState.Failed, stored.State);
        Assert.Contains("not printed", stored.FailureReason);
    }

    [Fact]
    public async Task Racing_pushes_move_the_job_once()
    {
        var job = await SendAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Tracker.ApplyFinishAsync(new JobReport(job.AppId, MachineCode, job.PlatformOrderId!.Value, job.OriginId), true, JobUpdateSource.Push, default)));

        Assert.Single(results, r => r.Changed);
        Assert.Single(await Harness.JobEventsAsync(TenantId, job.Id), e => e.Kind == PrintJobEventKind.Printed);
    }

    [Fact]
    public async Task A_push_that_beats_the_answer_finds_the_job_by_its_origin_id()
    {
        Sandbox.Faults.Add(new Yilianyun.Sandbox.SandboxFault { Path = "print/index", DropResponse = true, Times = 1 });
        var job = await SendAsync();
        Assert.Null(job.PlatformOrderId);

        var result = await Tracker.ApplyFinishAsync(new JobReport(job.AppId, MachineCode, 4242, job.OriginId), true, JobUpdateSource.Push, default);

        Assert.True(result.Changed);
        var stored = await Harness.LoadJobAsync(TenantId, job.Id);
        Assert.Equal(PrintJobState.Printed, stored.State);
        Assert.Equal(4242, stored.PlatformOrderId);
    }

    [Fact]
    public async Task Unknown_orders_and_other_apps_are_not_found()
    {
        var job = await SendAsync();

        Assert.False((await Tracker.ApplyFinishAsync(new JobReport(job.AppId, MachineCode, 999_999, "nosuchorigin"), true, JobUpdateSource.Push, default)).Found);
        Assert.False((await Tracker.ApplyFinishAsync(new JobReport(Guid.NewGuid(), MachineCode, job.PlatformOrderId!.Value, job.OriginId), true, JobUpdateSource.Push, default)).Found);
        Assert.Equal(PrintJobState.Sent, (await Harness.LoadJobAsync(TenantId, job.Id)).State);
    }

    [Fact]
    public async Task An_order_decision_is_recorded_in_the_history()
    {
        var job = await SendAsync();

        var result = await Tracker.ApplyOrderDecisionAsync(new JobReport(job.AppId, MachineCode, job.PlatformOrderId!.Value, null), accepted: false, default);

        Assert.True(result.Changed);
        Assert.Equal(PrintJobEventKind.OrderRejected, (await Harness.JobEventsAsync(TenantId, job.Id)).Last().Kind);
        Assert.Equal(PrintJobState.Sent, (await Harness.LoadJobAsync(TenantId, job.Id)).State);
    }

    [Fact]
    public async Task The_poller_asks_about_overdue_jobs_once_and_moves_printed_ones()
    {
        var job = await SendAsync();
        var poller = Harness.Services.GetRequiredService<PrintStatusPoller>();

        Assert.Equal(0, (await poller.SweepOnceAsync()).Polled);

        Harness.Clock.Advance(TimeSpan.FromMinutes(3));
        var sweep = await poller.SweepOnceAsync();

        Assert.Equal((1, 1), (sweep.Polled, sweep.Moved));
        var stored = await Harness.LoadJobAsync(TenantId, job.Id);
        Assert.Equal(PrintJobState.Printed, stored.State);
        Assert.Equal(Harness.Clock.GetUtcNow(), stored.LastPolledAt);
        Assert.StartsWith("poll: order ", Portal.UnitTests.Features.Audit.AuditDetailTests.InLanguage("en-US", (await Harness.JobEventsAsync(TenantId, job.Id)).Last().Detail));
        Assert.Equal(0, (await poller.SweepOnceAsync()).Polled);
    }

    [Fact]
    public async Task An_unprinted_job_is_polled_again_only_after_the_repoll_interval()
    {
        Sandbox.Admin.SetPrinterState(MachineCode, Yilianyun.Sandbox.SandboxPrinterState.Offline);
        var job = await SendAsync();
        var poller = Harness.Services.GetRequiredService<PrintStatusPoller>();
        Harness.Clock.Advance(TimeSpan.FromMinutes(3));

        var first = await poller.SweepOnceAsync();
        Assert.Equal((1, 0), (first.Polled, first.Moved));
        Harness.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, (await poller.SweepOnceAsync()).Polled);
        Sandbox.Admin.SetPrinterState(MachineCode, Yilianyun.Sandbox.SandboxPrinterState.Online);
        Harness.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(1, (await poller.SweepOnceAsync()).Moved);

        Assert.Equal(PrintJobState.Printed, (await Harness.LoadJobAsync(TenantId, job.Id)).State);
        Assert.Contains(await Harness.JobEventsAsync(TenantId, job.Id), e => e.Kind == PrintJobEventKind.Polled);
    }

    [Fact]
    public async Task Two_pollers_ask_about_a_job_once()
    {
        await SendAsync();
        Harness.Clock.Advance(TimeSpan.FromMinutes(3));
        var first = ActivatorUtilities.CreateInstance<PrintStatusPoller>(Harness.Services);
        var second = ActivatorUtilities.CreateInstance<PrintStatusPoller>(Harness.Services);
        Sandbox.Journal.Clear();

        await Task.WhenAll(first.SweepOnceAsync(), second.SweepOnceAsync());

        Assert.Single(Sandbox.Journal.Entries, e => e.Path.EndsWith("getorderstatus", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_subscription_stops_when_disposed()
    {
        var changes = Harness.Services.GetRequiredService<LiveChanges>();
        var subscription = changes.Subscribe(TenantId, _ => Task.CompletedTask);
        Assert.Equal(1, changes.SubscriberCount(TenantId));

        subscription.Dispose();
        subscription.Dispose();

        Assert.Equal(0, changes.SubscriberCount(TenantId));
    }
}
