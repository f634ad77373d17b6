namespace Portal.Features.Printers;

/// <summary>
/// The statements that store a batch of refresh outcomes inside the caller's transaction (<see cref="ModelStatement{T}"/>):
/// a printer row updated only while it still carries its claim's lease, and inserts of timeline events and audit entries.
/// </summary>
internal sealed class RefreshOutcomeSql : IAsyncDisposable
{
    /// <summary>A row is written only while it carries the claim's lease, which is its <see cref="Printer.Version"/>.</summary>
    private static readonly string[] Leased = [nameof(Printer.Id), nameof(Printer.TenantId), nameof(Printer.Version)];

    private readonly ModelStatement<Printer> _refreshed;
    private readonly ModelStatement<Printer> _failed;
    private readonly ModelStatement<PrinterTokenEvent> _event;
    private readonly ModelStatement<AuditEntry> _audit;

    private RefreshOutcomeSql(PortalDbContext db)
    {
        _refreshed = ModelStatement<Printer>.Update(db,
            [nameof(Printer.ProtectedAccessToken), nameof(Printer.ProtectedRefreshToken), nameof(Printer.AccessExpiresAt), nameof(Printer.RefreshExpiresAt),
             nameof(Printer.LastRefreshAt), nameof(Printer.NextRefreshAt), nameof(Printer.TokenState), nameof(Printer.RefreshLeaseUntil), nameof(Printer.Version)],
            Leased);
        _failed = ModelStatement<Printer>.Update(db,
            [nameof(Printer.TokenState), nameof(Printer.NextRefreshAt), nameof(Printer.RefreshLeaseUntil), nameof(Printer.Version)], Leased);
        _event = ModelStatement<PrinterTokenEvent>.Insert(db);
        _audit = ModelStatement<AuditEntry>.Insert(db);
    }

    /// <summary>Opens the statements on <paramref name="db"/>'s connection, in its current transaction.</summary>
    public static RefreshOutcomeSql Open(PortalDbContext db) => new(db);

    /// <summary>Stores a new pair (already encrypted) if the row still carries the claim's lease; false if it lost it.</summary>
    public async Task<bool> RefreshedAsync(RefreshClaim claim, string protectedAccessToken, string protectedRefreshToken, DateTimeOffset accessExpiresAt,
        DateTimeOffset refreshExpiresAt, DateTimeOffset now, DateTimeOffset nextRefreshAt, CancellationToken cancellationToken) =>
        await _refreshed.ExecuteAsync(cancellationToken,
            protectedAccessToken, protectedRefreshToken, accessExpiresAt, refreshExpiresAt, now, nextRefreshAt, PrinterTokenState.Active, null, Guid.NewGuid(),
            claim.PrinterId, claim.TenantId, claim.Lease) == 1;

    /// <summary>Stores the state and retry time a failed refresh leaves, if the row still carries the claim's lease; false if it lost it.</summary>
    public async Task<bool> FailedAsync(RefreshClaim claim, PrinterTokenState state, DateTimeOffset? nextRefreshAt, CancellationToken cancellationToken) =>
        await _failed.ExecuteAsync(cancellationToken, state, nextRefreshAt, null, Guid.NewGuid(), claim.PrinterId, claim.TenantId, claim.Lease) == 1;

    public Task AddAsync(PrinterTokenEvent tokenEvent, CancellationToken cancellationToken) => _event.InsertAsync(tokenEvent, cancellationToken);

    public Task AddAsync(AuditEntry entry, CancellationToken cancellationToken) => _audit.InsertAsync(entry, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _refreshed.DisposeAsync();
        await _failed.DisposeAsync();
        await _event.DisposeAsync();
        await _audit.DisposeAsync();
    }
}
