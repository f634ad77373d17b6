using System.ComponentModel.DataAnnotations;

namespace Portal.Data.Entities.Printing;

/// <summary>What a job sends: receipt markup (<c>print/index</c>) or a picture URL (<c>pictureprint/index</c>).</summary>
public enum PrintJobKind
{
    Text = 0,
    Picture = 1,
}

/// <summary>
/// Queued (row stored, not yet accepted upstream) → Sent (the platform answered with an order id) → Printed / Failed,
/// or Cancelled while unprinted. Failed also covers a submission the platform refused; the reason says which.
/// </summary>
public enum PrintJobState
{
    Queued = 0,
    Sent = 1,
    Printed = 2,
    Failed = 3,
    Cancelled = 4,
}

/// <summary>
/// One receipt sent to one printer. The row is written before the platform is called, and its <see cref="OriginId"/>
/// (unique per app, at most 32 letters and digits) is the platform's idempotency key: a retried or repeated
/// submission of the same row can never print twice.
/// </summary>
public class PrintJob : TenantOwned<Guid>
{
    public Guid PrinterId { get; set; }

    /// <summary>The app the job was sent through: origin ids and platform order ids are unique per app.</summary>
    public Guid AppId { get; set; }

    [MaxLength(32)]
    public required string OriginId { get; set; }

    public PrintJobKind Kind { get; set; }

    /// <summary>
    /// The receipt markup, or the picture URL. The platform accepts up to 32 767 characters (the copies tag included);
    /// the row keeps the receipt as written.
    /// </summary>
    [MaxLength(32_767)]
    public required string Content { get; set; }

    /// <summary>The platform's <c>&lt;MN&gt;</c> copies (1–9).</summary>
    public int Copies { get; set; } = 1;

    public PrintJobState State { get; set; }

    /// <summary>The platform's order id (<c>data.id</c> of print/index), once it accepted the job.</summary>
    public long? PlatformOrderId { get; set; }

    /// <summary>Why the job failed or was refused, in words (the platform's code included); never a token.</summary>
    [MaxLength(500)]
    public string? FailureReason { get; set; }

    /// <summary>Set when this job is a reprint of an earlier one.</summary>
    public Guid? ReprintOfId { get; set; }

    public string? CreatedByUserId { get; set; }

    [MaxLength(256)]
    public string? CreatedByName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>When it turned Printed, Failed or Cancelled.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The last <c>getorderstatus</c> poll (the fallback for jobs whose push never came).</summary>
    public DateTimeOffset? LastPolledAt { get; set; }

    /// <summary>Changes on every state change: two writers (a push and a poll) cannot both move the same job.</summary>
    public Guid Version { get; set; }
}

public enum PrintJobEventKind
{
    Created = 0,
    Sent = 1,
    SendFailed = 2,
    Retried = 3,
    Printed = 4,
    Failed = 5,
    Cancelled = 6,
    CancelFailed = 7,
    Reprinted = 8,
    PushReceived = 9,
    Polled = 10,
    TokenRefreshed = 11,
    OrderAccepted = 12,
    OrderRejected = 13,
    /// <summary>A push or poll named this job's origin id with another order id; it was not applied.</summary>
    OrderIdMismatch = 14,
    /// <summary>The platform answered with an order id another job already holds; the job waits for its outcome by origin id.</summary>
    OrderIdTaken = 15,
}

/// <summary>One step in a job's life, for the job page's history.</summary>
public class PrintJobEvent : TenantEvent
{
    public Guid JobId { get; set; }

    public PrintJobEventKind Kind { get; set; }

    /// <summary>The one way a job's history gets an entry, whoever writes it (sending, a push, the poller, a revocation).</summary>
    /// <param name="actorName">The acting person, or null when the system acted.</param>
    public static PrintJobEvent Of(Guid tenantId, Guid jobId, PrintJobEventKind kind, DateTimeOffset at, string? actorName, string? detail) => new()
    {
        TenantId = tenantId,
        JobId = jobId,
        At = at,
        Kind = kind,
        ActorName = actorName,
        Detail = Shorten(detail),
    };
}

/// <summary>A tenant's saved receipt: markup with placeholders such as <c>{order_no}</c>, filled in when printing.</summary>
public class ReceiptTemplate : TenantOwned<Guid>
{
    [MaxLength(100)]
    public required string Name { get; set; }

    [MaxLength(20_000)]
    public required string Content { get; set; }

    /// <summary>"58" or "80": the paper the template was laid out for.</summary>
    [MaxLength(4)]
    public string PaperWidth { get; set; } = "58";

    [MaxLength(256)]
    public string? UpdatedByName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>What became of one push the platform POSTed to the portal.</summary>
public enum PushOutcome
{
    Applied = 0,
    Duplicate = 1,
    UnknownPrinter = 2,
    /// <summary>Missing fields, an unknown app or a bad signature: acknowledged upstream, acted on never.</summary>
    Rejected = 3,
    Failed = 4,
    /// <summary>Well-formed and verified, but nothing to change (e.g. a key press, or a job not sent by the portal).</summary>
    Ignored = 5,
}

/// <summary>
/// The callback inbox: every push received, kept for operators (with replay). Not tenant-owned, because a push for
/// an unknown printer or app belongs to no tenant; only the operator path reads it. <see cref="Fields"/> keeps the
/// form fields as received (JSON) so a push can be replayed; pushes carry no tokens or secrets.
/// </summary>
public class PushRecord
{
    public long Id { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The push command: oauth_finish, oauth_printStatus, oauth_getOrder or oauth_request.</summary>
    [MaxLength(32)]
    public required string Command { get; set; }

    [MaxLength(64)]
    public string? ClientId { get; set; }

    [MaxLength(64)]
    public string? MachineCode { get; set; }

    public Guid? AppId { get; set; }

    public Guid? TenantId { get; set; }

    public Guid? PrinterId { get; set; }

    public Guid? JobId { get; set; }

    public bool SignatureValid { get; set; }

    /// <summary>
    /// Identifies the same push sent twice (command, app, machine, order/state and push time). Only the first delivery
    /// holds it (unique); later copies are recorded as <see cref="PushOutcome.Duplicate"/> without it, as are unverified pushes.
    /// </summary>
    [MaxLength(200)]
    public string? DedupeKey { get; set; }

    [MaxLength(4000)]
    public required string Fields { get; set; }

    public PushOutcome Outcome { get; set; }

    [MaxLength(500)]
    public string? Detail { get; set; }

    public int HandlingMilliseconds { get; set; }

    public DateTimeOffset? ReplayedAt { get; set; }
}
