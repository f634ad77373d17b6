using System.Net.Sockets;

namespace Portal.Features.Webhooks;

public sealed record WebhookEndpointRow(Guid Id, string Url, string? Description, IReadOnlyList<string> EventTypes, bool Enabled,
    string? CreatedByName, DateTimeOffset CreatedAt, DateTimeOffset? SecretRotatedAt);

public sealed record WebhookDeliveryRow(Guid Id, string MessageId, string EventType, WebhookDeliveryState State, int Attempts, int? LastStatusCode,
    string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt);

/// <summary>What the form sends: the URL, a description and the events.</summary>
public sealed record WebhookEndpointInput(string? Url, string? Description, IReadOnlyCollection<string> EventTypes);

/// <summary>A signing secret as issued: the only time it exists in plain text. Show it once and drop it.</summary>
public sealed record IssuedWebhookSecret(Guid EndpointId, string Url, string Secret);

/// <summary>
/// A company's webhook endpoints and their delivery logs. Owners add, enable, disable, rotate, delete, test and
/// redeliver (audited in the company's log); every member sees the endpoints and logs, never a secret. Everything
/// happens in the caller's current company, so another company's ids are simply not found.
/// </summary>
public sealed class WebhookService(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    WebhookEvents events,
    WebhookSecretProtector secrets,
    WebhookSignal signal,
    AuditLog audit,
    IOptions<WebhookOptions> options,
    TimeProvider timeProvider,
    IStringLocalizer<WebhookService> L)
{
    public const int MaxUrlLength = 2048;

    public const int MaxDescriptionLength = 200;

    public const int MaxEndpoints = 20;

    public const int DeliveryPageSize = 20;

    private const int CountCap = 10_000;

    public Task<ServiceResult<IReadOnlyList<WebhookEndpointRow>>> ListAsync(CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (_, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var rows = await db.WebhookEndpoints.AsNoTracking().Where(e => e.TenantId == tenantId).OrderBy(e => e.CreatedAt)
                .Select(e => new { e.Id, e.Url, e.Description, e.EventTypes, e.Enabled, e.CreatedByName, e.CreatedAt, e.SecretRotatedAt })
                .ToListAsync(cancellationToken);
            return ServiceResult<IReadOnlyList<WebhookEndpointRow>>.Ok(rows
                .Select(e => new WebhookEndpointRow(e.Id, e.Url, e.Description, WebhookEventTypes.Parse(e.EventTypes), e.Enabled, e.CreatedByName, e.CreatedAt, e.SecretRotatedAt))
                .ToList());
        }, cancellationToken);

    public Task<ServiceResult<IssuedWebhookSecret>> CreateAsync(WebhookEndpointInput input, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(TenantRole.Owner, OwnersOnly, async (caller, tenantId) =>
        {
            if (await ProblemAsync(input, cancellationToken) is { } problem)
            {
                return ServiceResult<IssuedWebhookSecret>.Fail(problem);
            }

            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            if (await db.WebhookEndpoints.CountAsync(e => e.TenantId == tenantId, cancellationToken) >= MaxEndpoints)
            {
                return ServiceResult<IssuedWebhookSecret>.Fail(L["A company can have at most {0} webhook endpoints.", MaxEndpoints]);
            }

            var secret = WebhookSecret.New();
            var url = input.Url!.Trim();
            var endpoint = new WebhookEndpoint
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenantId,
                Url = url,
                Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(),
                EventTypes = string.Join(' ', WebhookEventTypes.Subscribable.Where(input.EventTypes.Contains)),
                ProtectedSecret = secrets.Protect(secret),
                Enabled = true,
                CreatedByName = caller.DisplayName,
                CreatedAt = timeProvider.GetUtcNow(),
            };
            db.WebhookEndpoints.Add(endpoint);
            audit.Record(db, tenantId, caller, "webhook.created", url, endpoint.EventTypes);
            await db.SaveChangesAsync(cancellationToken);
            return ServiceResult<IssuedWebhookSecret>.Ok(new IssuedWebhookSecret(endpoint.Id, url, secret));
        }, cancellationToken);

    public Task<ServiceResult> SetEnabledAsync(Guid endpointId, bool enabled, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(TenantRole.Owner, OwnersOnly, async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == endpointId && e.TenantId == tenantId, cancellationToken);
            if (endpoint is null)
            {
                return ServiceResult.Fail(NotFound);
            }

            if (endpoint.Enabled != enabled)
            {
                endpoint.Enabled = enabled;
                audit.Record(db, tenantId, caller, enabled ? "webhook.enabled" : "webhook.disabled", endpoint.Url);
                await db.SaveChangesAsync(cancellationToken);
            }

            return ServiceResult.Ok();
        }, cancellationToken);

    public Task<ServiceResult<IssuedWebhookSecret>> RotateSecretAsync(Guid endpointId, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(TenantRole.Owner, OwnersOnly, async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == endpointId && e.TenantId == tenantId, cancellationToken);
            if (endpoint is null)
            {
                return ServiceResult<IssuedWebhookSecret>.Fail(NotFound);
            }

            var secret = WebhookSecret.New();
            endpoint.ProtectedSecret = secrets.Protect(secret);
            endpoint.SecretRotatedAt = timeProvider.GetUtcNow();
            audit.Record(db, tenantId, caller, "webhook.secret-rotated", endpoint.Url);
            await db.SaveChangesAsync(cancellationToken);
            return ServiceResult<IssuedWebhookSecret>.Ok(new IssuedWebhookSecret(endpoint.Id, endpoint.Url, secret));
        }, cancellationToken);

    public Task<ServiceResult> DeleteAsync(Guid endpointId, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(TenantRole.Owner, OwnersOnly, async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == endpointId && e.TenantId == tenantId, cancellationToken);
            if (endpoint is null)
            {
                return ServiceResult.Fail(NotFound);
            }

            // Its deliveries go with it (cascade).
            db.WebhookEndpoints.Remove(endpoint);
            audit.Record(db, tenantId, caller, "webhook.deleted", endpoint.Url);
            await db.SaveChangesAsync(cancellationToken);
            return ServiceResult.Ok();
        }, cancellationToken);

    /// <summary>Queues a <c>webhook.test</c> message for the endpoint, whatever it subscribed to.</summary>
    public Task<ServiceResult> SendTestAsync(Guid endpointId, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(TenantRole.Owner, OwnersOnly, async (_, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            if (!await db.WebhookEndpoints.AnyAsync(e => e.Id == endpointId && e.TenantId == tenantId, cancellationToken))
            {
                return ServiceResult.Fail(NotFound);
            }

            await events.TestAsync(db, tenantId, endpointId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return ServiceResult.Ok();
        }, cancellationToken);

    /// <summary>One page (from 0) of the endpoint's deliveries, newest first.</summary>
    public Task<ServiceResult<CountedPage<WebhookDeliveryRow>>> ListDeliveriesAsync(Guid endpointId, int page, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (_, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            if (!await db.WebhookEndpoints.AnyAsync(e => e.Id == endpointId && e.TenantId == tenantId, cancellationToken))
            {
                return ServiceResult<CountedPage<WebhookDeliveryRow>>.Fail(NotFound);
            }

            var deliveries = db.WebhookDeliveries.AsNoTracking().Where(d => d.TenantId == tenantId && d.EndpointId == endpointId);
            var counted = await deliveries.Take(CountCap + 1).CountAsync(cancellationToken);
            var rows = await deliveries.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
                .Skip(Math.Max(0, page) * DeliveryPageSize).Take(DeliveryPageSize)
                .Select(d => new WebhookDeliveryRow(d.Id, d.MessageId, d.EventType, d.State, d.Attempts, d.LastStatusCode, d.LastError, d.CreatedAt,
                    d.LastAttemptAt, d.NextAttemptAt, d.DeliveredAt))
                .ToListAsync(cancellationToken);
            return ServiceResult<CountedPage<WebhookDeliveryRow>>.Ok(CountedPage<WebhookDeliveryRow>.Of(rows, counted, CountCap));
        }, cancellationToken);

    /// <summary>Queues the same message (same id and body) again as a new delivery, with its own attempts and 24 hours.</summary>
    public Task<ServiceResult> RedeliverAsync(Guid deliveryId, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(TenantRole.Owner, OwnersOnly, async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var original = await db.WebhookDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == deliveryId && d.TenantId == tenantId, cancellationToken);
            if (original is null)
            {
                return ServiceResult.Fail(L["That delivery does not exist."]);
            }

            if (original.State == WebhookDeliveryState.Pending)
            {
                return ServiceResult.Fail(L["This delivery is still being attempted."]);
            }

            var now = timeProvider.GetUtcNow();
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenantId,
                MessageId = original.MessageId,
                EndpointId = original.EndpointId,
                EventType = original.EventType,
                Payload = original.Payload,
                State = WebhookDeliveryState.Pending,
                NextAttemptAt = now,
                CreatedAt = now,
                Version = Guid.NewGuid(),
            });
            var url = await db.WebhookEndpoints.Where(e => e.Id == original.EndpointId).Select(e => e.Url).SingleAsync(cancellationToken);
            audit.Record(db, tenantId, caller, "webhook.redelivered", url, AuditDetail.Of("{0} ({1})", original.MessageId, original.EventType));
            await db.SaveChangesAsync(cancellationToken);
            signal.Wake();
            return ServiceResult.Ok();
        }, cancellationToken);

    private string OwnersOnly => L["Only the company's owners can change webhooks."];

    private string NotFound => L["That webhook endpoint does not exist."];

    /// <summary>What is wrong with the input, in words for the form; null when it may be saved.</summary>
    internal async Task<string?> ProblemAsync(WebhookEndpointInput input, CancellationToken cancellationToken)
    {
        var allowPrivate = options.Value.AllowPrivateAddresses;
        var text = input.Url?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return L["Enter the endpoint's URL."];
        }

        if (text.Length > MaxUrlLength)
        {
            return L["The URL must be at most {0} characters.", MaxUrlLength];
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(url.Host) || !string.IsNullOrEmpty(url.UserInfo) || !string.IsNullOrEmpty(url.Fragment))
        {
            return L["Enter a full URL such as https://example.com/webhooks."];
        }

        if (url.Scheme != Uri.UriSchemeHttps && !allowPrivate)
        {
            return L["The URL must start with https://."];
        }

        if (input.Description?.Trim().Length > MaxDescriptionLength)
        {
            return L["The description must be at most {0} characters.", MaxDescriptionLength];
        }

        if (input.EventTypes.Count == 0 || input.EventTypes.Any(t => !WebhookEventTypes.Subscribable.Contains(t)))
        {
            return L["Choose at least one event."];
        }

        return allowPrivate || await IsPublicAsync(url.IdnHost.Trim('[', ']'), cancellationToken) ? null
            : L["{0} is a private, loopback or otherwise non-public address; webhooks are sent only to public HTTPS addresses.", url.Host].Value;
    }

    /// <summary>
    /// Whether the host is an address, or a name that resolves now only to addresses, a webhook may reach. A name that
    /// does not resolve yet is let through: every connection checks again.
    /// </summary>
    private static async Task<bool> IsPublicAsync(string host, CancellationToken cancellationToken)
    {
        if (WebhookAddresses.IsLocalName(host))
        {
            return false;
        }

        if (IPAddress.TryParse(host, out var literal))
        {
            return WebhookAddresses.IsPublic(literal);
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            var addresses = await Dns.GetHostAddressesAsync(host, timeout.Token);
            return addresses.All(WebhookAddresses.IsPublic);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ArgumentException)
        {
            return !cancellationToken.IsCancellationRequested;
        }
    }
}
