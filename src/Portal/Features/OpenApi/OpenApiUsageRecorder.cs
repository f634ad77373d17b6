namespace Portal.Features.OpenApi;

/// <summary>
/// Counts successful calls in memory and writes them in batches (every <see cref="OpenApiOptions.UsageFlushInterval"/>
/// and at shutdown): per-client call counts, token last use, and per-user provider access. Writing on every call would
/// serialize all calls on the database's write lock. Increments are applied in SQL (<c>n = n + k</c>), so several
/// instances add up correctly.
/// </summary>
public sealed class OpenApiUsageRecorder(
    IDbContextFactory<PortalDbContext> dbFactory,
    TimeProvider timeProvider,
    ILogger<OpenApiUsageRecorder> logger)
{
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly Pending _pending = new();

    public void Record(Guid clientId, TokenSnapshot token) =>
        // One update per call, keyed by client and token (a token is one user's in one tenant); the flush adds them up
        // per client, token and provider. A static lambda with an argument: a call allocates no closure.
        _pending.Calls.AddOrUpdate(new CallKey(clientId, token.Id, token.TenantId, token.UserId),
            static (_, now) => new Usage(1, now), static (_, u, now) => new Usage(u.Count + 1, Max(u.Last, now)), timeProvider.GetUtcNow());

    /// <summary>Writes everything recorded so far. Safe to call at any time; calls do not overlap.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            var calls = _pending.TakeAll();
            if (calls.Count == 0)
            {
                return;
            }

            var batch = Batch.Of(calls);
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                foreach (var (clientId, usage) in batch.Clients)
                {
                    await db.ApiClients.Where(c => c.Id == clientId).ExecuteUpdateAsync(s => s
                        .SetProperty(c => c.CallCount, c => c.CallCount + usage.Count)
                        .SetProperty(c => c.LastCalledAt, usage.Last), cancellationToken);
                }
            }

            foreach (var tenant in batch.Tokens.GroupBy(t => t.Value.TenantId))
            {
                await using var db = await dbFactory.CreateForTenantAsync(tenant.Key, cancellationToken);
                foreach (var (tokenId, use) in tenant)
                {
                    await db.UserApiTokens.Where(t => t.Id == tokenId).ExecuteUpdateAsync(s => s
                        .SetProperty(t => t.LastUsedAt, use.Last), cancellationToken);
                }
            }

            foreach (var tenant in batch.Providers.GroupBy(p => p.Key.TenantId))
            {
                await using var db = await dbFactory.CreateForTenantAsync(tenant.Key, cancellationToken);
                foreach (var (key, usage) in tenant)
                {
                    await AddProviderAccessAsync(db, key, usage, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Usage figures are informative; losing one batch must not take the API down.
            logger.LogWarning(ex, "Could not write open API usage figures");
        }
        finally
        {
            _flushing.Release();
        }
    }

    private static async Task AddProviderAccessAsync(PortalDbContext db, ProviderKey key, Usage usage, CancellationToken cancellationToken)
    {
        var updated = await UpdateAsync();
        if (updated > 0)
        {
            return;
        }

        db.ProviderAccesses.Add(new ProviderAccess
        {
            TenantId = key.TenantId,
            UserId = key.UserId,
            ApiClientId = key.ClientId,
            AccessCount = usage.Count,
            FirstAccessAt = usage.Last,
            LastAccessAt = usage.Last,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance inserted the row first: add to theirs.
            db.ChangeTracker.Clear();
            await UpdateAsync();
        }

        Task<int> UpdateAsync() => db.ProviderAccesses
            .Where(p => p.UserId == key.UserId && p.ApiClientId == key.ClientId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.AccessCount, p => p.AccessCount + usage.Count)
                .SetProperty(p => p.LastAccessAt, usage.Last), cancellationToken);
    }

    /// <summary>Deletes auth codes that expired more than a day ago, in every tenant (they are useless to everyone).</summary>
    public async Task PurgeExpiredAuthCodesAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = timeProvider.GetUtcNow().AddDays(-1);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenants = await db.Tenants.AsNoTracking().Select(t => t.Id).ToListAsync(cancellationToken);
        foreach (var tenantId in tenants)
        {
            await using var tenantDb = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            await tenantDb.ApiAuthCodes.Where(c => c.ExpiresAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed record Usage(long Count, DateTimeOffset Last);

    private sealed record TokenUse(Guid TenantId, DateTimeOffset Last);

    private sealed record ProviderKey(Guid TenantId, string UserId, Guid ClientId);

    private readonly record struct CallKey(Guid ClientId, Guid TokenId, Guid TenantId, string UserId);

    /// <summary>Calls counted since the last flush.</summary>
    private sealed class Pending
    {
        public ConcurrentDictionary<CallKey, Usage> Calls { get; } = new();

        /// <summary>
        /// Takes the entries out one by one: a call counted meanwhile either lands in a taken entry (the dictionary's
        /// update is atomic) or starts a new one for the next flush. Nothing is lost.
        /// </summary>
        public List<KeyValuePair<CallKey, Usage>> TakeAll()
        {
            var taken = new List<KeyValuePair<CallKey, Usage>>();
            foreach (var key in Calls.Keys)
            {
                if (Calls.TryRemove(key, out var usage))
                {
                    taken.Add(new(key, usage));
                }
            }

            return taken;
        }
    }

    /// <summary>What one flush writes: calls added up per client, per token (last use) and per provider.</summary>
    private sealed record Batch(Dictionary<Guid, Usage> Clients, Dictionary<Guid, TokenUse> Tokens, Dictionary<ProviderKey, Usage> Providers)
    {
        public static Batch Of(List<KeyValuePair<CallKey, Usage>> calls)
        {
            var batch = new Batch([], [], []);
            foreach (var (call, usage) in calls)
            {
                batch.Clients[call.ClientId] = batch.Clients.TryGetValue(call.ClientId, out var c) ? Add(c, usage) : usage;
                batch.Tokens[call.TokenId] = batch.Tokens.TryGetValue(call.TokenId, out var t)
                    ? t with { Last = Max(t.Last, usage.Last) }
                    : new TokenUse(call.TenantId, usage.Last);
                var provider = new ProviderKey(call.TenantId, call.UserId, call.ClientId);
                batch.Providers[provider] = batch.Providers.TryGetValue(provider, out var p) ? Add(p, usage) : usage;
            }

            return batch;
        }

        private static Usage Add(Usage a, Usage b) => new(a.Count + b.Count, Max(a.Last, b.Last));
    }
}

/// <summary>Flushes <see cref="OpenApiUsageRecorder"/> on a timer and once more at shutdown; purges old auth codes hourly.</summary>
internal sealed class OpenApiUsageFlusher(
    OpenApiUsageRecorder recorder,
    IOptions<OpenApiOptions> options,
    TimeProvider timeProvider,
    ILogger<OpenApiUsageFlusher> logger) : BackgroundService
{
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastPurge = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(options.Value.UsageFlushInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await recorder.FlushAsync(stoppingToken);
                if (timeProvider.GetUtcNow() - lastPurge >= PurgeEvery)
                {
                    lastPurge = timeProvider.GetUtcNow();
                    await PurgeAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync writes the last batch.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await recorder.FlushAsync(cancellationToken);
    }

    private async Task PurgeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await recorder.PurgeExpiredAuthCodesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not purge expired open API auth codes");
        }
    }
}
