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
        // A chunk's outcomes are stored while the next chunk's calls are under way.
        var storing = Task.CompletedTask;
        foreach (var chunk in due.Chunk(ChunkSize))
        {
            var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);

            // The context outlives this iteration (the chunk is stored in the background); dispose it here only on failure.
            try
            {
                var ids = chunk.ToList();
                var budget = options.AutomaticDailyBudget;

                // Printers that used today's automatic budget wait for the next limit day.
                var postponed = await Due(db, now).Where(p => ids.Contains(p.Id) && p.RefreshDay == today && p.RefreshesToday >= budget)
                    .ExecuteUpdateAsync(p => p.SetProperty(x => x.NextRefreshAt, PrinterTokenKeeper.NextLimitDayStart(now)), cancellationToken);
                outcomes.AddOrUpdate(RefreshOutcome.BudgetExhausted, postponed, (_, n) => n + postponed);

                // The claim: rows still due and unleased get this sweep's lease as their Version. A "Refresh now" or another
                // instance that read the row before sees its own compare-and-set fail, and the other way round.
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

                foreach (var appId in claims.Select(c => c.AppId).Distinct().Where(a => !clients.ContainsKey(a)))
                {
                    clients[appId] = apps.ClientFor((await apps.FindAsync(appId, cancellationToken))!);
                }

                var results = new System.Collections.Concurrent.ConcurrentBag<RefreshResult>();
                await Parallel.ForEachAsync(claims, new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = cancellationToken },
                    async (claim, token) => results.Add(await refresh.CallUpstreamAsync(
                        new RefreshClaim(claim.TenantId, claim.Id, lease, claim.ProtectedRefreshToken!, PrinterTokenKeeper.AuditTarget(claim.Name, claim.MachineCode)), clients[claim.AppId], token)));
                foreach (var result in results)
                {
                    outcomes.AddOrUpdate(result.Outcome, 1, (_, n) => n + 1);
                }

                await storing;
                storing = StoreAsync(db, store, [.. results], cancellationToken);
            }
            catch
            {
                await db.DisposeAsync();
                throw;
            }
        }

        await storing;
        return new SweepResult(due.Count, outcomes.Where(o => o.Value > 0).ToDictionary());
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
