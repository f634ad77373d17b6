using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Data.Entities.Printers;
using Portal.Data.Tenancy;
using Portal.Hosting;

namespace Portal.Services.Printers;

public sealed record SweepResult(int Due, IReadOnlyDictionary<RefreshOutcome, int> Outcomes);

/// <summary>
/// Keeps open-app tokens alive: every sweep finds the printers whose planned refresh is due (across tenants — the
/// system acts for every tenant, reading only ids), then refreshes each inside its own tenant's context through
/// <see cref="PrinterTokenKeeper"/>, a bounded number at a time. Any number of instances may run: the keeper's
/// claim lets exactly one of them refresh a given token.
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

    /// <summary>One pass over the due printers. Public so tests drive it with a fake clock.</summary>
    public async Task<SweepResult> SweepOnceAsync(CancellationToken cancellationToken = default)
    {
        var options = settings.Value;
        var now = timeProvider.GetUtcNow();
        List<(Guid TenantId, Guid Id)> due;
        await using (var db = await dbFactory.CreateCrossTenantAsync(cancellationToken))
        {
            due = (await db.Printers.AsNoTracking()
                    .Where(p => p.TokenState != PrinterTokenState.Revoked && p.TokenState != PrinterTokenState.NeedsReauthorization
                                && p.NextRefreshAt <= now && (p.RefreshLeaseUntil == null || p.RefreshLeaseUntil <= now)
                                && p.App!.Kind == PrinterAppKind.Open)
                    .OrderBy(p => p.NextRefreshAt).Take(options.BatchSize)
                    .Select(p => new { p.TenantId, p.Id })
                    .ToListAsync(cancellationToken))
                .Select(p => (p.TenantId, p.Id)).ToList();
        }

        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<RefreshOutcome, int>();
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = cancellationToken },
            async (printer, token) =>
            {
                await using var scope = scopes.CreateAsyncScope();
                var keeper = scope.ServiceProvider.GetRequiredService<PrinterTokenKeeper>();
                var outcome = await keeper.RefreshAsync(printer.TenantId, printer.Id, actorName: null, automatic: true, token);
                outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            });
        return new SweepResult(due.Count, outcomes);
    }
}
