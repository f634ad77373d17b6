namespace Portal.Features.Printers;

/// <summary>Who holds a terminal number, as one company may learn it: nobody, that company, or another one (never which).</summary>
public enum PrinterHolder
{
    Nobody,
    ThisCompany,
    AnotherCompany,
}

/// <summary>
/// One physical printer belongs to one company at a time, whatever the app it was connected through (the database
/// enforces it: <c>IX_Printers_Holder</c>). This system path answers who holds a terminal number across companies
/// (only <see cref="PrinterHolder"/> leaves it) and turns another company's attempt away: the platform side of the
/// attempt is handed over or withdrawn, the attempt is recorded for both companies (the holder's printer timeline and
/// audit log never name the other), and the holder's Owners and Admins are emailed, since a key on a label can leak.
/// </summary>
public sealed class PrinterHolds(
    IDbContextFactory<PortalDbContext> dbFactory,
    PrinterAppResolver apps,
    PrinterGrantHandover handover,
    AuditLog audit,
    PortalMailer mailer,
    PortalLinks links,
    TimeProvider timeProvider,
    ILogger<PrinterHolds> logger,
    IStringLocalizer<PrinterHolds> L)
{
    /// <summary>A holder is emailed about attempts on the same printer at most once in this long (the timeline keeps every one).</summary>
    public static readonly TimeSpan EmailAgainAfter = TimeSpan.FromHours(1);

    public async Task<PrinterHolder> FindAsync(Guid tenantId, string machineCode, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
        var holders = await db.Printers.AsNoTracking()
            .Where(p => p.MachineCode == machineCode && p.TokenState != PrinterTokenState.Revoked)
            .Select(p => p.TenantId).Distinct().ToListAsync(cancellationToken);
        return holders.Contains(tenantId) ? PrinterHolder.ThisCompany
            : holders.Count > 0 ? PrinterHolder.AnotherCompany
            : PrinterHolder.Nobody;
    }

    /// <summary>
    /// Refuses <paramref name="caller"/>'s company the printer another company holds, and returns the message to show
    /// (the one the consent path always gave). <paramref name="grant"/>: the pair the platform issued for the attempt
    /// (the holder gets it when it holds through the same app, otherwise the authorization is withdrawn);
    /// <paramref name="boundOwnApp"/>: the attempt bound the printer to <paramref name="app"/> (an own app), undone.
    /// </summary>
    public async Task<string> RefuseAsync(Caller caller, PrinterApp app, string machineCode, PrinterConnectionKind how,
        AccessTokenGrant? grant = null, bool boundOwnApp = false, CancellationToken cancellationToken = default)
    {
        if (grant is not null && !await handover.HandOverAsync(app.Id, grant, cancellationToken))
        {
            await WithdrawAsync(app, machineCode, grant.AccessToken, cancellationToken);
        }
        else if (boundOwnApp)
        {
            await WithdrawAsync(app, machineCode, await apps.AppTokenAsync(app, cancellationToken: cancellationToken), cancellationToken);
        }

        var holders = await RecordAsync(caller, machineCode, how, cancellationToken);
        await EmailAsync(holders, how, cancellationToken);
        return AnotherCompanyHolds(machineCode);
    }

    public string AnotherCompanyHolds(string machineCode) => L["Printer {0} is connected to another company. Ask them to revoke it first.", machineCode];

    /// <summary>
    /// Takes back an authorization (open app) or binding (own app) the platform gave for a connection the portal did
    /// not keep, so nothing is left on the platform that no company holds. Best effort: a refusal is logged.
    /// </summary>
    public async Task WithdrawAsync(PrinterApp app, string machineCode, string accessToken, CancellationToken cancellationToken)
    {
        try
        {
            await apps.ClientFor(app).DeletePrinterAsync(accessToken, machineCode, cancellationToken);
        }
        catch (YilianyunException e)
        {
            logger.LogWarning("Withdrawing a refused connection of printer {MachineCode} through app {App} failed: {Code}",
                machineCode, app.ClientId, e.Error.Code);
        }
    }

    /// <summary>How a printer was connected, for audit details (translated when shown).</summary>
    public static string HowConnected(PrinterConnectionKind kind) => kind switch
    {
        PrinterConnectionKind.Authorized => AuditDetail.Word("authorized on 易联云"),
        PrinterConnectionKind.ScanCode => AuditDetail.Word("scan code"),
        _ => AuditDetail.Word("terminal key"),
    };

    private sealed record HeldPrinter(Guid TenantId, Guid PrinterId, string CompanyName, string PrinterName, bool Email);

    /// <summary>The attempt, in the caller's audit log and in each holding row's timeline and its company's audit log.</summary>
    private async Task<IReadOnlyList<HeldPrinter>> RecordAsync(Caller caller, string machineCode, PrinterConnectionKind how, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var emailedSince = now - EmailAgainAfter;
        await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
        var held = await db.Printers.AsNoTracking()
            .Where(p => p.MachineCode == machineCode && p.TokenState != PrinterTokenState.Revoked && p.TenantId != caller.TenantId)
            .Select(p => new
            {
                p.Id, p.TenantId, p.Name,
                Company = db.Tenants.Where(t => t.Id == p.TenantId).Select(t => t.CompanyName).FirstOrDefault(),
                Recent = db.PrinterTokenEvents.Any(e => e.PrinterId == p.Id && e.Kind == PrinterTokenEventKind.ConnectAttempted && e.At > emailedSince),
            })
            .ToListAsync(cancellationToken);
        var detail = AuditDetail.Of("another company tried to connect this printer ({0}) and was refused; it was not told who holds it", HowConnected(how));
        foreach (var printer in held)
        {
            db.PrinterTokenEvents.Add(PrinterTokenEvent.Of(printer.TenantId, printer.Id, PrinterTokenEventKind.ConnectAttempted, now, null, detail));
            audit.Record(db, printer.TenantId, null, "printer.connect-attempted", PrinterTokenKeeper.AuditTarget(printer.Name, machineCode), detail, succeeded: false);
        }

        audit.Record(db, caller.TenantId!.Value, caller, "printer.connect-refused", machineCode,
            AuditDetail.Of("{0}; the printer is connected to another company", HowConnected(how)), succeeded: false);
        await db.SaveChangesAsync(cancellationToken);
        return held.Select(p => new HeldPrinter(p.TenantId, p.Id, p.Company ?? "?", PrinterTokenKeeper.AuditTarget(p.Name, machineCode), !p.Recent)).ToList();
    }

    /// <summary>Tells the holding companies' Owners and Admins; a failing mail server is logged, the refusal stands.</summary>
    private async Task EmailAsync(IReadOnlyList<HeldPrinter> held, PrinterConnectionKind how, CancellationToken cancellationToken)
    {
        var tell = held.Where(p => p.Email).ToList();
        if (tell.Count == 0)
        {
            return;
        }

        var tenantIds = tell.Select(p => p.TenantId).ToList();
        await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
        var recipients = (await db.Memberships.AsNoTracking()
                .Where(m => tenantIds.Contains(m.TenantId) && m.Role >= TenantRole.Admin && m.User!.Email != null)
                .Select(m => new { m.TenantId, m.User!.Email })
                .ToListAsync(cancellationToken))
            .ToLookup(m => m.TenantId, m => m.Email!);
        foreach (var printer in tell)
        {
            foreach (var email in recipients[printer.TenantId].Distinct(StringComparer.OrdinalIgnoreCase))
            {
                try
                {
                    await mailer.SendConnectAttemptAsync(email, printer.CompanyName, printer.PrinterName, AuditDetail.Of("{0}", HowConnected(how)),
                        links.To($"printers/{printer.PrinterId}"));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "The email about a refused connection of a held printer could not be sent");
                    return;
                }
            }
        }
    }
}
