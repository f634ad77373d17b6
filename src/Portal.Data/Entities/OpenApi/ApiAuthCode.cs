using System.ComponentModel.DataAnnotations;

namespace Portal.Data.Entities.OpenApi;

/// <summary>
/// An auth code issued by <c>authorize</c>: bound to the client that asked, the user and the tenant of the access
/// token it was issued for, and the client's scopes at that moment. Only its SHA-256 is kept.
/// </summary>
public class ApiAuthCode : TenantOwned<Guid>
{
    [MaxLength(32)]
    public required byte[] CodeHash { get; set; }

    public Guid ApiClientId { get; set; }

    public required string UserId { get; set; }

    public ApiScopes Scopes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
