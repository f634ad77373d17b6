using Microsoft.Extensions.Hosting.Internal;

namespace Portal.UnitTests.Infrastructure.Hosting;

/// <summary>What stops a deployment from starting, each in one line that names the setting and how to set it.</summary>
public sealed class SettingsCheckTests
{
    [Fact]
    public void Production_without_settings_names_the_public_url_and_the_sandbox()
    {
        var failures = Check(Environments.Production, new PortalOptions());

        Assert.Contains(failures, f => f.StartsWith("Portal:PublicUrl is required outside Development", StringComparison.Ordinal) && f.Contains("Portal__PublicUrl="));
        Assert.Contains(failures, f => f.StartsWith("Yilianyun:Mode is Sandbox", StringComparison.Ordinal) && f.Contains("Portal__Demo=true"));
        Assert.All(failures, f => Assert.DoesNotContain('\n', f));
    }

    [Fact]
    public void A_demo_with_a_public_url_may_start()
    {
        Assert.Empty(Check(Environments.Production, new PortalOptions { PublicUrl = "https://portal.example", Demo = true }));
    }

    [Fact]
    public void Live_mode_needs_no_demo()
    {
        Assert.Empty(Check(Environments.Production, new PortalOptions { PublicUrl = "https://portal.example" }, YilianyunMode.Live));
    }

    [Fact]
    public void A_service_on_the_internet_needs_https()
    {
        var failure = Assert.Single(Check(Environments.Production, new PortalOptions { PublicUrl = "http://portal.example" }, YilianyunMode.Live));

        Assert.StartsWith("Portal:PublicUrl must be an https address outside Development", failure);
        Assert.Empty(Check(Environments.Production, new PortalOptions { PublicUrl = "http://10.0.0.5:5000", Demo = true }));
    }

    [Fact]
    public void A_developer_needs_nothing()
    {
        Assert.Empty(Check(Environments.Development, new PortalOptions()));
    }

    [Theory]
    [InlineData("portal.example")]
    [InlineData("ftp://portal.example")]
    [InlineData("https://portal.example/portal")]
    [InlineData("https://portal.example/?x=1")]
    public void A_public_url_must_be_an_http_origin(string url)
    {
        var failure = Assert.Single(Check(Environments.Development, new PortalOptions { PublicUrl = url }));

        Assert.StartsWith("Portal:PublicUrl must be an absolute http(s) address", failure);
    }

    [Fact]
    public void Proxies_must_be_addresses_or_networks()
    {
        var failure = Assert.Single(Check(Environments.Development, new PortalOptions { KnownProxies = ["10.0.0.5", "10.1.0.0/16", "proxy.local"] }));

        Assert.Contains("'proxy.local'", failure);
    }

    private static IReadOnlyList<string> Check(string environment, PortalOptions options, YilianyunMode mode = YilianyunMode.Sandbox)
    {
        var check = new PortalSettingsCheck(new HostingEnvironment { EnvironmentName = environment }, Options.Create(new YilianyunSettings { Mode = mode }));
        return check.Validate(null, options).Failures?.ToList() ?? [];
    }
}
