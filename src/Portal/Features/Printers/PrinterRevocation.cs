using Portal.Features.Printing;

namespace Portal.Features.Printers;

/// <summary>
/// What became of one printer's revocation. <see cref="Revoked"/>: the printer is Revoked here (always, once it was
/// found). <see cref="Verified"/>: the old token was tried afterwards and the platform refused it.
/// <see cref="Warning"/> says what was not clean (the platform refused the revocation, still accepted the old token,
/// or did not answer), in the caller's language.
/// </summary>
public sealed record RevokeOutcome(Guid PrinterId, string PrinterName, string MachineCode, bool Revoked, bool Verified, string? Warning);

/// <summary>One step of a revoke-all: how many of <see cref="Total"/> are done, and the latest printer's outcome.</summary>
public sealed record RevokeProgress(int Done, int Total, RevokeOutcome Latest);

/// <summary>
/// Revoking printers: <c>printer/deleteprinter</c> upstream (best effort), the stored tokens wiped, unprinted jobs
/// closed, and then the proof — the old token tried once, and the platform's answer kept in the timeline and the
/// audit log. A printer is revoked here even when the platform refuses, with a warning saying so.
/// </summary>
public sealed class PrinterRevocation(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    PrinterAppRegistry apps,
    PrinterTokenKeeper keeper,
    PrinterSecrets secrets,
    AuditLog audit,
    LiveChanges changes,
    TimeProvider timeProvider,
    IStringLocalizer<PrinterRevocation> L)
{
    /// <summary>How many printers a revoke-all works on at once (each is a few platform calls).</summary>
    public const int Concurrency = 4;

    /// <summary>Revokes one printer of the caller's company (Owners and Admins).</summary>
    public Task<ServiceResult<RevokeOutcome>> RevokeAsync(Guid printerId, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(TenantRole.Admin, L["Only the company's Owners and Admins can manage printers."], async (caller, tenantId) =>
        {
            var outcome = await RevokeOneAsync(ct => dbFactory.CreateForTenantAsync(tenantId, ct), tenantId, printerId, caller, cancellationToken);
            return outcome is null ? ServiceResult<RevokeOutcome>.Fail(L["That printer was not found."]) : ServiceResult<RevokeOutcome>.Ok(outcome);
        }, cancellationToken);

    /// <summary>Revokes every printer of the caller's company (Owners only), reporting each printer as it finishes.</summary>
    public Task<ServiceResult<IReadOnlyList<RevokeOutcome>>> RevokeAllAsync(IProgress<RevokeProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(TenantRole.Owner, L["Only the company's Owners can revoke all printers at once."], async (caller, tenantId) =>
        {
            return ServiceResult<IReadOnlyList<RevokeOutcome>>.Ok(
                await RevokeManyAsync(ct => dbFactory.CreateForTenantAsync(tenantId, ct), tenantId, caller, progress, cancellationToken));
        }, cancellationToken);

    /// <summary>How many printers of the caller's company a revoke-all would revoke (for the confirmation).</summary>
    public async Task<int> CountRevocableAsync(CancellationToken cancellationToken = default)
    {
        var caller = await gate.SignedInAsync(cancellationToken);
        if (caller?.TenantId is not { } tenantId)
        {
            return 0;
        }

        await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
        return await db.Printers.CountAsync(p => p.TenantId == tenantId && p.TokenState != PrinterTokenState.Revoked, cancellationToken);
    }

    /// <summary>
    /// Revokes all of <paramref name="tenantId"/>'s printers that are not revoked yet, <see cref="Concurrency"/> at a
    /// time, through contexts from <paramref name="openDb"/> (the tenant's own, or the operators' cross-tenant one).
    /// </summary>
    internal async Task<IReadOnlyList<RevokeOutcome>> RevokeManyAsync(Func<CancellationToken, Task<PortalDbContext>> openDb, Guid tenantId,
        Caller caller, IProgress<RevokeProgress>? progress, CancellationToken cancellationToken)
    {
        List<(Guid Id, string Name, string MachineCode)> targets;
        await using (var db = await openDb(cancellationToken))
        {
            targets = (await db.Printers.AsNoTracking()
                    .Where(p => p.TenantId == tenantId && p.TokenState != PrinterTokenState.Revoked)
                    .OrderBy(p => p.Name).ThenBy(p => p.Id)
                    .Select(p => new { p.Id, p.Name, p.MachineCode })
                    .ToListAsync(cancellationToken))
                .Select(p => (p.Id, p.Name, p.MachineCode)).ToList();
        }

        var outcomes = new RevokeOutcome[targets.Count];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, targets.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (index, ct) =>
            {
                var (id, name, machineCode) = targets[index];
                RevokeOutcome outcome;
                try
                {
                    outcome = await RevokeOneAsync(openDb, tenantId, id, caller, ct)
                        ?? new RevokeOutcome(id, name, machineCode, false, false, L["That printer was not found."]);
                }
                catch (DbUpdateException)
                {
                    outcome = new RevokeOutcome(id, name, machineCode, false, false, L["The printer kept changing while it was being revoked. Try again."]);
                }

                outcomes[index] = outcome;
                progress?.Report(new RevokeProgress(Interlocked.Increment(ref done), targets.Count, outcome));
            });
        return outcomes;
    }

    /// <summary>
    /// The revocation itself. Returns null when <paramref name="tenantId"/> has no such printer. The old token is
    /// only ever held in a local variable, for the one verifying call.
    /// </summary>
    internal async Task<RevokeOutcome?> RevokeOneAsync(Func<CancellationToken, Task<PortalDbContext>> openDb, Guid tenantId, Guid printerId,
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
        var (verified, proof) = await VerifyAsync(printer.App!, printer.MachineCode, oldToken, cancellationToken);
        await using (var db = await openDb(cancellationToken))
        {
            keeper.AddEvent(db, printer, verified ? PrinterTokenEventKind.RevokeVerified : PrinterTokenEventKind.RevokeNotVerified, caller.DisplayName, proof);
            audit.Record(db, tenantId, caller, "printer.revoke-verified", PrinterTokenKeeper.AuditTarget(printer.Name, printer.MachineCode), proof, succeeded: verified);
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
            var closed = await CloseUnprintedJobsAsync(db, tenantId, printerId, caller, cancelledUpstream, cancellationToken);
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

    /// <summary>
    /// Jobs that can no longer print through the portal: Queued ones were never sent and are cancelled; Sent ones
    /// are cancelled when the platform's cancelall went through, and otherwise failed with the reason (they may
    /// still come out of the printer, but no push will report it).
    /// </summary>
    private async Task<IReadOnlyList<Guid>> CloseUnprintedJobsAsync(PortalDbContext db, Guid tenantId, Guid printerId, Caller caller, bool cancelledUpstream,
        CancellationToken cancellationToken)
    {
        var jobs = await db.PrintJobs
            .Where(j => j.TenantId == tenantId && j.PrinterId == printerId && (j.State == PrintJobState.Queued || j.State == PrintJobState.Sent))
            .ToListAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        foreach (var job in jobs)
        {
            var cancel = job.State == PrintJobState.Queued || cancelledUpstream;
            var reason = job.State == PrintJobState.Queued ? AuditDetail.Of("printer access was revoked before the job was sent")
                : cancelledUpstream ? AuditDetail.Of("printer access was revoked; the platform cancelled the unprinted job")
                : AuditDetail.Of("printer access was revoked before the platform reported the outcome; it may still have printed");
            job.State = cancel ? PrintJobState.Cancelled : PrintJobState.Failed;
            job.FailureReason = cancel ? job.FailureReason : reason;
            job.FinishedAt = now;
            job.Version = Guid.NewGuid();
            db.PrintJobEvents.Add(PrintJobEvent.Of(tenantId, job.Id, cancel ? PrintJobEventKind.Cancelled : PrintJobEventKind.Failed, now, caller.DisplayName, reason));
        }

        return jobs.Select(j => j.Id).ToList();
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

    /// <summary>The proof: the old token, tried once on <c>printer/getprintstatus</c>, must be refused.</summary>
    private async Task<(bool Verified, string Proof)> VerifyAsync(PrinterApp app, string machineCode, string? oldToken, CancellationToken cancellationToken)
    {
        if (oldToken is null)
        {
            return (false, AuditDetail.Of("not checked: the portal held no token for this printer"));
        }

        try
        {
            await apps.ClientFor(app).GetPrintStatusAsync(oldToken, machineCode, cancellationToken);
            return (false, AuditDetail.Of("still accepted! the platform answered the old token's status check"));
        }
        catch (YilianyunException e) when (e.Error.Kind == YilianyunErrorKind.Platform)
        {
            return (true, AuditDetail.Of("verified: the platform answered the old token with {0}", AuditDetail.PlatformError(e)));
        }
        catch (YilianyunException e)
        {
            return (false, AuditDetail.Of("not verified: {0} on the status check with the old token", AuditDetail.PlatformError(e)));
        }
    }

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

    private static string Target(Printer printer) => $"{printer.Name} ({printer.MachineCode})";
}
