using Portal.Features.Webhooks;

namespace Portal.Features.Printers;

/// <summary>One live connection of a terminal number that more than one live row holds; <paramref name="Holds"/>: the row the database counts as the holder.</summary>
public sealed record HeldTwiceRow(Guid PrinterId, Guid TenantId, string CompanyName, string PrinterName, string MachineCode, string AppName,
    PrinterTokenState State, DateTimeOffset ConnectedAt, bool Holds);

public sealed record CompanyChoice(Guid Id, string Name);

/// <param name="Warning">What the revocation of the former holder's connection did not do cleanly, in the caller's language.</param>
public sealed record PrinterMoveOutcome(Guid PrinterId, string? Warning);

/// <summary>
/// Operators settle who holds a printer: the printers held twice since before the one-company rule (keep one company's
/// connection, revoke the others), and moving a printer from one company to another (a shop changed hands). Both
/// revoke the former connection on the platform (<c>printer/deleteprinter</c>) and leave the new company to connect
/// it again itself, so no company prints through another's authorization. Every step is audited as cross-tenant.
/// </summary>
public sealed class OperatorPrinterHolds(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    PrinterRevoker revoker,
    PrinterAppResolver apps,
    PrinterTokenKeeper keeper,
    AuditLog audit,
    WebhookEvents webhooks,
    TimeProvider timeProvider,
    IStringLocalizer<OperatorPrinterHolds> L)
{
    public Task<ServiceResult<IReadOnlyList<HeldTwiceRow>>> ListHeldTwiceAsync(CancellationToken cancellationToken = default) =>
        gate.AsOperatorAsync(async caller =>
        {
            await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
            return ServiceResult<IReadOnlyList<HeldTwiceRow>>.Ok(await HeldTwiceAsync(db, cancellationToken));
        }, cancellationToken);

    /// <summary>Every live row whose terminal number another live row holds too (two companies, or one through two apps).</summary>
    internal static async Task<IReadOnlyList<HeldTwiceRow>> HeldTwiceAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        await db.Printers.AsNoTracking()
            .Where(p => p.TokenState != PrinterTokenState.Revoked
                        && db.Printers.Any(o => o.MachineCode == p.MachineCode && o.Id != p.Id && o.TokenState != PrinterTokenState.Revoked))
            .OrderBy(p => p.MachineCode).ThenBy(p => p.CreatedAt).Take(200)
            .Select(p => new HeldTwiceRow(p.Id, p.TenantId, db.Tenants.Where(t => t.Id == p.TenantId).Select(t => t.CompanyName).FirstOrDefault() ?? "?",
                p.Name, p.MachineCode, p.App!.Name, p.TokenState, p.CreatedAt, p.HeldTwiceSince == null))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// A row marked as holding a printer twice whose other holders are all revoked now holds it alone: the mark goes.
    /// Returns how many rows were cleared.
    /// </summary>
    internal static Task<int> ClearSettledAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        db.Printers.Where(p => p.HeldTwiceSince != null
                               && (p.TokenState == PrinterTokenState.Revoked
                                   || !db.Printers.Any(o => o.MachineCode == p.MachineCode && o.Id != p.Id && o.TokenState != PrinterTokenState.Revoked)))
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.HeldTwiceSince, (DateTimeOffset?)null), cancellationToken);

    /// <summary>Keeps one company's connection of a printer held twice and revokes every other one.</summary>
    public Task<ServiceResult<IReadOnlyList<RevokeOutcome>>> KeepAsync(Guid tenantId, Guid printerId, CancellationToken cancellationToken = default) =>
        gate.AsOperatorAsync(async caller =>
        {
            Printer? kept;
            List<(Guid TenantId, Guid Id)> others;
            await using (var db = await dbFactory.CreateCrossTenantAsync(cancellationToken))
            {
                kept = await db.Printers.AsNoTracking()
                    .SingleOrDefaultAsync(p => p.TenantId == tenantId && p.Id == printerId && p.TokenState != PrinterTokenState.Revoked, cancellationToken);
                others = kept is null ? [] : (await db.Printers.AsNoTracking()
                        .Where(p => p.MachineCode == kept.MachineCode && p.Id != kept.Id && p.TokenState != PrinterTokenState.Revoked)
                        .Select(p => new { p.TenantId, p.Id }).ToListAsync(cancellationToken))
                    .Select(p => (p.TenantId, p.Id)).ToList();
            }

            if (kept is null)
            {
                return ServiceResult<IReadOnlyList<RevokeOutcome>>.Fail(L["That printer was not found."]);
            }

            var outcomes = new List<RevokeOutcome>();
            foreach (var other in others)
            {
                if (await revoker.RevokeAsync(Crossing, other.TenantId, other.Id, caller, cancellationToken) is { } outcome)
                {
                    outcomes.Add(outcome);
                }
            }

            await using (var db = await dbFactory.CreateCrossTenantAsync(cancellationToken))
            {
                await ClearSettledAsync(db, cancellationToken);
                var detail = AuditDetail.Of("a platform operator revoked the printer's other {0} connection(s); this company alone holds it", AuditDetail.Number(others.Count));
                keeper.AddEvent(db, kept, PrinterTokenEventKind.Moved, caller.DisplayName, detail);
                audit.Record(db, tenantId, caller, "printer.hold-settled", PrinterTokenKeeper.AuditTarget(kept.Name, kept.MachineCode), detail);
                await db.SaveChangesAsync(cancellationToken);
            }

            return ServiceResult<IReadOnlyList<RevokeOutcome>>.Ok(outcomes);
        }, cancellationToken);

    /// <summary>The companies a printer can be moved to, by name.</summary>
    public Task<ServiceResult<IReadOnlyList<CompanyChoice>>> CompaniesAsync(CancellationToken cancellationToken = default) =>
        gate.AsOperatorAsync(async caller =>
        {
            await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
            return ServiceResult<IReadOnlyList<CompanyChoice>>.Ok(await db.Tenants.AsNoTracking().OrderBy(t => t.CompanyName).Take(500)
                .Select(t => new CompanyChoice(t.Id, t.CompanyName)).ToListAsync(cancellationToken));
        }, cancellationToken);

    /// <summary>
    /// Moves printer <paramref name="machineCode"/> to <paramref name="targetTenantId"/>: the holder's connection is revoked
    /// (upstream too, so its authorization or binding ends), and the target company gets the printer waiting to be
    /// connected again (Re-authorize, or its terminal key), through the same app when that is a platform app.
    /// </summary>
    public Task<ServiceResult<PrinterMoveOutcome>> MoveAsync(string? machineCode, Guid targetTenantId, CancellationToken cancellationToken = default) =>
        gate.AsOperatorAsync(async caller =>
        {
            machineCode = (machineCode ?? "").Trim();
            List<Printer> held;
            string? targetName;
            await using (var db = await dbFactory.CreateCrossTenantAsync(cancellationToken))
            {
                targetName = await db.Tenants.Where(t => t.Id == targetTenantId).Select(t => t.CompanyName).FirstOrDefaultAsync(cancellationToken);
                held = await db.Printers.AsNoTracking().Include(p => p.App)
                    .Where(p => p.MachineCode == machineCode && p.TokenState != PrinterTokenState.Revoked).ToListAsync(cancellationToken);
            }

            if (targetName is null)
            {
                return ServiceResult<PrinterMoveOutcome>.Fail(L["That company was not found."]);
            }

            if (held is not [var source])
            {
                return ServiceResult<PrinterMoveOutcome>.Fail(held.Count == 0
                    ? L["No company holds printer {0}.", machineCode]
                    : L["Printer {0} is held twice: keep one company's connection first.", machineCode]);
            }

            if (source.TenantId == targetTenantId)
            {
                return ServiceResult<PrinterMoveOutcome>.Fail(L["That company already holds printer {0}.", machineCode]);
            }

            // A company's own app serves that company only: the printer moves to the platform's app of the same kind.
            var app = source.App!.TenantId is null ? source.App : await apps.DefaultAppAsync(source.App.Kind, cancellationToken);
            if (app is null)
            {
                return ServiceResult<PrinterMoveOutcome>.Fail(L["The printer was connected through its company's own app, and the platform has no app of that kind for the new company."]);
            }

            var revoked = await revoker.RevokeAsync(Crossing, source.TenantId, source.Id, caller, cancellationToken);
            var now = timeProvider.GetUtcNow();
            var moved = new Printer
            {
                Id = Guid.CreateVersion7(),
                TenantId = targetTenantId,
                AppId = app.Id,
                MachineCode = machineCode,
                Name = source.Name,
                ConnectionKind = source.ConnectionKind,
                TokenState = PrinterTokenState.NeedsReauthorization,
                Version = Guid.NewGuid(),
                CreatedAt = now,
            };
            await using (var db = await dbFactory.CreateCrossTenantAsync(cancellationToken))
            {
                db.Printers.Add(moved);
                var away = AuditDetail.Of("moved to another company by a platform operator");
                var here = AuditDetail.Of("moved here from another company by a platform operator; connect it again to print");
                keeper.AddEvent(db, source, PrinterTokenEventKind.Moved, caller.DisplayName, away);
                keeper.AddEvent(db, moved, PrinterTokenEventKind.Moved, caller.DisplayName, here);
                audit.Record(db, source.TenantId, caller, "printer.moved", PrinterTokenKeeper.AuditTarget(source.Name, machineCode), away);
                audit.Record(db, targetTenantId, caller, "printer.moved", PrinterTokenKeeper.AuditTarget(moved.Name, machineCode), here);
                await webhooks.ReauthorizationRequiredAsync(db, targetTenantId, moved.Id, cancellationToken);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException)
                {
                    return ServiceResult<PrinterMoveOutcome>.Fail(L["Printer {0} was revoked, but a company connected it meanwhile. Look at the printer's holders again.", machineCode]);
                }
            }

            return ServiceResult<PrinterMoveOutcome>.Ok(new PrinterMoveOutcome(moved.Id, revoked?.Warning));
        }, cancellationToken);

    private Task<PortalDbContext> Crossing(CancellationToken cancellationToken) => dbFactory.CreateCrossTenantAsync(cancellationToken);
}
