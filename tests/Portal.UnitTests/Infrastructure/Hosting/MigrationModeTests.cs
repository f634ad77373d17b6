namespace Portal.UnitTests.Infrastructure.Hosting;

/// <summary>
/// <c>Database:Migrate</c>: a release migrates once (<c>Only</c>), its instances then start on that schema
/// (<c>Never</c>) and refuse a database that lags; the default migrates at start.
/// </summary>
public sealed class MigrationModeTests
{
    [Fact]
    public void An_instance_that_must_not_migrate_refuses_a_database_behind_its_release()
    {
        using var portal = Portal("Never");

        var errors = StartupRefusal.ErrorsOf(portal);

        Assert.Contains("the database lacks", errors);
        Assert.Contains("Database__Migrate=Only", errors);
        Assert.NotEmpty(PendingMigrations(portal.DataFolder));
    }

    [Fact]
    public async Task The_release_step_migrates_and_exits_then_the_instances_serve_on_that_schema()
    {
        var folder = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
        try
        {
            using (var release = Portal("Only", folder))
            {
                // It never serves: the process ends once the schema is in place.
                Assert.ThrowsAny<InvalidOperationException>(() => release.CreateClient());
            }

            Assert.Empty(PendingMigrations(folder));
            using var instance = Portal("Never", folder);
            using var visitor = instance.CreateVisitor();
            using var ready = await visitor.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void An_unknown_mode_is_named()
    {
        using var portal = Portal("Sometimes");

        Assert.Contains("Portal cannot start: Database:Migrate is 'Sometimes': use OnStart (the default), Only or Never.", StartupRefusal.ErrorsOf(portal));
    }

    [Fact]
    public void A_production_deployment_on_postgres_needs_a_certificate_for_the_key_ring_it_keeps_in_the_database()
    {
        using var portal = new DeployedPortalFactory(new Dictionary<string, string?>
        {
            ["Portal:PublicUrl"] = "https://portal.example",
            ["Portal:Demo"] = "true",
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Portal"] = "Host=db.invalid;Database=portal;Username=portal",
        });

        var errors = StartupRefusal.ErrorsOf(portal);

        Assert.Contains("keeps the Data Protection keys in the database", errors);
        Assert.Contains("Portal:KeyCertificatePath", errors);
    }

    private static DeployedPortalFactory Portal(string mode, string? dataFolder = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Portal:PublicUrl"] = "https://portal.example",
            ["Portal:Demo"] = "true",
            ["Database:Migrate"] = mode,
            // The modes are the same on both engines; these read the SQLite file the portal keeps in its data folder.
            ["Database:Provider"] = "Sqlite",
        };
        if (dataFolder is not null)
        {
            settings["Portal:DataFolder"] = dataFolder;
        }

        return new DeployedPortalFactory(settings);
    }

    private static List<string> PendingMigrations(string dataFolder)
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        new PortalDatabase(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dataFolder, "portal.db")};Pooling=false").Configure(options);
        options.UseApplicationServiceProvider(new ServiceCollection().AddPortalIdentityStoreOptions().BuildServiceProvider());
        using var db = new PortalDbContext(options.Options);
        return [.. db.Database.GetPendingMigrations()];
    }
}
