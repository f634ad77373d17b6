using Portal.Features.Printers;

namespace Portal.Features.Dashboard;

/// <summary>Jobs that finished on one platform day (Asia/Shanghai), by outcome.</summary>
public sealed record DailyPrints(DateOnly Day, int Printed, int Failed);

public sealed record OnlineCounts(int Online, int Offline, int OutOfPaper, int Unknown);

/// <summary>A printer whose access token expires soon. <see cref="CompanyName"/> is set on the operators' dashboard only.</summary>
public sealed record ExpiringToken(Guid PrinterId, Guid TenantId, string? CompanyName, string PrinterName, string MachineCode,
    PrinterTokenState State, DateTimeOffset AccessExpiresAt);

public sealed record PrintDashboard(
    IReadOnlyList<DailyPrints> Days,
    PrinterStats Tokens,
    OnlineCounts Online,
    IReadOnlyList<ExpiringToken> Expiring,
    int ExpiringTotal)
{
    public int Printed => Days.Sum(d => d.Printed);

    public int Failed => Days.Sum(d => d.Failed);

    /// <summary>Failed among finished jobs (printed + failed) over the period; null when none finished.</summary>
    public double? FailureShare => Printed + Failed == 0 ? null : (double)Failed / (Printed + Failed);
}

/// <summary>
/// The dashboard's figures, aggregated in the database: prints per day over the last 30 days, printers by token and
/// online state, tokens expiring soon. Days are the platform's days (Asia/Shanghai, UTC+8, the same day the
/// platform's daily limits count), whatever the viewer's zone, so every viewer sees the same bars.
/// </summary>
public sealed class DashboardQueries(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<RefresherSettings> refresherSettings,
    TimeProvider timeProvider)
{
    public const int Days = 30;

    /// <summary>How many expiring tokens the list shows; <see cref="PrintDashboard.ExpiringTotal"/> counts them all.</summary>
    public const int ExpiringShown = 10;

    /// <summary>Asia/Shanghai has kept UTC+8 without daylight saving since 1991; the platform's day starts at its midnight.</summary>
    public static readonly TimeSpan PlatformDayOffset = PrinterTokenKeeper.LimitDayOffset;

    /// <summary>The caller's company.</summary>
    public Task<ServiceResult<PrintDashboard>> GetForCompanyAsync(CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            // The explicit tenant predicate lets SQLite walk the (TenantId, …) indexes (the filter alone reads "cross-tenant OR …").
            return ServiceResult<PrintDashboard>.Ok(await BuildAsync(db, db.PrintJobs.Where(j => j.TenantId == tenantId),
                db.Printers.Where(p => p.TenantId == tenantId), withCompanyNames: false, cancellationToken));
        }, cancellationToken);

    /// <summary>Every company together (platform operators only; read only).</summary>
    public Task<ServiceResult<PrintDashboard>> GetAcrossCompaniesAsync(CancellationToken cancellationToken = default) =>
        gate.AsOperatorAsync(async caller =>
        {
            await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
            return ServiceResult<PrintDashboard>.Ok(await BuildAsync(db, db.PrintJobs, db.Printers, withCompanyNames: true, cancellationToken));
        }, cancellationToken);

    /// <summary>The start of each of the last <see cref="Days"/> platform days (the last is today), in UTC, plus the end of today.</summary>
    public static IReadOnlyList<DateTimeOffset> DayBoundaries(DateTimeOffset now)
    {
        var today = now.ToOffset(PlatformDayOffset).Date;
        return Enumerable.Range(-(Days - 1), Days + 1)
            .Select(i => new DateTimeOffset(today.AddDays(i), PlatformDayOffset).ToUniversalTime())
            .ToList();
    }

    private async Task<PrintDashboard> BuildAsync(PortalDbContext db, IQueryable<PrintJob> jobs, IQueryable<Printer> printers, bool withCompanyNames,
        CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var bounds = DayBoundaries(now);
        var (from, to) = (bounds[0], bounds[^1]);
        var perDay = await jobs.AsNoTracking()
            .Where(j => j.CreatedAt >= from && j.CreatedAt < to && (j.State == PrintJobState.Printed || j.State == PrintJobState.Failed))
            .GroupBy(DayIndex(bounds))
            .Select(g => new { Day = g.Key, Printed = g.Count(j => j.State == PrintJobState.Printed), Failed = g.Count(j => j.State == PrintJobState.Failed) })
            .ToListAsync(cancellationToken);
        var firstDay = DateOnly.FromDateTime(from.ToOffset(PlatformDayOffset).DateTime);
        var days = Enumerable.Range(0, Days)
            .Select(i => perDay.FirstOrDefault(d => d.Day == i) is { } d
                ? new DailyPrints(firstDay.AddDays(i), d.Printed, d.Failed)
                : new DailyPrints(firstDay.AddDays(i), 0, 0))
            .ToList();

        var soon = now + refresherSettings.Value.RefreshBefore;
        var tokens = await PrinterQueries.CountByStateAsync(printers, soon, cancellationToken);
        var online = await printers.AsNoTracking().Where(p => p.TokenState != PrinterTokenState.Revoked)
            .GroupBy(p => p.OnlineState).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Online(PrinterOnlineState state) => online.FirstOrDefault(o => o.Key == state)?.Count ?? 0;

        var expiring = printers.AsNoTracking().Where(p => p.AccessExpiresAt < soon
            && (p.TokenState == PrinterTokenState.Active || p.TokenState == PrinterTokenState.RefreshFailed || p.TokenState == PrinterTokenState.LimitReached));
        var expiringTotal = await expiring.CountAsync(cancellationToken);
        var shown = await expiring.OrderBy(p => p.AccessExpiresAt).ThenBy(p => p.Id).Take(ExpiringShown)
            .Select(p => new { p.Id, p.TenantId, p.Name, p.MachineCode, p.TokenState, p.AccessExpiresAt })
            .ToListAsync(cancellationToken);
        var names = new Dictionary<Guid, string>();
        if (withCompanyNames && shown.Count > 0)
        {
            var tenantIds = shown.Select(p => p.TenantId).Distinct().ToList();
            names = await db.Tenants.AsNoTracking().Where(t => tenantIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.CompanyName, cancellationToken);
        }

        return new PrintDashboard(days, tokens,
            new OnlineCounts(Online(PrinterOnlineState.Online), Online(PrinterOnlineState.Offline), Online(PrinterOnlineState.OutOfPaper), Online(PrinterOnlineState.Unknown)),
            shown.Select(p => new ExpiringToken(p.Id, p.TenantId, withCompanyNames ? names.GetValueOrDefault(p.TenantId) : null, p.Name, p.MachineCode,
                p.TokenState, p.AccessExpiresAt!.Value)).ToList(),
            expiringTotal);
    }

    /// <summary>
    /// <c>j =&gt; j.CreatedAt &lt; bounds[1] ? 0 : j.CreatedAt &lt; bounds[2] ? 1 : … : 29</c>, which the database evaluates as
    /// one CASE, so the jobs are grouped by day where they are stored (the column is stored as UTC ticks on SQLite, so
    /// date functions do not apply, but comparisons with UTC bounds do).
    /// </summary>
    private static Expression<Func<PrintJob, int>> DayIndex(IReadOnlyList<DateTimeOffset> bounds)
    {
        var job = Expression.Parameter(typeof(PrintJob), "j");
        var createdAt = Expression.Property(job, nameof(PrintJob.CreatedAt));
        Expression day = Expression.Constant(Days - 1);
        for (var i = Days - 1; i >= 1; i--)
        {
            day = Expression.Condition(Expression.LessThan(createdAt, Expression.Constant(bounds[i])), Expression.Constant(i - 1), day);
        }

        return Expression.Lambda<Func<PrintJob, int>>(day, job);
    }
}
