using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Portal.Features.Printers;

public sealed record SweepResult(int Due, IReadOnlyDictionary<RefreshOutcome, int> Outcomes);

/// <summary>
/// Keeps open-app tokens alive. Each sweep finds the printers whose planned refresh is due across tenants (the system
/// acts for all of them and reads only ids, leases and ciphertexts), claims a chunk of them with one conditional
/// UPDATE (their Version becomes this sweep's lease), calls the platform a bounded number at a time, and stores each
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

        var outcomes = new ConcurrentDictionary<RefreshOutcome, int>();
        await using var scope = scopes.CreateAsyncScope();
        var refresh = scope.ServiceProvider.GetRequiredService<PrinterTokenRefresh>();
        var store = scope.ServiceProvider.GetRequiredService<RefreshOutcomeStore>();
        var apps = scope.ServiceProvider.GetRequiredService<PrinterAppResolver>();
        // The calls stream from one chunk into the next: the next chunk is claimed while the current one's calls run, and
        // a chunk is stored once its last call has answered, while the later chunks' calls go on. So the platform calls
        // never wait for a claim, a store or the slowest call of a chunk. At most one claimed chunk waits its turn.
        var claimed = Channel.CreateBounded<Claimed>(1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var claiming = ClaimAllAsync(due.Chunk(ChunkSize), now, today, outcomes, claimed.Writer, stop.Token);
        var stores = new StoreChain(store);
        var started = new List<Claimed>();
        try
        {
            await Parallel.ForEachAsync(CallsAsync(claimed.Reader, apps, started, stop.Token),
                new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = stop.Token },
                async (call, token) =>
                {
                    var result = await refresh.CallUpstreamAsync(call.Claim, call.Client, token);
                    outcomes.AddOrUpdate(result.Outcome, 1, (_, n) => n + 1);
                    if (call.Chunk.Answered(result) && call.Chunk.TryHandOver())
                    {
                        stores.Add(call.Chunk);
                    }
                });
            await claiming;
        }
        catch
        {
            await stop.CancelAsync();
            try
            {
                await claiming;
            }
            catch (Exception)
            {
                // The failure that stopped the calls is the one raised below.
            }

            while (claimed.Reader.TryRead(out var unused))
            {
                await unused.Db.DisposeAsync();
            }

            throw;
        }
        finally
        {
            // The answers the platform gave are stored even when the sweep stopped part-way (a chunk's unanswered
            // printers keep their lease until it runs out, as a crash would leave them).
            foreach (var chunk in started.Where(c => c.TryHandOver()))
            {
                stores.Add(chunk);
            }

            await stores.DrainAsync();
        }

        return new SweepResult(due.Count, outcomes.Where(o => o.Value > 0).ToDictionary());
    }

    /// <summary>Claims each chunk in turn into <paramref name="claimed"/>, which holds one ahead of the calls.</summary>
    private async Task ClaimAllAsync(IEnumerable<Guid[]> chunks, DateTimeOffset now, int today, ConcurrentDictionary<RefreshOutcome, int> outcomes,
        ChannelWriter<Claimed> claimed, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var chunk in chunks)
            {
                var next = await ClaimAsync(chunk, now, today, outcomes, cancellationToken);
                if (!claimed.TryWrite(next))
                {
                    try
                    {
                        await claimed.WriteAsync(next, cancellationToken);
                    }
                    catch
                    {
                        await next.Db.DisposeAsync();
                        throw;
                    }
                }
            }

            claimed.TryComplete();
        }
        catch (Exception e)
        {
            claimed.TryComplete(e);
            throw;
        }
    }

    /// <summary>The claimed printers' calls, chunk after chunk, each with its app's client.</summary>
    /// <remarks>Each chunk read is added to <paramref name="started"/>, so the sweep stores (or lets go of) every one of them.</remarks>
    private static async IAsyncEnumerable<Call> CallsAsync(ChannelReader<Claimed> claimed, PrinterAppResolver apps, List<Claimed> started,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var clients = new Dictionary<Guid, Yilianyun.IYilianyunClient>();
        await foreach (var chunk in claimed.ReadAllAsync(cancellationToken))
        {
            started.Add(chunk);
            foreach (var (claim, appId) in chunk.Claims)
            {
                if (!clients.TryGetValue(appId, out var client))
                {
                    clients[appId] = client = apps.ClientFor((await apps.FindAsync(appId, cancellationToken))!);
                }

                yield return new Call(chunk, claim, client);
            }
        }
    }

    private sealed record Call(Claimed Chunk, RefreshClaim Claim, Yilianyun.IYilianyunClient Client);

    /// <summary>A chunk's claimed printers, on the context that will store their outcomes, and the answers so far.</summary>
    private sealed class Claimed(PortalDbContext db, IReadOnlyList<(RefreshClaim Claim, Guid AppId)> claims)
    {
        private readonly ConcurrentBag<RefreshResult> _results = [];
        private int _waiting = claims.Count;
        private int _handedOver;

        public PortalDbContext Db { get; } = db;

        public IReadOnlyList<(RefreshClaim Claim, Guid AppId)> Claims { get; } = claims;

        public IReadOnlyList<RefreshResult> Results => [.. _results];

        /// <summary>Adds an answer; true when it was the chunk's last.</summary>
        public bool Answered(RefreshResult result)
        {
            _results.Add(result);
            return Interlocked.Decrement(ref _waiting) == 0;
        }

        /// <summary>True the first time only: the chunk goes to the store once, complete or (when the sweep stops) in part.</summary>
        public bool TryHandOver() => Interlocked.Exchange(ref _handedOver, 1) == 0;
    }

    /// <summary>
    /// Stores answered chunks one after another (each in its own transaction on its own context), in the background of
    /// the calls; a failed store is raised by <see cref="DrainAsync"/> after the chunks behind it are stored.
    /// </summary>
    private sealed class StoreChain(RefreshOutcomeStore store)
    {
        private readonly Lock _gate = new();
        private readonly List<Exception> _failures = [];
        private Task _last = Task.CompletedTask;

        public void Add(Claimed chunk)
        {
            lock (_gate)
            {
                _last = StoreAfterAsync(_last, chunk);
            }
        }

        public async Task DrainAsync()
        {
            Task last;
            lock (_gate)
            {
                last = _last;
            }

            await last;
            if (_failures.Count > 0)
            {
                throw _failures.Count == 1 ? _failures[0] : new AggregateException(_failures);
            }
        }

        private async Task StoreAfterAsync(Task previous, Claimed chunk)
        {
            await previous;
            await using (chunk.Db)
            {
                try
                {
                    if (chunk.Results is { Count: > 0 } results)
                    {
                        // Not the sweep's token: answers the platform has given are stored even if the sweep is stopping.
                        await store.PersistAsync(chunk.Db, results, actorName: null, auditActor: null, CancellationToken.None);
                    }
                }
                catch (Exception e)
                {
                    lock (_gate)
                    {
                        _failures.Add(e);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Postpones the chunk's printers that used today's automatic budget, and claims the others that are still due and
    /// unleased: one conditional UPDATE gives them a fresh lease as their Version. A "Refresh now" or another instance
    /// that read a row before sees its own compare-and-set fail, and the other way round.
    /// </summary>
    private async Task<Claimed> ClaimAsync(Guid[] chunk, DateTimeOffset now, int today,
        ConcurrentDictionary<RefreshOutcome, int> outcomes, CancellationToken cancellationToken)
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

    /// <summary>Open-app printers whose planned refresh has come and that nobody holds a lease on.</summary>
    private static IQueryable<Printer> Due(PortalDbContext db, DateTimeOffset now) => db.Printers
        .Where(p => p.TokenState != PrinterTokenState.Revoked && p.TokenState != PrinterTokenState.NeedsReauthorization
                    && p.ProtectedRefreshToken != null && p.NextRefreshAt <= now
                    && (p.RefreshLeaseUntil == null || p.RefreshLeaseUntil <= now)
                    && p.App!.Kind == PrinterAppKind.Open);
}
