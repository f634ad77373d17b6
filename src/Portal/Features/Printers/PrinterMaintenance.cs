namespace Portal.Features.Printers;

/// <summary>Looking after a connected printer: renaming it, "Refresh now", and reading its device details from the platform.</summary>
public sealed class PrinterMaintenance(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    PrinterTokenKeeper keeper,
    PrinterTokenRefresh refresh,
    AuditLog audit,
    PrinterOnlineStates onlineStates,
    TimeProvider timeProvider,
    IStringLocalizer<PrinterMaintenance> L)
{
    public Task<ServiceResult> RenameAsync(Guid printerId, string name, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(TenantRole.Admin, PrinterMessages.AdminsOnly(L), async (caller, tenantId) =>
        {
            name = (name ?? "").Trim();
            if (name.Length is 0 or > 100)
            {
                return ServiceResult.Fail(L["A printer name has 1 to 100 characters."]);
            }

            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var printer = await db.Printers.AsNoTracking().SingleOrDefaultAsync(p => p.Id == printerId, cancellationToken);
            if (printer is null)
            {
                return ServiceResult.Fail(PrinterMessages.NotFound(L));
            }

            if (printer.Name == name)
            {
                return ServiceResult.Ok();
            }

            // Only the name column is written (a refresh storing its outcome meanwhile is neither overwritten nor refused),
            // in one transaction with the audit entry.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Printers.Where(p => p.Id == printerId).ExecuteUpdateAsync(p => p.SetProperty(x => x.Name, name), cancellationToken);
            audit.Record(db, tenantId, caller, "printer.renamed", PrinterTokenKeeper.AuditTarget(name, printer.MachineCode), $"{printer.Name} → {name}");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return ServiceResult.Ok();
        }, cancellationToken);

    /// <summary>"Refresh now": the same single-flight refresh as the background service, within the daily 20.</summary>
    public Task<ServiceResult> RefreshNowAsync(Guid printerId, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(TenantRole.Admin, PrinterMessages.AdminsOnly(L), async (caller, tenantId) =>
        {
            await using (var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken))
            {
                if (!await db.Printers.AnyAsync(p => p.Id == printerId, cancellationToken))
                {
                    return ServiceResult.Fail(PrinterMessages.NotFound(L));
                }
            }

            return await refresh.RefreshAsync(tenantId, printerId, caller.DisplayName, caller, automatic: false, cancellationToken) switch
            {
                RefreshOutcome.Refreshed => ServiceResult.Ok(),
                RefreshOutcome.InProgress => ServiceResult.Fail(L["A refresh of this printer's tokens is already under way. Look again in a moment."]),
                RefreshOutcome.BudgetExhausted => ServiceResult.Fail(L["This printer's tokens were refreshed 20 times today, the platform's limit. Try again after midnight Beijing time."]),
                RefreshOutcome.NeedsReauthorization => ServiceResult.Fail(L["The platform no longer accepts this printer's refresh token. Re-authorize the printer."]),
                RefreshOutcome.LimitReached => ServiceResult.Fail(L["The platform's daily refresh limit for this printer is reached. Try again after midnight Beijing time."]),
                RefreshOutcome.ResponseLost => ServiceResult.Fail(L["The platform did not answer. The refresh is retried automatically within minutes."]),
                RefreshOutcome.NotRefreshable => ServiceResult.Fail(L["This printer has no tokens to refresh."]),
                _ => ServiceResult.Fail(L["The refresh failed; the reason is in the timeline. It is retried automatically."]),
            };
        }, cancellationToken);

    /// <summary>Reads model, paper width, firmware and online state from the platform (refreshing once on error 18).</summary>
    public Task<ServiceResult> UpdateDeviceInfoAsync(Guid printerId, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var printer = await db.Printers.SingleOrDefaultAsync(p => p.Id == printerId, cancellationToken);
            if (printer is null)
            {
                return ServiceResult.Fail(PrinterMessages.NotFound(L));
            }

            if (printer.TokenState is PrinterTokenState.Revoked or PrinterTokenState.NeedsReauthorization)
            {
                return ServiceResult.Fail(L["Re-authorize the printer before reading its details."]);
            }

            try
            {
                var info = await keeper.CallAsync(tenantId, printerId, (c, t) => c.GetPrintInfoAsync(t, printer.MachineCode, cancellationToken), cancellationToken);
                var version = await keeper.CallAsync(tenantId, printerId, (c, t) => c.GetVersionAsync(t, printer.MachineCode, cancellationToken), cancellationToken);
                var status = await keeper.CallAsync(tenantId, printerId, (c, t) => c.GetPrintStatusAsync(t, printer.MachineCode, cancellationToken), cancellationToken);
                await db.Printers.Where(p => p.Id == printerId).ExecuteUpdateAsync(p => p
                    .SetProperty(x => x.Model, TextLength.Cut(info.Version, 64))
                    .SetProperty(x => x.PaperWidth, TextLength.Cut(info.PrintWidth, 16))
                    .SetProperty(x => x.Firmware, TextLength.Cut(string.Join(" / ", new[] { version.Hardware, version.Software }.Where(v => v.Length > 0)), 64)), cancellationToken);
                await onlineStates.SetAsync(db, tenantId, printerId,
                    Enum.IsDefined((PrinterOnlineState)status.StateCode) ? (PrinterOnlineState)status.StateCode : PrinterOnlineState.Unknown,
                    timeProvider.GetUtcNow(), skipIfOlder: false, cancellationToken);
                return ServiceResult.Ok();
            }
            catch (YilianyunException e)
            {
                return ServiceResult.Fail(L["The platform could not read the printer: {0}", PrinterMessages.Describe(e)]);
            }
        }, cancellationToken);
}
