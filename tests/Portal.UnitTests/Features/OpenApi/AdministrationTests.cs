using Portal.Features.OpenApi;

namespace Portal.UnitTests.Features.OpenApi;

/// <summary>Operators manage clients; users manage their own tokens and providers; nobody else may.</summary>
public sealed class AdministrationTests : IAsyncLifetime
{
    private OpenApiHost _host = null!;

    public async Task InitializeAsync() => _host = await OpenApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<ApiAnswer> AuthorizeWith(string clientId, string secret) => _host.GetAsync(
        $"/apis/rest/authService/authorize/json?access_token={OpenApiExampleSeeder.AccessToken}&{_host.StampQuery()}", OpenApiHost.Basic(clientId, secret));

    [Fact]
    public async Task A_non_operator_can_neither_list_nor_create_nor_change_clients()
    {
        var member = await _host.AddUserAsync("member");
        _host.SignIn(member);
        var service = _host.Get<ApiClientService>();
        await using var db = await _host.DbFactory.CreateDbContextAsync();
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
        var client = await _host.CreateClientAsync("Takeaway Helper", ApiScopes.User | ApiScopes.Company);

        Assert.Matches("^[1-9][0-9]{9}$", client.ClientId);
        Assert.Equal(200, (await AuthorizeWith(client.ClientId, client.Secret)).Code);
        await _host.Services.GetRequiredService<OpenApiUsageRecorder>().FlushAsync();
        var rows = (await _host.Get<ApiClientService>().ListAsync()).Value!;
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
        var operatorId = await _host.AddUserAsync("op", isOperator: true);
        _host.SignIn(operatorId);

        var result = await _host.Get<ApiClientService>().CreateAsync(name, scopes);

        Assert.False(result.Succeeded);
        Assert.False(string.IsNullOrEmpty(result.Error));
    }

    [Fact]
    public async Task Rotation_keeps_both_secrets_working_until_the_older_is_retired()
    {
        var client = await _host.CreateClientAsync("Rotating", ApiScopes.User);
        var service = _host.Get<ApiClientService>();
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
        await using var host = await OpenApiHost.StartAsync(new Dictionary<string, string?> { ["OpenApi:LookupCacheDuration"] = "00:01:00" });
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
        await using var host = await OpenApiHost.StartAsync(new Dictionary<string, string?> { ["OpenApi:LookupCacheDuration"] = "00:01:00" });
        var user = await host.AddUserAsync("cached-user");
        var tenant = await host.AddTenantAsync("Cached Co");
        await host.AddMemberAsync(tenant, user, TenantRole.Member);
        var token = await host.CreateTokenAsync(user);
        var url = $"/apis/rest/authService/authorize/json?access_token={token.Token}&{host.StampQuery()}";
        Assert.Equal(200, (await host.GetAsync(url)).Code);

        Assert.True((await host.Get<ApiAccessService>().RevokeTokenAsync(token.Id)).Succeeded);

        Assert.Equal(401, (await host.GetAsync(url)).Code);
    }

    [Fact]
    public async Task Users_list_their_own_tokens_with_last_use_and_cannot_touch_anyone_elses()
    {
        var tenant = await _host.AddTenantAsync("Shared Company");
        var alice = await _host.AddUserAsync("alice");
        var bob = await _host.AddUserAsync("bob");
        await _host.AddMemberAsync(tenant, alice, TenantRole.Member);
        await _host.AddMemberAsync(tenant, bob, TenantRole.Admin);
        var aliceToken = await _host.CreateTokenAsync(alice, "till");
        await _host.CreateTokenAsync(bob, "bob's");
        await _host.AuthorizeAsync(aliceToken.Token);
        await _host.Services.GetRequiredService<OpenApiUsageRecorder>().FlushAsync();

        _host.SignIn(alice);
        var aliceTokens = (await _host.Get<ApiAccessService>().ListTokensAsync()).Value!;
        var row = Assert.Single(aliceTokens);
        Assert.Equal("till", row.Name);
        Assert.Equal(_host.Clock.GetUtcNow(), row.LastUsedAt);
        Assert.Equal(_host.Clock.GetUtcNow().AddMonths(3), row.ExpiresAt);
        Assert.Matches("^[0-9a-f]{40}$", aliceToken.Token);

        // Bob (an admin of the same company) cannot revoke Alice's token.
        _host.SignIn(bob);
        Assert.False((await _host.Get<ApiAccessService>().RevokeTokenAsync(aliceToken.Id)).Succeeded);
        Assert.Equal(200, (await _host.GetAsync($"/apis/rest/authService/authorize/json?access_token={aliceToken.Token}&{_host.StampQuery()}")).Code);
        Assert.Equal("bob's", Assert.Single((await _host.Get<ApiAccessService>().ListTokensAsync()).Value!).Name);
    }

    [Fact]
    public async Task Users_see_which_providers_read_their_data_and_nobody_else_sees_it()
    {
        var code = await _host.AuthorizeAsync();
        await _host.GetAsync($"/apis/rest/userService/getUserInfo/json?{_host.InfoQuery(OpenApiExampleSeeder.AccessToken, code)}");
        await _host.Services.GetRequiredService<OpenApiUsageRecorder>().FlushAsync();

        _host.SignIn(OpenApiExampleSeeder.DemoUserId);
        var access = Assert.Single((await _host.Get<ApiAccessService>().ListProvidersAsync()).Value!);
        Assert.Equal(OpenApiExampleSeeder.ClientId, access.ClientId);
        Assert.Equal(2, access.AccessCount);
        Assert.Null(access.RevokedAt);

        var colleague = await _host.AddUserAsync("colleague");
        await _host.AddMemberAsync(OpenApiExampleSeeder.DemoTenantId, colleague, TenantRole.Owner);
        _host.SignIn(colleague);
        Assert.Empty((await _host.Get<ApiAccessService>().ListProvidersAsync()).Value!);
        Assert.False((await _host.Get<ApiAccessService>().RevokeProviderAsync(access.Id)).Succeeded);
    }

    [Fact]
    public async Task A_user_without_a_company_cannot_create_a_token()
    {
        var loner = await _host.AddUserAsync("loner");
        _host.SignIn(loner);

        var result = await _host.Get<ApiAccessService>().CreateTokenAsync("mine");

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
