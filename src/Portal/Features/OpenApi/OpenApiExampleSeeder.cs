namespace Portal.Features.OpenApi;

/// <summary>
/// With <see cref="OpenApiOptions.SeedDocumentExamples"/> on (development and sandbox only), registers what the
/// document's examples need: its test client, and a demo user, company and access token whose answers mask exactly as
/// the document shows. Runs at start; adds only what is missing, so restarts change nothing.
/// </summary>
internal sealed class OpenApiExampleSeeder(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<OpenApiOptions> options,
    OpenApiStore store,
    TimeProvider timeProvider,
    ILogger<OpenApiExampleSeeder> logger) : IHostedService
{
    public const string ClientId = "1102084294";
    public const string ClientSecret = "aku8hCyXBd9SqYkT";
    public const string AccessToken = "9106c9fd1e138a042d4aedf94cede7a766e0";
    public const string DemoUserId = "openapi-demo-user";
    public static readonly Guid DemoTenantId = new("00000003-0000-4000-8000-000000000003");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDocumentExamples)
        {
            return;
        }

        await ConcurrentStart.WriteAsync(() => SeedAsync(cancellationToken));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal async Task SeedAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        // The document's example rows are dated 2017-11-30 10:37:30 China time.
        var created = new DateTimeOffset(2017, 11, 30, 10, 37, 30, TimeSpan.FromHours(8)).ToUniversalTime();

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.ApiClients.AnyAsync(c => c.ClientId == ClientId, cancellationToken))
            {
                db.ApiClients.Add(new ApiClient
                {
                    ClientId = ClientId,
                    Name = "Document 003 test client",
                    Scopes = ApiScopes.User | ApiScopes.Company,
                    CreatedAt = now,
                    Secrets = [new ApiClientSecret { SecretHash = OpenApiCrypto.Hash(ClientSecret), CreatedAt = now }],
                });
            }

            if (!await db.Tenants.AnyAsync(t => t.Id == DemoTenantId, cancellationToken))
            {
                const string companyName = "水磨沟区新疆大盘鸡餐饮店";
                db.Tenants.Add(new Tenant
                {
                    Id = DemoTenantId,
                    CompanyName = companyName,
                    NormalizedName = Tenant.Normalize(companyName),
                    CompanyType = CompanyType.Enterprise,
                    TaxNumber = "652324819850303404",
                    Address = "乌鲁木齐市沙依巴克区友好南路幸福巷186号",
                    LegalPersonName = "李小龙",
                    LegalPersonPhone = "13312340170",
                    CreatedAt = created,
                });
            }

            if (!await db.Users.AnyAsync(u => u.Id == DemoUserId, cancellationToken))
            {
                // No password: the demo user exists for the open API only and cannot sign in.
                db.Users.Add(new PortalUser
                {
                    Id = DemoUserId,
                    UserName = "lisi201740",
                    NormalizedUserName = "LISI201740",
                    Email = "lisi201740@openapi-demo.invalid",
                    NormalizedEmail = "LISI201740@OPENAPI-DEMO.INVALID",
                    EmailConfirmed = true,
                    TrueName = "李小龙",
                    PhoneNumber = "13812340170",
                    Sex = Sex.Unspecified,
                    AvatarUrl = "http://avatar.xxx.dev.com/000/00/11/52_avatar_small",
                    SecurityStamp = Guid.NewGuid().ToString("N"),
                    CreatedAt = created,
                });
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await using (var tenantDb = await dbFactory.CreateForTenantAsync(DemoTenantId, cancellationToken))
        {
            if (!await tenantDb.Memberships.AnyAsync(m => m.UserId == DemoUserId, cancellationToken))
            {
                tenantDb.Memberships.Add(new Membership { TenantId = DemoTenantId, UserId = DemoUserId, Role = TenantRole.Owner, JoinedAt = created });
            }

            var tokenHash = OpenApiCrypto.Hash(AccessToken);
            var token = await tenantDb.UserApiTokens.SingleOrDefaultAsync(t => t.TokenHash == tokenHash, cancellationToken);
            if (token is null)
            {
                tenantDb.UserApiTokens.Add(new UserApiToken
                {
                    TenantId = DemoTenantId,
                    UserId = DemoUserId,
                    Name = "Document 003 example token",
                    TokenHash = tokenHash,
                    CreatedAt = now,
                    ExpiresAt = now.AddMonths(options.Value.AccessTokenLifetimeMonths),
                });
            }
            else if (token.RevokedAt is null && token.ExpiresAt <= now)
            {
                // A development database outlives three months: keep the document's example working.
                token.ExpiresAt = now.AddMonths(options.Value.AccessTokenLifetimeMonths);
                store.Forget();
            }

            await tenantDb.SaveChangesAsync(cancellationToken);
        }

        logger.LogInformation("Open API document examples are registered (client {ClientId}, demo user {UserId})", ClientId, DemoUserId);
    }
}
