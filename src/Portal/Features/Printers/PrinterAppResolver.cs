namespace Portal.Features.Printers;

/// <summary>An app a connect form offers: the platform's default of that kind, or one of the company's own.</summary>
public sealed record PrinterAppChoice(Guid Id, string Name, bool IsCompanyApp);

/// <summary>
/// Finds the 易联云 app a printer connects or calls through (the platform default of a kind, a company's own, one by
/// id) and gives its client, signed with the app's secret, and own apps' single app token (fetched once, stored
/// encrypted, re-fetched only when refused).
/// </summary>
public sealed class PrinterAppResolver(
    IDbContextFactory<PortalDbContext> dbFactory,
    YilianyunSetup setup,
    PrinterSecrets secrets,
    IYilianyunClientFactory clients,
    CallerGate gate,
    TimeProvider timeProvider)
{
    /// <summary>The platform app new printers connect through: the configured one of that kind, else the oldest.</summary>
    public async Task<PrinterApp?> DefaultAppAsync(PrinterAppKind kind, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PrinterApps.AsNoTracking().Where(a => a.Kind == kind && a.TenantId == null)
            .OrderByDescending(a => a.FromConfiguration).ThenBy(a => a.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>One app by id, whichever company (or none) it belongs to.</summary>
    public async Task<PrinterApp?> FindAsync(Guid appId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PrinterApps.AsNoTracking().SingleOrDefaultAsync(a => a.Id == appId, cancellationToken);
    }

    /// <summary>A platform client signed with the app's id and secret.</summary>
    public IYilianyunClient ClientFor(PrinterApp app) => clients.Create(new YilianyunCredentials(
        app.ClientId, secrets.UnprotectAppSecret(app.ProtectedSecret), app.Kind == PrinterAppKind.Own ? YilianyunAppType.Own : YilianyunAppType.Open));

    /// <summary>
    /// The consent URL for the browser. When the sandbox shares the portal's origin the URL is root-relative, so it
    /// works from whatever host name the browser used.
    /// </summary>
    public string AuthorizeUrl(PrinterApp app, string state)
    {
        var url = ClientFor(app).BuildAuthorizeUrl(app.RedirectUri ?? YilianyunSettings.CallbackPath, state);
        var own = YilianyunSetup.OwnOrigin.GetLeftPart(UriPartial.Authority);
        return setup.UsesOwnOrigin && url.StartsWith(own, StringComparison.OrdinalIgnoreCase) ? url[own.Length..] : url;
    }

    /// <summary>Own apps' token: the stored one, or fetched once (the platform allows 20 fetches a day per app).</summary>
    public async Task<string> AppTokenAsync(PrinterApp app, bool refetch = false, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.PrinterApps.AsNoTracking().Where(a => a.Id == app.Id).Select(a => a.ProtectedAppToken).SingleAsync(cancellationToken);
        if (stored is not null && !refetch)
        {
            return secrets.UnprotectAppToken(stored);
        }

        var grant = await ClientFor(app).GetTokenByClientCredentialsAsync(cancellationToken);
        await db.PrinterApps.Where(a => a.Id == app.Id).ExecuteUpdateAsync(a => a
            .SetProperty(x => x.ProtectedAppToken, secrets.ProtectAppToken(grant.AccessToken))
            .SetProperty(x => x.AppTokenFetchedAt, timeProvider.GetUtcNow()), cancellationToken);
        return grant.AccessToken;
    }

    /// <summary>The apps the caller's company may connect printers of this kind through: the platform default first, then its own.</summary>
    public async Task<IReadOnlyList<PrinterAppChoice>> ChoicesAsync(PrinterAppKind kind, CancellationToken cancellationToken = default)
    {
        var choices = new List<PrinterAppChoice>();
        if ((await gate.SignedInAsync(cancellationToken))?.TenantId is not { } tenantId)
        {
            return choices;
        }

        if (await DefaultAppAsync(kind, cancellationToken) is { } platform)
        {
            choices.Add(new PrinterAppChoice(platform.Id, platform.Name, IsCompanyApp: false));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        choices.AddRange(await db.PrinterApps.AsNoTracking().Where(a => a.TenantId == tenantId && a.Kind == kind).OrderBy(a => a.CreatedAt)
            .Select(a => new PrinterAppChoice(a.Id, a.Name, true)).ToListAsync(cancellationToken));
        return choices;
    }

    /// <summary>
    /// The app a company connects through: <paramref name="appId"/> when it is the platform default or the company's
    /// own app of that kind (another company's app reads as not found), else the platform default.
    /// </summary>
    public async Task<PrinterApp?> ResolveAsync(Guid tenantId, Guid? appId, PrinterAppKind kind, CancellationToken cancellationToken = default)
    {
        var platform = await DefaultAppAsync(kind, cancellationToken);
        if (appId is not { } id || id == platform?.Id)
        {
            return platform;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PrinterApps.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.TenantId == tenantId && a.Kind == kind, cancellationToken);
    }
}
