using System.ComponentModel.DataAnnotations;

namespace Portal.Data.Entities.OpenApi;

/// <summary>
/// A third-party service provider registered by a platform operator to call the open API (document 003). Not owned
/// by any tenant: which tenant's data a call reads is decided by the user's access token, never by the client.
/// </summary>
public class ApiClient
{
    public Guid Id { get; set; }

    /// <summary>The public 10-digit id the provider sends as the Basic user name (e.g. 1102084294).</summary>
    [MaxLength(10)]
    public required string ClientId { get; set; }

    [MaxLength(100)]
    public required string Name { get; set; }

    public ApiScopes Scopes { get; set; }

    public bool IsDisabled { get; set; }

    /// <summary>Successful calls, added up in batches by the usage recorder.</summary>
    public long CallCount { get; set; }

    public DateTimeOffset? LastCalledAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    [MaxLength(450)]
    public string? CreatedByUserId { get; set; }

    public List<ApiClientSecret> Secrets { get; set; } = [];
}

/// <summary>What a client may read. An auth code carries the client's scopes at the time it was issued.</summary>
[Flags]
public enum ApiScopes
{
    None = 0,
    User = 1,
    Company = 2,
}
