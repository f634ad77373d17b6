namespace Portal.Data;

/// <summary>The open API's sets (document 003): provider clients, user tokens, auth codes and provider access.</summary>
public partial class PortalDbContext
{
    public DbSet<ApiClient> ApiClients => Set<ApiClient>();

    public DbSet<ApiClientSecret> ApiClientSecrets => Set<ApiClientSecret>();

    public DbSet<UserApiToken> UserApiTokens => Set<UserApiToken>();

    public DbSet<ApiAuthCode> ApiAuthCodes => Set<ApiAuthCode>();

    public DbSet<ProviderAccess> ProviderAccesses => Set<ProviderAccess>();
}
