using Portal.Features.OpenApi;

namespace Portal.UnitTests.Features.OpenApi;

/// <summary>The open API inside the whole portal (Program.cs): its pipeline keeps the envelope, the challenge and the 429.</summary>
public sealed class PortalHostTests : IDisposable
{
    private readonly PortalAppFactory _portal = new();
    private readonly WebApplicationFactory<Program> _factory;

    public PortalHostTests() => _factory = _portal.WithWebHostBuilder(builder => builder
        .UseSetting("OpenApi:SeedDocumentExamples", "true")
        .UseSetting("OpenApi:RequestsPerWindow", "6"));

    public void Dispose()
    {
        _factory.Dispose();
        _portal.Dispose();
    }

    private static string Stamp()
    {
        var t = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return $"t_={t}&p_={t % 10000 * 3 + 2345}";
    }

    private static HttpRequestMessage Get(string url, bool withBasic = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (withBasic)
        {
            request.Headers.TryAddWithoutValidation("Authorization", OpenApiHost.DocumentBasicHeader);
        }

        return request;
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/apis/rest/authService/authorize/json")]
    [InlineData("/no-such-page")]
    public async Task Every_answer_carries_the_security_headers(string path)
    {
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(path);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Contains("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task The_documents_flow_works_in_the_portal_and_is_limited_per_client()
    {
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        const string token = OpenApiExampleSeeder.AccessToken;

        using var authorize = await client.SendAsync(Get($"/apis/rest/authService/authorize/json?access_token={token}&{Stamp()}"));
        var code = JsonDocument.Parse(await authorize.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("auth_code").GetString();
        using var user = await client.SendAsync(Get($"/apis/rest/userService/getUserInfo/json?access_token={token}&client_id=1102084294&auth_code={code}&{Stamp()}"));
        using var company = await client.SendAsync(Get($"/apis/rest/companyService/getCompanyInfo/xml?access_token={token}&client_id=1102084294&auth_code={code}&{Stamp()}"));
        using var anonymous = await client.SendAsync(Get($"/apis/rest/authService/authorize/json?access_token={token}&{Stamp()}", withBasic: false));

        Assert.Equal(HttpStatusCode.OK, authorize.StatusCode);
        Assert.Contains("\"username\":\"li******40\"", await user.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("<company_name>水磨沟区*******餐饮店</company_name>", await company.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The portal's status-code pages leave the API's own answers alone.
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains(anonymous.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
        Assert.Equal("{\"data\":null,\"code\":401,\"message\":\"未授权\"}", await anonymous.Content.ReadAsStringAsync());

        // Six calls a window for this client (set above): three used, three left, then 429.
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 4; i++)
        {
            limited?.Dispose();
            limited = await client.SendAsync(Get($"/apis/rest/authService/authorize/json?access_token={token}&{Stamp()}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, limited!.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);
        Assert.Contains("\"code\":429", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        limited.Dispose();
    }

    [Fact]
    public async Task The_pages_render_for_anonymous_visitors_or_send_them_to_log_in()
    {
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var docs = await client.GetStringAsync("/developers/open-api");
        using var operatorPage = await client.GetAsync("/operator/api-clients");
        using var accountPage = await client.GetAsync("/account/api-access");

        Assert.Contains("100023", docs, StringComparison.Ordinal);
        Assert.Contains("/apis/openapi.json", docs, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, operatorPage.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, accountPage.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_is_open_to_everyone_and_describes_only_the_open_api()
    {
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(OpenApiRegistration.DescriptionPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        // The portal's pages and other endpoints are not in it.
        Assert.Equal(OpenApiEndpoints.All.Select(e => e.Path).Order(),
            document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order());
    }
}
