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
/// Revoking a company's printers, one (Owners and Admins) or all at once (Owners), and the operators' way in with their
/// cross-tenant context. Each printer is revoked by <see cref="PrinterRevoker"/>.
/// </summary>
public sealed class PrinterRevocation(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    PrinterRevoker revoker,
    IStringLocalizer<PrinterRevocation> L)
{
    /// <summary>How many printers a revoke-all works on at once (each is a few platform calls).</summary>
    public const int Concurrency = 4;

    /// <summary>Revokes one printer of the caller's company (Owners and Admins).</summary>
    public Task<ServiceResult<RevokeOutcome>> RevokeAsync(Guid printerId, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(TenantRole.Admin, L["Only the company's Owners and Admins can manage printers."], async (caller, tenantId) =>
        {
            var outcome = await revoker.RevokeAsync(ct => dbFactory.CreateForTenantAsync(tenantId, ct), tenantId, printerId, caller, cancellationToken);
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
                    outcome = await revoker.RevokeAsync(openDb, tenantId, id, caller, ct)
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

}
