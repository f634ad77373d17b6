using System.ComponentModel.DataAnnotations;

namespace Portal.Data.Entities;

/// <summary>A person who signs in. Profile fields are the ones the open API's user info exposes.</summary>
public class PortalUser : IdentityUser
{
    [MaxLength(50)]
    public string? TrueName { get; set; }

    public Sex Sex { get; set; } = Sex.Unspecified;

    [MaxLength(512)]
    public string? AvatarUrl { get; set; }

    /// <summary>Free-text account status a provider may read (null when nothing special).</summary>
    [MaxLength(32)]
    public string? Status { get; set; }

    /// <summary>Platform operators administer every tenant. The first account of a fresh database becomes one.</summary>
    public bool IsOperator { get; set; }

    /// <summary>
    /// True on the one account that became operator by registering first, null on every other. A unique index lets
    /// only one row hold it (both SQLite and PostgreSQL treat NULLs as distinct), so registrations racing on a fresh
    /// database, even through several portal instances, cannot make two operators.
    /// </summary>
    public bool? FirstOperatorSeat { get; set; }

    /// <summary>The tenant the user last switched to; validated against memberships on every use.</summary>
    public Guid? CurrentTenantId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Values follow the open API document: 1 male, 2 female, 3 not given.</summary>
public enum Sex
{
    Male = 1,
    Female = 2,
    Unspecified = 3,
}
