namespace Portal.Features.Audit;

/// <summary>
/// Filters of the audit pages and the CSV export. <see cref="Group"/> is an action's first part (<c>printer</c>,
/// <c>member</c>, <c>api</c>…); <see cref="From"/> and <see cref="To"/> are whole days in the portal's time zone, both
/// included. <see cref="TenantId"/> narrows the operators' view to one company and is ignored for tenants.
/// </summary>
public sealed record AuditQuery(
    string? Group = null,
    string? Action = null,
    string? Actor = null,
    bool? Succeeded = null,
    DateOnly? From = null,
    DateOnly? To = null,
    Guid? TenantId = null,
    int Page = 0,
    int PageSize = 25);

public sealed record AuditRow(long Id, DateTimeOffset At, Guid TenantId, string? CompanyName, string? ActorName, string Action, string? Target,
    string? Detail, bool Succeeded, bool CrossTenant);

public sealed record CompanyOption(Guid Id, string Name);

/// <summary>
/// Reads the audit log. A company's Owners and Admins read their company's entries: the log names members, their
/// e-mail invitations, API tokens and every printer change, which is the company's administration, not something a
/// Member needs to print. Platform operators read every company's entries (read only).
/// </summary>
public sealed class AuditQueryService(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    TimeProvider timeProvider,
    IStringLocalizer<AuditQueryService> L)
{
    /// <summary>The pages count at most this many entries, so the first page stays fast however long the log is.</summary>
    public const int CountCap = 10_000;

    /// <summary>An export holds at most this many entries (newest first); narrow the filters for older ones.</summary>
    public const int ExportCap = 100_000;

    private const int ExportChunk = 1_000;

    /// <summary>The current company's entries, newest first.</summary>
    public async Task<ServiceResult<CountedPage<AuditRow>>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        var (tenantId, failure) = await TenantReaderAsync(cancellationToken);
        if (tenantId is null)
        {
            return ServiceResult<CountedPage<AuditRow>>.Fail(failure!);
        }

        await using var db = await dbFactory.CreateForTenantAsync(tenantId.Value, cancellationToken);
        // The same predicate the tenant filter adds, stated on its own so SQLite walks the (TenantId, At, Id) index.
        return ServiceResult<CountedPage<AuditRow>>.Ok(await PageAsync(db, Filter(db.AuditEntries.Where(a => a.TenantId == tenantId), query with { TenantId = null }), query, withCompany: false, cancellationToken));
    }

    /// <summary>Every company's entries, newest first (operators only).</summary>
    public async Task<ServiceResult<CountedPage<AuditRow>>> ListAllAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        if (!await IsOperatorAsync(cancellationToken))
        {
            return ServiceResult<CountedPage<AuditRow>>.Fail(OperatorsOnly);
        }

        await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
        return ServiceResult<CountedPage<AuditRow>>.Ok(await PageAsync(db, Filter(db.AuditEntries, query), query, withCompany: true, cancellationToken));
    }

    /// <summary>Companies whose name contains <paramref name="text"/>, for the operators' company filter.</summary>
    public async Task<ServiceResult<IReadOnlyList<CompanyOption>>> FindCompaniesAsync(string? text, CancellationToken cancellationToken = default)
    {
        if (!await IsOperatorAsync(cancellationToken))
        {
            return ServiceResult<IReadOnlyList<CompanyOption>>.Fail(OperatorsOnly);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenants = db.Tenants.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(text))
        {
            var term = text.Trim();
            tenants = tenants.Where(t => t.CompanyName.Contains(term));
        }

        var found = await tenants.OrderBy(t => t.CompanyName).Take(20).Select(t => new CompanyOption(t.Id, t.CompanyName)).ToListAsync(cancellationToken);
        return ServiceResult<IReadOnlyList<CompanyOption>>.Ok(found);
    }

    /// <summary>Null when the caller may export (the company's log, or all companies' for an operator); else the reason.</summary>
    public async Task<string?> ExportRefusalAsync(bool allCompanies, CancellationToken cancellationToken = default) => allCompanies
        ? await IsOperatorAsync(cancellationToken) ? null : OperatorsOnly
        : (await TenantReaderAsync(cancellationToken)).Failure;

    /// <summary>
    /// Writes the matching entries as CSV (newest first, at most <see cref="ExportCap"/>), read a chunk at a time.
    /// Cells a spreadsheet would run as a formula are written as text.
    /// </summary>
    public async Task<ServiceResult> WriteCsvAsync(AuditQuery query, bool allCompanies, TextWriter output, CancellationToken cancellationToken = default)
    {
        Guid? tenantId = null;
        if (allCompanies)
        {
            if (!await IsOperatorAsync(cancellationToken))
            {
                return ServiceResult.Fail(OperatorsOnly);
            }
        }
        else
        {
            (tenantId, var failure) = await TenantReaderAsync(cancellationToken);
            if (tenantId is null)
            {
                return ServiceResult.Fail(failure!);
            }
        }

        await using var db = tenantId is { } id ? await dbFactory.CreateForTenantAsync(id, cancellationToken) : await dbFactory.CreateCrossTenantAsync(cancellationToken);
        var entries = tenantId is { } own ? Filter(db.AuditEntries.Where(a => a.TenantId == own), query with { TenantId = null }) : Filter(db.AuditEntries, query);
        var zone = timeProvider.LocalTimeZone;
        string[] header = [L["Time"], .. allCompanies ? new[] { (string)L["Company"] } : [], L["Who"], L["Action"], L["Action code"], L["Target"], L["Detail"], L["Result"]];
        await output.WriteLineAsync(CsvCells.Line(header));
        var written = 0;
        (DateTimeOffset At, long Id)? after = null;
        while (written < ExportCap)
        {
            var chunk = entries;
            if (after is { } last)
            {
                chunk = chunk.Where(a => a.At < last.At || (a.At == last.At && a.Id < last.Id));
            }

            var rows = await ToRowsAsync(db, chunk.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(Math.Min(ExportChunk, ExportCap - written)),
                allCompanies, cancellationToken);
            foreach (var row in rows)
            {
                var at = TimeZoneInfo.ConvertTime(row.At, zone).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
                string[] cells = [at, .. allCompanies ? new[] { row.CompanyName ?? "" } : [], row.ActorName ?? L["System"], AuditText.Describe(L, row.Action),
                    row.Action, row.Target ?? "", AuditDetail.Describe(L, row.Detail), row.Succeeded ? L["Succeeded"] : L["Failed"]];
                await output.WriteLineAsync(CsvCells.Line(cells));
            }

            written += rows.Count;
            if (rows.Count < ExportChunk)
            {
                break;
            }

            after = (rows[^1].At, rows[^1].Id);
        }

        return ServiceResult.Ok();
    }

    private IQueryable<AuditEntry> Filter(IQueryable<AuditEntry> entries, AuditQuery query)
    {
        if (query.TenantId is { } tenantId)
        {
            entries = entries.Where(a => a.TenantId == tenantId);
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            entries = entries.Where(a => a.Action == query.Action);
        }
        else if (!string.IsNullOrWhiteSpace(query.Group))
        {
            // "api" names api-token.*, api-provider.* and api-key.*; the other groups are the part before the dot.
            var prefix = query.Group == AuditText.ApiGroup ? "api-" : query.Group + ".";
            entries = entries.Where(a => a.Action.StartsWith(prefix));
        }

        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            var actor = query.Actor.Trim();
            entries = entries.Where(a => a.ActorName != null && a.ActorName.Contains(actor));
        }

        if (query.Succeeded is { } succeeded)
        {
            entries = entries.Where(a => a.Succeeded == succeeded);
        }

        // Whole days in the portal's time zone, compared in UTC (the stored times are UTC).
        if (query.From is { } from)
        {
            var start = DayStart(from);
            entries = entries.Where(a => a.At >= start);
        }

        if (query.To is { } to)
        {
            var end = DayStart(to.AddDays(1));
            entries = entries.Where(a => a.At < end);
        }

        return entries;
    }

    private DateTimeOffset DayStart(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, timeProvider.LocalTimeZone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static async Task<CountedPage<AuditRow>> PageAsync(PortalDbContext db, IQueryable<AuditEntry> entries, AuditQuery query, bool withCompany, CancellationToken cancellationToken)
    {
        var total = await entries.Take(CountCap + 1).CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, 100);
        var rows = await ToRowsAsync(db, entries.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Skip(Math.Max(query.Page, 0) * pageSize).Take(pageSize),
            withCompany, cancellationToken);
        return CountedPage<AuditRow>.Of(rows, total, CountCap);
    }

    private static async Task<IReadOnlyList<AuditRow>> ToRowsAsync(PortalDbContext db, IQueryable<AuditEntry> ordered, bool withCompany, CancellationToken cancellationToken)
    {
        var entries = await ordered.AsNoTracking().ToListAsync(cancellationToken);
        var names = new Dictionary<Guid, string>();
        if (withCompany)
        {
            var ids = entries.Select(e => e.TenantId).Distinct().ToList();
            names = await db.Tenants.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.CompanyName, cancellationToken);
        }

        return entries.Select(e => new AuditRow(e.Id, e.At, e.TenantId, names.GetValueOrDefault(e.TenantId), e.ActorName, e.Action, e.Target, e.Detail,
            e.Succeeded, e.CrossTenant)).ToList();
    }

    private async Task<(Guid? TenantId, string? Failure)> TenantReaderAsync(CancellationToken cancellationToken)
    {
        var caller = await gate.SignedInAsync(cancellationToken);
        if (caller?.TenantId is not { } tenantId)
        {
            return (null, gate.NoCompany);
        }

        return caller.Holds(TenantRole.Admin)
            ? (tenantId, null)
            : (null, L["Only the company's Owners and Admins can read its audit log."]);
    }

    private async Task<bool> IsOperatorAsync(CancellationToken cancellationToken) =>
        await gate.OperatorAsync(cancellationToken) is not null;

    private string OperatorsOnly => gate.OperatorsOnly;
}
