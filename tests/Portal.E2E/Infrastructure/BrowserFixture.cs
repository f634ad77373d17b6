namespace Portal.E2E.Infrastructure;

/// <summary>One portal, on SQLite in its data folder, and one headless Debian Chromium for the whole E2E run.</summary>
public class BrowserFixture : IAsyncLifetime
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

    public virtual async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run the README's test command, which installs Debian's chromium.");
        }

        Directory.CreateDirectory(ScreenshotFolder);
        // Playwright's assertions give up after 5 s by default, a third of the actions' 15 s; on a loaded 2-core CI
        // machine a Blazor round trip can take longer, so both wait the same.
        Assertions.SetDefaultExpectTimeout(ActionTimeout);
        Server = await StartPortalAsync();
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

    /// <summary>Starts the portal the flows run against.</summary>
    protected virtual Task<PortalServer> StartPortalAsync() => PortalServer.StartAsync();

    /// <summary>A separate browser context (its own cookies), as a different person on another computer.</summary>
    /// <param name="baseAddress">Where its pages are opened, when not this fixture's portal (a proxy in front of others).</param>
    public async Task<PortalSession> NewSessionAsync(string name, string? locale = "en-US", Uri? baseAddress = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (baseAddress ?? Server.BaseAddress).ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        context.SetDefaultTimeout(ActionTimeout);
        return new PortalSession(name, context, await context.NewPageAsync());
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
            // What the portal warned about during the run, beside the screenshots, for whoever reads a failed flow.
            await File.WriteAllTextAsync(Path.Combine(ScreenshotFolder, $"portal-{GetType().Name}.log"), Server.Log);
        }
    }
}

/// <summary>
/// Every flow, on either portal: one collection, so the flows run one at a time (two browsers driving two portals at
/// once would slow each below what the flows wait for on a 2-core machine).
/// </summary>
[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<BrowserFixture>, ICollectionFixture<PostgresBrowserFixture>
{
    public const string Name = "portal";
}

/// <summary>
/// The portal started on PostgreSQL (<c>Database__Provider=Postgres</c>) over a fresh, empty database on the
/// <see cref="PostgresServer"/>, which it migrates as a deployment's first start does; the database is dropped at the
/// end. Without <c>PORTAL_TEST_POSTGRES</c> it starts nothing, and its flows (<see cref="PostgresFactAttribute"/>) skip.
/// </summary>
public sealed class PostgresBrowserFixture : BrowserFixture
{
    private string? _database;

    public override async Task InitializeAsync()
    {
        if (!PostgresServer.IsAvailable)
        {
            return;
        }

        await base.InitializeAsync();
        // The operator signed up at start is in this database: the portal runs on it, not on a SQLite file of its own.
        await using var connection = new Npgsql.NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var users = new Npgsql.NpgsqlCommand("SELECT count(*) FROM \"AspNetUsers\" WHERE \"Email\" = $1", connection)
        {
            Parameters = { new() { Value = OperatorEmail } },
        };
        if ((long)(await users.ExecuteScalarAsync())! != 1)
        {
            throw new InvalidOperationException($"The portal did not keep its first account in the PostgreSQL database:\n{Server.Log}");
        }
    }

    protected override async Task<PortalServer> StartPortalAsync()
    {
        _database = await PostgresServer.CreateEmptyDatabaseAsync();
        return await PortalServer.StartAsync(new PortalLaunch(Settings: _ => new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Portal"] = _database,
        }));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await PostgresServer.DropDatabaseAsync(_database);
        }
    }
}
