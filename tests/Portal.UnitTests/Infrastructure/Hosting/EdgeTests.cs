namespace Portal.UnitTests.Infrastructure.Hosting;

/// <summary>Host names, schemes and proxies: what the portal believes about a request.</summary>
public sealed partial class EdgeTests
{
    [GeneratedRegex("nonce-([0-9a-f]{32})'")]
    private static partial Regex PolicyNonce();

    [Fact]
    public async Task Outside_development_a_request_for_another_host_is_refused()
    {
        using var portal = DeployedPortalFactory.Demo();
        using var attacker = portal.CreateVisitor("https://attacker.example");

        using var response = await attacker.GetAsync("/Account/ForgotPassword");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Mailed_links_come_from_the_public_address_whatever_host_the_request_names()
    {
        // Development accepts any host name, so the link's origin can only come from the setting.
        using var portal = new DeployedPortalFactory(new Dictionary<string, string?> { ["Portal:PublicUrl"] = "https://portal.example" }, "Development");
        var email = await portal.AddUserAsync();
        using var attacker = portal.CreateVisitor("http://attacker.example");

        using var response = await attacker.PostAsync("/Account/ForgotPassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "forgot-password",
            ["__RequestVerificationToken"] = await DeployedPortalFactory.AntiforgeryTokenAsync(attacker, "/Account/ForgotPassword"),
            ["Input.Email"] = email,
        }));

        var mail = Assert.Single(await portal.Services.GetRequiredService<Outbox>().ListAsync(10, email));
        Assert.Contains("https://portal.example/Account/ResetPassword?", mail.HtmlBody);
        Assert.DoesNotContain("attacker.example", mail.HtmlBody);
    }

    [Fact]
    public async Task Over_https_plain_http_is_redirected_and_https_answers_carry_a_year_of_hsts()
    {
        using var portal = DeployedPortalFactory.Demo();
        using var plain = portal.CreateVisitor("http://portal.example");
        using var secure = portal.CreateVisitor();

        using var redirected = await plain.GetAsync("/Account/Login");
        using var answered = await secure.GetAsync("/Account/Login");
        using var probe = await plain.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.PermanentRedirect, redirected.StatusCode);
        Assert.Equal("https://portal.example/Account/Login", redirected.Headers.Location!.OriginalString);
        Assert.Equal("max-age=31536000", Assert.Single(answered.Headers.GetValues("Strict-Transport-Security")));
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
    }

    [Theory]
    [InlineData("10.0.0.5", HttpStatusCode.OK)]
    [InlineData("10.0.0.9", HttpStatusCode.PermanentRedirect)]
    public async Task A_forwarded_scheme_is_believed_only_from_a_configured_proxy(string peer, HttpStatusCode expected)
    {
        using var portal = new DeployedPortalFactory(new Dictionary<string, string?>
        {
            ["Portal:PublicUrl"] = "https://portal.example",
            ["Portal:Demo"] = "true",
            ["Portal:KnownProxies:0"] = "10.0.0.5",
        }, services: s => s.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter>(_ => new PeerAddress(peer)));
        using var client = portal.CreateVisitor("http://portal.example");
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        using var response = await client.GetAsync("/Account/Login");

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Pages_allow_only_their_own_scripts_and_the_nonced_import_map()
    {
        using var portal = DeployedPortalFactory.Demo();
        using var visitor = portal.CreateVisitor();

        using var response = await visitor.GetAsync("/Account/Login");

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self' 'nonce-", policy);
        var nonce = PolicyNonce().Match(policy).Groups[1].Value;
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\">", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Test servers have no remote address; this stands for the peer a request arrives from.</summary>
    private sealed class PeerAddress(string peer) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
