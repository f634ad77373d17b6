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
    /// Stores the outcomes of claimed refreshes in one transaction: each row only if it still carries its lease (a row
    /// that lost it, because its sweep ran past the lease and someone claimed it again, is left to its new holder), the
    /// lease released, one timeline event and one audit entry per stored outcome (<paramref name="auditActor"/> null:
    /// the portal acted on its own). The statements are <see cref="RefreshOutcomeSql"/>'s; a webhook delivery that a
    /// lost authorization raises is saved in the same transaction.
    /// </summary>
    internal async Task PersistAsync(PortalDbContext db, IReadOnlyList<RefreshResult> results, string? actorName, Caller? auditActor,
        CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        foreach (var result in results)
        {
            metrics.TokenRefreshed(result.Outcome);
        }

        // Encrypted before the transaction begins, so it holds the engine's write lock only for the statements.
        var pairs = results.Select(r => r.Grant is { } grant
            ? new ProtectedPair(secrets.ProtectToken(grant.AccessToken), secrets.ProtectRefreshToken(grant.RefreshToken))
            : null).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await using (var sql = RefreshOutcomeSql.Open(db))
        {
            for (var i = 0; i < results.Count; i++)
            {
                await StoreAsync(db, sql, results[i], pairs[i], now, actorName, auditActor, cancellationToken);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private sealed record ProtectedPair(string AccessToken, string RefreshToken);

    private async Task StoreAsync(PortalDbContext db, RefreshOutcomeSql sql, RefreshResult result, ProtectedPair? pair, DateTimeOffset now, string? actorName,
        Caller? auditActor, CancellationToken cancellationToken)
    {
        var claim = result.Claim;
        if (result.Grant is { } grant && pair is not null)
        {
            var accessExpires = grant.AccessTokenExpiresAt ?? now.AddDays(30);
            if (await sql.RefreshedAsync(claim, pair.AccessToken, pair.RefreshToken, accessExpires,
                    grant.RefreshTokenExpiresAt, now, plan.NextRefresh(accessExpires, grant.RefreshTokenExpiresAt), cancellationToken))
            {
                await sql.AddAsync(PrinterTokenEvent.Of(claim.TenantId, claim.PrinterId, PrinterTokenEventKind.Refreshed, now, actorName, null), cancellationToken);
                await sql.AddAsync(audit.Entry(db, claim.TenantId, auditActor, "printer.refreshed", claim.AuditTarget), cancellationToken);
            }

            return;
        }

        var (state, next, kind) = result.Outcome switch
        {
            RefreshOutcome.NeedsReauthorization => (PrinterTokenState.NeedsReauthorization, (DateTimeOffset?)null, PrinterTokenEventKind.NeedsReauthorization),
            RefreshOutcome.LimitReached => (PrinterTokenState.LimitReached, PrinterTokenKeeper.NextLimitDayStart(now), PrinterTokenEventKind.LimitReached),
            RefreshOutcome.ResponseLost => (PrinterTokenState.RefreshFailed, now + ReplayDelay, PrinterTokenEventKind.ResponseLost),
            _ => (PrinterTokenState.RefreshFailed, now + FailureRetryDelay, PrinterTokenEventKind.RefreshFailed),
        };
        if (!await sql.FailedAsync(claim, state, next, cancellationToken))
        {
            return;
        }

        var detail = result.Outcome == RefreshOutcome.ResponseLost || result.Error is null
            ? AuditDetail.Of("no answer from the platform; the same refresh token is replayed within 2 h")
            : AuditDetail.Of("the platform refused the refresh: {0}", AuditDetail.PlatformError(result.Error));
        await sql.AddAsync(PrinterTokenEvent.Of(claim.TenantId, claim.PrinterId, kind, now, actorName, detail), cancellationToken);
        if (state == PrinterTokenState.NeedsReauthorization)
        {
            await webhooks.ReauthorizationRequiredAsync(db, claim.TenantId, claim.PrinterId, cancellationToken);
        }

        await sql.AddAsync(audit.Entry(db, claim.TenantId, auditActor, "printer.refresh-failed", claim.AuditTarget, detail, succeeded: false), cancellationToken);
    }
}
