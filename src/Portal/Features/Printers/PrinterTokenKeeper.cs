namespace Portal.Features.Printers;

/// <summary>
/// A printer's tokens as the rest of the portal uses them: puts a fresh grant on a printer, runs platform calls with the
/// right token (refreshing once when the platform answers 18), adds timeline events, names printers for the audit log,
/// and knows the platform's daily refresh limits. Refreshing itself is <see cref="PrinterTokenRefresh"/>'s, storing
/// its outcomes <see cref="RefreshOutcomeStore"/>'s.
/// </summary>
public sealed class PrinterTokenKeeper(
    IDbContextFactory<PortalDbContext> dbFactory,
    PrinterAppResolver apps,
    PrinterSecrets secrets,
    PrinterTokenRefresh refresh,
    RefreshPlan plan,
    TimeProvider timeProvider)
{
    /// <summary>The platform's daily limits reset at midnight Beijing time.</summary>
    public static readonly TimeSpan LimitDayOffset = TimeSpan.FromHours(8);

    public const int DailyRefreshLimit = 20;

    /// <summary>A lease older than this was abandoned (the instance died mid-call) and may be taken over.</summary>
    public static readonly TimeSpan LeaseLength = TimeSpan.FromMinutes(2);

    public static int LimitDay(DateTimeOffset at) => (int)(at.ToOffset(LimitDayOffset).Date - DateTime.UnixEpoch.Date).TotalDays;

    public static DateTimeOffset NextLimitDayStart(DateTimeOffset at)
    {
        var local = at.ToOffset(LimitDayOffset);
        return new DateTimeOffset(local.Date.AddDays(1), LimitDayOffset).ToUniversalTime();
    }

    /// <summary>Refreshes used today, as the list and the lifecycle card show them.</summary>
    public static int UsedToday(Printer printer, DateTimeOffset now) => printer.RefreshDay == LimitDay(now) ? printer.RefreshesToday : 0;

    /// <summary>Puts a fresh grant on a printer (new or re-authorized): tokens encrypted, plan made, state Active.</summary>
    public void ApplyGrant(Printer printer, AccessTokenGrant grant)
    {
        var now = timeProvider.GetUtcNow();
        var accessExpires = grant.AccessTokenExpiresAt ?? now.AddDays(30);
        var refreshExpires = grant.RefreshTokenExpiresAt;
        printer.ProtectedAccessToken = secrets.ProtectToken(grant.AccessToken);
        printer.ProtectedRefreshToken = secrets.ProtectRefreshToken(grant.RefreshToken);
        printer.IssuedAt = now;
        printer.AccessExpiresAt = accessExpires;
        printer.RefreshExpiresAt = refreshExpires;
        printer.NextRefreshAt = plan.NextRefresh(accessExpires, refreshExpires);
        printer.TokenState = PrinterTokenState.Active;
        printer.RefreshLeaseUntil = null;
        printer.Version = Guid.NewGuid();
    }

    /// <summary>The audit log's name for a printer: its name and terminal number.</summary>
    public static string AuditTarget(string name, string machineCode) => $"{name} ({machineCode})";

    /// <summary>Adds an event to the printer's token timeline (saved with <paramref name="db"/>).</summary>
    public void AddEvent(PortalDbContext db, Printer printer, PrinterTokenEventKind kind, string? actorName, string? detail) =>
        db.PrinterTokenEvents.Add(PrinterTokenEvent.Of(printer.TenantId, printer.Id, kind, timeProvider.GetUtcNow(), actorName, detail));

    /// <summary>
    /// Runs a platform call with the printer's access token (open apps) or the app token (own apps). When the platform
    /// answers 18 (token expired) the token is refreshed (or the app token re-fetched) once and the call retried once;
    /// that refresh is the portal's own doing, so the timeline and the audit log both name the system.
    /// </summary>
    public Task<T> CallAsync<T>(Guid tenantId, Guid printerId,
        Func<IYilianyunClient, string, Task<T>> call, CancellationToken cancellationToken = default) =>
        CallAsync(tenantId, printerId, known: null, call, cancellationToken);

    /// <summary>
    /// The same, for a caller that has just read the printer with its app (<paramref name="printer"/>): the first
    /// attempt uses that row instead of reading it again; a retry after a refresh reads the new token.
    /// </summary>
    public Task<T> CallAsync<T>(Printer printer,
        Func<IYilianyunClient, string, Task<T>> call, CancellationToken cancellationToken = default) =>
        CallAsync(printer.TenantId, printer.Id, printer.App is null ? null : printer, call, cancellationToken);

    private async Task<T> CallAsync<T>(Guid tenantId, Guid printerId, Printer? known,
        Func<IYilianyunClient, string, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var printer = attempt == 0 && known is not null ? known : await ReadWithAppAsync(tenantId, printerId, cancellationToken);
            var app = printer.App!;
            var token = app.Kind == PrinterAppKind.Own
                ? await apps.AppTokenAsync(app, refetch: attempt > 0, cancellationToken)
                : secrets.UnprotectToken(printer.ProtectedAccessToken ?? throw new InvalidOperationException("The printer holds no token."));
            try
            {
                return await call(apps.ClientFor(app), token);
            }
            catch (YilianyunException e) when (e.Error.IsAccessTokenExpired && attempt == 0)
            {
                if (app.Kind == PrinterAppKind.Open
                    && await refresh.RefreshAsync(tenantId, printerId, actorName: null, auditActor: null, automatic: false, cancellationToken) is not (RefreshOutcome.Refreshed or RefreshOutcome.InProgress))
                {
                    throw;
                }
            }
        }
    }

    private async Task<Printer> ReadWithAppAsync(Guid tenantId, Guid printerId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
        return await PrinterWithApp.GetAsync(db, printerId, cancellationToken);
    }
}
