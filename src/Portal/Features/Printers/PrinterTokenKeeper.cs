using Microsoft.EntityFrameworkCore.ChangeTracking;

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
/// Stores token pairs and refreshes them, single-flight across instances: a refresh first claims the printer's row
/// with a compare-and-set on <see cref="Printer.Version"/> (a conditional UPDATE both SQLite and PostgreSQL honour),
/// and only the winner calls the platform. Every outcome becomes a <see cref="PrinterTokenEvent"/>.
/// </summary>
public sealed class PrinterTokenKeeper(
    IDbContextFactory<PortalDbContext> dbFactory,
    PrinterAppRegistry apps,
    PrinterSecrets secrets,
    AuditLog audit,
    IOptions<RefresherSettings> settings,
    TimeProvider timeProvider)
{
    /// <summary>The platform's daily limits reset at midnight Beijing time.</summary>
    public static readonly TimeSpan LimitDayOffset = TimeSpan.FromHours(8);

    public const int DailyRefreshLimit = 20;

    /// <summary>A lease older than this was abandoned (the instance died mid-call) and may be taken over.</summary>
    public static readonly TimeSpan LeaseLength = TimeSpan.FromMinutes(2);

    /// <summary>How soon a lost answer is replayed: well inside the platform's 2-hour replay window.</summary>
    public static readonly TimeSpan ReplayDelay = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan FailureRetryDelay = TimeSpan.FromHours(2);

    public static int LimitDay(DateTimeOffset at) => (int)(at.ToOffset(LimitDayOffset).Date - DateTime.UnixEpoch.Date).TotalDays;

    public static DateTimeOffset NextLimitDayStart(DateTimeOffset at)
    {
        var local = at.ToOffset(LimitDayOffset);
        return new DateTimeOffset(local.Date.AddDays(1), LimitDayOffset).ToUniversalTime();
    }

    /// <summary>Refreshes used today, as the list and the lifecycle card show them.</summary>
    public static int UsedToday(Printer printer, DateTimeOffset now) => printer.RefreshDay == LimitDay(now) ? printer.RefreshesToday : 0;

    /// <summary>When the refresher should next rotate a pair: before the earlier expiry, less a random jitter.</summary>
    public DateTimeOffset PlanNextRefresh(DateTimeOffset accessExpiresAt, DateTimeOffset refreshExpiresAt)
    {
        var options = settings.Value;
        var due = (accessExpiresAt < refreshExpiresAt ? accessExpiresAt : refreshExpiresAt) - options.RefreshBefore;
        return due - TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * options.Jitter.Ticks));
    }

    /// <summary>Puts a fresh grant on a printer (new or re-authorized): tokens encrypted, plan made, state Active.</summary>
    public void ApplyGrant(Printer printer, AccessTokenGrant grant)
    {
        var now = timeProvider.GetUtcNow();
        var accessExpires = grant.AccessTokenExpiresAt ?? now.AddDays(30);
        var refreshExpires = grant.RefreshTokenExpiresAt;
        printer.ProtectedAccessToken = secrets.ProtectToken(grant.AccessToken);
        printer.ProtectedRefreshToken = secrets.ProtectRefreshToken(grant.RefreshToken);
        printer.IssuedAt = now;
        printer.AccessExpiresAt = accessExpires;
        printer.RefreshExpiresAt = refreshExpires;
        printer.NextRefreshAt = PlanNextRefresh(accessExpires, refreshExpires);
        printer.TokenState = PrinterTokenState.Active;
        printer.RefreshLeaseUntil = null;
        printer.Version = Guid.NewGuid();
    }

    /// <summary>The audit log's name for a printer: its name and terminal number.</summary>
    public static string AuditTarget(string name, string machineCode) => $"{name} ({machineCode})";

    /// <summary>
    /// Refreshes one printer's pair. <paramref name="automatic"/> callers (the refresher) only act when the plan says
    /// so and keep within <see cref="RefresherSettings.AutomaticDailyBudget"/>; a person (<paramref name="actor"/>,
    /// "Refresh now") may use the whole 20.
    /// </summary>
    public Task<RefreshOutcome> RefreshAsync(Guid tenantId, Guid printerId, Caller? actor, bool automatic,
        CancellationToken cancellationToken = default) =>
        RefreshAsync(tenantId, printerId, actor?.DisplayName, actor, automatic, cancellationToken);

    /// <param name="actorName">Who the timeline names.</param>
    /// <param name="auditActor">Who the audit log names: null when the portal refreshed on its own (a call answered 18).</param>
    private async Task<RefreshOutcome> RefreshAsync(Guid tenantId, Guid printerId, string? actorName, Caller? auditActor, bool automatic,
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

        var today = LimitDay(now);
        var used = UsedToday(printer, now);
        var budget = automatic ? settings.Value.AutomaticDailyBudget : DailyRefreshLimit;
        if (used >= budget)
        {
            if (automatic)
            {
                await db.Printers.Where(p => p.Id == printerId && p.Version == printer.Version)
                    .ExecuteUpdateAsync(p => p.SetProperty(x => x.NextRefreshAt, NextLimitDayStart(now)), cancellationToken);
            }

            return RefreshOutcome.BudgetExhausted;
        }

        // The claim: only one caller can move Version from the value it read to its lease id.
        var lease = Guid.NewGuid();
        var claimed = await db.Printers.Where(p => p.Id == printerId && p.Version == printer.Version)
            .ExecuteUpdateAsync(p => p
                .SetProperty(x => x.Version, lease)
                .SetProperty(x => x.RefreshLeaseUntil, now + LeaseLength)
                .SetProperty(x => x.RefreshDay, today)
                .SetProperty(x => x.RefreshesToday, used + 1), cancellationToken);
        if (claimed != 1)
        {
            return RefreshOutcome.InProgress;
        }

        var claim = new RefreshClaim(printer.TenantId, printerId, lease, printer.ProtectedRefreshToken, AuditTarget(printer.Name, printer.MachineCode));
        var result = await CallUpstreamAsync(claim, apps.ClientFor(printer.App), cancellationToken);
        await PersistAsync(db, [result], actorName, auditActor, cancellationToken);
        return result.Outcome;
    }

    /// <summary>Sends a claimed printer's refresh token to the platform. Never throws for the platform's answers.</summary>
    internal async Task<RefreshResult> CallUpstreamAsync(RefreshClaim claim, IYilianyunClient client, CancellationToken cancellationToken)
    {
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

    /// <summary>
    /// Stores the outcomes of claimed refreshes in one SaveChanges (one transaction): each row only if it still
    /// carries its lease, the lease released, one timeline event and one audit entry per outcome
    /// (<paramref name="auditActor"/> null: the portal acted on its own).
    /// </summary>
    internal async Task PersistAsync(PortalDbContext db, IReadOnlyList<RefreshResult> results, string? actorName, Caller? auditActor,
        CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        try
        {
            await SaveOutcomesAsync(db, results, now, actorName, auditActor, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A row lost its lease meanwhile (its sweep ran past the lease and someone claimed it again): store the
            // others one by one and leave that row to its new holder.
            db.ChangeTracker.Clear();
            foreach (var result in results)
            {
                try
                {
                    await SaveOutcomesAsync(db, [result], now, actorName, auditActor, cancellationToken);
                }
                catch (DbUpdateConcurrencyException)
                {
                    db.ChangeTracker.Clear();
                }
            }
        }
    }

    private async Task SaveOutcomesAsync(PortalDbContext db, IReadOnlyList<RefreshResult> results, DateTimeOffset now, string? actorName,
        Caller? auditActor, CancellationToken cancellationToken)
    {
        foreach (var result in results)
        {
            var id = result.Claim.PrinterId;
            // A stand-in for the claimed row: only the properties set below are written, and only where Version is
            // still this claim's lease.
            var row = db.Printers.Attach(new Printer { Id = id, TenantId = result.Claim.TenantId, MachineCode = "", Name = "", Version = result.Claim.Lease });
            if (result.Grant is { } grant)
            {
                var accessExpires = grant.AccessTokenExpiresAt ?? now.AddDays(30);
                Write(row, p => p.ProtectedAccessToken, secrets.ProtectToken(grant.AccessToken));
                Write(row, p => p.ProtectedRefreshToken, secrets.ProtectRefreshToken(grant.RefreshToken));
                Write(row, p => p.AccessExpiresAt, accessExpires);
                Write(row, p => p.RefreshExpiresAt, grant.RefreshTokenExpiresAt);
                Write(row, p => p.LastRefreshAt, now);
                Write(row, p => p.NextRefreshAt, PlanNextRefresh(accessExpires, grant.RefreshTokenExpiresAt));
                Write(row, p => p.TokenState, PrinterTokenState.Active);
                Write(row, p => p.RefreshLeaseUntil, null);
                Write(row, p => p.Version, Guid.NewGuid());
                AddEvent(db, result.Claim.TenantId, id, PrinterTokenEventKind.Refreshed, actorName, null);
                audit.Record(db, result.Claim.TenantId, auditActor, "printer.refreshed", result.Claim.AuditTarget);
                continue;
            }

            var (state, next, kind) = result.Outcome switch
            {
                RefreshOutcome.NeedsReauthorization => (PrinterTokenState.NeedsReauthorization, (DateTimeOffset?)null, PrinterTokenEventKind.NeedsReauthorization),
                RefreshOutcome.LimitReached => (PrinterTokenState.LimitReached, NextLimitDayStart(now), PrinterTokenEventKind.LimitReached),
                RefreshOutcome.ResponseLost => (PrinterTokenState.RefreshFailed, now + ReplayDelay, PrinterTokenEventKind.ResponseLost),
                _ => (PrinterTokenState.RefreshFailed, now + FailureRetryDelay, PrinterTokenEventKind.RefreshFailed),
            };
            Write(row, p => p.TokenState, state);
            Write(row, p => p.NextRefreshAt, next);
            Write(row, p => p.RefreshLeaseUntil, null);
            Write(row, p => p.Version, Guid.NewGuid());
            var detail = result.Outcome == RefreshOutcome.ResponseLost || result.Error is null
                ? AuditDetail.Of("no answer from the platform; the same refresh token is replayed within 2 h")
                : AuditDetail.Of("the platform refused the refresh: {0}", AuditDetail.PlatformError(result.Error));
            AddEvent(db, result.Claim.TenantId, id, kind, actorName, detail);
            audit.Record(db, result.Claim.TenantId, auditActor, "printer.refresh-failed", result.Claim.AuditTarget, detail, succeeded: false);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Sets a property of an attached stand-in and marks it written, even when the value equals the stand-in's default.</summary>
    private static void Write<T>(EntityEntry<Printer> row, Expression<Func<Printer, T>> property, T value)
    {
        var entry = row.Property(property);
        entry.CurrentValue = value;
        entry.IsModified = true;
    }

    public void AddEvent(PortalDbContext db, Printer printer, PrinterTokenEventKind kind, string? actorName, string? detail) =>
        AddEvent(db, printer.TenantId, printer.Id, kind, actorName, detail);

    private void AddEvent(PortalDbContext db, Guid tenantId, Guid printerId, PrinterTokenEventKind kind, string? actorName, string? detail) =>
        db.PrinterTokenEvents.Add(PrinterTokenEvent.Of(tenantId, printerId, kind, timeProvider.GetUtcNow(), actorName, detail));

    /// <summary>
    /// Runs a platform call with the printer's access token (open apps) or the app token (own apps). When the platform
    /// answers 18 (token expired) the token is refreshed (or the app token re-fetched) once and the call retried once;
    /// that refresh is the portal's own doing, so the timeline and the audit log both name the system.
    /// </summary>
    public Task<T> CallAsync<T>(Guid tenantId, Guid printerId,
        Func<IYilianyunClient, string, Task<T>> call, CancellationToken cancellationToken = default) =>
        CallAsync(tenantId, printerId, known: null, call, cancellationToken);

    /// <summary>
    /// The same, for a caller that has just read the printer with its app (<paramref name="printer"/>): the first
    /// attempt uses that row instead of reading it again; a retry after a refresh reads the new token.
    /// </summary>
    public Task<T> CallAsync<T>(Printer printer,
        Func<IYilianyunClient, string, Task<T>> call, CancellationToken cancellationToken = default) =>
        CallAsync(printer.TenantId, printer.Id, printer.App is null ? null : printer, call, cancellationToken);

    private async Task<T> CallAsync<T>(Guid tenantId, Guid printerId, Printer? known,
        Func<IYilianyunClient, string, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var printer = attempt == 0 && known is not null ? known : await ReadWithAppAsync(tenantId, printerId, cancellationToken);
            var app = printer.App!;
            var token = app.Kind == PrinterAppKind.Own
                ? await apps.AppTokenAsync(app, refetch: attempt > 0, cancellationToken)
                : secrets.UnprotectToken(printer.ProtectedAccessToken ?? throw new InvalidOperationException("The printer holds no token."));
            try
            {
                return await call(apps.ClientFor(app), token);
            }
            catch (YilianyunException e) when (e.Error.IsAccessTokenExpired && attempt == 0)
            {
                if (app.Kind == PrinterAppKind.Open
                    && await RefreshAsync(tenantId, printerId, actorName: null, auditActor: null, automatic: false, cancellationToken) is not (RefreshOutcome.Refreshed or RefreshOutcome.InProgress))
                {
                    throw;
                }
            }
        }
    }

    private async Task<Printer> ReadWithAppAsync(Guid tenantId, Guid printerId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
        return await db.Printers.AsNoTracking().Include(p => p.App).SingleAsync(p => p.Id == printerId, cancellationToken);
    }
}
