namespace Portal.Features.Printers;

/// <summary>
/// A tenant's printers: connecting them (authorize flow, terminal key, scan code), the list, one printer's page,
/// rename, "Refresh now", device details and revocation. Every method works inside the caller's current tenant only.
/// </summary>
public sealed class PrinterService(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    PrinterAppRegistry apps,
    PrinterTokenKeeper keeper,
    PrinterHolds holds,
    AuditLog audit,
    PrinterConnectedSignal connected,
    IOptions<RefresherSettings> refresherSettings,
    TimeProvider timeProvider,
    IStringLocalizer<PrinterService> L)
{
    /// <summary>The list counts at most this many rows, so the first page stays fast however many printers there are.</summary>
    public const int CountCap = 1_000;

    public static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    public Task<ServiceResult<PrinterPage>> ListAsync(PrinterListQuery query, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            var now = timeProvider.GetUtcNow();
            var soon = now + refresherSettings.Value.RefreshBefore;
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            // The tenant filter reads "cross-tenant OR TenantId = @t", which SQLite cannot answer from an index; the same
            // predicate on its own lets every query below walk the (TenantId, sort key, Id) indexes.
            var printers = db.Printers.AsNoTracking().Where(p => p.TenantId == tenantId);
            if (!string.IsNullOrWhiteSpace(query.Search))
            {
                var term = query.Search.Trim();
                printers = printers.Where(p => p.Name.Contains(term) || p.MachineCode.Contains(term));
            }

            if (query.Online is { } online)
            {
                printers = printers.Where(p => p.OnlineState == online);
            }

            printers = query.TokenBadge switch
            {
                PrinterTokenBadge.Active or PrinterTokenBadge.AppToken => printers.Where(p => p.TokenState == PrinterTokenState.Active && (p.AccessExpiresAt == null || p.AccessExpiresAt >= soon)),
                PrinterTokenBadge.ExpiringSoon => printers.Where(p => p.TokenState == PrinterTokenState.Active && p.AccessExpiresAt < soon),
                PrinterTokenBadge.RefreshFailed => printers.Where(p => p.TokenState == PrinterTokenState.RefreshFailed),
                PrinterTokenBadge.NeedsReauthorization => printers.Where(p => p.TokenState == PrinterTokenState.NeedsReauthorization),
                PrinterTokenBadge.LimitReached => printers.Where(p => p.TokenState == PrinterTokenState.LimitReached),
                PrinterTokenBadge.Revoked => printers.Where(p => p.TokenState == PrinterTokenState.Revoked),
                _ => printers,
            };

            var total = await printers.Take(CountCap + 1).CountAsync(cancellationToken);
            var ordered = (query.Sort, query.Descending) switch
            {
                (PrinterSort.MachineCode, false) => printers.OrderBy(p => p.MachineCode),
                (PrinterSort.MachineCode, true) => printers.OrderByDescending(p => p.MachineCode),
                (PrinterSort.AccessExpiresAt, false) => printers.OrderBy(p => p.AccessExpiresAt),
                (PrinterSort.AccessExpiresAt, true) => printers.OrderByDescending(p => p.AccessExpiresAt),
                (PrinterSort.CreatedAt, false) => printers.OrderBy(p => p.CreatedAt),
                (PrinterSort.CreatedAt, true) => printers.OrderByDescending(p => p.CreatedAt),
                (_, true) => printers.OrderByDescending(p => p.Name),
                _ => printers.OrderBy(p => p.Name),
            };
            var pageSize = Math.Clamp(query.PageSize, 1, 100);
            var page = Math.Max(query.Page, 0);
            var rows = await ordered.ThenBy(p => p.Id).Skip(page * pageSize).Take(pageSize)
                .Select(p => new { p.Id, p.Name, p.MachineCode, p.ConnectionKind, p.OnlineState, p.TokenState, p.AccessExpiresAt, p.RefreshDay, p.RefreshesToday, p.App!.Kind })
                .ToListAsync(cancellationToken);
            var today = PrinterTokenKeeper.LimitDay(now);
            var items = rows.Select(p => new PrinterRow(p.Id, p.Name, p.MachineCode, p.ConnectionKind, p.OnlineState,
                    Badge(p.TokenState, p.Kind, p.AccessExpiresAt, soon), p.AccessExpiresAt, p.RefreshDay == today ? p.RefreshesToday : 0))
                .ToList();
            return ServiceResult<PrinterPage>.Ok(new PrinterPage(items, Math.Min(total, CountCap), total > CountCap));
        }, cancellationToken);

    public static PrinterTokenBadge Badge(PrinterTokenState state, PrinterAppKind appKind, DateTimeOffset? accessExpiresAt, DateTimeOffset soon) => state switch
    {
        PrinterTokenState.Active when appKind == PrinterAppKind.Own => PrinterTokenBadge.AppToken,
        PrinterTokenState.Active when accessExpiresAt < soon => PrinterTokenBadge.ExpiringSoon,
        PrinterTokenState.Active => PrinterTokenBadge.Active,
        PrinterTokenState.RefreshFailed => PrinterTokenBadge.RefreshFailed,
        PrinterTokenState.NeedsReauthorization => PrinterTokenBadge.NeedsReauthorization,
        PrinterTokenState.LimitReached => PrinterTokenBadge.LimitReached,
        _ => PrinterTokenBadge.Revoked,
    };

    public Task<ServiceResult<PrinterStats>> GetStatsAsync(CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            return ServiceResult<PrinterStats>.Ok(await CountByStateAsync(db.Printers.Where(p => p.TenantId == tenantId), timeProvider.GetUtcNow() + refresherSettings.Value.RefreshBefore, cancellationToken));
        }, cancellationToken);

    internal static async Task<PrinterStats> CountByStateAsync(IQueryable<Printer> printers, DateTimeOffset soon, CancellationToken cancellationToken)
    {
        var byState = await printers.GroupBy(p => p.TokenState).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var expiring = await printers.CountAsync(p => p.TokenState == PrinterTokenState.Active && p.AccessExpiresAt < soon, cancellationToken);
        int Of(PrinterTokenState state) => byState.FirstOrDefault(s => s.Key == state)?.Count ?? 0;
        return new PrinterStats(byState.Sum(s => s.Count), Of(PrinterTokenState.Active) - expiring, expiring, Of(PrinterTokenState.RefreshFailed),
            Of(PrinterTokenState.NeedsReauthorization), Of(PrinterTokenState.LimitReached), Of(PrinterTokenState.Revoked));
    }

    public Task<ServiceResult<PrinterDetail>> GetAsync(Guid printerId, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var printer = await db.Printers.AsNoTracking().Include(p => p.App).SingleOrDefaultAsync(p => p.Id == printerId, cancellationToken);
            if (printer is null)
            {
                return ServiceResult<PrinterDetail>.Fail(NotFound);
            }

            var timeline = await db.PrinterTokenEvents.AsNoTracking().Where(e => e.PrinterId == printerId)
                .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(100)
                .Select(e => new PrinterTimelineEntry(e.At, e.Kind, e.ActorName, e.Detail))
                .ToListAsync(cancellationToken);
            var now = timeProvider.GetUtcNow();
            return ServiceResult<PrinterDetail>.Ok(new PrinterDetail(printer.Id, printer.Name, printer.MachineCode, printer.ConnectionKind,
                printer.App!.Kind, printer.App.Name, printer.OnlineState, printer.OnlineCheckedAt,
                Badge(printer.TokenState, printer.App.Kind, printer.AccessExpiresAt, now + refresherSettings.Value.RefreshBefore),
                printer.IssuedAt, printer.AccessExpiresAt, printer.RefreshExpiresAt, printer.LastRefreshAt,
                printer.TokenState is PrinterTokenState.Active or PrinterTokenState.RefreshFailed or PrinterTokenState.LimitReached ? printer.NextRefreshAt : null,
                PrinterTokenKeeper.UsedToday(printer, now), printer.Model, printer.PaperWidth, printer.Firmware, timeline));
        }, cancellationToken);

    /// <summary>
    /// Starts the authorize flow: a fresh state (only its hash is stored) bound to this user, tenant and app, valid
    /// 10 minutes, and the consent URL to send the browser to. <paramref name="printerId"/> re-authorizes a known printer
    /// (through the app it was connected with); <paramref name="appId"/> picks the company's own open app instead of the
    /// platform default.
    /// </summary>
    public Task<ServiceResult<string>> BeginAuthorizeAsync(Guid? printerId = null, Guid? appId = null, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(TenantRole.Admin, AdminsOnly, async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            PrinterApp? app;
            if (printerId is { } id)
            {
                var printer = await db.Printers.AsNoTracking().Include(p => p.App).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
                if (printer is null)
                {
                    return ServiceResult<string>.Fail(NotFound);
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
                return ServiceResult<string>.Fail(appId is null ? L["No open app is configured to authorize printers. Ask a platform operator to add one."] : AppNotFound);
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

            return await StoreGrantAsync(db, caller, app, grant, PrinterConnectionKind.Authorized, null, authorization.PrinterId, cancellationToken);
        }, cancellationToken);

    public async Task<ServiceResult<Guid>> ConnectByScanCodeAsync(ScanCodeInput input, CancellationToken cancellationToken = default)
    {
        var (caller, failure) = await RequireAdminAsync(input, cancellationToken);
        if (caller is null)
        {
            return ServiceResult<Guid>.Fail(failure!);
        }

        var app = await apps.ResolveAsync(caller.TenantId!.Value, input.AppId, PrinterAppKind.Open, cancellationToken);
        if (app is null)
        {
            return ServiceResult<Guid>.Fail(input.AppId is null ? L["No open app is configured to authorize printers. Ask a platform operator to add one."] : AppNotFound);
        }

        await using var db = await dbFactory.CreateForTenantAsync(caller.TenantId!.Value, cancellationToken);
        var machineCode = input.MachineCode.Trim();
        if (await HoldFailureAsync(db, caller, app, machineCode, PrinterConnectionKind.ScanCode, cancellationToken) is { } held)
        {
            return ServiceResult<Guid>.Fail(held);
        }

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

        return await StoreGrantAsync(db, caller, app, grant with { MachineCode = grant.MachineCode.Length > 0 ? grant.MachineCode : machineCode },
            PrinterConnectionKind.ScanCode, input.Name, null, cancellationToken);
    }

    public async Task<ServiceResult<Guid>> ConnectByTerminalKeyAsync(TerminalKeyInput input, CancellationToken cancellationToken = default)
    {
        var (caller, failure) = await RequireAdminAsync(input, cancellationToken);
        if (caller is null)
        {
            return ServiceResult<Guid>.Fail(failure!);
        }

        var app = await apps.ResolveAsync(caller.TenantId!.Value, input.AppId, PrinterAppKind.Own, cancellationToken);
        if (app is null)
        {
            return ServiceResult<Guid>.Fail(input.AppId is null ? L["No own app is configured for terminal keys. Ask a platform operator to add one."] : AppNotFound);
        }

        await using var db = await dbFactory.CreateForTenantAsync(caller.TenantId!.Value, cancellationToken);
        var machineCode = input.MachineCode.Trim();
        if (await HoldFailureAsync(db, caller, app, machineCode, PrinterConnectionKind.TerminalKey, cancellationToken) is { } held)
        {
            return ServiceResult<Guid>.Fail(held);
        }

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
            return await SaveNewPrinterAsync(db, caller, app, revoked, PrinterConnectionKind.TerminalKey, grant: null, cancellationToken);
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
        return await SaveNewPrinterAsync(db, caller, app, printer, PrinterConnectionKind.TerminalKey, grant: null, cancellationToken);
    }

    public Task<ServiceResult> RenameAsync(Guid printerId, string name, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(TenantRole.Admin, AdminsOnly, async (caller, tenantId) =>
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
                return ServiceResult.Fail(NotFound);
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
        gate.InCompanyAsync(TenantRole.Admin, AdminsOnly, async (caller, tenantId) =>
        {
            await using (var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken))
            {
                if (!await db.Printers.AnyAsync(p => p.Id == printerId, cancellationToken))
                {
                    return ServiceResult.Fail(NotFound);
                }
            }

            return await keeper.RefreshAsync(tenantId, printerId, caller, automatic: false, cancellationToken) switch
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
                return ServiceResult.Fail(NotFound);
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
                    .SetProperty(x => x.Model, Truncate(info.Version, 64))
                    .SetProperty(x => x.PaperWidth, Truncate(info.PrintWidth, 16))
                    .SetProperty(x => x.Firmware, Truncate(string.Join(" / ", new[] { version.Hardware, version.Software }.Where(v => v.Length > 0)), 64))
                    .SetProperty(x => x.OnlineState, Enum.IsDefined((PrinterOnlineState)status.StateCode) ? (PrinterOnlineState)status.StateCode : PrinterOnlineState.Unknown)
                    .SetProperty(x => x.OnlineCheckedAt, timeProvider.GetUtcNow()), cancellationToken);
                return ServiceResult.Ok();
            }
            catch (YilianyunException e)
            {
                return ServiceResult.Fail(L["The platform could not read the printer: {0}", PrinterMessages.Describe(e)]);
            }
        }, cancellationToken);

    private async Task<ServiceResult<Guid>> StoreGrantAsync(PortalDbContext db, Caller caller, PrinterApp app, AccessTokenGrant grant,
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
    private async Task<string?> HoldFailureAsync(PortalDbContext db, Caller caller, PrinterApp app, string machineCode, PrinterConnectionKind how,
        CancellationToken cancellationToken) =>
        await holds.FindAsync(caller.TenantId!.Value, machineCode, cancellationToken) switch
        {
            PrinterHolder.AnotherCompany => await holds.RefuseAsync(caller, app, machineCode, how, cancellationToken: cancellationToken),
            PrinterHolder.ThisCompany when !await db.Printers.AnyAsync(p => p.AppId == app.Id && p.MachineCode == machineCode
                                                                           && p.TokenState == PrinterTokenState.NeedsReauthorization, cancellationToken)
                => AlreadyConnected(machineCode),
            _ => null,
        };

    /// <param name="grant">The pair the platform issued for this connection; null for own-app printers (the app token serves them).</param>
    private async Task<ServiceResult<Guid>> SaveNewPrinterAsync(PortalDbContext db, Caller caller, PrinterApp app, Printer printer, PrinterConnectionKind kind,
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

    private async Task<(Caller? Caller, string? Failure)> RequireAdminAsync(object input, CancellationToken cancellationToken)
    {
        var caller = await gate.SignedInAsync(cancellationToken);
        if (caller?.TenantId is null)
        {
            return (null, NoCompany);
        }

        if (!caller.Holds(Data.Entities.TenantRole.Admin))
        {
            return (null, AdminsOnly);
        }

        var results = new List<ValidationResult>();
        return Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true)
            ? (caller, null)
            : (null, string.Join(" ", results.Select(r => r.ErrorMessage)));
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    private string AlreadyConnected(string machineCode) => L["Printer {0} is already connected to your company.", machineCode];

    private string NoCompany => gate.NoCompany;

    private string AdminsOnly => L["Only the company's Owners and Admins can manage printers."];

    private string NotFound => L["That printer was not found."];

    private string AppNotFound => L["That app was not found."];
}
