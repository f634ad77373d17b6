namespace Portal.Data.Entities;

/// <summary>A user's place in a tenant.</summary>
public class Membership : TenantOwned<Guid>
{
    public required string UserId { get; set; }

    public TenantRole Role { get; set; }

    public DateTimeOffset JoinedAt { get; set; }

    public Tenant? Tenant { get; set; }

    public PortalUser? User { get; set; }
}

/// <summary>Ordered by power: a higher value may do everything a lower one may.</summary>
public enum TenantRole
{
    Member = 0,
    Admin = 1,
    Owner = 2,
}
