namespace Portal.UnitTests.Infrastructure;

/// <summary>
/// The whole portal in memory as a deployment runs it: an environment (Production by default), settings as a
/// deployer would give them, a fresh data folder and, unless the settings choose one, a fresh database (see
/// <see cref="TestHostDatabase"/>). Signs people in through the real login form.
/// </summary>
public sealed partial class DeployedPortalFactory(
    IReadOnlyDictionary<string, string?> settings,
    string environment = "Production",
    Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public const string Password = "Gr33n-lantern-orbit-7";

    /// <summary>A demo on the internet: Production, a public address, the sandbox and outbox turned on.</summary>
    public static DeployedPortalFactory Demo(string publicUrl = "https://portal.example", Action<IServiceCollection>? services = null) =>
        new(new Dictionary<string, string?> { ["Portal:PublicUrl"] = publicUrl, ["Portal:Demo"] = "true" }, services: services);

    private readonly TestHostDatabase _database = new(follow: !TestHostDatabase.ChosenBy(settings.Keys));

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Portal:DataFolder", DataFolder);
        builder.UseSetting("Yilianyun:Sandbox:Url", "");
        _database.Configure(builder);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    /// <summary>A client that keeps cookies and does not follow redirects, addressed at <paramref name="baseAddress"/>.</summary>
    public HttpClient CreateVisitor(string baseAddress = "https://portal.example") =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri(baseAddress) });

    public async Task<string> AddUserAsync(bool isOperator = false, string? email = null)
    {
        email ??= $"user-{Guid.NewGuid():N}@deploy.test";
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var created = await users.CreateAsync(new PortalUser { UserName = email, Email = email, EmailConfirmed = true, IsOperator = isOperator }, Password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        return email;
    }

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var token = AntiforgeryField().Match(html).Groups[1].Value;
        return token.Length > 0 ? WebUtility.HtmlDecode(token) : throw new InvalidOperationException($"{page} carries no antiforgery token.");
    }

    /// <summary>Posts the login form; the answer is the redirect that sets the sign-in cookie.</summary>
    public static async Task<HttpResponseMessage> LogInAsync(HttpClient client, string email, string password = Password) =>
        await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(client, "/Account/Login"),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));

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
