namespace Portal.Features.Printers;

/// <summary>
/// A refresh lease held on one printer: the row's Version equals <see cref="Lease"/> until the outcome is stored.
/// <see cref="AuditTarget"/> names the printer in the audit log.
/// </summary>
internal sealed record RefreshClaim(Guid TenantId, Guid PrinterId, Guid Lease, string ProtectedRefreshToken, string AuditTarget);

internal sealed record RefreshResult(RefreshClaim Claim, AccessTokenGrant? Grant, YilianyunException? Error, RefreshOutcome Outcome);

public enum RefreshOutcome
{
    Refreshed,
    /// <summary>Another instance (or click) holds the lease, or changed the row since it was read.</summary>
    InProgress,
    NotRefreshable,
    BudgetExhausted,
    NeedsReauthorization,
    LimitReached,
    Failed,
    /// <summary>No answer came back; the previous refresh token is replayed shortly (the platform honours it for 2 h).</summary>
    ResponseLost,
}

/// <summary>
/// Refreshes a printer's token pair, single-flight across instances: a refresh first claims the printer's row with a
/// compare-and-set on <see cref="Printer.Version"/> (a conditional UPDATE both SQLite and PostgreSQL honour), within
/// the day's budget, and only the winner calls the platform; <see cref="RefreshOutcomeStore"/> keeps the outcome.
/// </summary>
public sealed class PrinterTokenRefresh(
    IDbContextFactory<PortalDbContext> dbFactory,
    PrinterAppResolver apps,
    PrinterSecrets secrets,
    RefreshOutcomeStore store,
    IOptions<RefresherSettings> settings,
    TimeProvider timeProvider,
    ILogger<PrinterTokenRefresh> logger)
{
    /// <summary>
    /// Refreshes one printer's pair. <paramref name="automatic"/> callers (the refresher) only act when the plan says
    /// so and keep within <see cref="RefresherSettings.AutomaticDailyBudget"/>; a person ("Refresh now") may use the
    /// whole 20.
    /// </summary>
    /// <param name="actorName">Who the timeline names.</param>
    /// <param name="auditActor">Who the audit log names: null when the portal refreshed on its own (a call answered 18).</param>
    internal async Task<RefreshOutcome> RefreshAsync(Guid tenantId, Guid printerId, string? actorName, Caller? auditActor, bool automatic,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
        var printer = await db.Printers.AsNoTracking().Include(p => p.App).SingleOrDefaultAsync(p => p.Id == printerId, cancellationToken);
        var now = timeProvider.GetUtcNow();
        if (printer?.App is null || printer.App.Kind != PrinterAppKind.Open || printer.ProtectedRefreshToken is null
            || printer.TokenState is PrinterTokenState.Revoked or PrinterTokenState.NeedsReauthorization)
        {
            return RefreshOutcome.NotRefreshable;
        }

        if (printer.RefreshLeaseUntil > now)
        {
            return RefreshOutcome.InProgress;
        }

        if (automatic && !(printer.NextRefreshAt <= now))
        {
            return RefreshOutcome.NotRefreshable;
        }

        var today = PrinterTokenKeeper.LimitDay(now);
        var used = PrinterTokenKeeper.UsedToday(printer, now);
        var budget = automatic ? settings.Value.AutomaticDailyBudget : PrinterTokenKeeper.DailyRefreshLimit;
        if (used >= budget)
        {
            if (automatic)
            {
                await db.Printers.Where(p => p.Id == printerId && p.Version == printer.Version)
                    .ExecuteUpdateAsync(p => p.SetProperty(x => x.NextRefreshAt, PrinterTokenKeeper.NextLimitDayStart(now)), cancellationToken);
            }

            return RefreshOutcome.BudgetExhausted;
        }

        // The claim: only one caller can move Version from the value it read to its lease id.
        var lease = Guid.NewGuid();
        var claimed = await db.Printers.Where(p => p.Id == printerId && p.Version == printer.Version)
            .ExecuteUpdateAsync(p => p
                .SetProperty(x => x.Version, lease)
                .SetProperty(x => x.RefreshLeaseUntil, now + PrinterTokenKeeper.LeaseLength)
                .SetProperty(x => x.RefreshDay, today)
                .SetProperty(x => x.RefreshesToday, used + 1), cancellationToken);
        if (claimed != 1)
        {
            return RefreshOutcome.InProgress;
        }

        var claim = new RefreshClaim(printer.TenantId, printerId, lease, printer.ProtectedRefreshToken, PrinterTokenKeeper.AuditTarget(printer.Name, printer.MachineCode));
        var result = await CallUpstreamAsync(claim, apps.ClientFor(printer.App), cancellationToken);
        await store.PersistAsync(db, [result], actorName, auditActor, cancellationToken);
        return result.Outcome;
    }

    /// <summary>Sends a claimed printer's refresh token to the platform. Never throws for the platform's answers.</summary>
    internal async Task<RefreshResult> CallUpstreamAsync(RefreshClaim claim, IYilianyunClient client, CancellationToken cancellationToken)
    {
        using var companyScope = logger.BeginCompanyScope(claim.TenantId);
        try
        {
            var grant = await client.RefreshTokenAsync(secrets.UnprotectRefreshToken(claim.ProtectedRefreshToken), cancellationToken);
            return new RefreshResult(claim, grant, null, RefreshOutcome.Refreshed);
        }
        catch (YilianyunException e)
        {
            return new RefreshResult(claim, null, e, Classify(e));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // An aborted answer (the work may have happened upstream): replay the same refresh token soon.
            return new RefreshResult(claim, null, null, RefreshOutcome.ResponseLost);
        }
    }

    private static RefreshOutcome Classify(YilianyunException error) => error.Error switch
    {
        { IsRefreshTokenExpired: true } or { IsAccessTokenInvalid: true } or { RequiresReauthorization: true } => RefreshOutcome.NeedsReauthorization,
        { IsLimitReached: true } => RefreshOutcome.LimitReached,
        { IsTransport: true } => RefreshOutcome.ResponseLost,
        _ => RefreshOutcome.Failed,
    };
}
