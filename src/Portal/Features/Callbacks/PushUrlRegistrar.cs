using Portal.Features.Printers;

namespace Portal.Features.Callbacks;

/// <summary>Whether the push URLs were registered, and if not, why (the platform's code and words; never a token).</summary>
public sealed record PushRegistration(bool Registered, string? Problem)
{
    public static readonly PushRegistration NotConfigured = new(false, "No push base URL is configured (Yilianyun:PushBaseUrl).");
}

/// <summary>
/// Tells the platform where to push (<c>oauth/setpushurl</c>, one call per push kind). Open apps register per printer
/// with that printer's token; own apps register once for the app with the app token. The platform probes each URL
/// with a GET before accepting it, so the portal must already be reachable at <see cref="PushAddress.BaseUrl"/>.
/// </summary>
public sealed class PushUrlRegistrar(
    IDbContextFactory<PortalDbContext> dbFactory,
    PrinterAppResolver apps,
    PrinterTokenKeeper keeper,
    PushAddress address,
    TimeProvider timeProvider,
    ILogger<PushUrlRegistrar> logger)
{
    /// <summary>Registers an open-app printer's push URLs (own-app printers: their app's) and stamps the time.</summary>
    public async Task<PushRegistration> RegisterPrinterAsync(Guid tenantId, Guid printerId, CancellationToken cancellationToken = default)
    {
        if (!address.CanRegister)
        {
            return PushRegistration.NotConfigured;
        }

        Printer? printer;
        await using (var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken))
        {
            printer = await PrinterWithApp.FindAsync(db, printerId, cancellationToken);
        }

        if (printer?.App is not { } app)
        {
            return new PushRegistration(false, "The printer was not found.");
        }

        if (app.Kind == PrinterAppKind.Own)
        {
            return await RegisterAppAsync(app.Id, cancellationToken);
        }

        if (printer.TokenState != PrinterTokenState.Active || printer.ProtectedAccessToken is null)
        {
            return new PushRegistration(false, "The printer holds no working token.");
        }

        var outcome = await RegisterEachAsync(app, printer.MachineCode, (command, request) =>
            keeper.CallAsync(tenantId, printerId, async (client, token) =>
            {
                await client.SetPushUrlAsync(token, request, cancellationToken);
                return true;
            }, cancellationToken));
        if (outcome.Registered)
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            await db.Printers.Where(p => p.Id == printerId)
                .ExecuteUpdateAsync(p => p.SetProperty(x => x.PushUrlsRegisteredAt, timeProvider.GetUtcNow()), cancellationToken);
        }

        return outcome;
    }

    /// <summary>Registers an own app's push URLs (they cover every printer bound to it) and stamps the time.</summary>
    public async Task<PushRegistration> RegisterAppAsync(Guid appId, CancellationToken cancellationToken = default)
    {
        if (!address.CanRegister)
        {
            return PushRegistration.NotConfigured;
        }

        var app = await apps.FindAsync(appId, cancellationToken);
        if (app is not { Kind: PrinterAppKind.Own })
        {
            return new PushRegistration(false, "Only own apps register their push URLs once for the app.");
        }

        var client = apps.ClientFor(app);
        var outcome = await RegisterEachAsync(app, null, async (_, request) =>
        {
            try
            {
                await client.SetPushUrlAsync(await apps.AppTokenAsync(app, cancellationToken: cancellationToken), request, cancellationToken);
            }
            catch (YilianyunException e) when (e.Error.IsAccessTokenExpired || e.Error.IsAccessTokenInvalid)
            {
                await client.SetPushUrlAsync(await apps.AppTokenAsync(app, refetch: true, cancellationToken), request, cancellationToken);
            }

            return true;
        });
        if (outcome.Registered)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.PrinterApps.Where(a => a.Id == appId)
                .ExecuteUpdateAsync(a => a.SetProperty(x => x.PushUrlsRegisteredAt, timeProvider.GetUtcNow()), cancellationToken);
        }

        return outcome;
    }

    /// <summary>
    /// One setpushurl per kind. Key requests (<c>oauth_request</c>) exist in the v1 API only, so a refusal of that one
    /// kind does not fail the registration; any other refusal does.
    /// </summary>
    private async Task<PushRegistration> RegisterEachAsync(PrinterApp app, string? machineCode, Func<PushCommand, SetPushUrlRequest, Task<bool>> call)
    {
        foreach (var command in PushAddress.Commands)
        {
            var request = new SetPushUrlRequest(command, address.UrlFor(app.ClientId, command)!, Enabled: true) { MachineCode = machineCode };
            try
            {
                await call(command, request);
            }
            catch (YilianyunException e) when (command == PushCommand.Request && e.Error.Kind == YilianyunErrorKind.Platform)
            {
                logger.LogInformation("The platform does not take a {Command} push URL for app {ClientId}: {Problem}",
                    PushAddress.CommandName(command), app.ClientId, PrinterMessages.ForEvent(e));
            }
            catch (Exception e) when (e is YilianyunException or InvalidOperationException or HttpRequestException or TimeoutException)
            {
                var problem = e is YilianyunException platform ? PrinterMessages.ForEvent(platform) : e.GetType().Name;
                logger.LogWarning("Registering the {Command} push URL for app {ClientId} (printer {MachineCode}) failed: {Problem}",
                    PushAddress.CommandName(command), app.ClientId, machineCode ?? "-", problem);
                return new PushRegistration(false, $"{PushAddress.CommandName(command)}: {problem}");
            }
        }

        return new PushRegistration(true, null);
    }
}
