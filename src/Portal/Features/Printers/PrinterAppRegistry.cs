namespace Portal.Features.Printers;

public sealed record PrinterAppRow(Guid Id, string Name, string ClientId, PrinterAppKind Kind, string? RedirectUri, bool FromConfiguration,
    bool HasAppToken, DateTimeOffset CreatedAt);

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
/// Administering the 易联云 apps: the operators' platform apps and the apps a company's Owners brought (seen and
/// managed by that company's Owners only): list, add, test the credentials, remove. Lookups (the default app, a
/// company's choices, clients and app tokens) belong to <see cref="PrinterAppResolver"/>.
/// </summary>
public sealed class PrinterAppRegistry(
    IDbContextFactory<PortalDbContext> dbFactory,
    PrinterAppResolver resolver,
    PrinterSecrets secrets,
    CallerGate gate,
    TimeProvider timeProvider,
    IStringLocalizer<PrinterAppRegistry> L)
{
    /// <summary>The platform's apps (operators only).</summary>
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

    /// <summary>An operator adds a platform app, offered to every company.</summary>
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
        var app = await resolver.FindAsync(appId, cancellationToken);
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
                await resolver.AppTokenAsync(app, cancellationToken: cancellationToken);
                return ServiceResult<string>.Ok(L["Connected: the platform accepted the app's credentials and its app token is stored."]);
            }

            await resolver.ClientFor(app).RefreshTokenAsync(Guid.NewGuid().ToString("N"), cancellationToken);
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
