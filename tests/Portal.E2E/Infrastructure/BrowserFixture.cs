namespace Portal.E2E.Infrastructure;

/// <summary>One portal and one headless Debian Chromium for the whole E2E run.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string Password = "Sup3r-secret!";
    public const string OperatorEmail = "operator@e2e.test";

    /// <summary>How long an action or an assertion waits for the page.</summary>
    private const int ActionTimeout = 15_000;

    private IPlaywright? _playwright;

    public PortalServer Server { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public static string ScreenshotFolder { get; } = Path.Combine(PortalServer.RepositoryRoot(), "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run the README's test command, which installs Debian's chromium.");
        }

        Directory.CreateDirectory(ScreenshotFolder);
        // Playwright's assertions give up after 5 s by default, a third of the actions' 15 s; on a loaded CI machine
        // (the unit tests run beside these) a Blazor round trip can take longer, so both wait the same.
        Assertions.SetDefaultExpectTimeout(ActionTimeout);
        Server = await PortalServer.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
            ],
        });

        // The first account of a fresh database becomes the platform operator; claim it before any test runs.
        await using var session = await NewSessionAsync("operator-setup");
        await session.SignUpAsync(OperatorEmail);
    }

    /// <summary>A separate browser context (its own cookies), as a different person on another computer.</summary>
    public async Task<PortalSession> NewSessionAsync(string name, string? locale = "en-US")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        context.SetDefaultTimeout(ActionTimeout);
        return new PortalSession(name, context, await context.NewPageAsync());
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "portal";
}
