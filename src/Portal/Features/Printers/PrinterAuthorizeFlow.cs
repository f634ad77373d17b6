namespace Portal.Features.Printers;

/// <summary>
/// Connecting a printer through the platform's consent page (open apps): the authorize link, then the callback that
/// checks the state and exchanges the code. Re-authorizing a known printer goes the same way. Owners and Admins only
/// start it; the callback needs only the person who started it.
/// </summary>
public sealed class PrinterAuthorizeFlow(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    PrinterAppResolver apps,
    PrinterConnector connector,
    TimeProvider timeProvider,
    IStringLocalizer<PrinterAuthorizeFlow> L)
{
    /// <summary>How long an authorize link stays usable.</summary>
    public static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Starts the authorize flow: a fresh state (only its hash is stored) bound to this user, tenant and app, valid
    /// 10 minutes, and the consent URL to send the browser to. <paramref name="printerId"/> re-authorizes a known printer
    /// (through the app it was connected with); <paramref name="appId"/> picks the company's own open app instead of the
    /// platform default.
    /// </summary>
    public Task<ServiceResult<string>> BeginAuthorizeAsync(Guid? printerId = null, Guid? appId = null, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(TenantRole.Admin, PrinterMessages.AdminsOnly(L), async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            PrinterApp? app;
            if (printerId is { } id)
            {
                var printer = await PrinterWithApp.FindAsync(db, id, cancellationToken);
                if (printer is null)
                {
                    return ServiceResult<string>.Fail(PrinterMessages.NotFound(L));
                }

                if (printer.App is { Kind: PrinterAppKind.Own })
                {
                    // Own apps have no consent page: the printer is bound again with the key on its label.
                    return ServiceResult<string>.Fail(L["Printer {0} is connected with its terminal number and key: to reconnect it, enter them again under Connect a printer, Terminal number and key.", printer.MachineCode]);
                }

                app = printer.App;
            }
            else
            {
                app = await apps.ResolveAsync(tenantId, appId, PrinterAppKind.Open, cancellationToken);
            }

            if (app is not { Kind: PrinterAppKind.Open })
            {
                return ServiceResult<string>.Fail(appId is null ? L["No open app is configured to authorize printers. Ask a platform operator to add one."] : PrinterMessages.AppNotFound(L));
            }

            var state = PrinterSecrets.NewState();
            var now = timeProvider.GetUtcNow();
            db.PrinterAuthorizations.Add(new PrinterAuthorization
            {
                Id = Guid.CreateVersion7(),
                StateHash = PrinterSecrets.HashState(state),
                UserId = caller.UserId,
                AppId = app.Id,
                PrinterId = printerId,
                CreatedAt = now,
                ExpiresAt = now + StateLifetime,
            });
            await db.SaveChangesAsync(cancellationToken);
            return ServiceResult<string>.Ok(apps.AuthorizeUrl(app, state));
        }, cancellationToken);

    /// <summary>
    /// The callback. The state is checked (present, known in this tenant, this user's, unexpired, unused) and spent
    /// before anything else; only then is the code exchanged.
    /// </summary>
    public Task<ServiceResult<Guid>> CompleteAuthorizeAsync(string? code, string? state, string? error,
        CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            if (string.IsNullOrEmpty(state))
            {
                return ServiceResult<Guid>.Fail(L["The platform's answer carried no state, so it cannot be trusted. Start connecting again."]);
            }

            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var hash = PrinterSecrets.HashState(state);
            var authorization = await db.PrinterAuthorizations.AsNoTracking().SingleOrDefaultAsync(a => a.StateHash == hash, cancellationToken);
            var now = timeProvider.GetUtcNow();
            if (authorization is null)
            {
                return ServiceResult<Guid>.Fail(L["This authorization was not started here (unknown state). Start connecting again from the Printers page."]);
            }

            if (authorization.UserId != caller.UserId)
            {
                return ServiceResult<Guid>.Fail(L["This authorization was started by someone else. Start connecting again yourself."]);
            }

            if (authorization.UsedAt is not null)
            {
                return ServiceResult<Guid>.Fail(L["This authorization link was already used. Start connecting again."]);
            }

            if (authorization.ExpiresAt <= now)
            {
                return ServiceResult<Guid>.Fail(L["This authorization took longer than 10 minutes and expired. Start connecting again."]);
            }

            // Spend the state before the token request, so a replayed callback never gets that far.
            var spent = await db.PrinterAuthorizations.Where(a => a.Id == authorization.Id && a.UsedAt == null)
                .ExecuteUpdateAsync(a => a.SetProperty(x => x.UsedAt, now), cancellationToken);
            if (spent != 1)
            {
                return ServiceResult<Guid>.Fail(L["This authorization link was already used. Start connecting again."]);
            }

            if (!string.IsNullOrEmpty(error))
            {
                return ServiceResult<Guid>.Fail(error == "access_denied"
                    ? L["The printer was not connected: the authorization was declined on the 易联云 page."]
                    : L["The platform did not authorize the printer ({0}). Start connecting again.", error]);
            }

            if (string.IsNullOrEmpty(code))
            {
                return ServiceResult<Guid>.Fail(L["The platform's answer carried no authorization code. Start connecting again."]);
            }

            var app = await apps.FindAsync(authorization.AppId, cancellationToken);
            if (app is null)
            {
                return ServiceResult<Guid>.Fail(L["The app this authorization was started with no longer exists. Start connecting again."]);
            }

            AccessTokenGrant grant;
            try
            {
                grant = await apps.ClientFor(app).GetTokenByAuthorizationCodeAsync(code, cancellationToken);
            }
            catch (YilianyunException e) when (e.Error.IsAuthorizationCodeInvalid)
            {
                return ServiceResult<Guid>.Fail(L["The authorization code expired (codes last 10 minutes) or was already used. Start connecting again."]);
            }
            catch (YilianyunException e)
            {
                return ServiceResult<Guid>.Fail(L["The platform refused to issue tokens: {0}", PrinterMessages.Describe(e)]);
            }

            return await connector.StoreGrantAsync(db, caller, app, grant, PrinterConnectionKind.Authorized, null, authorization.PrinterId, cancellationToken);
        }, cancellationToken);
}
