namespace Portal.Features.Printing;

/// <summary>
/// One submission of the print form: the same receipt (markup, or a picture URL) to one or several printers.
/// <see cref="SubmissionKey"/> is made once per form state, so a double click or a retried submit with the same key
/// returns the jobs the first one created instead of printing again.
/// </summary>
public sealed record PrintRequest(IReadOnlyList<Guid> PrinterIds, PrintJobKind Kind, string Content, int Copies = 1)
{
    public string? SubmissionKey { get; init; }
}

public sealed record PrintSubmission(IReadOnlyList<PrintSubmissionItem> Items);

/// <summary>
/// What became of the submission on one printer. <see cref="JobId"/> is null when the printer was refused before a
/// job was written (unknown, revoked, needs re-authorization). <see cref="Message"/> explains a failure, or, with
/// <see cref="IsWarning"/>, something the user should know about a job that was still queued (printer offline…).
/// </summary>
public sealed record PrintSubmissionItem(Guid PrinterId, string PrinterName, Guid? JobId, PrintJobState State, string? Message, bool IsWarning);

public enum PrintJobSort
{
    CreatedAt,
    State,
}

/// <summary>The job history's filters. <see cref="From"/> is inclusive, <see cref="To"/> exclusive.</summary>
public sealed record PrintJobQuery(
    Guid? PrinterId = null,
    PrintJobState? State = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Text = null,
    int Page = 0,
    int PageSize = 25,
    PrintJobSort Sort = PrintJobSort.CreatedAt,
    bool Descending = true);

public sealed record PrintJobRow(
    Guid Id,
    DateTimeOffset CreatedAt,
    Guid PrinterId,
    string PrinterName,
    PrintJobKind Kind,
    PrintJobState State,
    string OriginId,
    long? PlatformOrderId,
    int Copies,
    string Preview,
    string? CreatedByName,
    string? FailureReason);

public sealed record PrintJobEventEntry(DateTimeOffset At, PrintJobEventKind Kind, string? ActorName, string? Detail);

public sealed record PrintJobDetail(
    Guid Id,
    Guid PrinterId,
    string PrinterName,
    string MachineCode,
    PaperWidth PaperWidth,
    PrintJobKind Kind,
    string Content,
    int Copies,
    PrintJobState State,
    string OriginId,
    long? PlatformOrderId,
    string? FailureReason,
    Guid? ReprintOfId,
    string? CreatedByName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? LastPolledAt,
    IReadOnlyList<PrintJobEventEntry> Events)
{
    /// <summary>Only a job the platform accepted and has not printed can be cancelled there.</summary>
    public bool CanCancel => State == PrintJobState.Sent && PlatformOrderId is not null;

    /// <summary>A queued job (its answer was lost, or the call never went out) can be sent again with the same origin id.</summary>
    public bool CanRetry => State == PrintJobState.Queued;

    public bool CanReprint => State is not PrintJobState.Queued;
}

/// <summary>
/// What a cancel-all did: jobs marked Cancelled, Sent jobs the platform reported printed (marked Printed), and Sent
/// jobs left as they were because their status was not read (the status poller settles them).
/// </summary>
public sealed record CancelAllOutcome(int Cancelled, int AlreadyPrinted, int LeftToStatusCheck);

/// <summary>
/// What a push or a poll did to a job, for the callback inbox and the poller's log. <see cref="Mismatch"/>: the job
/// its origin id names holds another order id, so it was left alone.
/// </summary>
public sealed record JobTrackResult(bool Found, bool Changed, Guid? TenantId, Guid? PrinterId, Guid? JobId, string? Detail, bool Mismatch = false);

/// <summary>
/// What the platform reported a job by: the app, the machine it was sent to, the platform's order id, and the origin id
/// the portal sent with it (null when the report carries none: an order decision, a poll answer without one).
/// </summary>
public sealed record JobReport(Guid AppId, string MachineCode, long OrderId, string? OriginId);

/// <summary>Settings of the printing feature under <c>Printing:*</c>.</summary>
public sealed class PrintingSettings
{
    public const string Section = "Printing";

    /// <summary>A sent job whose push has not come after this long is asked about with <c>getorderstatus</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan PollAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A job still unprinted after a poll is asked again after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan RepollAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Jobs sent longer ago than this are no longer polled (a printer that stays offline for days).</summary>
    [Range(typeof(TimeSpan), "00:10:00", "30.00:00:00")]
    public TimeSpan StopPollingAfter { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// A job left Queued by a lost answer is sent again (same origin id) after this long, while the platform's
    /// 2-hour idempotence window still guards it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan ResendAfter { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>At most this many jobs are polled or re-sent per sweep.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 4;

    public bool Enabled { get; set; } = true;
}
