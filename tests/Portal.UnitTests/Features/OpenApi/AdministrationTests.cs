using Portal.Features.OpenApi;

namespace Portal.UnitTests.Features.OpenApi;

/// <summary>Operators manage clients; users manage their own tokens and providers; nobody else may.</summary>
public sealed class AdministrationTests : OpenApiHostTests
{
    private Task<ApiAnswer> AuthorizeWith(string clientId, string secret) => Host.GetAsync(
        $"/apis/rest/authService/authorize/json?access_token={OpenApiExampleSeeder.AccessToken}&{Host.StampQuery()}", OpenApiHost.Basic(clientId, secret));

    [Fact]
    public async Task A_non_operator_can_neither_list_nor_create_nor_change_clients()
    {
        var member = await Host.AddUserAsync("member");
        Host.SignIn(member);
        var service = Host.Get<ApiClientService>();
        await using var db = await Host.DbFactory.CreateDbContextAsync();
        var seeded = await db.ApiClients.SingleAsync();

        Assert.False((await service.ListAsync()).Succeeded);
        Assert.False((await service.CreateAsync("Sneaky", ApiScopes.User)).Succeeded);
        Assert.False((await service.RotateAsync(seeded.Id)).Succeeded);
        Assert.False((await service.SetDisabledAsync(seeded.Id, true)).Succeeded);
        Assert.Equal(1, await db.ApiClients.CountAsync());
        Assert.Equal(200, (await AuthorizeWith(OpenApiExampleSeeder.ClientId, OpenApiExampleSeeder.ClientSecret)).Code);
    }

    [Fact]
    public async Task A_created_client_works_with_its_one_time_secret_and_is_listed_with_its_calls()
    {
        var client = await Host.CreateClientAsync("Takeaway Helper", ApiScopes.User | ApiScopes.Company);

        Assert.Matches("^[1-9][0-9]{9}$", client.ClientId);
        Assert.Equal(200, (await AuthorizeWith(client.ClientId, client.Secret)).Code);
        await Host.Services.GetRequiredService<OpenApiUsageRecorder>().FlushAsync();
        var rows = (await Host.Get<ApiClientService>().ListAsync()).Value!;
        var row = Assert.Single(rows, r => r.ClientId == client.ClientId);
        Assert.Equal(1, row.CallCount);
        Assert.Equal(1, row.ActiveSecrets);
        Assert.Equal("Takeaway Helper", row.Name);
    }

    [Theory]
    [InlineData("", ApiScopes.User)]
    [InlineData("Name", ApiScopes.None)]
    public async Task A_client_needs_a_name_and_a_scope(string name, ApiScopes scopes)
    {
        var operatorId = await Host.AddUserAsync("op", isOperator: true);
        Host.SignIn(operatorId);

        var result = await Host.Get<ApiClientService>().CreateAsync(name, scopes);

        Assert.False(result.Succeeded);
        Assert.False(string.IsNullOrEmpty(result.Error));
    }

    [Fact]
    public async Task Rotation_keeps_both_secrets_working_until_the_older_is_retired()
    {
        var client = await Host.CreateClientAsync("Rotating", ApiScopes.User);
        var service = Host.Get<ApiClientService>();
        var id = (await service.ListAsync()).Value!.Single(r => r.ClientId == client.ClientId).Id;

        var rotated = await service.RotateAsync(id);
        Assert.True(rotated.Succeeded, rotated.Error);
        Assert.Equal(client.ClientId, rotated.Value!.ClientId);
        Assert.NotEqual(client.Secret, rotated.Value.Secret);
        Assert.Equal(200, (await AuthorizeWith(client.ClientId, client.Secret)).Code);
        Assert.Equal(200, (await AuthorizeWith(client.ClientId, rotated.Value.Secret)).Code);
        Assert.False((await service.RotateAsync(id)).Succeeded, "a third active secret is refused");

        Assert.True((await service.RetireOldestSecretAsync(id)).Succeeded);

        Assert.Equal((int)OpenApiCode.BasicHeaderInvalid, (await AuthorizeWith(client.ClientId, client.Secret)).Code);
        Assert.Equal(200, (await AuthorizeWith(client.ClientId, rotated.Value.Secret)).Code);
        Assert.False((await service.RetireOldestSecretAsync(id)).Succeeded, "the last secret stays");
    }

    [Fact]
    public async Task Disabling_takes_effect_at_once_even_with_the_lookup_cache_on()
    {
        await using var host = await OpenApiHost.StartAsync(new Dictionary<string, string?> { ["OpenApi:LookupCacheDuration"] = "00:00:01" });
        var client = await host.CreateClientAsync("Cached", ApiScopes.User);
        var url = $"/apis/rest/authService/authorize/json?access_token={OpenApiExampleSeeder.AccessToken}&{host.StampQuery()}";
        var basic = OpenApiHost.Basic(client.ClientId, client.Secret);
        Assert.Equal(200, (await host.GetAsync(url, basic)).Code);
        var service = host.Get<ApiClientService>();
        var id = (await service.ListAsync()).Value!.Single(r => r.ClientId == client.ClientId).Id;

        Assert.True((await service.SetDisabledAsync(id, true)).Succeeded);
        Assert.Equal((int)OpenApiCode.ClientAccessIllegal, (await host.GetAsync(url, basic)).Code);

        Assert.True((await service.SetDisabledAsync(id, false)).Succeeded);
        Assert.Equal(200, (await host.GetAsync(url, basic)).Code);
    }

    [Fact]
    public async Task Revoking_a_token_takes_effect_at_once_even_with_the_lookup_cache_on()
    {
        await using var host = await OpenApiHost.StartAsync(new Dictionary<string, string?> { ["OpenApi:LookupCacheDuration"] = "00:00:01" });
        var token = await host.AddTokenHolderAsync("cached-user", "Cached Co", TenantRole.Member);
        var url = $"/apis/rest/authService/authorize/json?access_token={token.Token}&{host.StampQuery()}";
        Assert.Equal(200, (await host.GetAsync(url)).Code);

        Assert.True((await host.Get<ApiAccessService>().RevokeTokenAsync(token.Id)).Succeeded);

        Assert.Equal(401, (await host.GetAsync(url)).Code);
    }

    [Fact]
    public async Task Users_list_their_own_tokens_with_last_use_and_cannot_touch_anyone_elses()
    {
        var tenant = await Host.AddTenantAsync("Shared Company");
        var alice = await Host.AddUserAsync("alice");
        var bob = await Host.AddUserAsync("bob");
        await Host.AddMemberAsync(tenant, alice, TenantRole.Member);
        await Host.AddMemberAsync(tenant, bob, TenantRole.Admin);
        var aliceToken = await Host.CreateTokenAsync(alice, "till");
        await Host.CreateTokenAsync(bob, "bob's");
        await Host.AuthorizeAsync(aliceToken.Token);
        await Host.Services.GetRequiredService<OpenApiUsageRecorder>().FlushAsync();

        Host.SignIn(alice);
        var aliceTokens = (await Host.Get<ApiAccessService>().ListTokensAsync()).Value!;
        var row = Assert.Single(aliceTokens);
        Assert.Equal("till", row.Name);
        Assert.Equal(Host.Clock.GetUtcNow(), row.LastUsedAt);
        Assert.Equal(Host.Clock.GetUtcNow().AddMonths(3), row.ExpiresAt);
        Assert.Matches("^[0-9a-f]{40}$", aliceToken.Token);

        // Bob (an admin of the same company) cannot revoke Alice's token.
        Host.SignIn(bob);
        Assert.False((await Host.Get<ApiAccessService>().RevokeTokenAsync(aliceToken.Id)).Succeeded);
        Assert.Equal(200, (await Host.GetAsync($"/apis/rest/authService/authorize/json?access_token={aliceToken.Token}&{Host.StampQuery()}")).Code);
        Assert.Equal("bob's", Assert.Single((await Host.Get<ApiAccessService>().ListTokensAsync()).Value!).Name);
    }

    [Fact]
    public async Task Users_see_which_providers_read_their_data_and_nobody_else_sees_it()
    {
        var code = await Host.AuthorizeAsync();
        await Host.GetAsync($"/apis/rest/userService/getUserInfo/json?{Host.InfoQuery(OpenApiExampleSeeder.AccessToken, code)}");
        await Host.Services.GetRequiredService<OpenApiUsageRecorder>().FlushAsync();

        Host.SignIn(OpenApiExampleSeeder.DemoUserId);
        var access = Assert.Single((await Host.Get<ApiAccessService>().ListProvidersAsync()).Value!);
        Assert.Equal(OpenApiExampleSeeder.ClientId, access.ClientId);
        Assert.Equal(2, access.AccessCount);
        Assert.Null(access.RevokedAt);

        var colleague = await Host.AddUserAsync("colleague");
        await Host.AddMemberAsync(OpenApiExampleSeeder.DemoTenantId, colleague, TenantRole.Owner);
        Host.SignIn(colleague);
        Assert.Empty((await Host.Get<ApiAccessService>().ListProvidersAsync()).Value!);
        Assert.False((await Host.Get<ApiAccessService>().RevokeProviderAsync(access.Id)).Succeeded);
    }

    [Fact]
    public async Task A_user_without_a_company_cannot_create_a_token()
    {
        var loner = await Host.AddUserAsync("loner");
        Host.SignIn(loner);

        var result = await Host.Get<ApiAccessService>().CreateTokenAsync("mine");

        Assert.False(result.Succeeded);
        Assert.False(string.IsNullOrEmpty(result.Error));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Seeding_the_documents_examples_is_refused_outside_development(string environment)
    {
        var failure = await Record.ExceptionAsync(() => OpenApiHost.StartAsync(environment: environment));

        var validation = Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(failure);
        Assert.Contains("OpenApi:SeedDocumentExamples", validation.Message, StringComparison.Ordinal);
    }
}
