namespace Portal.Features.Printers;

/// <summary>What a company sees of its printers: the list with its filters, the counts by token state, one printer's page.</summary>
public sealed class PrinterQueries(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<RefresherSettings> refresherSettings,
    TimeProvider timeProvider,
    IStringLocalizer<PrinterQueries> L)
{
    /// <summary>The list counts at most this many rows, so the first page stays fast however many printers there are.</summary>
    public const int CountCap = 1_000;

    public Task<ServiceResult<CountedPage<PrinterRow>>> ListAsync(PrinterListQuery query, CancellationToken cancellationToken = default) =>
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
            return ServiceResult<CountedPage<PrinterRow>>.Ok(CountedPage<PrinterRow>.Of(items, total, CountCap));
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
                return ServiceResult<PrinterDetail>.Fail(PrinterMessages.NotFound(L));
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
}
