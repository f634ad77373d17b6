using Microsoft.EntityFrameworkCore.Diagnostics;
using Portal.Features.OpenApi;

namespace Portal.UnitTests.Features.OpenApi;

/// <summary>
/// The open API mapped exactly as the portal maps it (<see cref="OpenApiRegistration"/>), on an in-memory test server
/// over a fresh, migrated database (a SQLite file, or with <c>PORTAL_TEST_DATABASE=Postgres</c> a PostgreSQL database
/// dropped on dispose), with a fake clock, a test-controlled signed-in user and a log sink that keeps every message at
/// every level. Seeds the document's example client, user, company and token.
/// </summary>
public sealed class OpenApiHost : IAsyncDisposable
{
    public const string DocumentBasicHeader = "Basic MTEwMjA4NDI5NDpha3U4aEN5WEJkOVNxWWtU";

    private readonly string _folder;
    private readonly WebApplication _app;
    private readonly PortalDatabase _database;

    private OpenApiHost(string folder, WebApplication app, PortalDatabase database, FakeTimeProvider clock, CapturingLoggerProvider logs)
    {
        _folder = folder;
        _app = app;
        _database = database;
        Clock = clock;
        Logs = logs;
        Http = app.GetTestClient();
    }

    public FakeTimeProvider Clock { get; }

    public CapturingLoggerProvider Logs { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public IDbContextFactory<PortalDbContext> DbFactory => Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    /// <param name="provider">The database engine; by default SQLite unless <c>PORTAL_TEST_DATABASE=Postgres</c>.</param>
    /// <param name="interceptors">EF Core interceptors for every context the host creates (to count its commands).</param>
    public static async Task<OpenApiHost> StartAsync(IDictionary<string, string?>? settings = null, DateTimeOffset? now = null,
        string environment = "Development", DatabaseProvider? provider = null, IInterceptor[]? interceptors = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "portal-openapi-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var clock = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        var logs = new CapturingLoggerProvider();

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpenApi:SeedDocumentExamples"] = "true",
            // Tests change rows between calls and expect the next call to see it.
            ["OpenApi:LookupCacheDuration"] = "00:00:00",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        var services = builder.Services;
        var database = (provider ?? PostgresServer.HarnessDefault) == DatabaseProvider.Postgres
            ? new PortalDatabase(DatabaseProvider.Postgres, await PostgresServer.CreateDatabaseAsync())
            : new PortalDatabase(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "portal.db")};Pooling=false");
        services.AddPortalData(database, interceptors ?? []);
        services.AddLocalization();
        services.AddSingleton<IStringLocalizerFactory, PortalStringLocalizerFactory>();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<TestAuthenticationStateProvider>();
        services.AddSingleton<AuthenticationStateProvider>(sp => sp.GetRequiredService<TestAuthenticationStateProvider>());
        services.AddScoped<CallerAccessor>();
        services.AddScoped<CallerGate>();
        services.AddSingleton<PortalLinks>();
        services.AddSingleton<AuditLog>();
        services.AddPortalMetrics();
        services.AddPortalOpenApi();

        WebApplication? app = null;
        try
        {
            // Settings the API refuses throw before the host starts: the database is dropped whatever fails.
            app = builder.Build();
            app.MapPortalOpenApi();
            await using (var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            {
                await db.Database.MigrateAsync();
            }

            await app.StartAsync();
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            await DropAsync(database);
            throw;
        }

        return new OpenApiHost(folder, app, database, clock, logs);
    }

    private static async Task DropAsync(PortalDatabase database)
    {
        if (database.Provider == DatabaseProvider.Postgres)
        {
            await PostgresServer.DropDatabaseAsync(database.ConnectionString);
        }
    }

    /// <summary>A fresh <c>t_</c> from the fake clock and its <c>p_</c>, computed here independently of the portal's code.</summary>
    public (long T, long P) Stamp()
    {
        var t = Clock.GetUtcNow().ToUnixTimeMilliseconds();
        return (t, t % 10000 * 3 + 2345);
    }

    public string StampQuery()
    {
        var (t, p) = Stamp();
        return string.Create(CultureInfo.InvariantCulture, $"t_={t}&p_={p}");
    }

    public static string Basic(string clientId, string secret) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}"));

    public async Task<ApiAnswer> GetAsync(string pathAndQuery, string? authorization = DocumentBasicHeader)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await Http.SendAsync(request);
        return new ApiAnswer(response.StatusCode, response.Headers, response.Content.Headers.ContentType, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Authorizes <paramref name="accessToken"/> for the given client and returns the auth code.</summary>
    public async Task<string> AuthorizeAsync(string accessToken = OpenApiExampleSeeder.AccessToken, string authorization = DocumentBasicHeader)
    {
        var answer = await GetAsync($"/apis/rest/authService/authorize/json?access_token={accessToken}&{StampQuery()}", authorization);
        Assert.Equal(200, answer.Code);
        return answer.Data.GetProperty("auth_code").GetString()!;
    }

    public string InfoQuery(string accessToken, string authCode, string clientId = OpenApiExampleSeeder.ClientId) =>
        $"access_token={accessToken}&client_id={clientId}&auth_code={authCode}&{StampQuery()}";

    public void SignIn(string userId) => Services.GetRequiredService<TestAuthenticationStateProvider>().SignIn(userId);

    /// <summary>A service as a page would get it: a fresh scope.</summary>
    public T Get<T>() where T : notnull => Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public Task<string> AddUserAsync(string userName, bool isOperator = false, string? trueName = null, string? phone = null) =>
        DbFactory.AddUserAsync(userName, userName + "@example.test", Clock.GetUtcNow(), isOperator, trueName, user => user.PhoneNumber = phone);

    public async Task<Guid> AddTenantAsync(string name, Action<Tenant>? configure = null)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var tenant = new Tenant { Id = Guid.NewGuid(), CompanyName = name, NormalizedName = Tenant.Normalize(name), CreatedAt = Clock.GetUtcNow() };
        configure?.Invoke(tenant);
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();
        return tenant.Id;
    }

    public async Task AddMemberAsync(Guid tenantId, string userId, TenantRole role)
    {
        await using var db = await DbFactory.CreateForTenantAsync(tenantId);
        db.Memberships.Add(new Membership { TenantId = tenantId, UserId = userId, Role = role, JoinedAt = Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    /// <summary>A new user in a new company of their own, in <paramref name="role"/>, holding an API token for it.</summary>
    public async Task<IssuedApiToken> AddTokenHolderAsync(string userName, string companyName, TenantRole role)
    {
        var userId = await AddUserAsync(userName);
        var tenantId = await AddTenantAsync(companyName);
        await AddMemberAsync(tenantId, userId, role);
        return await CreateTokenAsync(userId);
    }

    /// <summary>Creates an API token as the user would on their account page (signed in, in that company).</summary>
    public async Task<IssuedApiToken> CreateTokenAsync(string userId, string name = "test token")
    {
        SignIn(userId);
        var result = await Get<ApiAccessService>().CreateTokenAsync(name);
        Assert.True(result.Succeeded, result.Error);
        return result.Value!;
    }

    /// <summary>Registers a client as an operator would and returns its id and secret.</summary>
    public async Task<IssuedClientSecret> CreateClientAsync(string name, Portal.Data.Entities.OpenApi.ApiScopes scopes)
    {
        var operatorId = await AddUserAsync("operator-" + Guid.NewGuid().ToString("N")[..8], isOperator: true);
        SignIn(operatorId);
        var result = await Get<ApiClientService>().CreateAsync(name, scopes);
        Assert.True(result.Succeeded, result.Error);
        return result.Value!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await DropAsync(_database);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the OS.
        }
    }
}

/// <summary>An answer of the open API, parsed as the document's JSON envelope when it is JSON.</summary>
public sealed record ApiAnswer(System.Net.HttpStatusCode Status, HttpResponseHeaders Headers, MediaTypeHeaderValue? ContentType, string Body)
{
    private System.Text.Json.JsonDocument Json => System.Text.Json.JsonDocument.Parse(Body);

    public int Code => Json.RootElement.GetProperty("code").GetInt32();

    public string Message => Json.RootElement.GetProperty("message").GetString()!;

    public System.Text.Json.JsonElement Data => Json.RootElement.GetProperty("data");

    public int HttpStatus => (int)Status;
}

/// <summary>Keeps every log message, its state and exception, for tests that look for leaked values.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyCollection<string> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            entries.Enqueue($"{category} scope: {Describe(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue($"{category} {logLevel}: {formatter(state, exception)} | {Describe(state)} | {exception}");

        private static string Describe(object? state) => state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"))
            : state?.ToString() ?? string.Empty;
    }
}
