namespace Portal.UnitTests.Features.Printers;

/// <summary>The 易联云 wiring of the whole host: Sandbox mode by default, Live mode's settings checked at start.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task By_default_the_sandbox_runs_inside_the_portal_and_the_client_reaches_it()
    {
        using var factory = new PortalAppFactory();
        Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>? routed = null;
        // The client's requests go to this very host's TestServer (there is no listening address to resolve).
        routed = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddHttpClient(YilianyunServiceCollectionExtensions.HttpClientName)
                .ConfigurePrimaryHttpMessageHandler(() => routed!.Server.CreateHandler())));
        using var disposeRouted = routed;
        var browser = routed.CreateClient();

        var console = await browser.GetStringAsync("/sandbox/admin");

        var setup = routed.Services.GetRequiredService<YilianyunSetup>();
        Assert.Equal(YilianyunMode.Sandbox, setup.Mode);
        Assert.All(setup.Apps, app => Assert.Contains(app.ClientId, console));
        var open = setup.Apps[0];
        var client = routed.Services.GetRequiredService<IYilianyunClientFactory>().Create(new YilianyunCredentials(open.ClientId, open.ClientSecret, YilianyunAppType.Open));
        var refused = await Assert.ThrowsAsync<YilianyunException>(() => client.RefreshTokenAsync("no-such-token"));
        // An answer from the platform (not a transport failure): the signed request reached the sandbox.
        Assert.Equal(YilianyunErrorKind.Platform, refused.Error.Kind);
        Assert.False(refused.Error.IsSignFailure);
    }

    [Fact]
    public void Live_mode_without_credentials_stops_start_up_naming_the_settings()
    {
        using var factory = new PortalAppFactory();
        using var live = factory.WithWebHostBuilder(builder => builder.UseSetting("Yilianyun:Mode", "Live"));

        var failure = StartupRefusal.ErrorsOf(live);

        Assert.Contains("Yilianyun:ClientId", failure);
        Assert.Contains("Yilianyun:ClientSecret", failure);
        Assert.Contains("Yilianyun:RedirectUri", failure);
    }

    [Fact]
    public void Live_mode_without_a_mail_server_stops_start_up_because_the_outbox_is_open_to_anyone()
    {
        using var factory = new PortalAppFactory();
        using var live = factory.WithWebHostBuilder(builder => builder
            .UseSetting("Yilianyun:Mode", "Live")
            .UseSetting("Yilianyun:ClientId", "1092000001")
            .UseSetting("Yilianyun:ClientSecret", "live-secret-0123456789")
            .UseSetting("Yilianyun:RedirectUri", "https://portal.example.com/printers/connect/callback"));

        var failure = StartupRefusal.ErrorsOf(live);

        Assert.Contains("Email:Smtp:Host", failure);
        Assert.DoesNotContain("Yilianyun:ClientId", failure);
    }
}
