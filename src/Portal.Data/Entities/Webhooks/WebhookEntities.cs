using System.ComponentModel.DataAnnotations;

namespace Portal.Data.Entities.Webhooks;

/// <summary>
/// An HTTPS address a company has the portal call when something happens to its jobs or printers. The signing secret
/// (<c>whsec_</c> and base64) is kept encrypted with Data Protection; the owners see it once, when it is made.
/// </summary>
public class WebhookEndpoint : TenantOwned<Guid>
{
    [MaxLength(2048)]
    public required string Url { get; set; }

    [MaxLength(200)]
    public string? Description { get; set; }

    /// <summary>The event types it is sent, separated by spaces (for example <c>job.printed job.failed</c>).</summary>
    [MaxLength(500)]
    public required string EventTypes { get; set; }

    /// <summary>The signing secret, protected with Data Protection; never shown again after it was issued.</summary>
    [MaxLength(2000)]
    public required string ProtectedSecret { get; set; }

    public bool Enabled { get; set; } = true;

    [MaxLength(256)]
    public string? CreatedByName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SecretRotatedAt { get; set; }
}

public enum WebhookDeliveryState
{
    /// <summary>Waiting for its next attempt (<see cref="WebhookDelivery.NextAttemptAt"/>).</summary>
    Pending,
    Delivered,
    /// <summary>Given up: no 2xx within the retry period. A person may redeliver it.</summary>
    Failed,
}

/// <summary>
/// One message for one endpoint: the outbox the dispatcher works through and, afterwards, the delivery log. It is
/// written in the same commit as the change it reports. <see cref="Version"/> is the claim's compare-and-set token:
/// an instance claims a due row by changing it, and stores the outcome only where it is still its claim.
/// </summary>
public class WebhookDelivery : TenantOwned<Guid>
{
    /// <summary>The message's id (<c>msg_…</c>), sent as <c>webhook-id</c>; a manual redelivery keeps it, so receivers can drop repeats.</summary>
    [MaxLength(40)]
    public required string MessageId { get; set; }

    public Guid EndpointId { get; set; }

    [MaxLength(64)]
    public required string EventType { get; set; }

    /// <summary>The JSON body, exactly as signed and sent. Ids and states only: no secret, no receipt content.</summary>
    public required string Payload { get; set; }

    public WebhookDeliveryState State { get; set; }

    public int Attempts { get; set; }

    /// <summary>When the dispatcher tries next; null once delivered or given up.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>Until when an instance holds the row while it sends it; another instance leaves it alone until then.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    public int? LastStatusCode { get; set; }

    [MaxLength(300)]
    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public Guid Version { get; set; }
}
