using Portal.Features.OpenApi;

namespace Portal.UnitTests.Features.OpenApi;

/// <summary>Every code of the document (and each HTTP status it travels with) from a real request.</summary>
public sealed class ErrorCodeTests : IAsyncLifetime
{
    private const string Token = OpenApiExampleSeeder.AccessToken;
    private OpenApiHost _host = null!;

    public async Task InitializeAsync() => _host = await OpenApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string AuthorizeUrl(string format = "json") => $"/apis/rest/authService/authorize/{format}?access_token={Token}&{_host.StampQuery()}";

    private static void AssertError(ApiAnswer answer, OpenApiCode code, HttpStatusCode status)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal((int)code, answer.Code);
        Assert.Equal(OpenApiCodes.Get(code).Message, answer.Message);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, answer.Data.ValueKind);
    }

    [Fact]
    public async Task Ok_is_200_with_a_40_hex_auth_code()
    {
        var answer = await _host.GetAsync(AuthorizeUrl());

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(200, answer.Code);
        Assert.Equal("ok", answer.Message);
        Assert.Matches("^[0-9a-f]{40}$", answer.Data.GetProperty("auth_code").GetString());
    }

    [Fact]
    public async Task A_missing_authorization_header_is_401_with_a_basic_challenge()
    {
        var answer = await _host.GetAsync(AuthorizeUrl(), authorization: null);

        AssertError(answer, OpenApiCode.Unauthorized, HttpStatusCode.Unauthorized);
        Assert.Contains(answer.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
    }

    [Theory]
    [InlineData("Bearer MTEwMjA4NDI5NDpha3U4aEN5WEJkOVNxWWtU")]
    [InlineData("Basic not-base64!!")]
    [InlineData("Basic MTEwMjA4NDI5NA==")] // "1102084294" without a colon
    [InlineData("Basic MTEwMjA4NDI5NDo=")] // "1102084294:" with an empty secret
    [InlineData("Basic //79")] // bytes that are not UTF-8
    public async Task A_malformed_basic_header_is_100009(string header)
    {
        var answer = await _host.GetAsync(AuthorizeUrl(), header);

        AssertError(answer, OpenApiCode.BasicHeaderInvalid, HttpStatusCode.Unauthorized);
        Assert.Contains(answer.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
    }

    [Fact]
    public async Task A_wrong_secret_is_100009()
    {
        var answer = await _host.GetAsync(AuthorizeUrl(), OpenApiHost.Basic(OpenApiExampleSeeder.ClientId, "aku8hCyXBd9SqYkX"));

        AssertError(answer, OpenApiCode.BasicHeaderInvalid, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("1102084295")]
    [InlineData("someone")]
    public async Task An_unknown_client_id_is_100008(string clientId)
    {
        var answer = await _host.GetAsync(AuthorizeUrl(), OpenApiHost.Basic(clientId, OpenApiExampleSeeder.ClientSecret));

        AssertError(answer, OpenApiCode.ClientIdNotFound, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_disabled_client_is_100002()
    {
        await using (var db = await _host.DbFactory.CreateDbContextAsync())
        {
            await db.ApiClients.Where(c => c.ClientId == OpenApiExampleSeeder.ClientId).ExecuteUpdateAsync(s => s.SetProperty(c => c.IsDisabled, true));
        }

        AssertError(await _host.GetAsync(AuthorizeUrl()), OpenApiCode.ClientAccessIllegal, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_client_id_parameter_other_than_the_basic_user_is_100002()
    {
        var code = await _host.AuthorizeAsync();

        var answer = await _host.GetAsync($"/apis/rest/userService/getUserInfo/json?{_host.InfoQuery(Token, code, clientId: "1234567890")}");

        AssertError(answer, OpenApiCode.ClientAccessIllegal, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_repeated_parameter_is_400()
    {
        var answer = await _host.GetAsync($"{AuthorizeUrl()}&access_token={Token}");

        AssertError(answer, OpenApiCode.InvalidRequest, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("yaml")]
    [InlineData("JSON")]
    [InlineData("html")]
    public async Task A_format_other_than_json_or_xml_is_501(string format)
    {
        var answer = await _host.GetAsync(AuthorizeUrl(format));

        AssertError(answer, OpenApiCode.ClientNotSupported, HttpStatusCode.NotAcceptable);
    }

    [Fact]
    public async Task Missing_t_is_601()
    {
        var answer = await _host.GetAsync($"/apis/rest/authService/authorize/json?access_token={Token}&p_=2345");

        AssertError(answer, OpenApiCode.IllegalParameter, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_wrong_p_is_601()
    {
        var (t, p) = _host.Stamp();

        var answer = await _host.GetAsync($"/apis/rest/authService/authorize/json?access_token={Token}&t_={t}&p_={p + 1}");

        AssertError(answer, OpenApiCode.IllegalParameter, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public async Task A_t_outside_five_minutes_is_601(int seconds)
    {
        var t = _host.Clock.GetUtcNow().AddSeconds(seconds).ToUnixTimeMilliseconds();

        var answer = await _host.GetAsync($"/apis/rest/authService/authorize/json?access_token={Token}&t_={t}&p_={t % 10000 * 3 + 2345}");

        AssertError(answer, OpenApiCode.IllegalParameter, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData(-299)]
    [InlineData(299)]
    public async Task A_t_inside_five_minutes_is_accepted(int seconds)
    {
        var t = _host.Clock.GetUtcNow().AddSeconds(seconds).ToUnixTimeMilliseconds();

        var answer = await _host.GetAsync($"/apis/rest/authService/authorize/json?access_token={Token}&t_={t}&p_={t % 10000 * 3 + 2345}");

        Assert.Equal(200, answer.Code);
    }

    [Theory]
    [InlineData("t_=abc&p_=2345")]
    [InlineData("t_=-1&p_=2342")]
    [InlineData("t_=1.5&p_=2345")]
    public async Task A_malformed_t_is_601(string stamp)
    {
        var answer = await _host.GetAsync($"/apis/rest/authService/authorize/json?access_token={Token}&{stamp}");

        AssertError(answer, OpenApiCode.IllegalParameter, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("9106c9fd1e138a042d4aedf94cede7a766e0%27%20or%201=1")]
    public async Task A_malformed_access_token_is_601(string token)
    {
        var answer = await _host.GetAsync($"/apis/rest/authService/authorize/json?access_token={token}&{_host.StampQuery()}");

        AssertError(answer, OpenApiCode.IllegalParameter, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_malformed_auth_code_is_601()
    {
        var answer = await _host.GetAsync($"/apis/rest/userService/getUserInfo/json?{_host.InfoQuery(Token, "xyz")}");

        AssertError(answer, OpenApiCode.IllegalParameter, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_empty_required_parameter_is_602()
    {
        var answer = await _host.GetAsync($"/apis/rest/authService/authorize/json?access_token=&{_host.StampQuery()}");

        AssertError(answer, OpenApiCode.EmptyContent, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unknown_access_token_is_401()
    {
        var answer = await _host.GetAsync($"/apis/rest/authService/authorize/json?access_token={new string('a', 40)}&{_host.StampQuery()}");

        AssertError(answer, OpenApiCode.Unauthorized, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_revoked_access_token_is_401()
    {
        var userId = await _host.AddUserAsync("zhang");
        var tenantId = await _host.AddTenantAsync("Zhang Trading");
        await _host.AddMemberAsync(tenantId, userId, TenantRole.Member);
        var token = await _host.CreateTokenAsync(userId);
        Assert.Equal(200, (await _host.GetAsync($"/apis/rest/authService/authorize/json?access_token={token.Token}&{_host.StampQuery()}")).Code);

        Assert.True((await _host.Get<ApiAccessService>().RevokeTokenAsync(token.Id)).Succeeded);

        var answer = await _host.GetAsync($"/apis/rest/authService/authorize/json?access_token={token.Token}&{_host.StampQuery()}");
        AssertError(answer, OpenApiCode.Unauthorized, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_whose_user_left_the_company_is_401()
    {
        await using (var db = await _host.DbFactory.CreateForTenantAsync(OpenApiExampleSeeder.DemoTenantId))
        {
            await db.Memberships.Where(m => m.UserId == OpenApiExampleSeeder.DemoUserId).ExecuteDeleteAsync();
        }

        AssertError(await _host.GetAsync(AuthorizeUrl()), OpenApiCode.Unauthorized, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_of_a_disabled_company_is_401()
    {
        await using (var db = await _host.DbFactory.CreateDbContextAsync())
        {
            await db.Tenants.Where(t => t.Id == OpenApiExampleSeeder.DemoTenantId).ExecuteUpdateAsync(s => s.SetProperty(t => t.IsDisabled, true));
        }

        AssertError(await _host.GetAsync(AuthorizeUrl()), OpenApiCode.Unauthorized, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_older_than_three_months_is_100014()
    {
        _host.Clock.Advance(TimeSpan.FromDays(93));

        AssertError(await _host.GetAsync(AuthorizeUrl()), OpenApiCode.AccessTokenExpired, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unknown_auth_code_is_100019()
    {
        var answer = await _host.GetAsync($"/apis/rest/userService/getUserInfo/json?{_host.InfoQuery(Token, new string('0', 40))}");

        AssertError(answer, OpenApiCode.AuthCodeNotFound, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_auth_code_issued_to_another_client_is_100021()
    {
        var other = await _host.CreateClientAsync("Other provider", ApiScopes.User | ApiScopes.Company);
        var otherBasic = OpenApiHost.Basic(other.ClientId, other.Secret);
        var code = await _host.AuthorizeAsync(authorization: otherBasic);

        var answer = await _host.GetAsync($"/apis/rest/userService/getUserInfo/json?{_host.InfoQuery(Token, code)}");

        AssertError(answer, OpenApiCode.AuthCodeOtherClient, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_auth_code_of_another_user_of_the_same_company_is_100023()
    {
        var colleague = await _host.AddUserAsync("wangwu");
        await _host.AddMemberAsync(OpenApiExampleSeeder.DemoTenantId, colleague, TenantRole.Member);
        var colleagueToken = await _host.CreateTokenAsync(colleague);
        var code = await _host.AuthorizeAsync(colleagueToken.Token);

        var answer = await _host.GetAsync($"/apis/rest/userService/getUserInfo/json?{_host.InfoQuery(Token, code)}");

        AssertError(answer, OpenApiCode.AuthCodeOtherUser, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_auth_code_older_than_ten_minutes_is_100020()
    {
        var code = await _host.AuthorizeAsync();
        _host.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        var answer = await _host.GetAsync($"/apis/rest/userService/getUserInfo/json?{_host.InfoQuery(Token, code)}");

        AssertError(answer, OpenApiCode.AuthCodeExpired, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_code_of_a_client_without_the_company_scope_is_100018_for_company_info()
    {
        var userOnly = await _host.CreateClientAsync("Profile reader", ApiScopes.User);
        var basic = OpenApiHost.Basic(userOnly.ClientId, userOnly.Secret);
        var code = await _host.AuthorizeAsync(authorization: basic);

        var company = await _host.GetAsync($"/apis/rest/companyService/getCompanyInfo/json?{_host.InfoQuery(Token, code, userOnly.ClientId)}", basic);
        var user = await _host.GetAsync($"/apis/rest/userService/getUserInfo/json?{_host.InfoQuery(Token, code, userOnly.ClientId)}", basic);

        AssertError(company, OpenApiCode.AuthCodeNoPermission, HttpStatusCode.Forbidden);
        Assert.Equal(200, user.Code);
    }

    [Fact]
    public async Task A_provider_the_user_revoked_is_401_until_allowed_again()
    {
        var code = await _host.AuthorizeAsync();
        await _host.Services.GetRequiredService<OpenApiUsageRecorder>().FlushAsync();
        _host.SignIn(OpenApiExampleSeeder.DemoUserId);
        var access = Assert.Single((await _host.Get<ApiAccessService>().ListProvidersAsync()).Value!);

        Assert.True((await _host.Get<ApiAccessService>().RevokeProviderAsync(access.Id)).Succeeded);

        AssertError(await _host.GetAsync(AuthorizeUrl()), OpenApiCode.Unauthorized, HttpStatusCode.Unauthorized);
        AssertError(await _host.GetAsync($"/apis/rest/userService/getUserInfo/json?{_host.InfoQuery(Token, code)}"),
            OpenApiCode.Unauthorized, HttpStatusCode.Unauthorized);

        Assert.True((await _host.Get<ApiAccessService>().AllowProviderAgainAsync(access.Id)).Succeeded);
        Assert.Equal(200, (await _host.GetAsync(AuthorizeUrl())).Code);
        // The codes that existed when the provider was revoked stay gone.
        AssertError(await _host.GetAsync($"/apis/rest/userService/getUserInfo/json?{_host.InfoQuery(Token, code)}"),
            OpenApiCode.AuthCodeNotFound, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_database_failure_is_500_without_details()
    {
        await using (var connection = new SqliteConnection($"Data Source={_host.DatabasePath};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE UserApiTokens";
            await drop.ExecuteNonQueryAsync();
        }

        var answer = await _host.GetAsync(AuthorizeUrl());

        AssertError(answer, OpenApiCode.InternalError, HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("UserApiTokens", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exceeding_the_rate_limit_is_429_with_retry_after()
    {
        await using var host = await OpenApiHost.StartAsync(new Dictionary<string, string?> { ["OpenApi:RequestsPerWindow"] = "3" });
        var url = $"/apis/rest/authService/authorize/xml?access_token={Token}&{host.StampQuery()}";
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.GetAsync(url)).Status);
        }

        var limited = await host.GetAsync(url);
        // Another client has its own budget.
        var other = await host.CreateClientAsync("Other provider", ApiScopes.User);
        var otherAnswer = await host.GetAsync(url, OpenApiHost.Basic(other.ClientId, other.Secret));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Contains("<code>429</code>", limited.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, otherAnswer.Status);
    }

    [Fact]
    public async Task A_flood_of_wrong_secrets_for_a_client_is_limited_by_address_and_never_locks_that_client_out()
    {
        await using var host = await OpenApiHost.StartAsync(new Dictionary<string, string?>
        {
            ["OpenApi:RequestsPerWindow"] = "3",
            ["OpenApi:UnverifiedRequestsPerWindow"] = "3",
        });
        var url = $"/apis/rest/authService/authorize/json?access_token={Token}&{host.StampQuery()}";
        var wrong = OpenApiHost.Basic(OpenApiExampleSeeder.ClientId, "aku8hCyXBd9SqYkX");
        var attempts = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            attempts.Add((await host.GetAsync(url, wrong)).Status);
        }

        var genuine = await host.GetAsync(url);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], attempts.Take(3));
        Assert.All(attempts.Skip(3), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
        Assert.Equal(HttpStatusCode.OK, genuine.Status);
    }

    [Fact]
    public void Every_code_in_the_table_has_a_distinct_entry_and_a_deliberate_http_status()
    {
        Assert.Equal(Enum.GetValues<OpenApiCode>().Length, OpenApiCodes.All.Count);
        Assert.All(OpenApiCodes.All.Where(c => c.Code != OpenApiCode.Ok), c => Assert.InRange(c.HttpStatus, 400, 599));
    }
}
