namespace Portal.UnitTests.Features.Printers;

/// <summary>"Why didn't it print?" names each cause from the printer's and the queue's real state.</summary>
public sealed class DiagnosisTests : ConnectedPrinterTests
{
    private PrintDiagnosis Diagnosis => Harness.Get<PrintDiagnosis>();

    [Fact]
    public async Task A_healthy_printer_passes_every_check()
    {
        await PushUrlsRegisteredAsync(hoursAgo: 1);

        var report = await DiagnoseAsync();

        Assert.Equal(DiagnosisCause.Healthy, report.Cause);
        Assert.StartsWith("Nothing is wrong", report.Summary);
        Assert.All(report.Checks, c => Assert.Equal(DiagnosisLevel.Pass, c.Level));
        Assert.Equal([DiagnosisCheckKind.Token, DiagnosisCheckKind.Device, DiagnosisCheckKind.Queue, DiagnosisCheckKind.Push], report.Checks.Select(c => c.Kind));
    }

    [Fact]
    public async Task A_revoked_printer_is_named_as_the_cause_without_asking_the_platform()
    {
        await Harness.Get<PrinterRevocation>().RevokeAsync(PrinterId);
        var calls = Sandbox.Journal.Entries.Count;

        var report = await DiagnoseAsync();

        Assert.Equal(DiagnosisCause.Revoked, report.Cause);
        Assert.Contains("revoked", report.Summary);
        Assert.Equal(DiagnosisLevel.Fail, report.Checks.Single(c => c.Kind == DiagnosisCheckKind.Token).Level);
        Assert.Equal(calls, Sandbox.Journal.Entries.Count);
    }

    [Fact]
    public async Task An_expired_access_token_is_named()
    {
        var report = await DiagnoseAfterAsync(p => p.AccessExpiresAt = Harness.Clock.GetUtcNow().AddMinutes(-5));

        Assert.Equal(DiagnosisCause.TokenExpired, report.Cause);
        Assert.Contains("expired", report.Summary);
    }

    [Fact]
    public async Task A_printer_needing_reauthorization_is_named()
    {
        var report = await DiagnoseAfterAsync(p => p.TokenState = PrinterTokenState.NeedsReauthorization);

        Assert.Equal(DiagnosisCause.NeedsReauthorization, report.Cause);
    }

    [Theory]
    [InlineData(SandboxPrinterState.Offline, DiagnosisCause.Offline, PrinterOnlineState.Offline)]
    [InlineData(SandboxPrinterState.OutOfPaper, DiagnosisCause.OutOfPaper, PrinterOnlineState.OutOfPaper)]
    public async Task The_live_device_state_is_asked_and_stored(SandboxPrinterState state, DiagnosisCause cause, PrinterOnlineState stored)
    {
        Sandbox.Admin.SetPrinterState(MachineCode, state);

        var report = await DiagnoseAsync();

        Assert.Equal(cause, report.Cause);
        Assert.Equal(DiagnosisLevel.Fail, report.Checks.Single(c => c.Kind == DiagnosisCheckKind.Device).Level);
        Assert.Equal(stored, (await Harness.LoadPrinterAsync(TenantId, PrinterId)).OnlineState);
    }

    [Fact]
    public async Task A_backed_up_queue_is_named_with_its_size_and_age()
    {
        await PushUrlsRegisteredAsync(hoursAgo: 2);
        await AddJobAsync(PrintJobState.Sent, sentMinutesAgo: 45);
        await AddJobAsync(PrintJobState.Sent, sentMinutesAgo: 2);

        var report = await DiagnoseAsync();

        Assert.Equal(DiagnosisCause.QueueBackedUp, report.Cause);
        var queue = report.Checks.Single(c => c.Kind == DiagnosisCheckKind.Queue);
        Assert.Equal(DiagnosisLevel.Fail, queue.Level);
        Assert.Contains("2 job(s)", queue.Detail);
        Assert.Contains("45 min", queue.Detail);
    }

    [Fact]
    public async Task A_job_waiting_without_any_push_since_it_was_sent_points_at_the_pushes()
    {
        await PushUrlsRegisteredAsync(hoursAgo: 2);
        var job = await AddJobAsync(PrintJobState.Sent, sentMinutesAgo: 10);

        var report = (await Diagnosis.DiagnoseJobAsync(job)).Value!;

        Assert.Equal(DiagnosisCause.NoPushSeen, report.Cause);
        Assert.Equal(job, report.JobId);
        Assert.Equal(DiagnosisLevel.Warn, report.Checks.Single(c => c.Kind == DiagnosisCheckKind.Push).Level);

        // A push after the job was sent clears the suspicion.
        await using (var db = await Harness.DbFactory.CreateForTenantAsync(TenantId))
        {
            db.PushRecords.Add(new PushRecord
            {
                ReceivedAt = Harness.Clock.GetUtcNow().AddMinutes(-1), Command = "oauth_printStatus", PrinterId = PrinterId, TenantId = TenantId,
                SignatureValid = true, Fields = "{}", Outcome = PushOutcome.Applied,
            });
            await db.SaveChangesAsync();
        }

        Assert.Equal(DiagnosisCause.Healthy, (await Diagnosis.DiagnoseJobAsync(job)).Value!.Cause);
    }

    [Fact]
    public async Task Unregistered_push_addresses_are_the_cause_only_while_a_job_waits()
    {
        Assert.Equal(DiagnosisCause.Healthy, (await DiagnoseAsync()).Cause);
        Assert.Equal(DiagnosisLevel.Warn, (await DiagnoseAsync()).Checks.Single(c => c.Kind == DiagnosisCheckKind.Push).Level);

        await AddJobAsync(PrintJobState.Sent, sentMinutesAgo: 1);

        Assert.Equal(DiagnosisCause.NoPushSeen, (await DiagnoseAsync()).Cause);
    }

    [Fact]
    public async Task A_failed_job_states_its_reason()
    {
        await PushUrlsRegisteredAsync(hoursAgo: 2);
        var job = await AddJobAsync(PrintJobState.Failed, sentMinutesAgo: 3, failure: "The content is longer than the platform accepts (13)");

        var report = (await Diagnosis.DiagnoseJobAsync(job)).Value!;

        Assert.Equal(DiagnosisCause.JobFailed, report.Cause);
        Assert.Contains("longer than the platform accepts", report.Summary);
    }

    [Fact]
    public async Task Another_company_cannot_diagnose_my_printer_or_job()
    {
        var job = await AddJobAsync(PrintJobState.Sent, sentMinutesAgo: 1);
        var (beta, _) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        Harness.SignIn(beta);

        Assert.Equal("That printer was not found.", (await Diagnosis.DiagnosePrinterAsync(PrinterId)).Error);
        Assert.Equal("That print job was not found.", (await Diagnosis.DiagnoseJobAsync(job)).Error);
    }

    private async Task<PrintDiagnosisReport> DiagnoseAsync()
    {
        var result = await Diagnosis.DiagnosePrinterAsync(PrinterId);
        Assert.True(result.Succeeded, result.Error);
        return result.Value!;
    }

    /// <summary>Changes the printer's row as the platform or the refresher could have left it, then diagnoses the printer.</summary>
    private async Task<PrintDiagnosisReport> DiagnoseAfterAsync(Action<Printer> change)
    {
        await UpdatePrinterAsync(change);
        return await DiagnoseAsync();
    }

    /// <summary>The push addresses were registered <paramref name="hoursAgo"/>, so a job without any push since counts against them.</summary>
    private Task PushUrlsRegisteredAsync(int hoursAgo) => UpdatePrinterAsync(p => p.PushUrlsRegisteredAt = Harness.Clock.GetUtcNow().AddHours(-hoursAgo));

    private async Task UpdatePrinterAsync(Action<Printer> change)
    {
        await using var db = await Harness.DbFactory.CreateForTenantAsync(TenantId);
        change(await db.Printers.SingleAsync(p => p.Id == PrinterId));
        await db.SaveChangesAsync();
    }

    private long _lastOrderId;

    /// <summary>A job as the platform left it; each under an order id of its own, as the platform numbers them.</summary>
    private Task<Guid> AddJobAsync(PrintJobState state, int sentMinutesAgo, string? failure = null)
    {
        var sent = Harness.Clock.GetUtcNow().AddMinutes(-sentMinutesAgo);
        return Harness.AddJobAsync(TenantId, PrinterId, state, createdAt: sent, sentAt: sent, platformOrderId: ++_lastOrderId, failure: failure);
    }
}
