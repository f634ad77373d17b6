namespace Portal.Data.Entities;

/// <summary>A company: the unit of isolation. Fields are the company profile the open API exposes.</summary>
public class Tenant
{
    public Guid Id { get; set; }

    public required string CompanyName { get; set; }

    /// <summary>Upper-cased, trimmed name; unique, so two companies cannot share a name.</summary>
    public required string NormalizedName { get; set; }

    public CompanyType CompanyType { get; set; } = CompanyType.Enterprise;

    public string? TaxNumber { get; set; }

    public string? Province { get; set; }

    public string? City { get; set; }

    public string? Zone { get; set; }

    public string? Address { get; set; }

    public string? TelPhone { get; set; }

    public string? LegalPersonName { get; set; }

    public string? LegalPersonPhone { get; set; }

    public bool IsDisabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public static string Normalize(string companyName) => companyName.Trim().ToUpperInvariant();
}

public enum CompanyType
{
    Enterprise = 1,
    IndividualBusiness = 2,
    Other = 3,
}
