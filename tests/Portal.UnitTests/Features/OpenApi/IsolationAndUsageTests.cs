using Portal.Features.OpenApi;

namespace Portal.UnitTests.Features.OpenApi;

/// <summary>A token yields its own company only; usage is counted per client, token and provider.</summary>
public sealed class IsolationAndUsageTests : OpenApiHostTests
{
    [Fact]
    public async Task A_token_of_company_A_yields_company_A_and_never_company_B()
    {
        // One person in two companies, with a token in each: each token reads its own company.
        var userId = await Host.AddUserAsync("zhaoliu", trueName: "赵六");
        var alpha = await Host.AddTenantAsync("Alpha Noodles House", t => t.TaxNumber = "111111111111111111");
        var beta = await Host.AddTenantAsync("Beta Tea Garden Shop", t => t.TaxNumber = "222222222222222222");
        await Host.AddMemberAsync(alpha, userId, TenantRole.Member);
        await Host.AddMemberAsync(beta, userId, TenantRole.Owner);
        await SwitchTenantAsync(userId, alpha);
        var alphaToken = await Host.CreateTokenAsync(userId, "alpha");
        await SwitchTenantAsync(userId, beta);
        var betaToken = await Host.CreateTokenAsync(userId, "beta");

        var alphaCode = await Host.AuthorizeAsync(alphaToken.Token);
        var betaCode = await Host.AuthorizeAsync(betaToken.Token);
        var alphaCompany = await Host.GetAsync($"/apis/rest/companyService/getCompanyInfo/json?{Host.InfoQuery(alphaToken.Token, alphaCode)}");
        var betaCompany = await Host.GetAsync($"/apis/rest/companyService/getCompanyInfo/json?{Host.InfoQuery(betaToken.Token, betaCode)}");
        var alphaUser = await Host.GetAsync($"/apis/rest/userService/getUserInfo/json?{Host.InfoQuery(alphaToken.Token, alphaCode)}");
        var betaUser = await Host.GetAsync($"/apis/rest/userService/getUserInfo/json?{Host.InfoQuery(betaToken.Token, betaCode)}");

        Assert.Equal("Alph*******use", alphaCompany.Data.GetProperty("company_name").GetString());
        Assert.StartsWith("1111111*", alphaCompany.Data.GetProperty("tax_number").GetString(), StringComparison.Ordinal);
        Assert.Equal("Beta*******hop", betaCompany.Data.GetProperty("company_name").GetString());
        Assert.StartsWith("2222222*", betaCompany.Data.GetProperty("tax_number").GetString(), StringComparison.Ordinal);
        // is_admin is the role in the token's company.
        Assert.Equal("0", alphaUser.Data.GetProperty("is_admin").GetString());
        Assert.Equal("1", betaUser.Data.GetProperty("is_admin").GetString());
        Assert.DoesNotContain("2222222", alphaCompany.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_auth_code_of_company_A_does_not_exist_for_a_token_of_company_B()
    {
        var intruderToken = await Host.AddTokenHolderAsync("intruder", "Other Company Ltd", TenantRole.Owner);
        var demoCode = await Host.AuthorizeAsync();

        var answer = await Host.GetAsync($"/apis/rest/companyService/getCompanyInfo/json?{Host.InfoQuery(intruderToken.Token, demoCode)}");

        Assert.Equal((int)OpenApiCode.AuthCodeNotFound, answer.Code);
        Assert.DoesNotContain("水磨沟区", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_are_counted_per_client_token_and_provider()
    {
        var code = await Host.AuthorizeAsync();
        await Host.GetAsync($"/apis/rest/userService/getUserInfo/json?{Host.InfoQuery(OpenApiExampleSeeder.AccessToken, code)}");
        await Host.GetAsync($"/apis/rest/companyService/getCompanyInfo/xml?{Host.InfoQuery(OpenApiExampleSeeder.AccessToken, code)}");
        // A refused call is not counted.
        await Host.GetAsync($"/apis/rest/userService/getUserInfo/json?{Host.InfoQuery(OpenApiExampleSeeder.AccessToken, new string('0', 40))}");

        await Host.Services.GetRequiredService<OpenApiUsageRecorder>().FlushAsync();

        await using var db = await Host.DbFactory.CreateForTenantAsync(OpenApiExampleSeeder.DemoTenantId);
        var client = await db.ApiClients.SingleAsync(c => c.ClientId == OpenApiExampleSeeder.ClientId);
        Assert.Equal(3, client.CallCount);
        Assert.Equal(Host.Clock.GetUtcNow(), client.LastCalledAt);
        var token = await db.UserApiTokens.SingleAsync();
        Assert.Equal(Host.Clock.GetUtcNow(), token.LastUsedAt);
        var access = await db.ProviderAccesses.SingleAsync();
        Assert.Equal(3, access.AccessCount);
        Assert.Equal(client.Id, access.ApiClientId);
        Assert.Equal(OpenApiExampleSeeder.DemoUserId, access.UserId);

        // The next batch adds to the same rows.
        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        await Host.AuthorizeAsync();
        await Host.Services.GetRequiredService<OpenApiUsageRecorder>().FlushAsync();
        await using var after = await Host.DbFactory.CreateForTenantAsync(OpenApiExampleSeeder.DemoTenantId);
        Assert.Equal(4, (await after.ApiClients.SingleAsync(c => c.ClientId == OpenApiExampleSeeder.ClientId)).CallCount);
        Assert.Equal(4, (await after.ProviderAccesses.SingleAsync()).AccessCount);
    }

    [Fact]
    public async Task The_example_seed_is_idempotent()
    {
        var seeder = Host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<OpenApiExampleSeeder>().Single();

        await seeder.SeedAsync(CancellationToken.None);
        await seeder.SeedAsync(CancellationToken.None);

        await using var db = await Host.DbFactory.CreateForTenantAsync(OpenApiExampleSeeder.DemoTenantId);
        Assert.Equal(1, await db.ApiClients.CountAsync());
        Assert.Equal(1, await db.Users.CountAsync());
        Assert.Equal(1, await db.Memberships.CountAsync());
        Assert.Equal(1, await db.UserApiTokens.CountAsync());
    }

    private async Task SwitchTenantAsync(string userId, Guid tenantId)
    {
        await using var db = await Host.DbFactory.CreateDbContextAsync();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.CurrentTenantId, tenantId));
    }
}
