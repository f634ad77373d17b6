namespace Portal.Features.Printing;

public sealed record ReceiptTemplateSummary(Guid Id, string Name, PaperWidth Paper, IReadOnlyList<string> Placeholders,
    string? UpdatedByName, DateTimeOffset UpdatedAt);

public sealed record ReceiptTemplateDetail(Guid Id, string Name, string Content, PaperWidth Paper, string? UpdatedByName,
    DateTimeOffset UpdatedAt);

/// <summary>A template as the editor sends it: no <see cref="Id"/> creates one, an id updates (and may rename) it.</summary>
public sealed class ReceiptTemplateInput
{
    /// <summary>The size of the template column; the platform itself would take 32,767 characters.</summary>
    public const int MaxContentLength = 20_000;

    public Guid? Id { get; set; }

    [Required(ErrorMessageResourceType = typeof(TemplateValidationText), ErrorMessageResourceName = nameof(TemplateValidationText.NameRequired))]
    [MaxLength(100, ErrorMessageResourceType = typeof(TemplateValidationText), ErrorMessageResourceName = nameof(TemplateValidationText.NameTooLong))]
    public string Name { get; set; } = "";

    [Required(ErrorMessageResourceType = typeof(TemplateValidationText), ErrorMessageResourceName = nameof(TemplateValidationText.ContentRequired))]
    [MaxLength(MaxContentLength, ErrorMessageResourceType = typeof(TemplateValidationText), ErrorMessageResourceName = nameof(TemplateValidationText.ContentTooLong))]
    public string Content { get; set; } = "";

    public PaperWidth Paper { get; set; } = PaperWidth.Mm58;
}

/// <summary>Validation messages of the template form, localized like <see cref="ValidationText"/>.</summary>
public static class TemplateValidationText
{
    public static string NameRequired => PortalStringLocalizer.Shared["Give the template a name."];

    public static string NameTooLong => PortalStringLocalizer.Shared["A template name has at most 100 characters."];

    public static string ContentRequired => PortalStringLocalizer.Shared["The template is empty; write the receipt first."];

    public static string ContentTooLong => PortalStringLocalizer.Shared["A template holds at most 20,000 characters."];
}

/// <summary>
/// The current company's receipt templates: list, open, save (create or update, names unique within the company)
/// and delete. Every member may use and edit them; saving and deleting are audited.
/// </summary>
public sealed class ReceiptTemplateService(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    AuditLog audit,
    TimeProvider timeProvider,
    IStringLocalizer<ReceiptTemplateService> L)
{
    public Task<ServiceResult<IReadOnlyList<ReceiptTemplateSummary>>> ListAsync(CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var rows = await db.ReceiptTemplates.AsNoTracking().Where(t => t.TenantId == tenantId)
                .OrderBy(t => t.Name)
                .Select(t => new { t.Id, t.Name, t.Content, t.PaperWidth, t.UpdatedByName, t.UpdatedAt })
                .ToListAsync(cancellationToken);
            return ServiceResult<IReadOnlyList<ReceiptTemplateSummary>>.Ok(rows
                .Select(t => new ReceiptTemplateSummary(t.Id, t.Name, PaperOf(t.PaperWidth), ReceiptPlaceholders.Find(t.Content), t.UpdatedByName, t.UpdatedAt))
                .ToList());
        }, cancellationToken);

    public Task<ServiceResult<ReceiptTemplateDetail>> GetAsync(Guid templateId, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var template = await db.ReceiptTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == templateId, cancellationToken);
            return template is null
                ? ServiceResult<ReceiptTemplateDetail>.Fail(NotFound)
                : ServiceResult<ReceiptTemplateDetail>.Ok(new ReceiptTemplateDetail(template.Id, template.Name, template.Content,
                    PaperOf(template.PaperWidth), template.UpdatedByName, template.UpdatedAt));
        }, cancellationToken);

    /// <summary>Creates the template, or updates the one <see cref="ReceiptTemplateInput.Id"/> names; returns its id.</summary>
    public async Task<ServiceResult<Guid>> SaveAsync(ReceiptTemplateInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var caller = await gate.SignedInAsync(cancellationToken);
        if (caller?.TenantId is not { } tenantId)
        {
            return ServiceResult<Guid>.Fail(NoCompany);
        }

        input.Name = input.Name?.Trim() ?? "";
        if (InputValidation.ErrorsOf(input) is { } invalid)
        {
            return ServiceResult<Guid>.Fail(invalid);
        }

        await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
        var lowered = input.Name.ToLowerInvariant();
        if (await db.ReceiptTemplates.AnyAsync(t => t.Name.ToLower() == lowered && t.Id != input.Id, cancellationToken))
        {
            return ServiceResult<Guid>.Fail(NameTaken(input.Name));
        }

        var now = timeProvider.GetUtcNow();
        ReceiptTemplate template;
        string detail;
        if (input.Id is { } id)
        {
            var existing = await db.ReceiptTemplates.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
            if (existing is null)
            {
                return ServiceResult<Guid>.Fail(NotFound);
            }

            template = existing;
            detail = template.Name == input.Name ? "updated" : $"renamed from \"{template.Name}\"";
        }
        else
        {
            template = new ReceiptTemplate { Id = Guid.CreateVersion7(), TenantId = tenantId, Name = "", Content = "", CreatedAt = now };
            db.ReceiptTemplates.Add(template);
            detail = "created";
        }

        template.Name = input.Name;
        template.Content = input.Content;
        template.PaperWidth = ((int)input.Paper).ToString(System.Globalization.CultureInfo.InvariantCulture);
        template.UpdatedByName = caller.DisplayName;
        template.UpdatedAt = now;
        audit.Record(db, tenantId, caller, "template.saved", template.Name, detail);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone saved a template of the same name between the check and the save.
            if (await NameExistsAsync(tenantId, input.Name, template.Id, cancellationToken))
            {
                return ServiceResult<Guid>.Fail(NameTaken(input.Name));
            }

            throw;
        }

        return ServiceResult<Guid>.Ok(template.Id);
    }

    public Task<ServiceResult> DeleteAsync(Guid templateId, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var template = await db.ReceiptTemplates.SingleOrDefaultAsync(t => t.Id == templateId, cancellationToken);
            if (template is null)
            {
                return ServiceResult.Fail(NotFound);
            }

            db.ReceiptTemplates.Remove(template);
            audit.Record(db, tenantId, caller, "template.deleted", template.Name);
            await db.SaveChangesAsync(cancellationToken);
            return ServiceResult.Ok();
        }, cancellationToken);

    private async Task<bool> NameExistsAsync(Guid tenantId, string name, Guid exceptId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
        var lowered = name.ToLowerInvariant();
        return await db.ReceiptTemplates.AnyAsync(t => t.Name.ToLower() == lowered && t.Id != exceptId, cancellationToken);
    }

    private static PaperWidth PaperOf(string stored) => stored == "80" ? PaperWidth.Mm80 : PaperWidth.Mm58;

    private string NameTaken(string name) => L["A template named \"{0}\" already exists. Choose another name, or open that template to change it.", name];

    private string NoCompany => gate.NoCompany;

    private string NotFound => L["That template was not found."];
}
