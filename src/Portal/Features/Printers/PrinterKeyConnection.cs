namespace Portal.Features.Printers;

/// <summary>
/// Connecting a printer with what is on its label: the terminal number and its key or a scanned QR key (open apps,
/// <c>scancodemodel</c>), or the terminal number and key bound to the company's own app (<c>printer/addprinter</c>).
/// Owners and Admins only.
/// </summary>
public sealed class PrinterKeyConnection(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    PrinterAppResolver apps,
    PrinterConnector connector,
    PrinterTokenKeeper keeper,
    AuditLog audit,
    TimeProvider timeProvider,
    IStringLocalizer<PrinterKeyConnection> L)
{
    public Task<ServiceResult<Guid>> ConnectByScanCodeAsync(ScanCodeInput input, CancellationToken cancellationToken = default) =>
        ConnectAsync(input, input.MachineCode, input.AppId, PrinterAppKind.Open, PrinterConnectionKind.ScanCode, async (db, caller, app, machineCode) =>
        {
            AccessTokenGrant grant;
            try
            {
                var client = apps.ClientFor(app);
                grant = input.KeyIsMsign
                    ? await client.AuthorizeByMsignAsync(machineCode, input.Key.Trim(), cancellationToken)
                    : await client.AuthorizeByQrKeyAsync(machineCode, input.Key.Trim(), cancellationToken);
            }
            catch (YilianyunException e) when (e.Error.IsPrinterKeyWrong)
            {
                return ServiceResult<Guid>.Fail(L["The terminal number and key do not match. A QR key changes every 5 minutes: scan it again."]);
            }
            catch (YilianyunException e)
            {
                return ServiceResult<Guid>.Fail(L["The platform refused to connect the printer: {0}", PrinterMessages.Describe(e)]);
            }

            return await connector.StoreGrantAsync(db, caller, app, grant with { MachineCode = grant.MachineCode.Length > 0 ? grant.MachineCode : machineCode },
                PrinterConnectionKind.ScanCode, input.Name, null, cancellationToken);
        }, cancellationToken);

    public Task<ServiceResult<Guid>> ConnectByTerminalKeyAsync(TerminalKeyInput input, CancellationToken cancellationToken = default) =>
        ConnectAsync(input, input.MachineCode, input.AppId, PrinterAppKind.Own, PrinterConnectionKind.TerminalKey, async (db, caller, app, machineCode) =>
        {
            try
            {
                var request = new AddPrinterRequest(machineCode, input.Msign.Trim())
                {
                    PrintName = string.IsNullOrWhiteSpace(input.Name) ? null : input.Name.Trim(),
                    Phone = string.IsNullOrWhiteSpace(input.Phone) ? null : input.Phone.Trim(),
                };
                await CallWithAppTokenAsync(app, (client, token) => client.AddPrinterAsync(token, request, cancellationToken), cancellationToken);
            }
            catch (YilianyunException e) when (e.Error.IsPrinterAlreadyBound)
            {
                return ServiceResult<Guid>.Fail(L["This printer is already bound to another account on the platform. Unbind it there first."]);
            }
            catch (YilianyunException e) when (e.Error.IsPrinterKeyWrong)
            {
                return ServiceResult<Guid>.Fail(L["The terminal number and key do not match. Check the label on the printer."]);
            }
            catch (YilianyunException e)
            {
                return ServiceResult<Guid>.Fail(L["The platform refused to add the printer: {0}", PrinterMessages.Describe(e)]);
            }

            var now = timeProvider.GetUtcNow();
            // A printer this company revoked earlier, or one an operator moved here, comes back on its own row, keeping its history.
            var revoked = await db.Printers
                .Where(p => p.AppId == app.Id && p.MachineCode == machineCode
                            && (p.TokenState == PrinterTokenState.Revoked || p.TokenState == PrinterTokenState.NeedsReauthorization))
                .OrderBy(p => p.TokenState == PrinterTokenState.Revoked).ThenByDescending(p => p.CreatedAt).FirstOrDefaultAsync(cancellationToken);
            if (revoked is not null)
            {
                revoked.Name = string.IsNullOrWhiteSpace(input.Name) ? revoked.Name : input.Name.Trim();
                revoked.TokenState = PrinterTokenState.Active;
                revoked.IssuedAt = now;
                revoked.Version = Guid.NewGuid();
                keeper.AddEvent(db, revoked, PrinterTokenEventKind.Reauthorized, caller.DisplayName, AuditDetail.Of("reconnected after revocation with the terminal key; uses the app token"));
                audit.Record(db, revoked.TenantId, caller, "printer.connected", PrinterTokenKeeper.AuditTarget(revoked.Name, machineCode),
                    AuditDetail.Of("connected again ({0}, app {1})", PrinterHolds.HowConnected(PrinterConnectionKind.TerminalKey), app.Name));
                return await connector.SaveNewPrinterAsync(db, caller, app, revoked, PrinterConnectionKind.TerminalKey, grant: null, cancellationToken);
            }

            var printer = new Printer
            {
                Id = Guid.CreateVersion7(),
                AppId = app.Id,
                MachineCode = machineCode,
                Name = string.IsNullOrWhiteSpace(input.Name) ? machineCode : input.Name.Trim(),
                ConnectionKind = PrinterConnectionKind.TerminalKey,
                TokenState = PrinterTokenState.Active,
                IssuedAt = now,
                Version = Guid.NewGuid(),
                CreatedAt = now,
            };
            db.Printers.Add(printer);
            keeper.AddEvent(db, printer, PrinterTokenEventKind.Issued, caller.DisplayName, AuditDetail.Of("added with the terminal key; uses the app token"));
            audit.Record(db, caller.TenantId!.Value, caller, "printer.connected", PrinterTokenKeeper.AuditTarget(printer.Name, machineCode),
                AuditDetail.Of("{0}, app {1}", PrinterHolds.HowConnected(PrinterConnectionKind.TerminalKey), app.Name));
            return await connector.SaveNewPrinterAsync(db, caller, app, printer, PrinterConnectionKind.TerminalKey, grant: null, cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// What both ways start with: an Owner or Admin of the company, the form's rules, the app to connect through (the
    /// platform default of that kind, or the company's own), and whether this company may connect the printer at all;
    /// then <paramref name="connect"/> with the company's context, the caller, the app and the trimmed terminal number.
    /// </summary>
    private Task<ServiceResult<Guid>> ConnectAsync(object input, string machineCode, Guid? appId, PrinterAppKind appKind, PrinterConnectionKind how,
        Func<PortalDbContext, Caller, PrinterApp, string, Task<ServiceResult<Guid>>> connect, CancellationToken cancellationToken) =>
        gate.InCompanyAsync(TenantRole.Admin, PrinterMessages.AdminsOnly(L), async (caller, tenantId) =>
        {
            if (InputValidation.ErrorsOf(input) is { } invalid)
            {
                return ServiceResult<Guid>.Fail(invalid);
            }

            var app = await apps.ResolveAsync(tenantId, appId, appKind, cancellationToken);
            if (app is null)
            {
                return ServiceResult<Guid>.Fail(appId is not null ? PrinterMessages.AppNotFound(L)
                    : appKind == PrinterAppKind.Open ? L["No open app is configured to authorize printers. Ask a platform operator to add one."]
                    : L["No own app is configured for terminal keys. Ask a platform operator to add one."]);
            }

            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var code = machineCode.Trim();
            return await connector.HoldFailureAsync(db, caller, app, code, how, cancellationToken) is { } held
                ? ServiceResult<Guid>.Fail(held)
                : await connect(db, caller, app, code);
        }, cancellationToken);

    private async Task CallWithAppTokenAsync(PrinterApp app, Func<IYilianyunClient, string, Task> call, CancellationToken cancellationToken)
    {
        var client = apps.ClientFor(app);
        try
        {
            await call(client, await apps.AppTokenAsync(app, cancellationToken: cancellationToken));
        }
        catch (YilianyunException e) when (e.Error.IsAccessTokenExpired || e.Error.IsAccessTokenInvalid)
        {
            await call(client, await apps.AppTokenAsync(app, refetch: true, cancellationToken));
        }
    }
}
