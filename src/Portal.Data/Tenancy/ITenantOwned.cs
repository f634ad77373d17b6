namespace Portal.Data.Tenancy;

/// <summary>
/// A row that belongs to exactly one tenant. <see cref="PortalDbContext"/> filters every such set by the
/// context's tenant and refuses to save a row of another tenant.
/// </summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}
