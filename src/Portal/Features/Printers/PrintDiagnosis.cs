namespace Portal.Features.Printers;

public enum DiagnosisLevel
{
    Pass,
    Warn,
    Fail,
}

/// <summary>The most likely reason a receipt did not come out, in the order the diagnosis weighs them.</summary>
public enum DiagnosisCause
{
    Healthy,
    Revoked,
    NeedsReauthorization,
    TokenExpired,
    Offline,
    OutOfPaper,
    JobFailed,
    QueueBackedUp,
    NoPushSeen,
    StatusUnknown,
}

public enum DiagnosisCheckKind
{
    Token,
    Device,
    Queue,
    Push,
    Job,
}

public sealed record DiagnosisCheck(DiagnosisCheckKind Kind, DiagnosisLevel Level, string Detail);

/// <summary>"Why didn't it print?": the likely cause in one sentence, and every check behind it.</summary>
public sealed record PrintDiagnosisReport(
    Guid PrinterId,
    string PrinterName,
    string MachineCode,
    Guid? JobId,
    DiagnosisCause Cause,
    string Summary,
    IReadOnlyList<DiagnosisCheck> Checks,
    DateTimeOffset CheckedAt);

/// <summary>
/// One-click diagnosis of a printer or a job: the token (state and expiry), the device (a live
/// <c>printer/getprintstatus</c>), the queue (the company's jobs sent but not finished), the push callbacks
/// (registered, and seen since the oldest waiting job) and the job's own state. Reads only; stores the live
/// device state it learns.
/// </summary>
public sealed class PrintDiagnosis(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    PrinterTokenKeeper keeper,
    PrinterOnlineStates onlineStates,
    TimeProvider timeProvider,
    IStringLocalizer<PrintDiagnosis> L)
{
    /// <summary>A job sent longer ago than this without an outcome means the queue is slow.</summary>
    public static readonly TimeSpan SlowQueue = TimeSpan.FromMinutes(5);

    /// <summary>A job sent longer ago than this, or this many waiting, means the queue is backed up.</summary>
    public static readonly TimeSpan StuckQueue = TimeSpan.FromMinutes(30);

    public const int BackedUpCount = 20;

    public Task<ServiceResult<PrintDiagnosisReport>> DiagnosePrinterAsync(Guid printerId, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            var report = await DiagnoseAsync(tenantId, printerId, null, cancellationToken);
            return report is null ? ServiceResult<PrintDiagnosisReport>.Fail(L["That printer was not found."]) : ServiceResult<PrintDiagnosisReport>.Ok(report);
        }, cancellationToken);

    public Task<ServiceResult<PrintDiagnosisReport>> DiagnoseJobAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            PrintJob? job;
            await using (var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken))
            {
                job = await db.PrintJobs.AsNoTracking().SingleOrDefaultAsync(j => j.TenantId == tenantId && j.Id == jobId, cancellationToken);
            }

            var report = job is null ? null : await DiagnoseAsync(tenantId, job.PrinterId, job, cancellationToken);
            return report is null ? ServiceResult<PrintDiagnosisReport>.Fail(L["That print job was not found."]) : ServiceResult<PrintDiagnosisReport>.Ok(report);
        }, cancellationToken);

    private async Task<PrintDiagnosisReport?> DiagnoseAsync(Guid tenantId, Guid printerId, PrintJob? job, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
        var printer = await db.Printers.AsNoTracking().Include(p => p.App).SingleOrDefaultAsync(p => p.TenantId == tenantId && p.Id == printerId, cancellationToken);
        if (printer is null)
        {
            return null;
        }

        var now = timeProvider.GetUtcNow();
        var causes = new List<DiagnosisCause>();
        var checks = new List<DiagnosisCheck>();

        var (tokenCheck, tokenCause) = CheckToken(printer, now);
        checks.Add(tokenCheck);
        causes.AddIfSet(tokenCause);

        if (tokenCause is null)
        {
            var (deviceCheck, deviceCause) = await CheckDeviceAsync(db, tenantId, printer, cancellationToken);
            checks.Add(deviceCheck);
            causes.AddIfSet(deviceCause);
        }
        else
        {
            checks.Add(new DiagnosisCheck(DiagnosisCheckKind.Device, DiagnosisLevel.Warn, L["Not asked: the platform cannot be asked about the printer without a valid token."]));
        }

        var sentJobs = db.PrintJobs.AsNoTracking().Where(j => j.TenantId == tenantId && j.PrinterId == printerId && j.State == PrintJobState.Sent);
        var waitingCount = await sentJobs.CountAsync(cancellationToken);
        var oldestSent = waitingCount == 0 ? null : await sentJobs.OrderBy(j => j.SentAt).Select(j => j.SentAt).FirstOrDefaultAsync(cancellationToken);
        var (queueCheck, queueCause) = CheckQueue(waitingCount, oldestSent, now);
        checks.Add(queueCheck);
        causes.AddIfSet(queueCause);

        var lastPush = await db.PushRecords.AsNoTracking().Where(r => r.PrinterId == printerId && r.SignatureValid)
            .OrderByDescending(r => r.ReceivedAt).Select(r => (DateTimeOffset?)r.ReceivedAt).FirstOrDefaultAsync(cancellationToken);
        var registeredAt = printer.App!.Kind == PrinterAppKind.Own ? printer.App.PushUrlsRegisteredAt : printer.PushUrlsRegisteredAt;
        var awaitingSince = job is { State: PrintJobState.Sent, SentAt: { } sent } ? sent : oldestSent;
        var (pushCheck, pushCause) = CheckPush(registeredAt, lastPush, awaitingSince, now);
        checks.Add(pushCheck);
        causes.AddIfSet(pushCause);

        if (job is not null)
        {
            var (jobCheck, jobCause) = CheckJob(job, now);
            checks.Add(jobCheck);
            causes.AddIfSet(jobCause);
        }

        // The causes were added from the most fundamental (token) to the least; the enum orders them the same way.
        var cause = causes.Count == 0 ? DiagnosisCause.Healthy : causes.Min();
        return new PrintDiagnosisReport(printer.Id, printer.Name, printer.MachineCode, job?.Id, cause, Summary(cause, printer, job), checks, now);
    }

    private (DiagnosisCheck, DiagnosisCause?) CheckToken(Printer printer, DateTimeOffset now)
    {
        if (printer.TokenState == PrinterTokenState.Revoked)
        {
            return (Check(DiagnosisCheckKind.Token, DiagnosisLevel.Fail, L["Access to this printer was revoked."]), DiagnosisCause.Revoked);
        }

        if (printer.TokenState == PrinterTokenState.NeedsReauthorization)
        {
            return (Check(DiagnosisCheckKind.Token, DiagnosisLevel.Fail, L["The platform no longer accepts the printer's tokens; it needs re-authorization."]), DiagnosisCause.NeedsReauthorization);
        }

        if (printer.App!.Kind == PrinterAppKind.Own)
        {
            return (Check(DiagnosisCheckKind.Token, DiagnosisLevel.Pass, L["The printer uses the app token, which does not expire."]), null);
        }

        if (printer.AccessExpiresAt <= now)
        {
            return (Check(DiagnosisCheckKind.Token, DiagnosisLevel.Fail, L["The access token expired on {0:g} and was not refreshed.", printer.AccessExpiresAt.Value.ToLocalTime()]), DiagnosisCause.TokenExpired);
        }

        return printer.TokenState switch
        {
            PrinterTokenState.RefreshFailed => (Check(DiagnosisCheckKind.Token, DiagnosisLevel.Warn, L["The token is valid until {0:g}, but its last refresh failed.", printer.AccessExpiresAt!.Value.ToLocalTime()]), null),
            PrinterTokenState.LimitReached => (Check(DiagnosisCheckKind.Token, DiagnosisLevel.Warn, L["The token is valid until {0:g}; today's refresh limit is reached.", printer.AccessExpiresAt!.Value.ToLocalTime()]), null),
            _ => (Check(DiagnosisCheckKind.Token, DiagnosisLevel.Pass, L["The token is valid until {0:g}.", printer.AccessExpiresAt!.Value.ToLocalTime()]), null),
        };
    }

    private async Task<(DiagnosisCheck, DiagnosisCause?)> CheckDeviceAsync(PortalDbContext db, Guid tenantId, Printer printer,
        CancellationToken cancellationToken)
    {
        PrinterStatus status;
        try
        {
            status = await keeper.CallAsync(tenantId, printer.Id, (c, t) => c.GetPrintStatusAsync(t, printer.MachineCode, cancellationToken), cancellationToken);
        }
        catch (YilianyunException e) when (e.Error.IsAccessTokenExpired || e.Error.IsAccessTokenInvalid)
        {
            return (Check(DiagnosisCheckKind.Device, DiagnosisLevel.Fail, L["The platform refused the token: {0}", PrinterMessages.Describe(e)]), DiagnosisCause.TokenExpired);
        }
        catch (YilianyunException e)
        {
            return (Check(DiagnosisCheckKind.Device, DiagnosisLevel.Warn, L["The printer's state could not be read: {0}", PrinterMessages.Describe(e)]), DiagnosisCause.StatusUnknown);
        }

        var state = Enum.IsDefined((PrinterOnlineState)status.StateCode) ? (PrinterOnlineState)status.StateCode : PrinterOnlineState.Unknown;
        await onlineStates.SetAsync(db, tenantId, printer.Id, state, timeProvider.GetUtcNow(), skipIfOlder: false, cancellationToken);
        return state switch
        {
            PrinterOnlineState.Online => (Check(DiagnosisCheckKind.Device, DiagnosisLevel.Pass, L["The printer is online and has paper."]), null),
            PrinterOnlineState.Offline => (Check(DiagnosisCheckKind.Device, DiagnosisLevel.Fail, L["The printer is offline (switched off or without network)."]), DiagnosisCause.Offline),
            PrinterOnlineState.OutOfPaper => (Check(DiagnosisCheckKind.Device, DiagnosisLevel.Fail, L["The printer is out of paper."]), DiagnosisCause.OutOfPaper),
            _ => (Check(DiagnosisCheckKind.Device, DiagnosisLevel.Warn, L["The platform reported an unknown printer state ({0}).", status.StateCode]), DiagnosisCause.StatusUnknown),
        };
    }

    private (DiagnosisCheck, DiagnosisCause?) CheckQueue(int waiting, DateTimeOffset? oldestSent, DateTimeOffset now)
    {
        if (waiting == 0)
        {
            return (Check(DiagnosisCheckKind.Queue, DiagnosisLevel.Pass, L["No job is waiting for the printer."]), null);
        }

        var age = now - (oldestSent ?? now);
        var minutes = (int)age.TotalMinutes;
        if (waiting >= BackedUpCount || age >= StuckQueue)
        {
            return (Check(DiagnosisCheckKind.Queue, DiagnosisLevel.Fail, L["{0} job(s) sent but not printed; the oldest has waited {1} min.", waiting, minutes]), DiagnosisCause.QueueBackedUp);
        }

        return age >= SlowQueue
            ? (Check(DiagnosisCheckKind.Queue, DiagnosisLevel.Warn, L["{0} job(s) sent but not printed; the oldest has waited {1} min.", waiting, minutes]), null)
            : (Check(DiagnosisCheckKind.Queue, DiagnosisLevel.Pass, L["{0} job(s) on their way; the oldest was sent {1} min ago.", waiting, minutes]), null);
    }

    private (DiagnosisCheck, DiagnosisCause?) CheckPush(DateTimeOffset? registeredAt, DateTimeOffset? lastPush, DateTimeOffset? awaitingSince, DateTimeOffset now)
    {
        if (registeredAt is null)
        {
            return (Check(DiagnosisCheckKind.Push, DiagnosisLevel.Warn, L["The portal's push addresses are not registered for this printer, so printed jobs are only noticed by polling."]),
                awaitingSince is not null ? DiagnosisCause.NoPushSeen : null);
        }

        var seen = lastPush is { } last ? L["last push received {0:g}", last.ToLocalTime()] : L["no push received yet"];
        if (awaitingSince is { } since && now - since >= SlowQueue && !(lastPush >= since))
        {
            return (Check(DiagnosisCheckKind.Push, DiagnosisLevel.Warn, L["Push addresses registered {0:g}, but no push has come since the waiting job was sent ({1}).", registeredAt.Value.ToLocalTime(), seen]),
                DiagnosisCause.NoPushSeen);
        }

        return (Check(DiagnosisCheckKind.Push, DiagnosisLevel.Pass, L["Push addresses registered {0:g}; {1}.", registeredAt.Value.ToLocalTime(), seen]), null);
    }

    private (DiagnosisCheck, DiagnosisCause?) CheckJob(PrintJob job, DateTimeOffset now) => job.State switch
    {
        PrintJobState.Printed => (Check(DiagnosisCheckKind.Job, DiagnosisLevel.Pass, L["The platform reported this job printed."]), null),
        PrintJobState.Failed => (Check(DiagnosisCheckKind.Job, DiagnosisLevel.Fail, L["The job failed: {0}", job.FailureReason ?? L["no reason was recorded"]]), DiagnosisCause.JobFailed),
        PrintJobState.Cancelled => (Check(DiagnosisCheckKind.Job, DiagnosisLevel.Warn, L["The job was cancelled before it printed."]), null),
        PrintJobState.Queued => (Check(DiagnosisCheckKind.Job, DiagnosisLevel.Warn, L["The platform has not accepted this job yet (it was never sent)."]), null),
        _ => (Check(DiagnosisCheckKind.Job, DiagnosisLevel.Warn, L["Sent {0} min ago (order {1}); the printer has not reported it printed.", (int)(now - (job.SentAt ?? now)).TotalMinutes, job.PlatformOrderId?.ToString() ?? "—"]), null),
    };

    private string Summary(DiagnosisCause cause, Printer printer, PrintJob? job) => cause switch
    {
        DiagnosisCause.Revoked => L["Access to {0} was revoked, so nothing can print on it. Connect it again to print.", printer.Name],
        DiagnosisCause.NeedsReauthorization => L["{0} needs re-authorization: the platform no longer accepts its tokens.", printer.Name],
        DiagnosisCause.TokenExpired => L["The access token of {0} expired, so the platform refuses its jobs. Refresh or re-authorize it.", printer.Name],
        DiagnosisCause.Offline => L["{0} is offline: switch it on and check its network; waiting jobs print when it is back.", printer.Name],
        DiagnosisCause.OutOfPaper => L["{0} is out of paper: load a new roll and the waiting jobs print.", printer.Name],
        DiagnosisCause.JobFailed => L["The job failed: {0}", job?.FailureReason ?? L["no reason was recorded"]],
        DiagnosisCause.QueueBackedUp => L["The queue of {0} is backed up: jobs were sent but have not printed for a long time.", printer.Name],
        DiagnosisCause.NoPushSeen => L["The printer may have printed, but the platform's push never arrived, so the portal does not know yet."],
        DiagnosisCause.StatusUnknown => L["The platform could not tell the printer's state right now; try again in a moment."],
        _ => job is { State: PrintJobState.Printed }
            ? L["Nothing is wrong: the job printed."]
            : L["Nothing is wrong: {0} is online, its token is valid and its queue moves.", printer.Name],
    };

    private static DiagnosisCheck Check(DiagnosisCheckKind kind, DiagnosisLevel level, string detail) => new(kind, level, detail);
}

internal static class DiagnosisCauseList
{
    public static void AddIfSet(this List<DiagnosisCause> causes, DiagnosisCause? cause)
    {
        if (cause is { } value)
        {
            causes.Add(value);
        }
    }
}
