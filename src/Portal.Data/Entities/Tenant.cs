using System.ComponentModel.DataAnnotations;

namespace Portal.Data.Entities;

/// <summary>A company: the unit of isolation. Fields are the company profile the open API exposes.</summary>
public class Tenant
{
    public Guid Id { get; set; }

    [MaxLength(100)]
    public required string CompanyName { get; set; }

    /// <summary>Upper-cased, trimmed name; unique, so two companies cannot share a name.</summary>
    [MaxLength(100)]
    public required string NormalizedName { get; set; }

    public CompanyType CompanyType { get; set; } = CompanyType.Enterprise;

    [MaxLength(32)]
    public string? TaxNumber { get; set; }

    [MaxLength(50)]
    public string? Province { get; set; }

    [MaxLength(50)]
    public string? City { get; set; }

    [MaxLength(50)]
    public string? Zone { get; set; }

    [MaxLength(200)]
    public string? Address { get; set; }

    [MaxLength(32)]
    public string? TelPhone { get; set; }

    [MaxLength(50)]
    public string? LegalPersonName { get; set; }

    [MaxLength(32)]
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
