using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace Portal.UnitTests.Infrastructure.Instances;

/// <summary>
/// Two whole portal hosts on one PostgreSQL database, as a deployment behind a load balancer runs them: the same
/// settings, the same key certificate, each with its own container, data folder and background services. Both hosts'
/// 易联云 client goes to <see cref="A"/>'s sandbox, so the platform is one for both, as the real one is.
/// </summary>
public sealed class TwoPortals : IAsyncDisposable
{
    /// <summary>The open app's secret, configured alike on both instances (the sandbox's is random per start otherwise).</summary>
    public const string OpenAppSecret = "two-instances-open-app-secret-0123";

    private readonly string _certificateFolder;

    private TwoPortals(string connectionString, string certificateFolder, DeployedPortalFactory a, DeployedPortalFactory b)
    {
        ConnectionString = connectionString;
        _certificateFolder = certificateFolder;
        A = a;
        B = b;
    }

    public string ConnectionString { get; }

    public DeployedPortalFactory A { get; }

    public DeployedPortalFactory B { get; }

    /// <summary>Both instances' cookies, as one browser sent now to one, now to the other, keeps them.</summary>
    public CookieContainer Cookies { get; } = new();

    /// <summary>
    /// Creates an empty database and starts both hosts at once on it (each migrates it at start, as a first deploy
    /// does). <paramref name="environment"/> Production runs them as deployed (https public address, demo sandbox).
    /// </summary>
    public static async Task<TwoPortals> StartAsync(string environment = "Production", IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var connectionString = await PostgresServer.CreateEmptyDatabaseAsync();
        var certificateFolder = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
        var certificate = KeyCertificates.WriteTo(certificateFolder, "two-instances");

        var all = new Dictionary<string, string?>
        {
            ["Portal:PublicUrl"] = "https://portal.example",
            ["Portal:Demo"] = "true",
            ["Portal:KeyCertificatePath"] = certificate,
            ["Portal:KeyCertificatePassword"] = "two-instances",
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Portal"] = connectionString,
            ["Yilianyun:ClientSecret"] = OpenAppSecret,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        DeployedPortalFactory? a = null;
        void Configure(IServiceCollection collection)
        {
            collection.AddHttpClient(YilianyunServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => a!.Server.CreateHandler());
            collection.AddHttpClient(Yilianyun.Sandbox.Push.SandboxPushDispatcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => a!.Server.CreateHandler());
            services?.Invoke(collection);
        }

        a = new DeployedPortalFactory(all, environment, Configure);
        var b = new DeployedPortalFactory(all, environment, Configure);
        // Started together: both migrate the empty database and sync the configured apps at the same moment.
        await Task.WhenAll(Task.Run(() => a.Server), Task.Run(() => b.Server));
        return new TwoPortals(connectionString, certificateFolder, a, b);
    }

    /// <summary>A browser's client of <paramref name="instance"/>, sharing <see cref="Cookies"/> with the other instance's.</summary>
    public HttpClient Browser(DeployedPortalFactory instance) =>
        instance.CreateDefaultClient(new Uri("https://portal.example"), new CookieContainerHandler(Cookies));

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(ConnectionString);
        Directory.Delete(_certificateFolder, recursive: true);
    }
}
