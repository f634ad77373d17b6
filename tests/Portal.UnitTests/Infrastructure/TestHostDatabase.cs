namespace Portal.UnitTests.Infrastructure;

/// <summary>
/// The database of a whole-app test host (<see cref="PortalAppFactory"/>, <see cref="DeployedPortalFactory"/>): by
/// default SQLite in the host's data folder, as the portal chooses it; with <c>PORTAL_TEST_DATABASE=Postgres</c> a fresh
/// migrated database on the <see cref="PostgresServer"/>, created when the host is first built (hosts derived with
/// <c>WithWebHostBuilder</c> share it, as they share the data folder) and dropped with the host.
/// </summary>
public sealed class TestHostDatabase
{
    private const string CertificatePassword = "test-key-ring";

    /// <summary>On PostgreSQL the key ring is in the database, and Production wants it encrypted: one certificate per test run.</summary>
    private static readonly Lazy<string> Certificate = new(() =>
        KeyCertificates.WriteTo(Path.Combine(Path.GetTempPath(), "portal-tests"), CertificatePassword));

    private readonly Lazy<string>? _postgres;

    /// <param name="follow">False when the test gives the database settings itself; then this adds none.</param>
    public TestHostDatabase(bool follow = true)
    {
        if (follow && PostgresServer.HarnessDefault == DatabaseProvider.Postgres)
        {
            // Hosts are configured synchronously; the database is created off the test's synchronization context.
            _postgres = new Lazy<string>(() => Task.Run(PostgresServer.CreateDatabaseAsync).GetAwaiter().GetResult());
        }
    }

    /// <summary>Whether <paramref name="settings"/> choose the database themselves (its provider or connection string).</summary>
    public static bool ChosenBy(IEnumerable<string> settings) => settings.Any(key =>
        key.Equals(PortalDatabase.ProviderKey, StringComparison.OrdinalIgnoreCase)
        || key.Equals("ConnectionStrings:Portal", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Gives the host its database settings: none for SQLite; for PostgreSQL the provider, a fresh database and the
    /// key ring's certificate (settings the test gives are applied after these and win).
    /// </summary>
    public void Configure(IWebHostBuilder builder)
    {
        if (_postgres is not null)
        {
            builder.UseSetting(PortalDatabase.ProviderKey, nameof(DatabaseProvider.Postgres));
            builder.UseSetting("ConnectionStrings:Portal", _postgres.Value);
            builder.UseSetting("Portal:KeyCertificatePath", Certificate.Value);
            builder.UseSetting("Portal:KeyCertificatePassword", CertificatePassword);
        }
    }

    /// <summary>Drops the PostgreSQL database if one was created; call it once the host has stopped.</summary>
    public void Drop()
    {
        if (_postgres is { IsValueCreated: true })
        {
            Task.Run(() => PostgresServer.DropDatabaseAsync(_postgres.Value)).GetAwaiter().GetResult();
        }
    }
}
