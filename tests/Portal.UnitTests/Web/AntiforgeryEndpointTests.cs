namespace Portal.UnitTests.Web;

/// <summary>
/// The account and preference endpoints a form posts to, in Production (where an unhandled failure is a 500 page):
/// a post without its antiforgery token is a bad request, never a server error, and never does the work.
/// </summary>
public sealed class AntiforgeryEndpointTests : IAsyncLifetime
{
    private const string Email = "tokens@antiforgery.test";
    private const string Password = "Brisk-Lantern-83!";

    private readonly PortalAppFactory _portal = new();
    private WebApplicationFactory<Program> _production = null!;

    public static TheoryData<string> Endpoints =>
    [
        "/Account/Logout",
        "/Account/PasskeyCreationOptions",
        "/Account/PasskeyRequestOptions",
        "/Account/PerformExternalLogin",
        "/Account/Manage/LinkExternalLogin",
        "/Account/Manage/DownloadPersonalData",
        "/preferences/theme",
        "/preferences/culture",
    ];

    public async Task InitializeAsync()
    {
        _production = _portal.WithWebHostBuilder(builder => builder
            .UseEnvironment("Production")
            .UseSetting("Portal:PublicUrl", "https://localhost")
            .UseSetting("Portal:Demo", "true"));
        await using var scope = _production.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>()
            .CreateAsync(new PortalUser { UserName = Email, Email = Email, EmailConfirmed = true }, Password);
        Assert.True(created.Succeeded);
    }

    public async Task DisposeAsync()
    {
        await _production.DisposeAsync();
        await _portal.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_tokenless_post_from_a_visitor_is_a_bad_request(string path)
    {
        using var client = NewClient();

        using var empty = await client.PostAsync(path, null);
        using var form = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/", ["provider"] = "x" }));

        Assert.True(IsBadRequestOrLogin(empty), $"{path} without a body answered {(int)empty.StatusCode}");
        Assert.True(IsBadRequestOrLogin(form), $"{path} with a form answered {(int)form.StatusCode}");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_tokenless_post_from_a_signed_in_user_is_a_bad_request(string path)
    {
        using var client = NewClient();
        await client.LogInAsync(Email, Password);

        using var form = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/", ["provider"] = "x" }));

        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        // Still signed in: the forged logout did nothing.
        using var account = await client.GetAsync("/Account/Manage");
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
    }

    [Fact]
    public async Task The_personal_data_download_works_with_the_pages_token()
    {
        using var client = NewClient();
        await client.LogInAsync(Email, Password);

        using var withToken = await client.PostFormAsync("/Account/Manage/PersonalData", "", new Dictionary<string, string>(), "/Account/Manage/DownloadPersonalData");

        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        Assert.Contains(Email, await withToken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_sign_in_provider_is_a_bad_request()
    {
        using var client = NewClient();

        using var external = await client.PostFormAsync("/Account/Login", "", new Dictionary<string, string> { ["provider"] = "Nonsense", ["returnUrl"] = "/" }, "/Account/PerformExternalLogin");

        Assert.Equal(HttpStatusCode.BadRequest, external.StatusCode);
    }

    private HttpClient NewClient() => _production.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        // Production redirects plain HTTP and its cookies are Secure.
        BaseAddress = new Uri("https://localhost"),
    });

    /// <summary>The manage endpoints send an anonymous visitor to log in before looking at the form.</summary>
    private static bool IsBadRequestOrLogin(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.BadRequest
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/Login", StringComparison.Ordinal));
}
