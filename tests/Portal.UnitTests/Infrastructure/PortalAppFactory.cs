namespace Portal.UnitTests.Infrastructure;

/// <summary>
/// The whole portal in memory, on its own fresh data folder (keys, outbox) and database (SQLite in that folder, or
/// PostgreSQL: see <see cref="TestHostDatabase"/>).
/// </summary>
public sealed class PortalAppFactory : WebApplicationFactory<Program>
{
    private readonly TestHostDatabase _database = new();

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The sandbox's own address; none unless a test sets one (port 0 picks a free port).</summary>
    public string SandboxUrl { get; init; } = "";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Portal:DataFolder", DataFolder);
        // Hosts that want the sandbox's own address ask for a port of their own (SandboxListenerTests).
        builder.UseSetting("Yilianyun:Sandbox:Url", SandboxUrl);
        _database.Configure(builder);
    }

    public HttpClient CreateBrowserlessClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>GETs <paramref name="url"/> as a new visitor without a browser; the answer is read in full before the client goes.</summary>
    public async Task<HttpResponseMessage> VisitAsync(string url)
    {
        using var client = CreateBrowserlessClient();
        return await client.GetAsync(url);
    }

    /// <summary>Asserts that a new, signed-out visitor asking for <paramref name="url"/> is sent to the login page.</summary>
    public async Task AssertSendsVisitorsToLogInAsync(string url)
    {
        using var response = await VisitAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.OriginalString);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Drop();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
