using Portal.Features.Printers;

namespace Portal.Features.Callbacks;

/// <summary>
/// Registers push URLs where they are missing: open-app printers whose current grant was issued after their last
/// registration (new, re-authorized or re-connected printers), and own apps that have printers but no registration.
/// Runs once the portal is listening (the platform probes the URL), then whenever <see cref="PrinterConnectedSignal"/>
/// is raised (a printer was connected) and every few minutes. Crosses tenants to find the work: it reads ids only, and each
/// registration then runs in its printer's tenant. A failed registration is retried after <see cref="RetryAfter"/>.
/// </summary>
public sealed class PushRegistrationService(
    IServiceScopeFactory scopes,
    IDbContextFactory<PortalDbContext> dbFactory,
    PushAddress address,
    PrinterConnectedSignal signal,
    IHostApplicationLifetime lifetime,
    TimeProvider timeProvider,
    ILogger<PushRegistrationService> logger) : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(15);

    /// <summary>Registrations per sweep, so a backlog (first start with many printers) is spread over sweeps.</summary>
    private const int BatchSize = 50;

    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _notBefore = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!address.CanRegister)
        {
            logger.LogInformation("Push URLs are not registered: Yilianyun:PushBaseUrl is not set");
            return;
        }

        if (!await StartedAsync(stoppingToken))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = SweepInterval;
            try
            {
                await SweepOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                logger.LogWarning(e, "Push URL registration sweep failed; retrying shortly");
                wait = TimeSpan.FromSeconds(30);
            }

            try
            {
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>True once the portal is listening (the platform's probe of the URL can be answered), false if stopping first.</summary>
    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult(true));
        await using var onStopping = stoppingToken.Register(() => started.TrySetResult(false));
        return await started.Task;
    }

    /// <summary>One pass: registers what is missing and not waiting for a retry. Returns how many registrations succeeded.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken = default)
    {
        if (!address.CanRegister)
        {
            return 0;
        }

        var now = timeProvider.GetUtcNow();
        List<(Guid TenantId, Guid PrinterId)> printers;
        List<Guid> ownApps;
        await using (var db = await dbFactory.CreateCrossTenantAsync(cancellationToken))
        {
            var waiting = _notBefore.Where(w => w.Value > now).Select(w => w.Key).ToList();
            printers = (await db.Printers.AsNoTracking()
                    .Where(p => p.App!.Kind == PrinterAppKind.Open && p.TokenState == PrinterTokenState.Active
                                && (p.PushUrlsRegisteredAt == null || p.PushUrlsRegisteredAt < p.IssuedAt)
                                && !waiting.Contains(p.Id))
                    .OrderBy(p => p.IssuedAt).Take(BatchSize)
                    .Select(p => new { p.TenantId, p.Id })
                    .ToListAsync(cancellationToken))
                .Select(p => (p.TenantId, p.Id)).ToList();
            ownApps = await db.PrinterApps.AsNoTracking()
                .Where(a => a.Kind == PrinterAppKind.Own && a.PushUrlsRegisteredAt == null && !waiting.Contains(a.Id)
                            && db.Printers.Any(p => p.AppId == a.Id && p.TokenState == PrinterTokenState.Active))
                .Select(a => a.Id)
                .ToListAsync(cancellationToken);
        }

        var registered = 0;
        foreach (var appId in ownApps)
        {
            registered += await RunAsync(appId, (registrar, ct) => registrar.RegisterAppAsync(appId, ct), cancellationToken);
        }

        foreach (var (tenantId, printerId) in printers)
        {
            registered += await RunAsync(printerId, (registrar, ct) => registrar.RegisterPrinterAsync(tenantId, printerId, ct), cancellationToken);
        }

        return registered;
    }

    private async Task<int> RunAsync(Guid id, Func<PushUrlRegistrar, CancellationToken, Task<PushRegistration>> register, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var outcome = await register(scope.ServiceProvider.GetRequiredService<PushUrlRegistrar>(), cancellationToken);
        if (outcome.Registered)
        {
            _notBefore.TryRemove(id, out _);
            return 1;
        }

        _notBefore[id] = timeProvider.GetUtcNow() + RetryAfter;
        return 0;
    }
}
