using System.ComponentModel.DataAnnotations;

namespace Portal.Data.Entities;

/// <summary>An emailed invite link. Only a hash of the link's token is stored.</summary>
public class Invitation : TenantOwned<Guid>
{
    [MaxLength(256)]
    public required string Email { get; set; }

    public TenantRole Role { get; set; }

    [MaxLength(64)]
    public required string TokenHash { get; set; }

    public required string InvitedByUserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    public string? AcceptedByUserId { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public Tenant? Tenant { get; set; }
}
