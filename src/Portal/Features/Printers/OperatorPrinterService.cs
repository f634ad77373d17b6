namespace Portal.Features.Printers;

public sealed record TenantPrinterHealth(Guid TenantId, string CompanyName, int Total, int Active, int ExpiringIn7Days, int RefreshFailed,
    int NeedsReauthorization, int LimitReached, int Revoked);

/// <param name="RequestedAt">When an operator last emailed the company to re-authorize the printer.</param>
public sealed record PrinterAttentionRow(Guid PrinterId, Guid TenantId, string CompanyName, string PrinterName, string MachineCode,
    PrinterTokenState State, DateTimeOffset? AccessExpiresAt, DateTimeOffset? RequestedAt);

/// <summary>What one round of re-authorization emails did; <paramref name="WithoutRecipients"/> companies had no Owner or Admin with an email.</summary>
public sealed record ReauthorizationRequests(int Companies, int Printers, int Emails, int WithoutRecipients);

public sealed record PrinterHealthOverview(PrinterStats Totals, int ExpiringIn7Days, int FailedRefreshesLast7Days,
    IReadOnlyList<TenantPrinterHealth> Tenants, IReadOnlyList<PrinterAttentionRow> NeedAttention);

/// <summary>
/// Operators' view of token health across every tenant, the one path that revokes another company's printers (each
/// revocation audited as cross-tenant), and the emails that ask companies to re-authorize their printers. Operators only.
/// </summary>
public sealed class OperatorPrinterService(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    PrinterRevocation revocation,
    PrinterRevoker revoker,
    PortalMailer mailer,
    AuditLog audit,
    IOptions<RefresherSettings> refresherSettings,
    TimeProvider timeProvider,
    ILogger<OperatorPrinterService> logger,
    IStringLocalizer<OperatorPrinterService> L)
{
    public Task<ServiceResult<PrinterHealthOverview>> GetOverviewAsync(CancellationToken cancellationToken = default) =>
        gate.AsOperatorAsync(async caller =>
        {
            var now = timeProvider.GetUtcNow();
            var week = now.AddDays(7);
            await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
            var totals = await PrinterQueries.CountByStateAsync(db.Printers, now + refresherSettings.Value.RefreshBefore, cancellationToken);
            var expiring = await db.Printers.CountAsync(p => p.TokenState == PrinterTokenState.Active && p.AccessExpiresAt < week, cancellationToken);
            var weekAgo = now.AddDays(-7);
            var failed = await db.PrinterTokenEvents.CountAsync(e => e.At >= weekAgo
                && (e.Kind == PrinterTokenEventKind.RefreshFailed || e.Kind == PrinterTokenEventKind.ResponseLost
                    || e.Kind == PrinterTokenEventKind.NeedsReauthorization || e.Kind == PrinterTokenEventKind.LimitReached), cancellationToken);
            var tenants = await db.Printers.AsNoTracking().GroupBy(p => p.TenantId)
                .Select(g => new
                {
                    TenantId = g.Key,
                    Total = g.Count(),
                    Active = g.Count(p => p.TokenState == PrinterTokenState.Active),
                    Expiring = g.Count(p => p.TokenState == PrinterTokenState.Active && p.AccessExpiresAt < week),
                    Failed = g.Count(p => p.TokenState == PrinterTokenState.RefreshFailed),
                    Reauth = g.Count(p => p.TokenState == PrinterTokenState.NeedsReauthorization),
                    Limit = g.Count(p => p.TokenState == PrinterTokenState.LimitReached),
                    Revoked = g.Count(p => p.TokenState == PrinterTokenState.Revoked),
                })
                .OrderByDescending(t => t.Reauth + t.Failed + t.Limit).ThenByDescending(t => t.Total).Take(200)
                .ToListAsync(cancellationToken);
            var ids = tenants.Select(t => t.TenantId).ToList();
            var names = await db.Tenants.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.CompanyName, cancellationToken);
            var attention = await db.Printers.AsNoTracking()
                .Where(p => p.TokenState == PrinterTokenState.NeedsReauthorization || p.TokenState == PrinterTokenState.RefreshFailed || p.TokenState == PrinterTokenState.LimitReached)
                .OrderBy(p => p.AccessExpiresAt).Take(50)
                .Select(p => new { p.Id, p.TenantId, p.Name, p.MachineCode, p.TokenState, p.AccessExpiresAt })
                .ToListAsync(cancellationToken);
            var attentionNames = await db.Tenants.AsNoTracking().Where(t => attention.Select(a => a.TenantId).Contains(t.Id))
                .ToDictionaryAsync(t => t.Id, t => t.CompanyName, cancellationToken);
            var attentionIds = attention.Select(a => a.Id).ToList();
            var requested = await db.PrinterTokenEvents.AsNoTracking()
                .Where(e => e.Kind == PrinterTokenEventKind.ReauthorizationRequested && attentionIds.Contains(e.PrinterId))
                .GroupBy(e => e.PrinterId).Select(g => new { PrinterId = g.Key, At = g.Max(e => e.At) })
                .ToDictionaryAsync(r => r.PrinterId, r => r.At, cancellationToken);
            return ServiceResult<PrinterHealthOverview>.Ok(new PrinterHealthOverview(totals, expiring, failed,
                tenants.Select(t => new TenantPrinterHealth(t.TenantId, names.GetValueOrDefault(t.TenantId, "?"), t.Total, t.Active, t.Expiring, t.Failed, t.Reauth, t.Limit, t.Revoked)).ToList(),
                attention.Select(a => new PrinterAttentionRow(a.Id, a.TenantId, attentionNames.GetValueOrDefault(a.TenantId, "?"), a.Name, a.MachineCode,
                    a.TokenState, a.AccessExpiresAt, requested.TryGetValue(a.Id, out var at) ? at : null)).ToList()));
        }, cancellationToken);

    /// <summary>A company is asked again about the same printer only after this long.</summary>
    public static readonly TimeSpan RequestAgainAfter = TimeSpan.FromDays(1);

    /// <summary>
    /// The token states only the printer's company can mend, by re-authorizing it. (A daily refresh limit clears
    /// itself at midnight in China.)
    /// </summary>
    public static readonly IReadOnlyList<PrinterTokenState> NeedTheCompany = [PrinterTokenState.NeedsReauthorization, PrinterTokenState.RefreshFailed];

    /// <summary>
    /// Emails the Owners and Admins of every company with printers that need re-authorizing (their refresh token is no
    /// longer accepted, or refreshing keeps failing) the links that reconnect them: one email per person and company.
    /// Printers asked about within <see cref="RequestAgainAfter"/> are left out. Each printer's timeline and the
    /// company's audit log (as cross-tenant) record the request.
    /// </summary>
    /// <param name="portalAddress">The portal's public address, which the links start with.</param>
    /// <param name="progress">Told the number of companies done, of those to email, after each.</param>
    public Task<ServiceResult<ReauthorizationRequests>> RequestReauthorizationAsync(Uri portalAddress, IProgress<WorkProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        gate.AsOperatorAsync(async caller =>
        {
            var now = timeProvider.GetUtcNow();
            var askedSince = now - RequestAgainAfter;
            await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
            var printers = await db.Printers.AsNoTracking()
                .Where(p => NeedTheCompany.Contains(p.TokenState))
                .Where(p => !db.PrinterTokenEvents.Any(e => e.PrinterId == p.Id && e.Kind == PrinterTokenEventKind.ReauthorizationRequested && e.At > askedSince))
                .OrderBy(p => p.Name)
                .Select(p => new { p.Id, p.TenantId, p.Name, p.MachineCode })
                .ToListAsync(cancellationToken);
            var tenantIds = printers.Select(p => p.TenantId).Distinct().ToList();
            var companies = await db.Tenants.AsNoTracking().Where(t => tenantIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.CompanyName, cancellationToken);
            var recipients = (await db.Memberships.AsNoTracking()
                    .Where(m => tenantIds.Contains(m.TenantId) && m.Role >= Portal.Data.Entities.TenantRole.Admin && m.User!.Email != null)
                    .Select(m => new { m.TenantId, m.User!.Email })
                    .ToListAsync(cancellationToken))
                .ToLookup(m => m.TenantId, m => m.Email!);

            var emails = 0;
            var withoutRecipients = 0;
            var asked = 0;
            var done = 0;
            progress?.Report(new WorkProgress(0, tenantIds.Count));
            foreach (var company in printers.GroupBy(p => p.TenantId))
            {
                var to = recipients[company.Key].Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                if (to.Count == 0)
                {
                    withoutRecipients++;
                    progress?.Report(new WorkProgress(++done, tenantIds.Count));
                    continue;
                }

                var companyName = companies.GetValueOrDefault(company.Key, "?");
                var links = company.Select(p => (PrinterTokenKeeper.AuditTarget(p.Name, p.MachineCode), new Uri(portalAddress, $"printers/{p.Id}/reauthorize").AbsoluteUri)).ToList();
                try
                {
                    foreach (var email in to)
                    {
                        await mailer.SendReauthorizationRequestAsync(email, companyName, links);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The mail server is down or refused: what went out before is recorded; the rest can be asked again.
                    logger.LogWarning(e, "Re-authorization email for a company failed after {Emails} emails", emails);
                    return ServiceResult<ReauthorizationRequests>.Fail(L["The email could not be sent ({0} sent before the mail server failed). Try again later.", emails]);
                }

                emails += to.Count;
                asked += links.Count;
                var detail = AuditDetail.Of("emailed to {0} person(s)", AuditDetail.Number(to.Count));
                foreach (var printer in company)
                {
                    db.PrinterTokenEvents.Add(PrinterTokenEvent.Of(company.Key, printer.Id, PrinterTokenEventKind.ReauthorizationRequested, now, caller.DisplayName, detail));
                }

                audit.Record(db, company.Key, caller, "printer.reauthorization-requested", companyName,
                    AuditDetail.Of("{0} printer(s), emailed to {1} person(s)", AuditDetail.Number(links.Count), AuditDetail.Number(to.Count)));
                await db.SaveChangesAsync(cancellationToken);
                progress?.Report(new WorkProgress(++done, tenantIds.Count));
            }

            return ServiceResult<ReauthorizationRequests>.Ok(new ReauthorizationRequests(tenantIds.Count - withoutRecipients, asked, emails, withoutRecipients));
        }, cancellationToken);

    /// <summary>Revokes one printer of any company; the audit entries are marked cross-tenant.</summary>
    public Task<ServiceResult<RevokeOutcome>> RevokeAsync(Guid tenantId, Guid printerId, CancellationToken cancellationToken = default) =>
        gate.AsOperatorAsync(async caller =>
        {
            var outcome = await revoker.RevokeAsync(ct => dbFactory.CreateCrossTenantAsync(ct), tenantId, printerId, caller, cancellationToken);
            return outcome is null ? ServiceResult<RevokeOutcome>.Fail(L["That printer was not found."]) : ServiceResult<RevokeOutcome>.Ok(outcome);
        }, cancellationToken);

    /// <summary>Revokes every printer of one company, reporting each as it finishes.</summary>
    public Task<ServiceResult<IReadOnlyList<RevokeOutcome>>> RevokeAllAsync(Guid tenantId, IProgress<RevokeProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        gate.AsOperatorAsync(async caller =>
        {
            await using (var db = await dbFactory.CreateCrossTenantAsync(cancellationToken))
            {
                if (!await db.Tenants.AnyAsync(t => t.Id == tenantId, cancellationToken))
                {
                    return ServiceResult<IReadOnlyList<RevokeOutcome>>.Fail(L["That company was not found."]);
                }
            }

            return ServiceResult<IReadOnlyList<RevokeOutcome>>.Ok(
                await revocation.RevokeManyAsync(ct => dbFactory.CreateCrossTenantAsync(ct), tenantId, caller, progress, cancellationToken));
        }, cancellationToken);
}
