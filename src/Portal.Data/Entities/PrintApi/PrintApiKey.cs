using System.ComponentModel.DataAnnotations;

namespace Portal.Data.Entities.PrintApi;

/// <summary>What a print API key may do; a key holds one or more.</summary>
[Flags]
public enum PrintApiScopes
{
    None = 0,
    PrintersRead = 1,
    JobsRead = 2,
    JobsWrite = 4,
}

/// <summary>
/// A key a program prints with through <c>/api/v1</c>. A company's key acts for that company only; a key without a
/// company is an operator's, which names the company on each request. Only the SHA-256 of the secret is kept, with a
/// few of its first characters (not enough to guess the rest) so people can tell their keys apart.
/// </summary>
public class PrintApiKey
{
    public Guid Id { get; set; }

    /// <summary>The company the key acts for; null for an operator's key.</summary>
    public Guid? TenantId { get; set; }

    public Tenant? Tenant { get; set; }

    [MaxLength(100)]
    public required string Name { get; set; }

    /// <summary>The key's first characters (<c>pk_</c> and eight more), shown in lists.</summary>
    [MaxLength(16)]
    public required string Prefix { get; set; }

    [MaxLength(32)]
    public required byte[] SecretHash { get; set; }

    public PrintApiScopes Scopes { get; set; }

    public required string CreatedByUserId { get; set; }

    [MaxLength(256)]
    public string? CreatedByName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Updated at most once a minute, so the key's hot path stays one read.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }
}

/// <summary>
/// An <c>Idempotency-Key</c> a print API key used to create a job: the same key with another request is refused, and
/// with the same request answers the job the first one created. Kept as long as the API key.
/// </summary>
public class PrintApiIdempotencyKey : TenantOwned<Guid>
{
    public Guid ApiKeyId { get; set; }

    [MaxLength(255)]
    public required string Key { get; set; }

    /// <summary>SHA-256 of the request: the printer and the body's fields.</summary>
    [MaxLength(32)]
    public required byte[] Fingerprint { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
