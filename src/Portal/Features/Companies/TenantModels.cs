namespace Portal.Features.Companies;

/// <summary>The company profile as a form edits it.</summary>
public sealed class TenantProfileInput
{
    [Required(ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.Required))]
    [StringLength(100, ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.MaxLength))]
    public string CompanyName { get; set; } = "";

    public CompanyType CompanyType { get; set; } = CompanyType.Enterprise;

    [RegularExpression("^[0-9A-Za-z]{15,20}$", ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.TaxNumber))]
    public string? TaxNumber { get; set; }

    [StringLength(50, ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.MaxLength))]
    public string? Province { get; set; }

    [StringLength(50, ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.MaxLength))]
    public string? City { get; set; }

    [StringLength(50, ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.MaxLength))]
    public string? Zone { get; set; }

    [StringLength(200, ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.MaxLength))]
    public string? Address { get; set; }

    [RegularExpression(@"^[0-9+\-() ]{5,32}$", ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.Phone))]
    public string? TelPhone { get; set; }

    [StringLength(50, ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.MaxLength))]
    public string? LegalPersonName { get; set; }

    [RegularExpression(@"^[0-9+\-() ]{5,32}$", ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.Phone))]
    public string? LegalPersonPhone { get; set; }

    public static TenantProfileInput From(Tenant tenant) => new()
    {
        CompanyName = tenant.CompanyName,
        CompanyType = tenant.CompanyType,
        TaxNumber = tenant.TaxNumber,
        Province = tenant.Province,
        City = tenant.City,
        Zone = tenant.Zone,
        Address = tenant.Address,
        TelPhone = tenant.TelPhone,
        LegalPersonName = tenant.LegalPersonName,
        LegalPersonPhone = tenant.LegalPersonPhone,
    };

    internal void ApplyTo(Tenant tenant)
    {
        tenant.CompanyName = CompanyName.Trim();
        tenant.NormalizedName = Tenant.Normalize(CompanyName);
        tenant.CompanyType = CompanyType;
        tenant.TaxNumber = Blank(TaxNumber)?.ToUpperInvariant();
        tenant.Province = Blank(Province);
        tenant.City = Blank(City);
        tenant.Zone = Blank(Zone);
        tenant.Address = Blank(Address);
        tenant.TelPhone = Blank(TelPhone);
        tenant.LegalPersonName = Blank(LegalPersonName);
        tenant.LegalPersonPhone = Blank(LegalPersonPhone);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

public sealed record TenantSummary(Guid Id, string CompanyName, TenantRole Role, bool IsCurrent);

public sealed record TenantDashboard(string CompanyName, TenantRole Role, int MemberCount, int PendingInvitations,
    IReadOnlyList<AuditLine> RecentActivity);

public sealed record AuditLine(DateTimeOffset At, string? ActorName, string Action, string? Target, bool Succeeded);
