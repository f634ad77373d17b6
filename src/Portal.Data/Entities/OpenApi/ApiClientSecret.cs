using System.ComponentModel.DataAnnotations;

namespace Portal.Data.Entities.OpenApi;

/// <summary>
/// One secret of an <see cref="ApiClient"/>. Only the SHA-256 of the secret is kept; a client holds at most two
/// unrevoked secrets, so a provider can switch to a new one before the old one is withdrawn.
/// </summary>
public class ApiClientSecret
{
    public Guid Id { get; set; }

    public Guid ApiClientId { get; set; }

    /// <summary>SHA-256 of the UTF-8 secret (32 bytes).</summary>
    [MaxLength(32)]
    public required byte[] SecretHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public ApiClient? Client { get; set; }
}
