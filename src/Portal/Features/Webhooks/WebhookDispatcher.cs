namespace Portal.Features.Webhooks;

/// <summary>
/// Sends due deliveries. A delivery is claimed first, by a compare-and-set on its <see cref="WebhookDelivery.Version"/>
/// that also sets a lease, so however many instances run, one sends it; the outcome is stored only where the row is
/// still that claim. A 2xx delivers it; anything else schedules the next attempt by <see cref="Backoff"/>, and after
/// <see cref="RetryPeriod"/> from its creation it is given up (Failed). The system acts for every company here.
/// </summary>
public sealed class WebhookDispatcher(
    IDbContextFactory<PortalDbContext> dbFactory,
    IServiceScopeFactory scopes,
    WebhookSecretProtector secrets,
    WebhookSignal signal,
    IOptions<WebhookOptions> options,
    TimeProvider timeProvider,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    /// <summary>The waits after the first, second, … failed attempt; the last repeats.</summary>
    public static readonly IReadOnlyList<TimeSpan> Backoff =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    /// <summary>How long a delivery is retried; the last attempt falls at this age.</summary>
    public static readonly TimeSpan RetryPeriod = TimeSpan.FromHours(24);

    private sealed record Candidate(Guid Id, Guid TenantId, Guid Version);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DispatcherEnabled)
        {
            return;
        }

        var purgedAt = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (timeProvider.GetUtcNow() - purgedAt >= TimeSpan.FromHours(1))
                {
                    purgedAt = timeProvider.GetUtcNow();
                    await PurgeAsync(stoppingToken);
                }

                while (await RunOnceAsync(stoppingToken) > 0)
                {
                    // A full batch may leave more due rows: go again at once.
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Webhook dispatch failed; retrying at the next interval");
            }

            await signal.WaitAsync(options.Value.PollInterval, timeProvider, stoppingToken);
            // Woken by a delivery being written: give its transaction a moment to commit.
            await Task.Delay(TimeSpan.FromMilliseconds(200), timeProvider, stoppingToken);
        }
    }

    /// <summary>
    /// One pass: claims up to a batch of due deliveries and sends them; returns how many it sent. Public so tests drive
    /// it with a fake clock.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        List<Candidate> due;
        await using (var db = await dbFactory.CreateCrossTenantAsync(cancellationToken))
        {
            due = await db.WebhookDeliveries.AsNoTracking()
                .Where(d => d.State == WebhookDeliveryState.Pending && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil <= now))
                .OrderBy(d => d.NextAttemptAt).Take(settings.BatchSize)
                .Select(d => new Candidate(d.Id, d.TenantId, d.Version))
                .ToListAsync(cancellationToken);
        }

        var sent = 0;
        if (due.Count == 0)
        {
            return 0;
        }

        // The typed client comes from the factory per pass, so its handler is renewed as the factory intends.
        await using var scope = scopes.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<WebhookSender>();
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
            async (candidate, token) =>
            {
                if (await DeliverAsync(sender, candidate, token))
                {
                    Interlocked.Increment(ref sent);
                }
            });
        return sent;
    }

    /// <summary>
    /// Deletes delivered and failed deliveries older than <see cref="WebhookOptions.RetentionDays"/> from every company's
    /// log; returns how many. Pending ones stay whatever their age.
    /// </summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var before = timeProvider.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays);
        await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
        return await db.WebhookDeliveries
            .Where(d => d.State != WebhookDeliveryState.Pending && d.CreatedAt < before)
            .ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>When attempt number <paramref name="attempts"/> (counting from 1) failed at <paramref name="now"/>, the next one; null to give up.</summary>
    public static DateTimeOffset? NextAttempt(DateTimeOffset createdAt, int attempts, DateTimeOffset now)
    {
        var giveUpAt = createdAt + RetryPeriod;
        if (now >= giveUpAt)
        {
            return null;
        }

        var next = now + Backoff[Math.Clamp(attempts - 1, 0, Backoff.Count - 1)];
        return next < giveUpAt ? next : giveUpAt;
    }

    private async Task<bool> DeliverAsync(WebhookSender sender, Candidate candidate, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var lease = Guid.NewGuid();
        await using var db = await dbFactory.CreateForTenantAsync(candidate.TenantId, cancellationToken);
        var claimed = await db.WebhookDeliveries
            .Where(d => d.Id == candidate.Id && d.Version == candidate.Version && d.State == WebhookDeliveryState.Pending)
            .ExecuteUpdateAsync(d => d.SetProperty(x => x.LeaseUntil, now + options.Value.Lease).SetProperty(x => x.Version, lease), cancellationToken);
        if (claimed == 0)
        {
            // Another instance claimed it first.
            return false;
        }

        var row = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Id == candidate.Id)
            .Join(db.WebhookEndpoints, d => d.EndpointId, e => e.Id, (d, e) => new { d.MessageId, d.Payload, d.Attempts, d.CreatedAt, e.Url, e.Enabled, e.ProtectedSecret })
            .SingleAsync(cancellationToken);

        WebhookAttempt attempt;
        if (!row.Enabled)
        {
            attempt = new WebhookAttempt(false, null, "the endpoint is disabled");
        }
        else
        {
            byte[] key;
            try
            {
                key = WebhookSecret.KeyOf(secrets.Unprotect(row.ProtectedSecret));
            }
            catch (CryptographicException)
            {
                key = [];
            }

            attempt = key.Length == 0
                ? new WebhookAttempt(false, null, "the endpoint's secret cannot be read; rotate it")
                : await sender.SendAsync(row.Url, row.MessageId, row.Payload, key, cancellationToken);
        }

        var at = timeProvider.GetUtcNow();
        var attempts = row.Attempts + 1;
        var next = attempt.Delivered || !row.Enabled ? null : NextAttempt(row.CreatedAt, attempts, at);
        var state = attempt.Delivered ? WebhookDeliveryState.Delivered : next is null ? WebhookDeliveryState.Failed : WebhookDeliveryState.Pending;
        var error = attempt.Error is { Length: > 300 } text ? text[..300] : attempt.Error;
        var stored = await db.WebhookDeliveries
            .Where(d => d.Id == candidate.Id && d.Version == lease)
            .ExecuteUpdateAsync(d => d
                .SetProperty(x => x.State, state)
                .SetProperty(x => x.Attempts, attempts)
                .SetProperty(x => x.NextAttemptAt, next)
                .SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(x => x.LastStatusCode, attempt.StatusCode)
                .SetProperty(x => x.LastError, error)
                .SetProperty(x => x.LastAttemptAt, at)
                .SetProperty(x => x.DeliveredAt, attempt.Delivered ? at : null)
                .SetProperty(x => x.Version, Guid.NewGuid()), CancellationToken.None);
        if (stored == 0)
        {
            logger.LogWarning("Webhook delivery {DeliveryId} outlived its lease; its outcome ({State}) was not stored", candidate.Id, state);
        }
        else if (state == WebhookDeliveryState.Failed)
        {
            logger.LogWarning("Webhook delivery {DeliveryId} ({MessageId}) given up after {Attempts} attempts: {Error}", candidate.Id, row.MessageId, attempts, error);
        }

        return true;
    }
}
