using Portal.Features.Printing;
using SandboxJobStatus = Yilianyun.Sandbox.State.PrintJobStatus;

namespace Portal.UnitTests.Features.Printing;

/// <summary>Submitting prints through the service against the in-process sandbox: the round trip, idempotency, bad input.</summary>
public sealed class JobSubmitTests : ConnectedPrinterTests
{
    private const string Receipt = "<FS2><center>Alpha Noodles</center></FS2>\n牛肉面 x2    ¥36.00\n<QR>https://a.test/o/1</QR>";

    private PrintJobSubmitter Jobs => Harness.Get<PrintJobSubmitter>();

    private Task<Portal.Infrastructure.Common.ServiceResult<PrintSubmission>> SubmitAsync(string content = Receipt, int copies = 1, string? key = null, PrintJobKind kind = PrintJobKind.Text) =>
        Jobs.SubmitAsync(new PrintRequest([PrinterId], kind, content, copies) { SubmissionKey = key });

    [Fact]
    public async Task A_print_reaches_the_virtual_printer_with_the_exact_content_and_the_job_is_sent()
    {
        var result = await SubmitAsync(copies: 2);

        Assert.True(result.Succeeded, result.Error);
        var item = Assert.Single(result.Value!.Items);
        Assert.Equal(PrintJobState.Sent, item.State);
        Assert.Null(item.Message);
        var job = await Harness.LoadJobAsync(TenantId, item.JobId!.Value);
        var upstream = Assert.Single(Sandbox.Admin.Jobs(MachineCode));
        Assert.Equal("<MN>2</MN>" + Receipt, upstream.Content);
        Assert.Equal(job.OriginId, upstream.OriginId);
        Assert.Equal(upstream.Id, job.PlatformOrderId);
        Assert.Equal(PrintJobState.Sent, job.State);
        Assert.Equal(Receipt, job.Content);
        Assert.Equal(2, job.Copies);
        Assert.Equal("Alpha Noodles owner", job.CreatedByName);
        Assert.Matches("^[0-9a-z]{32}$", job.OriginId);
        Assert.Equal([PrintJobEventKind.Created, PrintJobEventKind.Sent], (await Harness.JobEventsAsync(TenantId, job.Id)).Select(e => e.Kind));
        Assert.Contains("print.submitted", await Harness.AuditActionsAsync(TenantId));
    }

    [Fact]
    public async Task A_picture_print_sends_the_url_to_pictureprint()
    {
        var result = await SubmitAsync("https://cdn.a.test/logo.png", kind: PrintJobKind.Picture);

        Assert.Equal(PrintJobState.Sent, Assert.Single(result.Value!.Items).State);
        var upstream = Assert.Single(Sandbox.Admin.Jobs(MachineCode));
        Assert.Equal(Yilianyun.Sandbox.State.PrintJobKind.Picture, upstream.Kind);
        Assert.Equal("https://cdn.a.test/logo.png", upstream.Content);
    }

    [Fact]
    public async Task Several_printers_each_get_their_own_job_and_origin_id()
    {
        var (second, secondCode) = await Harness.ConnectByConsentAsync(OwnerId);

        var result = await Jobs.SubmitAsync(new PrintRequest([PrinterId, second, PrinterId], PrintJobKind.Text, Receipt));

        Assert.Equal(2, result.Value!.Items.Count);
        Assert.All(result.Value.Items, i => Assert.Equal(PrintJobState.Sent, i.State));
        Assert.NotEqual(Sandbox.Admin.Jobs(MachineCode).Single().OriginId, Sandbox.Admin.Jobs(secondCode).Single().OriginId);
    }

    [Fact]
    public async Task A_dropped_answer_leaves_the_job_queued_and_a_retry_with_the_same_origin_id_prints_once()
    {
        Sandbox.Faults.Add(new SandboxFault { Path = "print/index", DropResponse = true, Times = 1 });

        var item = Assert.Single((await SubmitAsync()).Value!.Items);

        Assert.Equal(PrintJobState.Queued, item.State);
        Assert.True(item.IsWarning);
        Assert.Contains("cannot print twice", item.Message);
        var queued = await Harness.LoadJobAsync(TenantId, item.JobId!.Value);
        Assert.Equal(PrintJobState.Queued, queued.State);
        Assert.Null(queued.PlatformOrderId);
        // The platform did the work: the virtual printer holds the job although the portal never heard so.
        var upstream = Assert.Single(Sandbox.Admin.Jobs(MachineCode));

        var retried = await Jobs.RetryAsync(queued.Id);

        Assert.True(retried.Succeeded, retried.Error);
        var sent = await Harness.LoadJobAsync(TenantId, queued.Id);
        Assert.Equal(PrintJobState.Sent, sent.State);
        Assert.Equal(upstream.Id, sent.PlatformOrderId);
        Assert.Single(Sandbox.Admin.Jobs(MachineCode));
        Assert.Equal(2, Sandbox.PrintCalls());
        Assert.Equal([PrintJobEventKind.Created, PrintJobEventKind.SendFailed, PrintJobEventKind.Retried, PrintJobEventKind.Sent],
            (await Harness.JobEventsAsync(TenantId, queued.Id)).Select(e => e.Kind));
    }

    [Fact]
    public async Task The_poller_resends_a_job_whose_answer_was_lost_and_it_prints_once()
    {
        Sandbox.Faults.Add(new SandboxFault { Path = "print/index", DropResponse = true, Times = 1 });
        var jobId = Assert.Single((await SubmitAsync()).Value!.Items).JobId!.Value;
        var poller = Harness.Services.GetRequiredService<PrintStatusPoller>();

        Assert.Equal(0, (await poller.SweepOnceAsync()).Resent);
        Harness.Clock.Advance(TimeSpan.FromMinutes(2));
        var sweep = await poller.SweepOnceAsync();

        Assert.Equal(1, sweep.Resent);
        Assert.Equal(PrintJobState.Sent, (await Harness.LoadJobAsync(TenantId, jobId)).State);
        Assert.Single(Sandbox.Admin.Jobs(MachineCode));
    }

    [Fact]
    public async Task A_queued_job_older_than_the_platforms_idempotence_window_is_not_resent()
    {
        Sandbox.Faults.Add(new SandboxFault { Path = "print/index", DropResponse = true, Times = 1 });
        var jobId = Assert.Single((await SubmitAsync()).Value!.Items).JobId!.Value;
        Harness.Clock.Advance(TimeSpan.FromHours(2));

        var retried = await Jobs.RetryAsync(jobId);
        var sweep = await Harness.Services.GetRequiredService<PrintStatusPoller>().SweepOnceAsync();

        AssertRefused(retried, "Reprint");
        Assert.Equal(0, sweep.Resent);
        Assert.Equal(1, Sandbox.PrintCalls());
    }

    [Fact]
    public async Task The_same_submission_key_twice_creates_one_job_and_one_upstream_print()
    {
        var key = Guid.NewGuid().ToString("N");

        var first = Assert.Single((await SubmitAsync(key: key)).Value!.Items);
        var second = Assert.Single((await SubmitAsync(key: key)).Value!.Items);

        Assert.Equal(first.JobId, second.JobId);
        Assert.Equal(PrintJobState.Sent, second.State);
        Assert.Contains("already submitted", second.Message);
        Assert.Single(Sandbox.Admin.Jobs(MachineCode));
        Assert.Equal(1, Sandbox.PrintCalls());
    }

    [Fact]
    public async Task A_double_click_racing_itself_prints_once()
    {
        var key = Guid.NewGuid().ToString("N");

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SubmitAsync(key: key)));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
        Assert.Single(results.Select(r => r.Value!.Items.Single().JobId).Distinct());
        Assert.Single(Sandbox.Admin.Jobs(MachineCode));
        await using var db = await Harness.DbFactory.CreateForTenantAsync(TenantId);
        Assert.Equal(1, await db.PrintJobs.CountAsync());
    }

    [Fact]
    public async Task A_new_submission_key_prints_again()
    {
        await SubmitAsync(key: "form-state-1");
        await SubmitAsync(key: "form-state-2");

        Assert.Equal(2, Sandbox.Admin.Jobs(MachineCode).Count);
    }

    [Theory]
    [InlineData("", 1, PrintJobKind.Text, "empty")]
    [InlineData("   \n ", 1, PrintJobKind.Text, "empty")]
    [InlineData("Receipt", 0, PrintJobKind.Text, "between 1 and 9")]
    [InlineData("Receipt", 10, PrintJobKind.Text, "between 1 and 9")]
    [InlineData("ftp://a.test/logo.png", 1, PrintJobKind.Picture, "http://")]
    [InlineData("logo.png", 1, PrintJobKind.Picture, "http://")]
    [InlineData("", 1, PrintJobKind.Picture, "address")]
    [InlineData("https://a.test/logo.png", 2, PrintJobKind.Picture, "one copy")]
    public async Task Bad_input_is_refused_with_a_message_and_nothing_is_written_or_sent(string content, int copies, PrintJobKind kind, string expected)
    {
        var result = await SubmitAsync(content, copies, kind: kind);

        AssertRefused(result, expected);
        await AssertNothingWrittenOrSentAsync();
    }

    [Fact]
    public async Task Content_over_the_platform_limit_is_refused_counting_the_copies_tag()
    {
        var limit = new string('a', PrintInputRules.MaxContentLength);
        Assert.True((await SubmitAsync(limit)).Succeeded);
        Sandbox.Journal.Clear();

        var result = await SubmitAsync(limit, copies: 2);

        AssertRefused(result, "at most 32767");
        Assert.Equal(0, Sandbox.PrintCalls());
    }

    [Fact]
    public async Task No_printer_chosen_is_refused()
    {
        var result = await Jobs.SubmitAsync(new PrintRequest([], PrintJobKind.Text, Receipt));

        AssertRefused(result, "at least one printer");
    }

    [Fact]
    public async Task A_revoked_printer_is_refused_without_a_call()
    {
        Assert.True((await Harness.Get<PrinterRevocation>().RevokeAsync(PrinterId)).Succeeded);
        Sandbox.Journal.Clear();

        var item = Assert.Single((await SubmitAsync()).Value!.Items);

        Assert.Null(item.JobId);
        Assert.Equal(PrintJobState.Failed, item.State);
        Assert.Contains("revoked", item.Message);
        Assert.False(item.IsWarning);
        await AssertNothingWrittenOrSentAsync();
    }

    [Fact]
    public async Task A_printer_needing_reauthorization_is_refused()
    {
        await using (var db = await Harness.DbFactory.CreateForTenantAsync(TenantId))
        {
            await db.Printers.Where(p => p.Id == PrinterId).ExecuteUpdateAsync(p => p.SetProperty(x => x.TokenState, PrinterTokenState.NeedsReauthorization));
        }

        var item = Assert.Single((await SubmitAsync()).Value!.Items);

        Assert.Contains("re-authorized", item.Message);
        await AssertNothingWrittenOrSentAsync();
    }

    [Theory]
    [InlineData(PrinterOnlineState.Offline, SandboxPrinterState.Offline, "offline")]
    [InlineData(PrinterOnlineState.OutOfPaper, SandboxPrinterState.OutOfPaper, "out of paper")]
    public async Task An_offline_or_paperless_printer_warns_but_the_job_is_queued_upstream(PrinterOnlineState known, SandboxPrinterState actual, string expected)
    {
        Sandbox.Admin.SetPrinterState(MachineCode, actual);
        await using (var db = await Harness.DbFactory.CreateForTenantAsync(TenantId))
        {
            await db.Printers.Where(p => p.Id == PrinterId).ExecuteUpdateAsync(p => p.SetProperty(x => x.OnlineState, known));
        }

        var item = Assert.Single((await SubmitAsync()).Value!.Items);

        Assert.Equal(PrintJobState.Sent, item.State);
        Assert.True(item.IsWarning);
        Assert.Contains(expected, item.Message);
        Harness.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(SandboxJobStatus.Unprinted, Assert.Single(Sandbox.Admin.Jobs(MachineCode)).Status);
    }

    [Fact]
    public async Task An_expired_access_token_is_refreshed_once_and_the_print_retried_once()
    {
        Harness.Clock.Advance(TimeSpan.FromDays(31));
        Sandbox.Journal.Clear();

        var item = Assert.Single((await SubmitAsync()).Value!.Items);

        Assert.Equal(PrintJobState.Sent, item.State);
        Assert.Equal(1, Sandbox.TokenRequests("refresh_token"));
        var calls = Sandbox.Journal.Entries.Where(e => e.Path.EndsWith("print/index", StringComparison.Ordinal)).ToList();
        Assert.Equal([18, null], calls.Select(c => c.Error is 0 ? null : c.Error));
        Assert.Single(Sandbox.Admin.Jobs(MachineCode));
    }

    [Fact]
    public async Task An_upstream_refusal_fails_the_job_with_the_platforms_code_in_words()
    {
        Sandbox.Faults.Add(new SandboxFault { Path = "print/index", ForceError = 9, Times = 1 });

        var item = Assert.Single((await SubmitAsync()).Value!.Items);

        Assert.Equal(PrintJobState.Failed, item.State);
        Assert.Contains("(9)", item.Message);
        var job = await Harness.LoadJobAsync(TenantId, item.JobId!.Value);
        Assert.Equal(PrintJobState.Failed, job.State);
        Assert.Contains("(9)", Portal.UnitTests.Features.Audit.AuditDetailTests.InLanguage("en-US", job.FailureReason));
        Assert.NotNull(job.FinishedAt);
        Assert.Equal(["print.submitted", "print.failed"], (await Harness.AuditActionsAsync(TenantId)).Where(a => a.StartsWith("print.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_plain_member_may_print()
    {
        var member = await Harness.AddUserAsync("cook@a.test", trueName: "Cook");
        await Harness.AddMemberAsync(TenantId, member, TenantRole.Member);

        Harness.SignIn(member);
        var item = Assert.Single((await SubmitAsync()).Value!.Items);

        Assert.Equal(PrintJobState.Sent, item.State);
        Assert.Equal("Cook", (await Harness.LoadJobAsync(TenantId, item.JobId!.Value)).CreatedByName);
    }

    [Fact]
    public async Task Without_a_company_nothing_is_printed()
    {
        Harness.SignIn(await Harness.AddUserAsync("drifter@x.test"));

        var result = await SubmitAsync();

        Assert.False(result.Succeeded);
        Assert.Equal(0, Sandbox.PrintCalls());
    }

    [Fact]
    public void Origin_ids_from_a_submission_key_are_stable_per_company_and_printer_and_fit_the_platform()
    {
        var (tenant, printer, other) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        var id = PrintJobSubmitter.OriginIdFor(tenant, printer, "k1");

        Assert.Matches("^[0-9a-z]{32}$", id);
        Assert.Equal(id, PrintJobSubmitter.OriginIdFor(tenant, printer, "k1"));
        Assert.NotEqual(id, PrintJobSubmitter.OriginIdFor(tenant, other, "k1"));
        Assert.NotEqual(id, PrintJobSubmitter.OriginIdFor(Guid.NewGuid(), printer, "k1"));
        Assert.NotEqual(id, PrintJobSubmitter.OriginIdFor(tenant, printer, "k2"));
        Assert.NotEqual(PrintJobSubmitter.OriginIdFor(tenant, printer, null), PrintJobSubmitter.OriginIdFor(tenant, printer, null));
    }

    private async Task AssertNothingWrittenOrSentAsync()
    {
        await using var db = await Harness.DbFactory.CreateForTenantAsync(TenantId);
        Assert.Equal(0, await db.PrintJobs.CountAsync());
        Assert.Equal(0, Sandbox.PrintCalls());
    }
}
