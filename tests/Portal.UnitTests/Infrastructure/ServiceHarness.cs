using Portal.Features.Account;
using Portal.Features.Audit;
using Portal.Features.Companies;
using Portal.Features.Dashboard;
using Portal.Features.Printing;

namespace Portal.UnitTests.Infrastructure;

/// <summary>
/// The portal's data and service layer over a fresh, migrated SQLite file (or PostgreSQL database, see
/// <see cref="CreateOnAsync"/>), with a fake clock and a test-controlled signed-in user. Each test gets its own harness,
/// so tests never share rows.
/// </summary>
public sealed class ServiceHarness : IAsyncDisposable
{
    private readonly string _folder;
    private readonly ServiceProvider _root;
    private readonly PortalDatabase _database;

    private static readonly DateTimeOffset StartTime = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private bool _ownsStorage = true;

    private ServiceHarness(string folder, ServiceProvider root, PortalDatabase database, FakeTimeProvider clock)
    {
        _folder = folder;
        _root = root;
        _database = database;
        Clock = clock;
    }

    /// <summary>The engine this harness's database runs on.</summary>
    public DatabaseProvider Provider => _database.Provider;

    /// <summary>The in-process 易联云 sandbox, when created with <c>withSandbox: true</c>.</summary>
    public SandboxHost? Sandbox { get; private set; }

    public FakeTimeProvider Clock { get; }

    public IServiceProvider Services => _root;

    public IDbContextFactory<PortalDbContext> DbFactory => _root.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    public Outbox Outbox => _root.GetRequiredService<Outbox>();

    public string DatabasePath => Path.Combine(_folder, "portal.db");

    /// <param name="withSandbox">
    /// Also host the 易联云 sandbox in memory (TestServer, same fake clock), register the printer services with the
    /// client routed to it, and register the test apps (<see cref="SandboxHost.OpenApp"/>, <see cref="SandboxHost.OwnApp"/>).
    /// </param>
    /// <param name="interceptors">EF Core interceptors added to the portal's contexts.</param>
    public static Task<ServiceHarness> CreateAsync(Action<IServiceCollection>? configure = null, bool withSandbox = false,
        params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors) =>
        CreateOnAsync(PostgresServer.HarnessDefault, configure, withSandbox, interceptors);

    /// <summary>
    /// As <see cref="CreateAsync"/>, over <paramref name="provider"/>: SQLite (a file in a temp folder) or PostgreSQL (a
    /// fresh database on the <see cref="PostgresServer"/>, dropped on dispose). <see cref="CreateAsync"/> uses
    /// SQLite unless <c>PORTAL_TEST_DATABASE=Postgres</c>.
    /// </summary>
    /// <inheritdoc cref="CreateAsync"/>
    public static async Task<ServiceHarness> CreateOnAsync(DatabaseProvider provider, Action<IServiceCollection>? configure = null, bool withSandbox = false,
        params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors)
    {
        var folder = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = provider == DatabaseProvider.Postgres
            ? new PortalDatabase(provider, await PostgresServer.CreateDatabaseAsync())
            : new PortalDatabase(provider, $"Data Source={Path.Combine(folder, "portal.db")};Pooling=false");
        var harness = Build(folder, database, new FakeTimeProvider(StartTime), withSandbox, configure, interceptors);
        await using (var db = await harness.DbFactory.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
        }

        if (withSandbox)
        {
            harness.Sandbox = await SandboxHost.StartAsync(harness.Clock);
            await using var scope = harness._root.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Portal.Features.Printers.ConfiguredAppSync>().SyncConfiguredAppsAsync();
        }

        return harness;
    }

    /// <summary>
    /// Another instance of the portal's services over this harness's database, sandbox, key ring and clock, with its
    /// own container (its own singletons, caches and live feed), as a second process would have. Disposing it leaves
    /// the shared database and sandbox to this harness.
    /// </summary>
    public ServiceHarness SecondInstance(Action<IServiceCollection>? configure = null)
    {
        var second = Build(_folder, _database, Clock, Sandbox is not null, configure, []);
        second.Sandbox = Sandbox;
        second._ownsStorage = false;
        return second;
    }

    private static ServiceHarness Build(string folder, PortalDatabase database, FakeTimeProvider clock, bool withSandbox,
        Action<IServiceCollection>? configure, Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors)
    {
        ServiceHarness? harness = null;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPortalData(database, interceptors);
        services.AddLocalization();
        services.AddSingleton<IStringLocalizerFactory, PortalStringLocalizerFactory>();
        services.AddPortalCore().AddAccount().AddCompanies().AddDashboard().AddAudit();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<TestAuthenticationStateProvider>();
        services.AddSingleton<AuthenticationStateProvider>(sp => sp.GetRequiredService<TestAuthenticationStateProvider>());
        services.AddSingleton(Options.Create(new PortalOptions()));
        services.AddSingleton(Options.Create(new EmailOptions()));
        services.AddSingleton(sp => new Outbox(Path.Combine(folder, "outbox"), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IMailTransport, OutboxMailTransport>();
        services.AddSingleton<AccountMailThrottle>();
        services.AddScoped<PortalMailer>();
        if (withSandbox)
        {
            SandboxHost.AddPrinterServices(services, folder, () => harness!.Sandbox!);
        }

        // Templates need no platform; print jobs resolve only with the sandbox's client.
        services.AddPrinting();

        configure?.Invoke(services);

        harness = new ServiceHarness(folder, services.BuildServiceProvider(validateScopes: true), database, clock);
        return harness;
    }

    /// <summary>Makes <paramref name="userId"/> the signed-in user for every service resolved afterwards.</summary>
    public void SignIn(string userId) => _root.GetRequiredService<TestAuthenticationStateProvider>().SignIn(userId);

    public void SignOut() => _root.GetRequiredService<TestAuthenticationStateProvider>().SignOut();

    /// <summary>A service as a page would get it (a fresh scope, like a new circuit).</summary>
    public T Get<T>() where T : notnull => _root.CreateScope().ServiceProvider.GetRequiredService<T>();

    /// <inheritdoc cref="Get{T}"/>
    public object Get(Type serviceType) => _root.CreateScope().ServiceProvider.GetRequiredService(serviceType);

    /// <summary>Adds a person whose email (also their user name) is confirmed; returns the id.</summary>
    public Task<string> AddUserAsync(string email, bool isOperator = false, string? trueName = null) =>
        DbFactory.AddUserAsync(email, email, Clock.GetUtcNow(), isOperator, trueName, user => user.EmailConfirmed = true);

    /// <summary>Signs <paramref name="ownerId"/> in and creates a company they own.</summary>
    public async Task<Guid> AddTenantAsync(string ownerId, string name)
    {
        SignIn(ownerId);
        var result = await Get<Portal.Features.Companies.TenantService>().CreateAsync(new Portal.Features.Companies.TenantProfileInput { CompanyName = name });
        Assert.True(result.Succeeded, result.Error);
        return result.Value;
    }

    public async ValueTask DisposeAsync()
    {
        await _root.DisposeAsync();
        if (!_ownsStorage)
        {
            return;
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        if (_database.Provider == DatabaseProvider.Postgres)
        {
            await PostgresServer.DropDatabaseAsync(_database.ConnectionString);
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open on some platform; the temp folder is cleaned by the OS.
        }
    }
}
