using System.Text.Json.Nodes;

namespace Portal.Features.Webhooks;

/// <summary>
/// The one place webhook events are made. Each call adds, unsaved, one delivery per enabled endpoint of the company
/// that subscribed to the event, to the context that is about to save the change being reported, so the change and its
/// deliveries commit together or not at all: a crash neither loses a delivery nor sends one for a change that did not
/// happen. The body holds ids and states only, never a secret or a receipt's content.
/// </summary>
public sealed class WebhookEvents(WebhookSignal signal, TimeProvider timeProvider)
{
    /// <summary>A job ended Printed (<paramref name="printed"/>) or Failed.</summary>
    public Task<int> JobFinishedAsync(PortalDbContext db, Guid tenantId, Guid jobId, Guid printerId, bool printed, string? originId, long? orderId,
        CancellationToken cancellationToken = default) =>
        RaiseAsync(db, tenantId, printed ? WebhookEventTypes.JobPrinted : WebhookEventTypes.JobFailed, new JsonObject
        {
            ["job_id"] = jobId.ToString(),
            ["printer_id"] = printerId.ToString(),
            ["state"] = printed ? "printed" : "failed",
            ["origin_id"] = originId,
            ["order_id"] = orderId,
        }, null, cancellationToken);

    /// <summary>A printer that was not known to be offline now is.</summary>
    public Task<int> PrinterOfflineAsync(PortalDbContext db, Guid tenantId, Guid printerId, CancellationToken cancellationToken = default) =>
        RaiseAsync(db, tenantId, WebhookEventTypes.PrinterOffline, new JsonObject
        {
            ["printer_id"] = printerId.ToString(),
            ["online_state"] = "offline",
        }, null, cancellationToken);

    /// <summary>The platform no longer accepts a printer's tokens (or it came from another company): a person must connect it again.</summary>
    public Task<int> ReauthorizationRequiredAsync(PortalDbContext db, Guid tenantId, Guid printerId, CancellationToken cancellationToken = default) =>
        RaiseAsync(db, tenantId, WebhookEventTypes.PrinterReauthorizationRequired, new JsonObject
        {
            ["printer_id"] = printerId.ToString(),
            ["token_state"] = "needs_reauthorization",
        }, null, cancellationToken);

    /// <summary>The test event, to <paramref name="endpointId"/> only.</summary>
    internal Task<int> TestAsync(PortalDbContext db, Guid tenantId, Guid endpointId, CancellationToken cancellationToken) =>
        RaiseAsync(db, tenantId, WebhookEventTypes.Test, new JsonObject { ["endpoint_id"] = endpointId.ToString() }, endpointId, cancellationToken);

    /// <summary>A new message id: <c>msg_</c> and a time-ordered GUID's 32 hex digits.</summary>
    public static string NewMessageId() => "msg_" + Guid.CreateVersion7().ToString("N");

    private async Task<int> RaiseAsync(PortalDbContext db, Guid tenantId, string type, JsonObject data, Guid? onlyEndpoint, CancellationToken cancellationToken)
    {
        var endpoints = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.TenantId == tenantId && (onlyEndpoint == null ? e.Enabled : e.Id == onlyEndpoint))
            .Select(e => new { e.Id, e.EventTypes })
            .ToListAsync(cancellationToken);
        var subscribed = endpoints.Where(e => onlyEndpoint is not null || WebhookEventTypes.Parse(e.EventTypes).Contains(type)).ToList();
        if (subscribed.Count == 0)
        {
            return 0;
        }

        var now = timeProvider.GetUtcNow();
        var body = new JsonObject
        {
            ["type"] = type,
            ["timestamp"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["data"] = data,
        }.ToJsonString();
        foreach (var endpoint in subscribed)
        {
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenantId,
                MessageId = NewMessageId(),
                EndpointId = endpoint.Id,
                EventType = type,
                Payload = body,
                State = WebhookDeliveryState.Pending,
                NextAttemptAt = now,
                CreatedAt = now,
                Version = Guid.NewGuid(),
            });
        }

        // Woken early, the dispatcher waits a moment and finds the rows once the caller has committed; if it looks too
        // soon, its next poll finds them.
        signal.Wake();
        return subscribed.Count;
    }
}
