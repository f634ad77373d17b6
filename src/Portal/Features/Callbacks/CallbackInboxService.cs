namespace Portal.Features.Callbacks;

public sealed record CallbackQuery(string? Command, PushOutcome? Outcome, int Page, int PageSize);

public sealed record CallbackRow(long Id, DateTimeOffset ReceivedAt, string Command, string? ClientId, string? AppName, string? MachineCode,
    Guid? PrinterId, string? PrinterName, Guid? TenantId, string? CompanyName, bool SignatureValid, int HandlingMilliseconds,
    PushOutcome Outcome, string? Detail, DateTimeOffset? ReplayedAt);

/// <summary>One push with the fields it carried (the sign is never stored).</summary>
public sealed record CallbackDetail(CallbackRow Row, IReadOnlyList<KeyValuePair<string, string>> Fields, Guid? JobId, bool CanReplay);

/// <summary>The registration state the inbox page explains.</summary>
public sealed record PushSetup(string? UrlPattern, bool Registers);

/// <summary>
/// The operators' callback inbox: every push received, across tenants (a push may belong to no tenant at all), and
/// replay of a verified one. Operators only; reads across tenants to name each push's company and printer.
/// </summary>
public sealed class CallbackInboxService(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    PushApplier applier,
    CallbackInboxChanges inboxChanges,
    PushAddress address,
    AuditLog audit,
    TimeProvider timeProvider,
    IStringLocalizer<CallbackInboxService> L)
{
    /// <summary>The grid counts at most this many rows, so the first page stays fast however full the inbox is.</summary>
    public const int CountCap = 10_000;

    public PushSetup Setup => new(address.Pattern, address.CanRegister);

    public async Task<ServiceResult<CountedPage<CallbackRow>>> ListAsync(CallbackQuery query, CancellationToken cancellationToken = default)
    {
        if (!await IsOperatorAsync(cancellationToken))
        {
            return ServiceResult<CountedPage<CallbackRow>>.Fail(OperatorsOnly);
        }

        await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
        var records = db.PushRecords.AsNoTracking();
        if (!string.IsNullOrEmpty(query.Command))
        {
            records = records.Where(r => r.Command == query.Command);
        }

        if (query.Outcome is { } outcome)
        {
            records = records.Where(r => r.Outcome == outcome);
        }

        var total = await records.Take(CountCap + 1).CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, 100);
        var page = await records.OrderByDescending(r => r.ReceivedAt).ThenByDescending(r => r.Id)
            .Skip(Math.Max(query.Page, 0) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        var rows = await DescribeAsync(db, page, cancellationToken);
        return ServiceResult<CountedPage<CallbackRow>>.Ok(CountedPage<CallbackRow>.Of(rows, total, CountCap));
    }

    public async Task<ServiceResult<CallbackDetail>> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        if (!await IsOperatorAsync(cancellationToken))
        {
            return ServiceResult<CallbackDetail>.Fail(OperatorsOnly);
        }

        await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
        var record = await db.PushRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (record is null)
        {
            return ServiceResult<CallbackDetail>.Fail(NotFound);
        }

        var row = (await DescribeAsync(db, [record], cancellationToken))[0];
        return ServiceResult<CallbackDetail>.Ok(new CallbackDetail(row, [.. ReadFields(record.Fields)], record.JobId, CanReplay(record)));
    }

    /// <summary>
    /// Runs the handling of a stored, verified push again (for example after its printer was connected, or after a
    /// failure) and records the new outcome. Applying is idempotent: a finish already applied changes nothing.
    /// </summary>
    public async Task<ServiceResult<PushOutcome>> ReplayAsync(long id, CancellationToken cancellationToken = default)
    {
        var caller = await gate.SignedInAsync(cancellationToken);
        if (caller is not { IsOperator: true })
        {
            return ServiceResult<PushOutcome>.Fail(OperatorsOnly);
        }

        await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
        var record = await db.PushRecords.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (record is null)
        {
            return ServiceResult<PushOutcome>.Fail(NotFound);
        }

        if (!CanReplay(record))
        {
            return ServiceResult<PushOutcome>.Fail(L["Only pushes whose signature was verified can be replayed."]);
        }

        var app = await db.PrinterApps.AsNoTracking().SingleOrDefaultAsync(a => a.Id == record.AppId, cancellationToken);
        if (app is null)
        {
            return ServiceResult<PushOutcome>.Fail(L["The app this push was sent for no longer exists."]);
        }

        YilianyunPush push;
        try
        {
            push = YilianyunPushReader.Parse(new Dictionary<string, string>(ReadFields(record.Fields)) { ["cmd"] = record.Command });
        }
        catch (FormatException)
        {
            return ServiceResult<PushOutcome>.Fail(L["The stored fields of this push cannot be read as a push."]);
        }

        var applied = await applier.ApplyAsync(app, push);
        record.ReplayedAt = timeProvider.GetUtcNow();
        record.Outcome = applied.Outcome;
        record.Detail = applied.Detail.Length <= 500 ? applied.Detail : applied.Detail[..500];
        record.TenantId = applied.TenantId;
        record.PrinterId = applied.PrinterId;
        record.JobId = applied.JobId ?? record.JobId;
        if (applied.TenantId is { } tenantId)
        {
            audit.Record(db, tenantId, caller, "callback.replayed", record.MachineCode, $"{record.Command} #{record.Id}: {record.Detail}", applied.Outcome != PushOutcome.Failed);
        }

        await db.SaveChangesAsync(cancellationToken);
        inboxChanges.Publish();
        return ServiceResult<PushOutcome>.Ok(applied.Outcome);
    }

    private static bool CanReplay(PushRecord record) => record.SignatureValid && record.AppId is not null;

    private static IReadOnlyDictionary<string, string> ReadFields(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        }
        catch (JsonException)
        {
            return new Dictionary<string, string>();
        }
    }

    /// <summary>Names the app, printer and company of each record (a few lookups for a page, not one per row).</summary>
    private static async Task<IReadOnlyList<CallbackRow>> DescribeAsync(PortalDbContext db, IReadOnlyList<PushRecord> records, CancellationToken cancellationToken)
    {
        var appIds = records.Select(r => r.AppId).OfType<Guid>().Distinct().ToList();
        var printerIds = records.Select(r => r.PrinterId).OfType<Guid>().Distinct().ToList();
        var tenantIds = records.Select(r => r.TenantId).OfType<Guid>().Distinct().ToList();
        var apps = await db.PrinterApps.AsNoTracking().Where(a => appIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, cancellationToken);
        var printers = await db.Printers.AsNoTracking().Where(p => printerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var tenants = await db.Tenants.AsNoTracking().Where(t => tenantIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.CompanyName, cancellationToken);
        return records.Select(r => new CallbackRow(r.Id, r.ReceivedAt, r.Command, r.ClientId,
                r.AppId is { } a ? apps.GetValueOrDefault(a) : null, r.MachineCode,
                r.PrinterId, r.PrinterId is { } p ? printers.GetValueOrDefault(p) : null,
                r.TenantId, r.TenantId is { } t ? tenants.GetValueOrDefault(t) : null,
                r.SignatureValid, r.HandlingMilliseconds, r.Outcome, r.Detail, r.ReplayedAt))
            .ToList();
    }

    private async Task<bool> IsOperatorAsync(CancellationToken cancellationToken) =>
        await gate.OperatorAsync(cancellationToken) is not null;

    private string OperatorsOnly => gate.OperatorsOnly;

    private string NotFound => L["That push was not found."];
}
