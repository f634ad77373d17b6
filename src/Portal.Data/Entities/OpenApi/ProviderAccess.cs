namespace Portal.Data.Entities.OpenApi;

/// <summary>
/// That a provider (API client) read a user's data within a tenant: how often and when last. The user sees these on
/// their account page and may revoke one, which stops that provider from getting new auth codes for them.
/// </summary>
public class ProviderAccess : TenantOwned<Guid>
{
    public required string UserId { get; set; }

    public Guid ApiClientId { get; set; }

    public long AccessCount { get; set; }

    public DateTimeOffset FirstAccessAt { get; set; }

    public DateTimeOffset LastAccessAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public ApiClient? Client { get; set; }
}
