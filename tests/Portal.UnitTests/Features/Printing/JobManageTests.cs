using Portal.Features.Printing;
using SandboxJobStatus = Yilianyun.Sandbox.State.PrintJobStatus;

namespace Portal.UnitTests.Features.Printing;

/// <summary>The history, one job's page, cancel, cancel-all, reprint, the CSV export, and company isolation.</summary>
public sealed class JobManageTests : ConnectedPrinterTests
{
    private PrintJobSubmitter Submitter => Harness.Get<PrintJobSubmitter>();

    private PrintJobHistory History => Harness.Get<PrintJobHistory>();

    private PrintJobCancellation Cancellation => Harness.Get<PrintJobCancellation>();

    private async Task<Guid> PrintAsync(string content, Guid? printer = null)
    {
        var item = (await Submitter.SubmitAsync(new PrintRequest([printer ?? PrinterId], PrintJobKind.Text, content))).Value!.Items.Single();
        Assert.NotNull(item.JobId);
        return item.JobId.Value;
    }

    [Fact]
    public async Task The_history_pages_newest_first_and_filters_by_printer_state_date_and_text()
    {
        var (second, secondCode) = await Harness.ConnectByConsentAsync(OwnerId);
        var ids = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await PrintAsync($"Order A-{i}", i % 2 == 0 ? PrinterId : second));
            Harness.Clock.Advance(TimeSpan.FromHours(1));
        }

        var job3 = await Harness.LoadJobAsync(TenantId, ids[3]);
        await Harness.Get<PrintJobTracker>().ApplyFinishAsync(new JobReport(job3.AppId, secondCode, job3.PlatformOrderId!.Value, job3.OriginId), true, JobUpdateSource.Push, default);
        var start = (await Harness.LoadJobAsync(TenantId, ids[0])).CreatedAt;

        var first = (await History.ListAsync(new PrintJobQuery(PageSize: 3))).Value!;
        Assert.Equal(7, first.TotalCount);
        Assert.Equal([ids[6], ids[5], ids[4]], first.Items.Select(r => r.Id));
        Assert.Equal("Order A-6", first.Items[0].Preview);
        Assert.Equal([ids[3], ids[2], ids[1]], (await History.ListAsync(new PrintJobQuery(Page: 1, PageSize: 3))).Value!.Items.Select(r => r.Id));
        Assert.Equal(4, (await History.ListAsync(new PrintJobQuery(PrinterId: PrinterId))).Value!.TotalCount);
        Assert.Equal([ids[3]], (await History.ListAsync(new PrintJobQuery(State: PrintJobState.Printed))).Value!.Items.Select(r => r.Id));
        Assert.Equal([ids[2], ids[1]], (await History.ListAsync(new PrintJobQuery(From: start.AddHours(1), To: start.AddHours(3)))).Value!.Items.Select(r => r.Id));
        Assert.Equal([ids[5]], (await History.ListAsync(new PrintJobQuery(Text: "A-5"))).Value!.Items.Select(r => r.Id));
        Assert.Equal([ids[3]], (await History.ListAsync(new PrintJobQuery(Text: job3.OriginId))).Value!.Items.Select(r => r.Id));
        Assert.Equal([ids[3]], (await History.ListAsync(new PrintJobQuery(Text: job3.PlatformOrderId.ToString()))).Value!.Items.Select(r => r.Id));
        Assert.Equal(ids[0], (await History.ListAsync(new PrintJobQuery(Descending: false))).Value!.Items[0].Id);
        Assert.Equal(ids[3], (await History.ListAsync(new PrintJobQuery(Sort: PrintJobSort.State))).Value!.Items[0].Id);
    }

    [Fact]
    public async Task A_job_page_has_the_printer_paper_width_and_history()
    {
        await using (var db = await Harness.DbFactory.CreateForTenantAsync(TenantId))
        {
            await db.Printers.Where(p => p.Id == PrinterId).ExecuteUpdateAsync(p => p.SetProperty(x => x.PaperWidth, "80"));
        }

        var id = await PrintAsync("<center>Hi</center>");

        var detail = (await History.GetAsync(id)).Value!;

        Assert.Equal(MachineCode, detail.MachineCode);
        Assert.Equal(PaperWidth.Mm80, detail.PaperWidth);
        Assert.Equal("<center>Hi</center>", detail.Content);
        Assert.Equal([PrintJobEventKind.Created, PrintJobEventKind.Sent], detail.Events.Select(e => e.Kind));
        // The timeline reads in each reader's language, whoever wrote it.
        Assert.Equal($"order {detail.PlatformOrderId}", Portal.UnitTests.Features.Audit.AuditDetailTests.InLanguage("en-US", detail.Events[1].Detail));
        Assert.Equal($"订单 {detail.PlatformOrderId}", Portal.UnitTests.Features.Audit.AuditDetailTests.InLanguage("zh-CN", detail.Events[1].Detail));
        Assert.True(detail.CanCancel);
        Assert.False(detail.CanRetry);
        Assert.Equal(PaperWidth.Mm58, PrintJobHistory.Paper(null));
    }

    [Fact]
    public async Task Cancel_cancels_an_unprinted_job_on_the_platform_too()
    {
        var id = await PrintAsync("Order 1");

        var result = await Cancellation.CancelAsync(id);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(PrintJobState.Cancelled, (await Harness.LoadJobAsync(TenantId, id)).State);
        Assert.Equal(SandboxJobStatus.Cancelled, Sandbox.Admin.Jobs(MachineCode).Single().Status);
        Assert.Contains("print.cancelled", await Harness.AuditActionsAsync(TenantId));
    }

    [Fact]
    public async Task Cancel_of_a_printed_job_is_refused_with_words()
    {
        var id = await PrintAndLetItPrintAsync("Order 1");

        var upstream = await Cancellation.CancelAsync(id);
        var job = await Harness.LoadJobAsync(TenantId, id);
        await Harness.Get<PrintJobTracker>().ApplyFinishAsync(new JobReport(job.AppId, MachineCode, job.PlatformOrderId!.Value, job.OriginId), true, JobUpdateSource.Push, default);
        var local = await Cancellation.CancelAsync(id);

        AssertRefused(upstream, "nothing to cancel");
        Assert.Contains(await Harness.JobEventsAsync(TenantId, id), e => e.Kind == PrintJobEventKind.CancelFailed);
        AssertRefused(local, "already Printed");
    }

    [Fact]
    public async Task Cancel_all_cancels_every_unprinted_job_of_the_printer_only()
    {
        var (other, otherCode) = await Harness.ConnectByConsentAsync(OwnerId);
        var a = await PrintAsync("Order 1");
        var b = await PrintAsync("Order 2");
        var elsewhere = await PrintAsync("Order 3", other);
        var progress = new RecordedProgress();

        var result = await Cancellation.CancelAllAsync(PrinterId, progress);

        Assert.Equal(new CancelAllOutcome(Cancelled: 2, AlreadyPrinted: 0, LeftToStatusCheck: 0), result.Value);
        Assert.Equal(PrintJobState.Cancelled, (await Harness.LoadJobAsync(TenantId, a)).State);
        Assert.Equal(PrintJobState.Cancelled, (await Harness.LoadJobAsync(TenantId, b)).State);
        Assert.Equal(PrintJobState.Sent, (await Harness.LoadJobAsync(TenantId, elsewhere)).State);
        Assert.All(Sandbox.Admin.Jobs(MachineCode), j => Assert.Equal(SandboxJobStatus.Cancelled, j.Status));
        Assert.Equal(SandboxJobStatus.Unprinted, Sandbox.Admin.Jobs(otherCode).Single().Status);
        Assert.Contains("print.cancelled-all", await Harness.AuditActionsAsync(TenantId));
        // The page's bar counts the two Sent jobs' status checks.
        Assert.Equal(new WorkProgress(0, 2), progress.Reports[0]);
        Assert.Equal(new WorkProgress(2, 2), progress.Reports.MaxBy(r => r.Done));
        Assert.Equal(3, progress.Reports.Count);
    }

    [Fact]
    public async Task Cancel_all_marks_a_job_printed_before_its_push_arrived_printed_not_cancelled()
    {
        var printedEarlier = await PrintAndLetItPrintAsync("Order 1");
        var waiting = await PrintAsync("Order 2");
        var heard = new List<LiveChange>();
        using var subscription = Harness.Get<LiveChanges>().Subscribe(TenantId, change =>
        {
            lock (heard)
            {
                heard.Add(change);
            }

            return Task.CompletedTask;
        });

        var result = await Cancellation.CancelAllAsync(PrinterId);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(new CancelAllOutcome(Cancelled: 1, AlreadyPrinted: 1, LeftToStatusCheck: 0), result.Value);
        var printed = await Harness.LoadJobAsync(TenantId, printedEarlier);
        Assert.Equal(PrintJobState.Printed, printed.State);
        Assert.NotNull(printed.FinishedAt);
        var printedEvent = (await Harness.JobEventsAsync(TenantId, printedEarlier)).Last();
        Assert.Equal(PrintJobEventKind.Printed, printedEvent.Kind);
        Assert.StartsWith("cancel all found it printed", Portal.UnitTests.Features.Audit.AuditDetailTests.InLanguage("en-US", printedEvent.Detail));
        Assert.Equal(PrintJobState.Cancelled, (await Harness.LoadJobAsync(TenantId, waiting)).State);
        Assert.Equal(PrintJobEventKind.Cancelled, (await Harness.JobEventsAsync(TenantId, waiting)).Last().Kind);
        await WaitUntilAsync(() => { lock (heard) { return heard.Select(c => c.JobId).ToHashSet().SetEquals([printedEarlier, waiting]); } });

        // The push that was on its way changes nothing any more.
        var late = await Harness.Get<PrintJobTracker>().ApplyFinishAsync(new JobReport(printed.AppId, MachineCode, printed.PlatformOrderId!.Value, printed.OriginId), true, JobUpdateSource.Push, default);
        Assert.False(late.Changed);
    }

    [Fact]
    public async Task Cancel_all_leaves_a_job_whose_status_cannot_be_read_to_the_poller()
    {
        // Printed on the platform, its push not here yet, and the status question refused: the job is not guessed Cancelled.
        var id = await PrintAsync("Order 1");
        Harness.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(SandboxJobStatus.Printed, Sandbox.Admin.Jobs(MachineCode).Single().Status);
        Sandbox.Faults.Add(new SandboxFault { Path = "printer/getorderstatus", ForceError = 9 });

        var result = await Cancellation.CancelAllAsync(PrinterId);

        Assert.Equal(new CancelAllOutcome(Cancelled: 0, AlreadyPrinted: 0, LeftToStatusCheck: 1), result.Value);
        Assert.Equal(PrintJobState.Sent, (await Harness.LoadJobAsync(TenantId, id)).State);
        Assert.DoesNotContain(await Harness.JobEventsAsync(TenantId, id), e => e.Kind == PrintJobEventKind.Cancelled);

        Sandbox.Faults.Clear();
        Harness.Clock.Advance(TimeSpan.FromMinutes(3));
        await Harness.Services.GetRequiredService<PrintStatusPoller>().SweepOnceAsync();
        Assert.Equal(PrintJobState.Printed, (await Harness.LoadJobAsync(TenantId, id)).State);
    }

    [Fact]
    public async Task Cancel_all_asks_about_the_newest_fifty_sent_jobs_and_leaves_older_ones_to_the_poller()
    {
        var ids = new List<Guid>();
        for (var i = 0; i <= PrintJobCancellation.CancelAllStatusChecks; i++)
        {
            ids.Add(await PrintAsync($"Order {i}"));
            Harness.Clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        Sandbox.Journal.Clear();
        var result = await Cancellation.CancelAllAsync(PrinterId);

        Assert.Equal(new CancelAllOutcome(Cancelled: PrintJobCancellation.CancelAllStatusChecks, AlreadyPrinted: 0, LeftToStatusCheck: 1), result.Value);
        Assert.Equal(PrintJobCancellation.CancelAllStatusChecks, Sandbox.Journal.Entries.Count(e => e.Path.EndsWith("getorderstatus", StringComparison.Ordinal)));
        Assert.Equal(PrintJobState.Sent, (await Harness.LoadJobAsync(TenantId, ids[0])).State);
        Assert.Equal(PrintJobState.Cancelled, (await Harness.LoadJobAsync(TenantId, ids[^1])).State);
    }

    [Fact]
    public async Task Cancel_all_touches_no_other_companys_jobs()
    {
        var mine = await PrintAsync("Alpha order");
        var (betaOwner, betaTenant) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        var (betaPrinter, betaCode) = await Harness.ConnectByConsentAsync(betaOwner);
        var theirs = (await Submitter.SubmitAsync(new PrintRequest([betaPrinter], PrintJobKind.Text, "Beta order"))).Value!.Items.Single().JobId!.Value;
        Harness.Clock.Advance(TimeSpan.FromSeconds(5));
        Sandbox.Admin.Jobs(betaCode);

        Assert.False((await Cancellation.CancelAllAsync(PrinterId)).Succeeded);
        var own = await Cancellation.CancelAllAsync(betaPrinter);

        Assert.Equal(new CancelAllOutcome(Cancelled: 0, AlreadyPrinted: 1, LeftToStatusCheck: 0), own.Value);
        Assert.Equal(PrintJobState.Printed, (await Harness.LoadJobAsync(betaTenant, theirs)).State);
        Assert.Equal(PrintJobState.Sent, (await Harness.LoadJobAsync(TenantId, mine)).State);
        Assert.DoesNotContain("print.cancelled-all", await Harness.AuditActionsAsync(TenantId));
    }

    /// <summary>Prints <paramref name="content"/> as the printer's only job and lets five seconds pass, so the sandbox printer has printed it; no push has told the portal yet.</summary>
    private async Task<Guid> PrintAndLetItPrintAsync(string content)
    {
        var id = await PrintAsync(content);
        Harness.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(SandboxJobStatus.Printed, Sandbox.Admin.Jobs(MachineCode).Single().Status);
        return id;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 250 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(condition());
    }

    [Fact]
    public async Task Reprint_creates_a_new_job_with_a_new_origin_id()
    {
        var id = await PrintAsync("Order 1");
        var original = await Harness.LoadJobAsync(TenantId, id);

        var result = await Submitter.ReprintAsync(id);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(PrinterId, result.Value!.PrinterId);
        var copy = await Harness.LoadJobAsync(TenantId, result.Value.JobId!.Value);
        Assert.Equal(id, copy.ReprintOfId);
        Assert.NotEqual(original.OriginId, copy.OriginId);
        Assert.Equal(PrintJobState.Sent, copy.State);
        Assert.Equal(2, Sandbox.Admin.Jobs(MachineCode).Count);
        Assert.Contains("print.reprinted", await Harness.AuditActionsAsync(TenantId));
        Assert.Contains(await Harness.JobEventsAsync(TenantId, id), e => e.Kind == PrintJobEventKind.Reprinted);
    }

    [Fact]
    public async Task The_csv_holds_the_filtered_jobs_and_defuses_formulas()
    {
        await PrintAsync("=HYPERLINK(\"http://evil\")");
        await PrintAsync("Plain, with \"quotes\"");
        var writer = new StringWriter();

        Assert.True(await History.WriteCsvAsync(new PrintJobQuery(), writer));

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("Created,Printer,", lines[0]);
        Assert.EndsWith("\"Plain, with \"\"quotes\"\"\"", lines[1].TrimEnd('\r'));
        Assert.EndsWith("\"'=HYPERLINK(\"\"http://evil\"\")\"", lines[2].TrimEnd('\r'));
        Assert.Equal("'+1", CsvCells.MinimalCell("+1"));
        Assert.Equal("'-1", CsvCells.MinimalCell("-1"));
        Assert.Equal("'@SUM(A1)", CsvCells.MinimalCell("@SUM(A1)"));

        var filtered = new StringWriter();
        await History.WriteCsvAsync(new PrintJobQuery(Text: "Plain"), filtered);
        Assert.Equal(2, filtered.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Another_company_cannot_list_open_cancel_retry_reprint_or_export_my_jobs()
    {
        var id = await PrintAsync("Alpha's secret order");
        var (beta, _) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        Harness.SignIn(beta);
        Sandbox.Journal.Clear();

        Assert.Empty((await History.ListAsync(new PrintJobQuery())).Value!.Items);
        Assert.Empty((await History.ListAsync(new PrintJobQuery(PrinterId: PrinterId))).Value!.Items);
        Assert.False((await History.GetAsync(id)).Succeeded);
        Assert.False((await Cancellation.CancelAsync(id)).Succeeded);
        Assert.False((await Submitter.RetryAsync(id)).Succeeded);
        Assert.False((await Submitter.ReprintAsync(id)).Succeeded);
        Assert.False((await Cancellation.CancelAllAsync(PrinterId)).Succeeded);
        var printToTheirs = (await Submitter.SubmitAsync(new PrintRequest([PrinterId], PrintJobKind.Text, "x"))).Value!.Items.Single();
        Assert.Null(printToTheirs.JobId);
        var csv = new StringWriter();
        await History.WriteCsvAsync(new PrintJobQuery(), csv);
        Assert.DoesNotContain("secret", csv.ToString());

        Assert.Empty(Sandbox.Journal.Entries);
        Assert.Equal(PrintJobState.Sent, (await Harness.LoadJobAsync(TenantId, id)).State);
        Assert.Single(Sandbox.Admin.Jobs(MachineCode));
    }
}
