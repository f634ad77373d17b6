namespace Portal.Features.OpenApi;

/// <summary>authorize's work: a new auth code bound to the client, the token's user and company, and the client's scopes.</summary>
public sealed class OpenApiAuthCodeIssuer(IDbContextFactory<PortalDbContext> dbFactory, IOptions<OpenApiOptions> options, TimeProvider timeProvider)
{
    public async Task<string> IssueAsync(ClientSnapshot client, TokenSnapshot token, CancellationToken ct)
    {
        var code = OpenApiCrypto.NewAuthCode();
        var now = timeProvider.GetUtcNow();
        await using var db = await dbFactory.CreateForTenantAsync(token.TenantId, ct);
        db.ApiAuthCodes.Add(new ApiAuthCode
        {
            TenantId = token.TenantId,
            CodeHash = OpenApiCrypto.Hash(code),
            ApiClientId = client.Id,
            UserId = token.UserId,
            Scopes = client.Scopes,
            CreatedAt = now,
            ExpiresAt = now + options.Value.AuthCodeLifetime,
        });
        await db.SaveChangesAsync(ct);
        return code;
    }
}
