namespace Portal.Features.Printers;

public sealed record PrinterAppRow(Guid Id, string Name, string ClientId, PrinterAppKind Kind, string? RedirectUri, bool FromConfiguration,
    bool HasAppToken, DateTimeOffset CreatedAt);

/// <summary>An app a connect form offers: the platform's default of that kind, or one of the company's own.</summary>
public sealed record PrinterAppChoice(Guid Id, string Name, bool IsCompanyApp);

public sealed class PrinterAppInput
{
    [Required(ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.Required))]
    [StringLength(100, ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.MaxLength))]
    public string Name { get; set; } = "";

    [Required(ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.Required))]
    [StringLength(64, ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.MaxLength))]
    public string ClientId { get; set; } = "";

    [Required(ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.Required))]
    [StringLength(128, ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.MaxLength))]
    public string ClientSecret { get; set; } = "";

    public PrinterAppKind Kind { get; set; }

    [StringLength(500, ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.MaxLength))]
    public string? RedirectUri { get; set; }
}

/// <summary>
/// The 易联云 apps: the configured ones kept in step at start-up, the operators' own, the apps a company's Owners
/// brought (seen and managed by that company's Owners only), clients signed with each app's secret, and own apps'
/// single app token (fetched once, stored encrypted, re-fetched only when refused).
/// </summary>
public sealed class PrinterAppRegistry(
    IDbContextFactory<PortalDbContext> dbFactory,
    YilianyunSetup setup,
    PrinterSecrets secrets,
    IYilianyunClientFactory clients,
    IServiceProvider services,
    CallerGate gate,
    TimeProvider timeProvider,
    IStringLocalizer<PrinterAppRegistry> L)
{
    /// <summary>Registers the configured apps in the sandbox (Sandbox mode) and upserts them in the database.</summary>
    public async Task SyncConfiguredAppsAsync(CancellationToken cancellationToken = default)
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

    /// <summary>The platform app new printers connect through: the configured one of that kind, else the oldest.</summary>
    public async Task<PrinterApp?> DefaultAppAsync(PrinterAppKind kind, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PrinterApps.AsNoTracking().Where(a => a.Kind == kind && a.TenantId == null)
            .OrderByDescending(a => a.FromConfiguration).ThenBy(a => a.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<PrinterApp?> FindAsync(Guid appId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PrinterApps.AsNoTracking().SingleOrDefaultAsync(a => a.Id == appId, cancellationToken);
    }

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

    public async Task<ServiceResult<IReadOnlyList<PrinterAppRow>>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (!await IsOperatorAsync(cancellationToken))
        {
            return ServiceResult<IReadOnlyList<PrinterAppRow>>.Fail(gate.OperatorsOnly);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return ServiceResult<IReadOnlyList<PrinterAppRow>>.Ok(await RowsAsync(db.PrinterApps.Where(a => a.TenantId == null), cancellationToken));
    }

    /// <summary>The apps the caller's company brought (Owners only).</summary>
    public async Task<ServiceResult<IReadOnlyList<PrinterAppRow>>> ListCompanyAppsAsync(CancellationToken cancellationToken = default)
    {
        if (await CompanyOwnerAsync(cancellationToken) is not { } tenantId)
        {
            return ServiceResult<IReadOnlyList<PrinterAppRow>>.Fail(OwnersOnly);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return ServiceResult<IReadOnlyList<PrinterAppRow>>.Ok(await RowsAsync(db.PrinterApps.Where(a => a.TenantId == tenantId), cancellationToken));
    }

    private static async Task<IReadOnlyList<PrinterAppRow>> RowsAsync(IQueryable<PrinterApp> apps, CancellationToken cancellationToken) =>
        await apps.AsNoTracking().OrderBy(a => a.CreatedAt)
            .Select(a => new PrinterAppRow(a.Id, a.Name, a.ClientId, a.Kind, a.RedirectUri, a.FromConfiguration, a.ProtectedAppToken != null, a.CreatedAt))
            .ToListAsync(cancellationToken);

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

    public async Task<ServiceResult<Guid>> CreateAsync(PrinterAppInput input, CancellationToken cancellationToken = default)
    {
        if (!await IsOperatorAsync(cancellationToken))
        {
            return ServiceResult<Guid>.Fail(gate.OperatorsOnly);
        }

        return await AddAsync(input, tenantId: null, cancellationToken);
    }

    /// <summary>An Owner brings the company's own 易联云 app; only this company sees it and connects printers through it.</summary>
    public async Task<ServiceResult<Guid>> CreateCompanyAppAsync(PrinterAppInput input, CancellationToken cancellationToken = default)
    {
        if (await CompanyOwnerAsync(cancellationToken) is not { } tenantId)
        {
            return ServiceResult<Guid>.Fail(OwnersOnly);
        }

        return await AddAsync(input, tenantId, cancellationToken);
    }

    /// <summary>Removes a company's app that no printer uses any more (revoked printers keep it for their history).</summary>
    public async Task<ServiceResult> DeleteCompanyAppAsync(Guid appId, CancellationToken cancellationToken = default)
    {
        if (await CompanyOwnerAsync(cancellationToken) is not { } tenantId)
        {
            return ServiceResult.Fail(OwnersOnly);
        }

        await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
        if (!await db.PrinterApps.AnyAsync(a => a.Id == appId && a.TenantId == tenantId, cancellationToken))
        {
            return ServiceResult.Fail(L["That app was not found."]);
        }

        if (await db.Printers.AnyAsync(p => p.AppId == appId, cancellationToken))
        {
            return ServiceResult.Fail(L["Printers were connected through this app, so it stays for their history."]);
        }

        await db.PrinterApps.Where(a => a.Id == appId && a.TenantId == tenantId).ExecuteDeleteAsync(cancellationToken);
        return ServiceResult.Ok();
    }

    private async Task<ServiceResult<Guid>> AddAsync(PrinterAppInput input, Guid? tenantId, CancellationToken cancellationToken)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true))
        {
            return ServiceResult<Guid>.Fail(string.Join(" ", results.Select(r => r.ErrorMessage)));
        }

        if (input.Kind == PrinterAppKind.Open && !Uri.TryCreate(input.RedirectUri, UriKind.Absolute, out _)
            && !(input.RedirectUri ?? "").StartsWith('/'))
        {
            return ServiceResult<Guid>.Fail(L["An open app needs the callback address registered with the platform."]);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var clientId = input.ClientId.Trim();
        if (await db.PrinterApps.AnyAsync(a => a.ClientId == clientId, cancellationToken))
        {
            return ServiceResult<Guid>.Fail(L["An app with this client ID already exists."]);
        }

        var app = new PrinterApp
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            Name = input.Name.Trim(),
            ClientId = clientId,
            ProtectedSecret = secrets.ProtectAppSecret(input.ClientSecret.Trim()),
            Kind = input.Kind,
            RedirectUri = string.IsNullOrWhiteSpace(input.RedirectUri) ? null : input.RedirectUri.Trim(),
            CreatedAt = timeProvider.GetUtcNow(),
        };
        db.PrinterApps.Add(app);
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(app.Id);
    }

    /// <summary>
    /// Own apps: obtains the app token (kept, so the test costs nothing later). Open apps cannot get a token without a
    /// merchant, so the test checks the signature with a refresh of a made-up token: "unknown token" means the platform
    /// accepted the app's id and secret.
    /// </summary>
    /// <remarks>Operators test platform apps; a company's Owners test the company's own apps.</remarks>
    public async Task<ServiceResult<string>> TestConnectionAsync(Guid appId, CancellationToken cancellationToken = default)
    {
        var app = await FindAsync(appId, cancellationToken);
        var allowed = app?.TenantId is { } owner
            ? await CompanyOwnerAsync(cancellationToken) == owner
            : await IsOperatorAsync(cancellationToken);
        if (app is null || !allowed)
        {
            return ServiceResult<string>.Fail(L["That app was not found."]);
        }

        try
        {
            if (app.Kind == PrinterAppKind.Own)
            {
                await AppTokenAsync(app, cancellationToken: cancellationToken);
                return ServiceResult<string>.Ok(L["Connected: the platform accepted the app's credentials and its app token is stored."]);
            }

            await ClientFor(app).RefreshTokenAsync(Guid.NewGuid().ToString("N"), cancellationToken);
            return ServiceResult<string>.Ok(L["Connected: the platform accepted the app's credentials."]);
        }
        catch (YilianyunException e) when (e.Error.Kind == YilianyunErrorKind.Platform && !e.Error.IsSignFailure && !e.Error.IsClientCredentialsWrong
                                           && e.Error.Code != 2 && !e.Error.IsWrongAppType)
        {
            return ServiceResult<string>.Ok(L["Connected: the platform accepted the app's credentials."]);
        }
        catch (YilianyunException e)
        {
            return ServiceResult<string>.Fail(L["The platform refused the app: {0}", PrinterMessages.Describe(e)]);
        }
    }

    private async Task<bool> IsOperatorAsync(CancellationToken cancellationToken) =>
        await gate.OperatorAsync(cancellationToken) is not null;

    /// <summary>The caller's current company when they are its Owner.</summary>
    private async Task<Guid?> CompanyOwnerAsync(CancellationToken cancellationToken) =>
        await gate.SignedInAsync(cancellationToken) is { TenantId: { } tenantId } caller && caller.Holds(Data.Entities.TenantRole.Owner) ? tenantId : null;

    private string OwnersOnly => L["Only the company's Owners can manage its 易联云 apps."];
}
