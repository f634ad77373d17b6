using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Data.Entities.Printers;
using Portal.Data.Tenancy;
using Portal.Hosting;

namespace Portal.Services.Printers;

public sealed record TenantPrinterHealth(Guid TenantId, string CompanyName, int Total, int Active, int ExpiringIn7Days, int RefreshFailed,
    int NeedsReauthorization, int LimitReached, int Revoked);

public sealed record PrinterAttentionRow(Guid PrinterId, Guid TenantId, string CompanyName, string PrinterName, string MachineCode,
    PrinterTokenState State, DateTimeOffset? AccessExpiresAt);

public sealed record PrinterHealthOverview(PrinterStats Totals, int ExpiringIn7Days, int FailedRefreshesLast7Days,
    IReadOnlyList<TenantPrinterHealth> Tenants, IReadOnlyList<PrinterAttentionRow> NeedAttention);

/// <summary>
/// Operators' view of token health across every tenant, and the one path that revokes another company's printers
/// (each revocation audited as cross-tenant). Operators only.
/// </summary>
public sealed class OperatorPrinterService(
    CallerAccessor callerAccessor,
    IDbContextFactory<PortalDbContext> dbFactory,
    PrinterRevocation revocation,
    IOptions<RefresherSettings> refresherSettings,
    TimeProvider timeProvider,
    IStringLocalizer<OperatorPrinterService> L)
{
    public async Task<ServiceResult<PrinterHealthOverview>> GetOverviewAsync(CancellationToken cancellationToken = default)
    {
        if (await callerAccessor.GetAsync(cancellationToken) is not { IsOperator: true })
        {
            return ServiceResult<PrinterHealthOverview>.Fail(L["Only platform operators can do this."]);
        }

        var now = timeProvider.GetUtcNow();
        var week = now.AddDays(7);
        await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
        var totals = await PrinterService.CountByStateAsync(db.Printers, now + refresherSettings.Value.RefreshBefore, cancellationToken);
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
        return ServiceResult<PrinterHealthOverview>.Ok(new PrinterHealthOverview(totals, expiring, failed,
            tenants.Select(t => new TenantPrinterHealth(t.TenantId, names.GetValueOrDefault(t.TenantId, "?"), t.Total, t.Active, t.Expiring, t.Failed, t.Reauth, t.Limit, t.Revoked)).ToList(),
            attention.Select(a => new PrinterAttentionRow(a.Id, a.TenantId, attentionNames.GetValueOrDefault(a.TenantId, "?"), a.Name, a.MachineCode, a.TokenState, a.AccessExpiresAt)).ToList()));
    }

    /// <summary>Revokes one printer of any company; the audit entries are marked cross-tenant.</summary>
    public async Task<ServiceResult<RevokeOutcome>> RevokeAsync(Guid tenantId, Guid printerId, CancellationToken cancellationToken = default)
    {
        if (await callerAccessor.GetAsync(cancellationToken) is not { IsOperator: true } caller)
        {
            return ServiceResult<RevokeOutcome>.Fail(L["Only platform operators can do this."]);
        }

        var outcome = await revocation.RevokeOneAsync(ct => dbFactory.CreateCrossTenantAsync(ct), tenantId, printerId, caller, cancellationToken);
        return outcome is null ? ServiceResult<RevokeOutcome>.Fail(L["That printer was not found."]) : ServiceResult<RevokeOutcome>.Ok(outcome);
    }

    /// <summary>Revokes every printer of one company, reporting each as it finishes.</summary>
    public async Task<ServiceResult<IReadOnlyList<RevokeOutcome>>> RevokeAllAsync(Guid tenantId, IProgress<RevokeProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (await callerAccessor.GetAsync(cancellationToken) is not { IsOperator: true } caller)
        {
            return ServiceResult<IReadOnlyList<RevokeOutcome>>.Fail(L["Only platform operators can do this."]);
        }

        await using (var db = await dbFactory.CreateCrossTenantAsync(cancellationToken))
        {
            if (!await db.Tenants.AnyAsync(t => t.Id == tenantId, cancellationToken))
            {
                return ServiceResult<IReadOnlyList<RevokeOutcome>>.Fail(L["That company was not found."]);
            }
        }

        return ServiceResult<IReadOnlyList<RevokeOutcome>>.Ok(
            await revocation.RevokeManyAsync(ct => dbFactory.CreateCrossTenantAsync(ct), tenantId, caller, progress, cancellationToken));
    }
}
