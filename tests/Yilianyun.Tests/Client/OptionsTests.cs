namespace Yilianyun.Tests.Client;

public class OptionsTests
{
    [Fact]
    public void Defaults_point_at_the_domestic_v1_host()
    {
        var options = new YilianyunOptions();

        Assert.Equal("https://open-api.10ss.net", options.BaseUrl);
        Assert.Equal(YilianyunAppType.Open, options.AppType);
    }

    [Theory]
    [InlineData("Yilianyun:ClientSecret", "", "ClientSecret")]
    [InlineData("Yilianyun:ClientId", "", "ClientId")]
    [InlineData("Yilianyun:BaseUrl", "ftp://open-api.10ss.net", "Yilianyun:BaseUrl")]
    [InlineData("Yilianyun:BaseUrl", "open-api.10ss.net", "Yilianyun:BaseUrl")]
    [InlineData("Yilianyun:TotalTimeout", "00:00:02", "Yilianyun:TotalTimeout")]
    public void Invalid_settings_stop_start_up_naming_the_setting(string key, string value, string named)
    {
        using var services = ClientFixture.CreateServices(new FakeHttpHandler(), new() { [key] = value });

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(named, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_settings_pass_start_up_validation_and_bind()
    {
        using var services = ClientFixture.CreateServices(new FakeHttpHandler(), new()
        {
            ["Yilianyun:BaseUrl"] = YilianyunHosts.OverseasV2,
            ["Yilianyun:AppType"] = "Own",
            ["Yilianyun:AttemptTimeout"] = "00:00:05",
            ["Yilianyun:Mode"] = "Sandbox", // a host's own keys in the same section are ignored
        });

        services.GetRequiredService<IStartupValidator>().Validate();
        var options = services.GetRequiredService<IOptions<YilianyunOptions>>().Value;

        Assert.Equal(YilianyunAppType.Own, options.AppType);
        Assert.Equal(TimeSpan.FromSeconds(5), options.AttemptTimeout);
        Assert.NotNull(services.GetRequiredService<YilianyunPushVerifier>());
    }

    [Fact]
    public async Task The_registered_client_calls_the_configured_base_url()
    {
        var handler = new FakeHttpHandler().Returns(FakeHttpHandler.EmptySuccess);
        await using var services = ClientFixture.CreateServices(handler, new() { ["Yilianyun:BaseUrl"] = "http://127.0.0.1:5080/sandbox/v2/" });

        await services.GetRequiredService<IYilianyunClient>().CancelAllAsync(ClientFixture.AccessToken, "4004");

        Assert.Equal("http://127.0.0.1:5080/sandbox/v2/printer/cancelall", Assert.Single(handler.Requests).Uri.AbsoluteUri);
        Assert.Equal("1704067200", handler.Requests[0].Form["timestamp"]); // the registered TimeProvider is used
    }
}
