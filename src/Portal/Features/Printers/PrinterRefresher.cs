namespace Portal.Features.Printers;

public sealed record SweepResult(int Due, IReadOnlyDictionary<RefreshOutcome, int> Outcomes);

/// <summary>
/// Keeps open-app tokens alive. Each sweep finds the printers whose planned refresh is due across tenants (the system
/// acts for all of them and reads only ids, leases and ciphertexts), claims a chunk of them with one conditional
/// UPDATE (their Version becomes this sweep's lease), calls the platform a bounded number at a time, and stores the
/// chunk's outcomes in one transaction. Any number of instances may run, and "Refresh now" may race them: the
/// compare-and-set on Version lets exactly one of them refresh a given token.
/// </summary>
public sealed class PrinterRefresher(
    IServiceScopeFactory scopes,
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<RefresherSettings> settings,
    TimeProvider timeProvider,
    ILogger<PrinterRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.Value.SweepInterval, timeProvider);
        do
        {
            try
            {
                var result = await SweepOnceAsync(stoppingToken);
                if (result.Due > 0)
                {
                    logger.LogInformation("Token sweep: {Due} due, outcomes {Outcomes}", result.Due,
                        string.Join(", ", result.Outcomes.Select(o => $"{o.Key}={o.Value}")));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Logged without request values: the client library keeps tokens and secrets out of its exceptions.
                logger.LogWarning(e, "Token sweep failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Printers claimed and written together: one UPDATE claims a chunk, one transaction stores its outcomes.</summary>
    private const int ChunkSize = 500;

    /// <summary>One pass over the due printers. Public so tests drive it with a fake clock.</summary>
    public async Task<SweepResult> SweepOnceAsync(CancellationToken cancellationToken = default)
    {
        var options = settings.Value;
        var now = timeProvider.GetUtcNow();
        var today = PrinterTokenKeeper.LimitDay(now);
        List<Guid> due;
        await using (var db = await dbFactory.CreateCrossTenantAsync(cancellationToken))
        {
            due = await Due(db, now).OrderBy(p => p.NextRefreshAt).Take(options.BatchSize).Select(p => p.Id).ToListAsync(cancellationToken);
        }

        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<RefreshOutcome, int>();
        await using var scope = scopes.CreateAsyncScope();
        var refresh = scope.ServiceProvider.GetRequiredService<PrinterTokenRefresh>();
        var store = scope.ServiceProvider.GetRequiredService<RefreshOutcomeStore>();
        var apps = scope.ServiceProvider.GetRequiredService<PrinterAppResolver>();
        var clients = new Dictionary<Guid, Yilianyun.IYilianyunClient>();
        var chunks = due.Chunk(ChunkSize).ToList();
        // A chunk's outcomes are stored while the next chunk's calls are under way. The next chunk is claimed before the
        // current one is stored: the store's transaction holds SQLite's one write lock, and a claim behind it would
        // leave the platform calls idle until it commits.
        var storing = Task.CompletedTask;
        Claimed? next = chunks.Count > 0 ? await ClaimAsync(chunks[0], now, today, outcomes, cancellationToken) : null;
        for (var i = 0; next is { } current; i++)
        {
            next = null;
            // Each chunk's context outlives its iteration (the chunk is stored in the background); disposed here only on failure.
            try
            {
                foreach (var appId in current.Claims.Select(c => c.AppId).Distinct().Where(a => !clients.ContainsKey(a)))
                {
                    clients[appId] = apps.ClientFor((await apps.FindAsync(appId, cancellationToken))!);
                }

                var results = new System.Collections.Concurrent.ConcurrentBag<RefreshResult>();
                await Parallel.ForEachAsync(current.Claims, new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = cancellationToken },
                    async (claim, token) => results.Add(await refresh.CallUpstreamAsync(claim.Claim, clients[claim.AppId], token)));
                foreach (var result in results)
                {
                    outcomes.AddOrUpdate(result.Outcome, 1, (_, n) => n + 1);
                }

                if (i + 1 < chunks.Count)
                {
                    next = await ClaimAsync(chunks[i + 1], now, today, outcomes, cancellationToken);
                }

                await storing;
                storing = StoreAsync(current.Db, store, [.. results], cancellationToken);
            }
            catch
            {
                await current.Db.DisposeAsync();
                if (next is not null)
                {
                    await next.Db.DisposeAsync();
                }

                throw;
            }
        }

        await storing;
        return new SweepResult(due.Count, outcomes.Where(o => o.Value > 0).ToDictionary());
    }

    /// <summary>A chunk's claimed printers, on the context that will store their outcomes.</summary>
    private sealed record Claimed(PortalDbContext Db, IReadOnlyList<(RefreshClaim Claim, Guid AppId)> Claims);

    /// <summary>
    /// Postpones the chunk's printers that used today's automatic budget, and claims the others that are still due and
    /// unleased: one conditional UPDATE gives them a fresh lease as their Version. A "Refresh now" or another instance
    /// that read a row before sees its own compare-and-set fail, and the other way round.
    /// </summary>
    private async Task<Claimed> ClaimAsync(Guid[] chunk, DateTimeOffset now, int today,
        System.Collections.Concurrent.ConcurrentDictionary<RefreshOutcome, int> outcomes, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
        try
        {
            var ids = chunk.ToList();
            var budget = settings.Value.AutomaticDailyBudget;
            var postponed = await Due(db, now).Where(p => ids.Contains(p.Id) && p.RefreshDay == today && p.RefreshesToday >= budget)
                .ExecuteUpdateAsync(p => p.SetProperty(x => x.NextRefreshAt, PrinterTokenKeeper.NextLimitDayStart(now)), cancellationToken);
            outcomes.AddOrUpdate(RefreshOutcome.BudgetExhausted, postponed, (_, n) => n + postponed);

            var lease = Guid.NewGuid();
            await Due(db, now).Where(p => ids.Contains(p.Id) && (p.RefreshDay != today || p.RefreshesToday < budget))
                .ExecuteUpdateAsync(p => p
                    .SetProperty(x => x.Version, lease)
                    .SetProperty(x => x.RefreshLeaseUntil, now + PrinterTokenKeeper.LeaseLength)
                    .SetProperty(x => x.RefreshesToday, x => x.RefreshDay == today ? x.RefreshesToday + 1 : 1)
                    .SetProperty(x => x.RefreshDay, today), cancellationToken);
            var claims = await db.Printers.AsNoTracking().Where(p => p.Version == lease)
                .Select(p => new { p.TenantId, p.Id, p.ProtectedRefreshToken, p.AppId, p.Name, p.MachineCode })
                .ToListAsync(cancellationToken);
            var lost = chunk.Length - postponed - claims.Count;
            outcomes.AddOrUpdate(RefreshOutcome.InProgress, lost, (_, n) => n + lost);
            return new Claimed(db, [.. claims.Select(c => (
                new RefreshClaim(c.TenantId, c.Id, lease, c.ProtectedRefreshToken!, PrinterTokenKeeper.AuditTarget(c.Name, c.MachineCode)), c.AppId))]);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    private static async Task StoreAsync(PortalDbContext db, RefreshOutcomeStore store, IReadOnlyList<RefreshResult> results, CancellationToken cancellationToken)
    {
        await using (db)
        {
            await store.PersistAsync(db, results, actorName: null, auditActor: null, cancellationToken);
        }
    }

    /// <summary>Open-app printers whose planned refresh has come and that nobody holds a lease on.</summary>
    private static IQueryable<Printer> Due(PortalDbContext db, DateTimeOffset now) => db.Printers
        .Where(p => p.TokenState != PrinterTokenState.Revoked && p.TokenState != PrinterTokenState.NeedsReauthorization
                    && p.ProtectedRefreshToken != null && p.NextRefreshAt <= now
                    && (p.RefreshLeaseUntil == null || p.RefreshLeaseUntil <= now)
                    && p.App!.Kind == PrinterAppKind.Open);
}
