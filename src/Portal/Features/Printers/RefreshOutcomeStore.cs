using Microsoft.EntityFrameworkCore.ChangeTracking;
using Portal.Features.Webhooks;

namespace Portal.Features.Printers;

/// <summary>
/// Stores what became of claimed refreshes: the new pair and its plan, or the state and retry time an error leaves,
/// the lease released, one timeline event and one audit entry each.
/// </summary>
public sealed class RefreshOutcomeStore(PrinterSecrets secrets, RefreshPlan plan, AuditLog audit, PortalMetrics metrics, WebhookEvents webhooks, TimeProvider timeProvider)
{
    /// <summary>How soon a lost answer is replayed: well inside the platform's 2-hour replay window.</summary>
    public static readonly TimeSpan ReplayDelay = TimeSpan.FromMinutes(10);

    /// <summary>How long a refused or failed refresh waits before the refresher tries again.</summary>
    public static readonly TimeSpan FailureRetryDelay = TimeSpan.FromHours(2);

    /// <summary>
    /// Stores the outcomes of claimed refreshes in one SaveChanges (one transaction): each row only if it still
    /// carries its lease, the lease released, one timeline event and one audit entry per outcome
    /// (<paramref name="auditActor"/> null: the portal acted on its own).
    /// </summary>
    internal async Task PersistAsync(PortalDbContext db, IReadOnlyList<RefreshResult> results, string? actorName, Caller? auditActor,
        CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        foreach (var result in results)
        {
            metrics.TokenRefreshed(result.Outcome);
        }

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
                Write(row, p => p.NextRefreshAt, plan.NextRefresh(accessExpires, grant.RefreshTokenExpiresAt));
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
                RefreshOutcome.LimitReached => (PrinterTokenState.LimitReached, PrinterTokenKeeper.NextLimitDayStart(now), PrinterTokenEventKind.LimitReached),
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
            if (state == PrinterTokenState.NeedsReauthorization)
            {
                await webhooks.ReauthorizationRequiredAsync(db, result.Claim.TenantId, id, cancellationToken);
            }
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

    private void AddEvent(PortalDbContext db, Guid tenantId, Guid printerId, PrinterTokenEventKind kind, string? actorName, string? detail) =>
        db.PrinterTokenEvents.Add(PrinterTokenEvent.Of(tenantId, printerId, kind, timeProvider.GetUtcNow(), actorName, detail));
}
