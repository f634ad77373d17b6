using Portal.Features.OpenApi;

namespace Portal.UnitTests.Features.OpenApi;

/// <summary>Every code of the document (and each HTTP status it travels with) from a real request.</summary>
public sealed class ErrorCodeTests : OpenApiHostTests
{
    private const string Token = OpenApiExampleSeeder.AccessToken;

    private string AuthorizeUrl(string format = "json") => $"/apis/rest/authService/authorize/{format}?access_token={Token}&{Host.StampQuery()}";

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
        var answer = await Host.GetAsync(AuthorizeUrl());

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(200, answer.Code);
        Assert.Equal("ok", answer.Message);
        Assert.Matches("^[0-9a-f]{40}$", answer.Data.GetProperty("auth_code").GetString());
    }

    [Fact]
    public async Task A_missing_authorization_header_is_401_with_a_basic_challenge()
    {
        var answer = await Host.GetAsync(AuthorizeUrl(), authorization: null);

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
        var answer = await Host.GetAsync(AuthorizeUrl(), header);

        AssertError(answer, OpenApiCode.BasicHeaderInvalid, HttpStatusCode.Unauthorized);
        Assert.Contains(answer.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
    }

    /// <summary>
    /// Requests the document's example client sends with its own header, each wrong in one way. In a query,
    /// <c>{token}</c> stands for the example access token and <c>{stamp}</c> for a valid <c>t_</c> and <c>p_</c>.
    /// </summary>
    [Theory]
    [InlineData("authService/authorize/json", "access_token={token}&{stamp}&access_token={token}", OpenApiCode.InvalidRequest, HttpStatusCode.BadRequest)]
    [InlineData("authService/authorize/yaml", "access_token={token}&{stamp}", OpenApiCode.ClientNotSupported, HttpStatusCode.NotAcceptable)]
    [InlineData("authService/authorize/JSON", "access_token={token}&{stamp}", OpenApiCode.ClientNotSupported, HttpStatusCode.NotAcceptable)]
    [InlineData("authService/authorize/html", "access_token={token}&{stamp}", OpenApiCode.ClientNotSupported, HttpStatusCode.NotAcceptable)]
    [InlineData("authService/authorize/json", "access_token={token}&p_=2345", OpenApiCode.IllegalParameter, HttpStatusCode.BadRequest)]
    [InlineData("authService/authorize/json", "access_token={token}&t_=abc&p_=2345", OpenApiCode.IllegalParameter, HttpStatusCode.BadRequest)]
    [InlineData("authService/authorize/json", "access_token={token}&t_=-1&p_=2342", OpenApiCode.IllegalParameter, HttpStatusCode.BadRequest)]
    [InlineData("authService/authorize/json", "access_token={token}&t_=1.5&p_=2345", OpenApiCode.IllegalParameter, HttpStatusCode.BadRequest)]
    [InlineData("authService/authorize/json", "access_token=short&{stamp}", OpenApiCode.IllegalParameter, HttpStatusCode.BadRequest)]
    [InlineData("authService/authorize/json", "access_token=9106c9fd1e138a042d4aedf94cede7a766e0%27%20or%201=1&{stamp}", OpenApiCode.IllegalParameter, HttpStatusCode.BadRequest)]
    [InlineData("userService/getUserInfo/json", "auth_code=xyz&access_token={token}&client_id=1102084294&{stamp}", OpenApiCode.IllegalParameter, HttpStatusCode.BadRequest)]
    [InlineData("authService/authorize/json", "access_token=&{stamp}", OpenApiCode.EmptyContent, HttpStatusCode.BadRequest)]
    [InlineData("authService/authorize/json", "access_token=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&{stamp}", OpenApiCode.Unauthorized, HttpStatusCode.Unauthorized)]
    [InlineData("userService/getUserInfo/json", "auth_code=0000000000000000000000000000000000000000&access_token={token}&client_id=1102084294&{stamp}",
        OpenApiCode.AuthCodeNotFound, HttpStatusCode.NotFound)]
    public async Task A_request_wrong_in_one_way_answers_its_code_and_status(string path, string query, OpenApiCode code, HttpStatusCode status)
    {
        var pathAndQuery = $"/apis/rest/{path}?" + query.Replace("{token}", Token, StringComparison.Ordinal).Replace("{stamp}", Host.StampQuery(), StringComparison.Ordinal);

        AssertError(await Host.GetAsync(pathAndQuery), code, status);
    }

    /// <summary>What happens, after the example token was issued, to the rows and the clock it depends on.</summary>
    public enum Change
    {
        ClientDisabled,
        UserLeftTheCompany,
        CompanyDisabled,
        ThreeMonthsPassed,
    }

    [Theory]
    [InlineData(Change.ClientDisabled, OpenApiCode.ClientAccessIllegal, HttpStatusCode.Forbidden)]
    [InlineData(Change.UserLeftTheCompany, OpenApiCode.Unauthorized, HttpStatusCode.Unauthorized)]
    [InlineData(Change.CompanyDisabled, OpenApiCode.Unauthorized, HttpStatusCode.Unauthorized)]
    [InlineData(Change.ThreeMonthsPassed, OpenApiCode.AccessTokenExpired, HttpStatusCode.Unauthorized)]
    public async Task The_token_stops_working_after(Change change, OpenApiCode code, HttpStatusCode status)
    {
        await ChangeAsync(change);

        AssertError(await Host.GetAsync(AuthorizeUrl()), code, status);
    }

    private async Task ChangeAsync(Change change)
    {
        await using var platform = await Host.DbFactory.CreateDbContextAsync();
        await using var company = await Host.DbFactory.CreateForTenantAsync(OpenApiExampleSeeder.DemoTenantId);
        switch (change)
        {
            case Change.ClientDisabled:
                await platform.ApiClients.Where(c => c.ClientId == OpenApiExampleSeeder.ClientId).ExecuteUpdateAsync(s => s.SetProperty(c => c.IsDisabled, true));
                break;
            case Change.UserLeftTheCompany:
                await company.Memberships.Where(m => m.UserId == OpenApiExampleSeeder.DemoUserId).ExecuteDeleteAsync();
                break;
            case Change.CompanyDisabled:
                await platform.Tenants.Where(t => t.Id == OpenApiExampleSeeder.DemoTenantId).ExecuteUpdateAsync(s => s.SetProperty(t => t.IsDisabled, true));
                break;
            case Change.ThreeMonthsPassed:
                Host.Clock.Advance(TimeSpan.FromDays(93));
                break;
        }
    }

    [Fact]
    public async Task A_wrong_secret_is_100009()
    {
        var answer = await Host.GetAsync(AuthorizeUrl(), OpenApiHost.Basic(OpenApiExampleSeeder.ClientId, "aku8hCyXBd9SqYkX"));

        AssertError(answer, OpenApiCode.BasicHeaderInvalid, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("1102084295")]
    [InlineData("someone")]
    public async Task An_unknown_client_id_is_100008(string clientId)
    {
        var answer = await Host.GetAsync(AuthorizeUrl(), OpenApiHost.Basic(clientId, OpenApiExampleSeeder.ClientSecret));

        AssertError(answer, OpenApiCode.ClientIdNotFound, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_client_id_parameter_other_than_the_basic_user_is_100002()
    {
        var code = await Host.AuthorizeAsync();

        var answer = await Host.GetAsync($"/apis/rest/userService/getUserInfo/json?{Host.InfoQuery(Token, code, clientId: "1234567890")}");

        AssertError(answer, OpenApiCode.ClientAccessIllegal, HttpStatusCode.Forbidden);
    }

    /// <summary>Authorizes with a <c>t_</c> <paramref name="seconds"/> from the fake clock's now, and its <c>p_</c> plus <paramref name="pOffset"/>.</summary>
    private Task<ApiAnswer> AuthorizeStampedAsync(int seconds, int pOffset = 0)
    {
        var t = Host.Clock.GetUtcNow().AddSeconds(seconds).ToUnixTimeMilliseconds();
        return Host.GetAsync($"/apis/rest/authService/authorize/json?access_token={Token}&t_={t}&p_={t % 10000 * 3 + 2345 + pOffset}");
    }

    [Fact]
    public async Task A_wrong_p_is_601() => AssertError(await AuthorizeStampedAsync(0, pOffset: 1), OpenApiCode.IllegalParameter, HttpStatusCode.BadRequest);

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public async Task A_t_outside_five_minutes_is_601(int seconds) =>
        AssertError(await AuthorizeStampedAsync(seconds), OpenApiCode.IllegalParameter, HttpStatusCode.BadRequest);

    [Theory]
    [InlineData(-299)]
    [InlineData(299)]
    public async Task A_t_inside_five_minutes_is_accepted(int seconds) => Assert.Equal(200, (await AuthorizeStampedAsync(seconds)).Code);

    [Fact]
    public async Task A_revoked_access_token_is_401()
    {
        var token = await Host.AddTokenHolderAsync("zhang", "Zhang Trading", TenantRole.Member);
        Assert.Equal(200, (await Host.GetAsync($"/apis/rest/authService/authorize/json?access_token={token.Token}&{Host.StampQuery()}")).Code);

        Assert.True((await Host.Get<ApiAccessService>().RevokeTokenAsync(token.Id)).Succeeded);

        var answer = await Host.GetAsync($"/apis/rest/authService/authorize/json?access_token={token.Token}&{Host.StampQuery()}");
        AssertError(answer, OpenApiCode.Unauthorized, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_auth_code_issued_to_another_client_is_100021()
    {
        var other = await Host.CreateClientAsync("Other provider", ApiScopes.User | ApiScopes.Company);
        var otherBasic = OpenApiHost.Basic(other.ClientId, other.Secret);
        var code = await Host.AuthorizeAsync(authorization: otherBasic);

        var answer = await Host.GetAsync($"/apis/rest/userService/getUserInfo/json?{Host.InfoQuery(Token, code)}");

        AssertError(answer, OpenApiCode.AuthCodeOtherClient, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_auth_code_of_another_user_of_the_same_company_is_100023()
    {
        var colleague = await Host.AddUserAsync("wangwu");
        await Host.AddMemberAsync(OpenApiExampleSeeder.DemoTenantId, colleague, TenantRole.Member);
        var colleagueToken = await Host.CreateTokenAsync(colleague);
        var code = await Host.AuthorizeAsync(colleagueToken.Token);

        var answer = await Host.GetAsync($"/apis/rest/userService/getUserInfo/json?{Host.InfoQuery(Token, code)}");

        AssertError(answer, OpenApiCode.AuthCodeOtherUser, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_auth_code_older_than_ten_minutes_is_100020()
    {
        var code = await Host.AuthorizeAsync();
        Host.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        var answer = await Host.GetAsync($"/apis/rest/userService/getUserInfo/json?{Host.InfoQuery(Token, code)}");

        AssertError(answer, OpenApiCode.AuthCodeExpired, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_code_of_a_client_without_the_company_scope_is_100018_for_company_info()
    {
        var userOnly = await Host.CreateClientAsync("Profile reader", ApiScopes.User);
        var basic = OpenApiHost.Basic(userOnly.ClientId, userOnly.Secret);
        var code = await Host.AuthorizeAsync(authorization: basic);

        var company = await Host.GetAsync($"/apis/rest/companyService/getCompanyInfo/json?{Host.InfoQuery(Token, code, userOnly.ClientId)}", basic);
        var user = await Host.GetAsync($"/apis/rest/userService/getUserInfo/json?{Host.InfoQuery(Token, code, userOnly.ClientId)}", basic);

        AssertError(company, OpenApiCode.AuthCodeNoPermission, HttpStatusCode.Forbidden);
        Assert.Equal(200, user.Code);
    }

    [Fact]
    public async Task A_provider_the_user_revoked_is_401_until_allowed_again()
    {
        var code = await Host.AuthorizeAsync();
        await Host.Services.GetRequiredService<OpenApiUsageRecorder>().FlushAsync();
        Host.SignIn(OpenApiExampleSeeder.DemoUserId);
        var access = Assert.Single((await Host.Get<ApiAccessService>().ListProvidersAsync()).Value!);

        Assert.True((await Host.Get<ApiAccessService>().RevokeProviderAsync(access.Id)).Succeeded);

        AssertError(await Host.GetAsync(AuthorizeUrl()), OpenApiCode.Unauthorized, HttpStatusCode.Unauthorized);
        AssertError(await Host.GetAsync($"/apis/rest/userService/getUserInfo/json?{Host.InfoQuery(Token, code)}"),
            OpenApiCode.Unauthorized, HttpStatusCode.Unauthorized);

        Assert.True((await Host.Get<ApiAccessService>().AllowProviderAgainAsync(access.Id)).Succeeded);
        Assert.Equal(200, (await Host.GetAsync(AuthorizeUrl())).Code);
        // The codes that existed when the provider was revoked stay gone.
        AssertError(await Host.GetAsync($"/apis/rest/userService/getUserInfo/json?{Host.InfoQuery(Token, code)}"),
            OpenApiCode.AuthCodeNotFound, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_database_failure_is_500_without_details()
    {
        await using (var db = await Host.DbFactory.CreateDbContextAsync())
        {
            // Renamed rather than dropped: SQLite and PostgreSQL say it alike, and PostgreSQL would refuse to drop a
            // table other tables' keys point at.
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"UserApiTokens\" RENAME TO \"UserApiTokensGone\"");
        }

        var answer = await Host.GetAsync(AuthorizeUrl());

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
