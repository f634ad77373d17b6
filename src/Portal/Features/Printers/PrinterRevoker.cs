namespace Portal.Features.Printers;

/// <summary>
/// Revokes one printer: <c>printer/deleteprinter</c> upstream (best effort, after <c>cancelall</c> when jobs are still
/// out there), the stored tokens wiped and its open jobs closed (<see cref="RevokedPrinterJobs"/>), then the proof
/// (<see cref="RevocationProof"/>) kept in the timeline and the audit log. A printer is revoked here even when the
/// platform refuses, with a warning saying so.
/// </summary>
public sealed class PrinterRevoker(
    PrinterAppResolver apps,
    PrinterTokenKeeper keeper,
    PrinterSecrets secrets,
    RevokedPrinterJobs jobs,
    RevocationProof proof,
    AuditLog audit,
    LiveChanges changes,
    IStringLocalizer<PrinterRevoker> L)
{
    /// <summary>
    /// The revocation itself. Returns null when <paramref name="tenantId"/> has no such printer. The old token is
    /// only ever held in a local variable, for the one verifying call.
    /// </summary>
    internal async Task<RevokeOutcome?> RevokeAsync(Func<CancellationToken, Task<PortalDbContext>> openDb, Guid tenantId, Guid printerId,
        Caller caller, CancellationToken cancellationToken)
    {
        Printer? found;
        bool hasUnsentJobs;
        await using (var db = await openDb(cancellationToken))
        {
            found = await db.Printers.AsNoTracking().Include(p => p.App)
                .SingleOrDefaultAsync(p => p.TenantId == tenantId && p.Id == printerId, cancellationToken);
            hasUnsentJobs = found is not null && await db.PrintJobs.AnyAsync(j => j.TenantId == tenantId && j.PrinterId == printerId && j.State == PrintJobState.Sent, cancellationToken);
        }

        if (found is null)
        {
            return null;
        }

        if (found.TokenState == PrinterTokenState.Revoked)
        {
            return new RevokeOutcome(found.Id, found.Name, found.MachineCode, true, false, null);
        }

        // Open-app printers carry their own token; own-app printers act through the app token (which stays: it
        // serves the app's other printers).
        var holdsToken = found.App!.Kind == PrinterAppKind.Own || found.ProtectedAccessToken is not null;
        var cancelledUpstream = false;
        YilianyunException? refusal = null;
        if (holdsToken)
        {
            if (hasUnsentJobs)
            {
                cancelledUpstream = await TryUpstreamAsync(tenantId, found, caller, (c, t) => c.CancelAllAsync(t, found.MachineCode, cancellationToken), cancellationToken) is null;
            }

            refusal = await TryUpstreamAsync(tenantId, found, caller, (c, t) => c.DeletePrinterAsync(t, found.MachineCode, cancellationToken), cancellationToken);
        }

        var (oldToken, printer) = await WipeAsync(openDb, tenantId, printerId, caller, refusal, holdsToken, cancelledUpstream, cancellationToken);
        var (verified, detail) = await proof.CheckAsync(printer.App!, printer.MachineCode, oldToken, cancellationToken);
        await using (var db = await openDb(cancellationToken))
        {
            keeper.AddEvent(db, printer, verified ? PrinterTokenEventKind.RevokeVerified : PrinterTokenEventKind.RevokeNotVerified, caller.DisplayName, detail);
            audit.Record(db, tenantId, caller, "printer.revoke-verified", PrinterTokenKeeper.AuditTarget(printer.Name, printer.MachineCode), detail, succeeded: verified);
            await db.SaveChangesAsync(cancellationToken);
        }

        return new RevokeOutcome(printer.Id, printer.Name, printer.MachineCode, true, verified, Warning(holdsToken, refusal, verified, oldToken is null));
    }

    /// <summary>Runs one upstream call through the keeper (which refreshes once on 18); returns the platform's refusal, if any.</summary>
    private async Task<YilianyunException?> TryUpstreamAsync(Guid tenantId, Printer printer, Caller caller, Func<IYilianyunClient, string, Task> call,
        CancellationToken cancellationToken)
    {
        try
        {
            await keeper.CallAsync(tenantId, printer.Id, async (client, token) =>
            {
                await call(client, token);
                return true;
            }, cancellationToken);
            return null;
        }
        catch (YilianyunException e)
        {
            return e;
        }
    }

    /// <summary>
    /// Wipes the tokens, marks the printer Revoked, closes its unprinted jobs and records the revocation, in one save.
    /// Returns the token as it was just before (the keeper may have refreshed it during the upstream call).
    /// </summary>
    private async Task<(string? OldToken, Printer Printer)> WipeAsync(Func<CancellationToken, Task<PortalDbContext>> openDb, Guid tenantId,
        Guid printerId, Caller caller, YilianyunException? refusal, bool holdsToken, bool cancelledUpstream, CancellationToken cancellationToken)
    {
        // A refresh that lands between reading and saving changes Version; read again and repeat (the platform side is done).
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await openDb(cancellationToken);
            var printer = await db.Printers.Include(p => p.App).SingleAsync(p => p.TenantId == tenantId && p.Id == printerId, cancellationToken);
            string? oldToken = null;
            if (holdsToken)
            {
                oldToken = printer.App!.Kind == PrinterAppKind.Own
                    ? await apps.AppTokenAsync(printer.App, cancellationToken: cancellationToken)
                    : printer.ProtectedAccessToken is { } protectedToken ? secrets.UnprotectToken(protectedToken) : null;
            }

            printer.ProtectedAccessToken = null;
            printer.ProtectedRefreshToken = null;
            printer.AccessExpiresAt = null;
            printer.RefreshExpiresAt = null;
            printer.NextRefreshAt = null;
            printer.RefreshLeaseUntil = null;
            // Without a token the portal can no longer ask the printer how it is.
            printer.OnlineState = PrinterOnlineState.Unknown;
            printer.OnlineCheckedAt = null;
            printer.PushUrlsRegisteredAt = null;
            printer.TokenState = PrinterTokenState.Revoked;
            printer.Version = Guid.NewGuid();
            var closed = await jobs.CloseAsync(db, tenantId, printerId, caller, cancelledUpstream, cancellationToken);
            var detail = RevokedDetail(holdsToken, refusal, closed.Count);
            keeper.AddEvent(db, printer, PrinterTokenEventKind.Revoked, caller.DisplayName, detail);
            audit.Record(db, tenantId, caller, "printer.revoked", PrinterTokenKeeper.AuditTarget(printer.Name, printer.MachineCode), detail);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                // Open job and printer pages update without a reload.
                changes.Publish(new LiveChange(tenantId, null, printerId, LiveChange.PrinterKind));
                foreach (var jobId in closed)
                {
                    changes.Publish(new LiveChange(tenantId, jobId, printerId, LiveChange.JobKind));
                }

                return (oldToken, printer);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>What the platform said to deleteprinter, and how many unprinted jobs were closed, for the timeline and audit.</summary>
    private static string RevokedDetail(bool holdsToken, YilianyunException? refusal, int closed)
    {
        var count = AuditDetail.Number(closed);
        return (holdsToken, refusal, closed) switch
        {
            (false, _, 0) => AuditDetail.Of("no token was held, so the platform was not called"),
            (false, _, _) => AuditDetail.Of("no token was held, so the platform was not called; {0} unprinted job(s) closed", count),
            (true, null, 0) => AuditDetail.Of("the platform accepted printer/deleteprinter"),
            (true, null, _) => AuditDetail.Of("the platform accepted printer/deleteprinter; {0} unprinted job(s) closed", count),
            (true, { } e, 0) => AuditDetail.Of("the platform refused printer/deleteprinter ({0}); revoked here only", AuditDetail.PlatformError(e)),
            (true, { } e, _) => AuditDetail.Of("the platform refused printer/deleteprinter ({0}); revoked here only; {1} unprinted job(s) closed",
                AuditDetail.PlatformError(e), count),
        };
    }

    /// <summary>What was not clean about the revocation, for the person who asked; null when it was.</summary>
    private string? Warning(bool holdsToken, YilianyunException? refusal, bool verified, bool noToken)
    {
        if (!holdsToken || noToken)
        {
            return L["The portal held no usable token for this printer, so the platform was not told. It was revoked here; remove it in the 易联云 app too."];
        }

        if (refusal is not null)
        {
            var reason = PrinterMessages.Describe(refusal);
            return verified
                ? L["The platform refused the revocation ({0}), but it no longer accepts the old token either. The printer is revoked here.", reason]
                : L["The platform refused the revocation ({0}) and still accepts the old token. The printer is revoked here only: remove it in the 易联云 app too.", reason];
        }

        return verified ? null : (string)L["The platform confirmed the revocation, but the check with the old token did not prove it. Look at the timeline."];
    }
}
