using System.ComponentModel.DataAnnotations;

namespace Portal.Data.Entities.OpenApi;

/// <summary>
/// A user's API access token (the document's <c>access_token</c>): bound to the user and to the tenant it was created
/// in, whose company a provider may then read. Only the SHA-256 of the token is kept.
/// </summary>
public class UserApiToken : TenantOwned<Guid>
{
    public required string UserId { get; set; }

    [MaxLength(100)]
    public required string Name { get; set; }

    [MaxLength(32)]
    public required byte[] TokenHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
