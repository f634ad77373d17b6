using Portal.Features.Callbacks;

namespace Portal.UnitTests.Infrastructure;

/// <summary>The 易联云 sandbox on a TestServer, on the harness's fake clock, with one open and one own test app.</summary>
public sealed class SandboxHost : IAsyncDisposable
{
    public const string BaseUrl = "http://sandbox.test/sandbox";

    public const string RedirectUri = "https://portal.test/printers/connect/callback";

    public static readonly ConfiguredApp OpenApp = new("Test open app", "7000000001", "open-app-secret-0123456789", PrinterAppKind.Open, RedirectUri);

    public static readonly ConfiguredApp OwnApp = new("Test own app", "7000000002", "own-app-secret-0123456789", PrinterAppKind.Own, null);

    private readonly WebApplication _app;

    private SandboxHost(WebApplication app) => _app = app;

    public SandboxAdmin Admin => _app.Services.GetRequiredService<SandboxAdmin>();

    public SandboxJournal Journal => _app.Services.GetRequiredService<SandboxJournal>();

    public SandboxFaults Faults => _app.Services.GetRequiredService<SandboxFaults>();

    public HttpMessageHandler CreateHandler() => _app.GetTestServer().CreateHandler();

    /// <summary>
    /// Registers the portal's printer and callback services in a harness (the harness adds printing after them, as the
    /// portal does), with the client's requests served by this sandbox.
    /// </summary>
    internal static void AddPrinterServices(IServiceCollection services, string folder, Func<SandboxHost> sandbox)
    {
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddDataProtection().SetApplicationName("Portal").PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(folder, "keys")));
        services.AddSingleton(new YilianyunSetup(YilianyunMode.Sandbox, [OpenApp, OwnApp], UsesOwnOrigin: false));
        services.AddYilianyunClient(options =>
            {
                options.BaseUrl = BaseUrl;
                options.ClientId = OpenApp.ClientId;
                options.ClientSecret = OpenApp.ClientSecret;
                options.MaxRetryAttempts = 0;
                // The tests drive hundreds of calls; a breaker opened by deliberate faults would fail the next test step.
                options.CircuitBreakerMinimumThroughput = 1000;
            })
            .ConfigurePrimaryHttpMessageHandler(() => sandbox().CreateHandler());
        services.AddPrinters();
        services.AddCallbacks();
    }

    internal static async Task<SandboxHost> StartAsync(FakeTimeProvider clock)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddYilianyunSandbox(options =>
        {
            options.Apps.Add(new SandboxAppOptions { Name = OpenApp.Name, ClientId = OpenApp.ClientId, ClientSecret = OpenApp.ClientSecret, Type = SandboxAppType.Open, RedirectUri = RedirectUri });
            options.Apps.Add(new SandboxAppOptions { Name = OwnApp.Name, ClientId = OwnApp.ClientId, ClientSecret = OwnApp.ClientSecret, Type = SandboxAppType.Own });
        });
        var app = builder.Build();
        app.MapYilianyunSandbox("/sandbox");
        await app.StartAsync();
        return new SandboxHost(app);
    }

    /// <summary>A new virtual printer (online); returns its machine code and msign.</summary>
    public (string MachineCode, string Msign) CreatePrinter()
    {
        var printer = Admin.CreatePrinter(new SandboxPrinterOptions(), "Test merchant") ?? throw new InvalidOperationException("No printer created.");
        return (printer.MachineCode, printer.Msign);
    }

    /// <summary>
    /// Plays the merchant on the consent page of <paramref name="authorizeUrl"/>: approves for
    /// <paramref name="machineCode"/> (typed with its key) or denies; returns the callback's query (code, state, error).
    /// </summary>
    public async Task<System.Collections.Specialized.NameValueCollection> ConsentAsync(string authorizeUrl, string machineCode, bool approve = true)
    {
        var query = HttpUtility.ParseQueryString(new Uri(authorizeUrl).Query);
        using var client = new HttpClient(CreateHandler()) { BaseAddress = new Uri("http://sandbox.test/") };
        var response = await client.PostAsync(new Uri(authorizeUrl).AbsolutePath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["response_type"] = query["response_type"] ?? "",
            ["client_id"] = query["client_id"] ?? "",
            ["redirect_uri"] = query["redirect_uri"] ?? "",
            ["state"] = query["state"] ?? "",
            ["decision"] = approve ? "approve" : "deny",
            ["merchant"] = "Test merchant",
            // Typed with its key, as a person holding the printer can: the page lists only printers nobody holds.
            ["terminal"] = machineCode,
            ["msign"] = Admin.FindPrinter(machineCode)?.Msign ?? "",
        }));
        var location = response.Headers.Location ?? throw new InvalidOperationException($"The consent page answered {(int)response.StatusCode} without a redirect.");
        Assert.StartsWith(RedirectUri, location.ToString());
        return HttpUtility.ParseQueryString(location.Query);
    }

    /// <summary>Requests to <c>oauth/oauth</c> with the given grant type.</summary>
    public int TokenRequests(string grantType) => Journal.Entries.Count(e => e.Path.EndsWith("oauth/oauth", StringComparison.Ordinal) && e.GrantType == grantType);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
