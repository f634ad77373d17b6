namespace Yilianyun.Tests.Client;

/// <summary>Builds clients against a <see cref="FakeHttpHandler"/> with a fake clock.</summary>
internal static class ClientFixture
{
    public const string ClientId = "1234567890";
    public const string ClientSecret = "s3cr3t-client-secret-value";
    public const string AccessToken = "at-0123456789abcdef";

    /// <summary>2024-01-01T00:00:00Z = Unix 1704067200.</summary>
    public static readonly DateTimeOffset Now = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A bare client (no resilience pipeline), for protocol tests.</summary>
    public static YilianyunClient Create(FakeHttpHandler handler, string baseUrl = YilianyunHosts.Domestic,
        YilianyunAppType appType = YilianyunAppType.Open, FakeTimeProvider? time = null)
    {
        var options = new YilianyunOptions { BaseUrl = baseUrl, ClientId = ClientId, ClientSecret = ClientSecret, AppType = appType };
        var http = new HttpClient(handler) { BaseAddress = options.BaseAddress };
        return new YilianyunClient(http, Options.Create(options), time ?? new FakeTimeProvider(Now));
    }

    /// <summary>The client as a host registers it: configuration, validation, resilience pipeline.</summary>
    public static ServiceProvider CreateServices(FakeHttpHandler handler, Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Yilianyun:BaseUrl"] = "https://open-api.10ss.net",
            ["Yilianyun:ClientId"] = ClientId,
            ["Yilianyun:ClientSecret"] = ClientSecret,
            ["Yilianyun:RetryBaseDelay"] = "00:00:00",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        services.AddYilianyunClient(configuration.GetSection(YilianyunOptions.DefaultSectionName))
            .ConfigurePrimaryHttpMessageHandler(() => handler);
        return services.BuildServiceProvider();
    }

    public static string Success(string bodyJson) => $$"""{"error":"0","error_description":"success","body":{{bodyJson}}}""";
}
