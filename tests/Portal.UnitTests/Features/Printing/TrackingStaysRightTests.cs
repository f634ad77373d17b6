using Portal.Features.Printing;
using Yilianyun.Sandbox;

namespace Portal.UnitTests.Features.Printing;

/// <summary>
/// Jobs keep their own outcome when the platform hands an order id out twice, a job nobody could send ends Failed and
/// can be reprinted, and the warning for an unsent job says what happened.
/// </summary>
public sealed class TrackingStaysRightTests : ConnectedPrinterTests
{
    private PrintJobTracker Tracker => Harness.Services.GetRequiredService<PrintJobTracker>();

    private async Task<PrintSubmissionItem> SubmitAsync(string receipt = "Order 17") =>
        Assert.Single((await Harness.Get<PrintJobSubmitter>().SubmitAsync(new PrintRequest([PrinterId], PrintJobKind.Text, receipt))).Value!.Items);

    private Task SetOrderIdAsync(Guid jobId, long? orderId) =>
        Harness.DbFactory.ReadAsync(TenantId, db => db.PrintJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(j => j.SetProperty(x => x.PlatformOrderId, orderId)));

    [Fact]
    public async Task A_report_naming_a_jobs_origin_id_with_another_order_id_leaves_the_job_as_it_is()
    {
        var job = await Harness.LoadJobAsync(TenantId, (await SubmitAsync()).JobId!.Value);

        var result = await Tracker.ApplyFinishAsync(new JobReport(job.AppId, MachineCode, job.PlatformOrderId!.Value + 1000, job.OriginId), true, JobUpdateSource.Push, default);

        Assert.True(result.Mismatch);
        Assert.False(result.Changed);
        Assert.Equal(job.Id, result.JobId);
        Assert.Equal(PrintJobState.Sent, (await Harness.LoadJobAsync(TenantId, job.Id)).State);
        Assert.Equal(PrintJobEventKind.OrderIdMismatch, (await Harness.JobEventsAsync(TenantId, job.Id)).Last().Kind);
    }

    [Fact]
    public async Task Two_jobs_of_one_app_cannot_hold_the_same_order_id()
    {
        var now = Harness.Clock.GetUtcNow();
        await Harness.AddJobAsync(TenantId, PrinterId, PrintJobState.Sent, now, now, platformOrderId: 91);

        await Assert.ThrowsAnyAsync<DbUpdateException>(() => Harness.AddJobAsync(TenantId, PrinterId, PrintJobState.Sent, now, now, platformOrderId: 91));
    }

    [Fact]
    public async Task A_job_given_an_order_id_another_job_holds_stays_sent_and_each_job_gets_its_own_finish()
    {
        // The earlier job holds the order id the platform then hands to the later one (as after the platform's crash).
        var earlier = await Harness.LoadJobAsync(TenantId, (await SubmitAsync("Order 1")).JobId!.Value);
        Sandbox.Faults.Add(new SandboxFault { Path = "print/index", DropResponse = true, Times = 1 });
        var laterId = (await SubmitAsync("Order 2")).JobId!.Value;
        var queued = await Harness.LoadJobAsync(TenantId, laterId);
        var reused = Sandbox.Admin.Jobs(MachineCode).Single(j => j.OriginId == queued.OriginId).Id;
        await SetOrderIdAsync(earlier.Id, reused);

        Assert.True((await Harness.Get<PrintJobSubmitter>().RetryAsync(laterId)).Succeeded);

        var later = await Harness.LoadJobAsync(TenantId, laterId);
        Assert.Equal((PrintJobState.Sent, (long?)null), (later.State, later.PlatformOrderId));
        Assert.Contains(await Harness.JobEventsAsync(TenantId, laterId), e => e.Kind == PrintJobEventKind.OrderIdTaken);
        Assert.True((await Tracker.ApplyFinishAsync(new JobReport(later.AppId, MachineCode, reused, later.OriginId), true, JobUpdateSource.Push, default)).Changed);
        Assert.Equal(PrintJobState.Printed, (await Harness.LoadJobAsync(TenantId, laterId)).State);
        Assert.Equal(PrintJobState.Sent, (await Harness.LoadJobAsync(TenantId, earlier.Id)).State);
        Assert.True((await Tracker.ApplyFinishAsync(new JobReport(earlier.AppId, MachineCode, reused, earlier.OriginId), true, JobUpdateSource.Push, default)).Changed);
        Assert.Equal(PrintJobState.Printed, (await Harness.LoadJobAsync(TenantId, earlier.Id)).State);
    }

    [Fact]
    public async Task A_poll_answer_for_another_origin_id_moves_that_job_not_the_one_that_asked()
    {
        var asking = await Harness.LoadJobAsync(TenantId, (await SubmitAsync("Order 1")).JobId!.Value);
        Sandbox.Faults.Add(new SandboxFault { Path = "print/index", DropResponse = true, Times = 1 });
        var ownerId = (await SubmitAsync("Order 2")).JobId!.Value;
        var owner = await Harness.LoadJobAsync(TenantId, ownerId);
        await SetOrderIdAsync(asking.Id, Sandbox.Admin.Jobs(MachineCode).Single(j => j.OriginId == owner.OriginId).Id);
        Harness.Clock.Advance(TimeSpan.FromMinutes(3));

        await Harness.Services.GetRequiredService<PrintStatusPoller>().SweepOnceAsync();

        Assert.Equal(PrintJobState.Sent, (await Harness.LoadJobAsync(TenantId, asking.Id)).State);
        Assert.Equal(PrintJobState.Printed, (await Harness.LoadJobAsync(TenantId, ownerId)).State);
    }

    [Fact]
    public async Task A_queued_job_past_the_resend_window_ends_failed_with_its_reason_and_can_be_reprinted()
    {
        Sandbox.Faults.Add(new SandboxFault { Path = "print/index", DropResponse = true, Times = 1 });
        var jobId = (await SubmitAsync()).JobId!.Value;
        Harness.Clock.Advance(PrintJobSender.SafeResendWindow + TimeSpan.FromMinutes(1));

        var sweep = await Harness.Services.GetRequiredService<PrintStatusPoller>().SweepOnceAsync();

        Assert.Equal((1, 0), (sweep.Expired, sweep.Resent));
        var failed = await Harness.LoadJobAsync(TenantId, jobId);
        Assert.Equal(PrintJobState.Failed, failed.State);
        Assert.Contains("2-hour repeat window", Portal.UnitTests.Features.Audit.AuditDetailTests.InLanguage("en-US", failed.FailureReason));
        Assert.Contains("2 小时", Portal.UnitTests.Features.Audit.AuditDetailTests.InLanguage("zh-CN", failed.FailureReason));
        Assert.True((await Harness.Get<PrintJobHistory>().GetAsync(jobId)).Value!.CanReprint);
        var reprint = await Harness.Get<PrintJobSubmitter>().ReprintAsync(jobId);
        Assert.Equal(PrintJobState.Sent, reprint.Value!.State);
        Assert.Equal(0, (await Harness.Services.GetRequiredService<PrintStatusPoller>().SweepOnceAsync()).Expired);
    }

    [Fact]
    public async Task Send_again_on_a_job_past_the_window_marks_it_failed()
    {
        Sandbox.Faults.Add(new SandboxFault { Path = "print/index", DropResponse = true, Times = 1 });
        var jobId = (await SubmitAsync()).JobId!.Value;
        Harness.Clock.Advance(TimeSpan.FromHours(2));

        var retried = await Harness.Get<PrintJobSubmitter>().RetryAsync(jobId);

        Assert.False(retried.Succeeded);
        Assert.Contains("Reprint it as a new job", retried.Error);
        Assert.Equal(PrintJobState.Failed, (await Harness.LoadJobAsync(TenantId, jobId)).State);
        Assert.Equal(1, Sandbox.PrintCalls());
    }

    [Fact]
    public async Task An_http_503_is_worded_as_such_not_as_no_answer_in_time()
    {
        Sandbox.Faults.Add(new SandboxFault { Path = "print/index", ServerErrorRate = 1, Times = 1 });

        var item = await SubmitAsync();

        Assert.Equal(PrintJobState.Queued, item.State);
        Assert.Contains("HTTP 503", item.Message);
        Assert.DoesNotContain("in time", item.Message);
        Assert.Contains(await Harness.JobEventsAsync(TenantId, item.JobId!.Value),
            e => e.Kind == PrintJobEventKind.SendFailed && Portal.UnitTests.Features.Audit.AuditDetailTests.InLanguage("zh-CN", e.Detail).Contains("HTTP 503", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dropped_connection_is_worded_as_such_in_both_languages()
    {
        Sandbox.Faults.Add(new SandboxFault { Path = "print/index", DropResponse = true, Times = 1 });
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            var item = await SubmitAsync();
            Assert.Contains("连接被拒绝或中断", item.Message);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void A_timeout_and_a_platform_code_are_worded_apart()
    {
        var timedOut = new YilianyunException(new YilianyunError(YilianyunErrorKind.Transport, "print/index", timedOut: true));
        var refused = new YilianyunException(new YilianyunError(YilianyunErrorKind.Platform, "print/index", 16, "offline"));

        Assert.Equal("no answer from the platform in time", Portal.UnitTests.Features.Audit.AuditDetailTests.InLanguage("en-US", AuditDetail.Of("{0}", AuditDetail.PlatformError(timedOut))));
        Assert.Equal("平台未及时应答", Portal.UnitTests.Features.Audit.AuditDetailTests.InLanguage("zh-CN", AuditDetail.Of("{0}", AuditDetail.PlatformError(timedOut))));
        Assert.EndsWith("(16)", Portal.UnitTests.Features.Audit.AuditDetailTests.InLanguage("en-US", AuditDetail.Of("{0}", AuditDetail.PlatformError(refused))));
    }
}
