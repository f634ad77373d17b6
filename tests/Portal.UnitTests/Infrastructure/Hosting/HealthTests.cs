namespace Portal.UnitTests.Infrastructure.Hosting;

public sealed class HealthTests
{
    [Fact]
    public async Task Liveness_and_readiness_answer_anonymous_probes_without_secrets()
    {
        using var portal = DeployedPortalFactory.Demo();
        using var probe = portal.CreateVisitor();

        using var live = await probe.GetAsync("/health/live");
        using var ready = await probe.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("application/json", ready.Content.Headers.ContentType!.MediaType);
        var body = await ready.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var database = Assert.Single(json.RootElement.GetProperty("checks").EnumerateArray());
        Assert.Equal("database", database.GetProperty("name").GetString());
        Assert.Equal("Healthy", database.GetProperty("status").GetString());
        Assert.DoesNotContain("Data Source", body);
        Assert.DoesNotContain(portal.DataFolder, body);
    }

    [Fact]
    public async Task In_live_mode_an_unreachable_platform_degrades_readiness_but_does_not_fail_it()
    {
        using var portal = new DeployedPortalFactory(new Dictionary<string, string?>
        {
            ["Portal:PublicUrl"] = "https://portal.example",
            ["Yilianyun:Mode"] = "Live",
            ["Yilianyun:ClientId"] = "1000000001",
            ["Yilianyun:ClientSecret"] = "live-secret-never-shown",
            ["Yilianyun:RedirectUri"] = "https://portal.example/printers/connect/callback",
            // Nothing listens on port 9 (discard) of loopback: the platform "does not answer".
            ["Yilianyun:BaseUrl"] = "http://127.0.0.1:9",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Yilianyun:Refresher:Enabled"] = "false",
        });
        using var probe = portal.CreateVisitor();

        using var ready = await probe.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = await ready.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Degraded", json.RootElement.GetProperty("status").GetString());
        Assert.Contains(json.RootElement.GetProperty("checks").EnumerateArray(),
            c => c.GetProperty("name").GetString() == "platform" && c.GetProperty("status").GetString() == "Degraded");
        Assert.DoesNotContain("live-secret-never-shown", body);
    }
}
