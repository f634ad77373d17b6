namespace Portal.Features.Printers;

/// <summary>
/// What every way of connecting a printer ends with: checking who holds the printer, storing the grant on a new row or
/// on the company's earlier one (so a revoked printer keeps its history), the timeline event and audit entry, and
/// saving, where the holder index has the last word.
/// </summary>
public sealed class PrinterConnector(
    PrinterTokenKeeper keeper,
    PrinterHolds holds,
    AuditLog audit,
    PrinterConnectedSignal connected,
    TimeProvider timeProvider,
    IStringLocalizer<PrinterConnector> L)
{
    public async Task<ServiceResult<Guid>> StoreGrantAsync(PortalDbContext db, Caller caller, PrinterApp app, AccessTokenGrant grant,
        PrinterConnectionKind kind, string? name, Guid? reauthorizing, CancellationToken cancellationToken)
    {
        var machineCode = grant.MachineCode;
        var existing = await db.Printers
            .Where(p => p.AppId == app.Id && p.MachineCode == machineCode)
            .OrderBy(p => p.TokenState == PrinterTokenState.Revoked).ThenByDescending(p => p.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (reauthorizing is { } expected && existing?.Id != expected)
        {
            return ServiceResult<Guid>.Fail(L["You authorized printer {0}, not the printer being re-authorized. Start again and choose the same printer.", machineCode]);
        }

        if (existing is null or { TokenState: PrinterTokenState.Revoked })
        {
            switch (await holds.FindAsync(caller.TenantId!.Value, machineCode, cancellationToken))
            {
                case PrinterHolder.AnotherCompany:
                    return ServiceResult<Guid>.Fail(await holds.RefuseAsync(caller, app, machineCode, kind, grant, cancellationToken: cancellationToken));
                case PrinterHolder.ThisCompany:
                    // This company holds it through another app: the authorization just given is not kept.
                    await holds.WithdrawAsync(app, machineCode, grant.AccessToken, cancellationToken);
                    return ServiceResult<Guid>.Fail(AlreadyConnected(machineCode));
            }
        }

        if (existing is not null)
        {
            // Same tenant, same printer: the new grant replaces the old pair (the platform already rotated it). A
            // revoked printer comes back on its own row, so its timeline, jobs and audit trail continue.
            var wasRevoked = existing.TokenState == PrinterTokenState.Revoked;
            keeper.ApplyGrant(existing, grant);
            keeper.AddEvent(db, existing, PrinterTokenEventKind.Reauthorized, caller.DisplayName, wasRevoked ? AuditDetail.Of("reconnected after revocation") : null);
            audit.Record(db, existing.TenantId, caller, wasRevoked ? "printer.connected" : "printer.reauthorized",
                PrinterTokenKeeper.AuditTarget(existing.Name, machineCode), wasRevoked ? AuditDetail.Of("connected again ({0}, app {1})", PrinterHolds.HowConnected(kind), app.Name) : null);
            return await SaveNewPrinterAsync(db, caller, app, existing, kind, grant, cancellationToken);
        }

        var now = timeProvider.GetUtcNow();
        var printer = new Printer
        {
            Id = Guid.CreateVersion7(),
            AppId = app.Id,
            MachineCode = machineCode,
            Name = string.IsNullOrWhiteSpace(name) ? machineCode : name.Trim(),
            ConnectionKind = kind,
            CreatedAt = now,
        };
        keeper.ApplyGrant(printer, grant);
        db.Printers.Add(printer);
        keeper.AddEvent(db, printer, PrinterTokenEventKind.Issued, caller.DisplayName, null);
        audit.Record(db, caller.TenantId!.Value, caller, "printer.connected", PrinterTokenKeeper.AuditTarget(printer.Name, machineCode),
            AuditDetail.Of("{0}, app {1}", PrinterHolds.HowConnected(kind), app.Name));
        return await SaveNewPrinterAsync(db, caller, app, printer, kind, grant, cancellationToken);
    }

    /// <summary>
    /// Before asking the platform: why this company cannot connect the printer, if it cannot. Another company's
    /// printer is refused (and the attempt recorded for both); this company's own is already connected, unless it
    /// waits on this app to be connected again (an operator moved it here).
    /// </summary>
    public async Task<string?> HoldFailureAsync(PortalDbContext db, Caller caller, PrinterApp app, string machineCode, PrinterConnectionKind how,
        CancellationToken cancellationToken) =>
        await holds.FindAsync(caller.TenantId!.Value, machineCode, cancellationToken) switch
        {
            PrinterHolder.AnotherCompany => await holds.RefuseAsync(caller, app, machineCode, how, cancellationToken: cancellationToken),
            PrinterHolder.ThisCompany when !await db.Printers.AnyAsync(p => p.AppId == app.Id && p.MachineCode == machineCode
                                                                           && p.TokenState == PrinterTokenState.NeedsReauthorization, cancellationToken)
                => AlreadyConnected(machineCode),
            _ => null,
        };


    public async Task<ServiceResult<Guid>> SaveNewPrinterAsync(PortalDbContext db, Caller caller, PrinterApp app, Printer printer, PrinterConnectionKind kind,
        AccessTokenGrant? grant, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            connected.Request();
            return ServiceResult<Guid>.Ok(printer.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ServiceResult<Guid>.Fail(L["The printer changed while it was being connected (a refresh or revocation was under way). Try again."]);
        }
        catch (DbUpdateException)
        {
            // The holder index: another company connected the printer since the check above. What the platform gave
            // this attempt goes to the holder (same app) or is withdrawn.
            return ServiceResult<Guid>.Fail(await holds.RefuseAsync(caller, app, printer.MachineCode, kind, grant, boundOwnApp: grant is null, cancellationToken));
        }
    }

    private string AlreadyConnected(string machineCode) => L["Printer {0} is already connected to your company.", machineCode];
}
