namespace Portal.Features.Printers;

/// <summary>Keeps the configured 易联云 apps (<see cref="YilianyunSetup"/>) in step at start-up, in the database and, in Sandbox mode, in the sandbox.</summary>
public sealed class ConfiguredAppSync(
    IDbContextFactory<PortalDbContext> dbFactory,
    YilianyunSetup setup,
    PrinterSecrets secrets,
    IServiceProvider services,
    TimeProvider timeProvider)
{
    /// <summary>Registers the configured apps in the sandbox (Sandbox mode) and upserts them in the database.</summary>
    public Task SyncConfiguredAppsAsync(CancellationToken cancellationToken = default) =>
        ConcurrentStart.WriteAsync(() => SyncOnceAsync(cancellationToken));

    private async Task SyncOnceAsync(CancellationToken cancellationToken)
    {
        var sandbox = setup.Mode == YilianyunMode.Sandbox ? services.GetService<SandboxAdmin>() : null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var configured in setup.Apps.Where(a => a.ClientId.Length > 0 && a.ClientSecret.Length > 0))
        {
            sandbox?.SaveApp(new SandboxAppOptions
            {
                Name = configured.Name,
                ClientId = configured.ClientId,
                ClientSecret = configured.ClientSecret,
                Type = configured.Kind == PrinterAppKind.Own ? SandboxAppType.Own : SandboxAppType.Open,
                RedirectUri = configured.RedirectUri,
            });

            var app = await db.PrinterApps.SingleOrDefaultAsync(a => a.ClientId == configured.ClientId, cancellationToken);
            if (app is null)
            {
                app = new PrinterApp { Id = Guid.CreateVersion7(), Name = "", ClientId = configured.ClientId, ProtectedSecret = "", CreatedAt = timeProvider.GetUtcNow() };
                db.PrinterApps.Add(app);
            }

            app.Name = configured.Name;
            app.Kind = configured.Kind;
            app.RedirectUri = configured.RedirectUri;
            app.FromConfiguration = true;
            if (app.ProtectedSecret.Length == 0 || secrets.UnprotectAppSecret(app.ProtectedSecret) != configured.ClientSecret)
            {
                app.ProtectedSecret = secrets.ProtectAppSecret(configured.ClientSecret);
                // A token obtained with another secret (another sandbox run) is not this app's any more.
                app.ProtectedAppToken = null;
                app.AppTokenFetchedAt = null;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
