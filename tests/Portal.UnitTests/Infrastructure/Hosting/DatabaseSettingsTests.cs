namespace Portal.UnitTests.Infrastructure.Hosting;

/// <summary><c>Database:Provider</c> and <c>ConnectionStrings:Portal</c>: SQLite needs nothing, PostgreSQL a connection string.</summary>
public sealed class DatabaseSettingsTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("Sqlite", null)]
    [InlineData("sqlite", "Data Source=/var/lib/portal/portal.db")]
    [InlineData("Postgres", "Host=db.internal;Database=portal;Username=portal;Password=secret")]
    [InlineData("postgresql", "Host=db.internal;Database=portal")]
    public void Usable_settings_have_no_problem(string? provider, string? connectionString)
    {
        Assert.Null(PortalDatabase.Problem(provider, connectionString));
    }

    [Fact]
    public void Postgres_without_a_connection_string_names_the_setting_to_give()
    {
        var problem = PortalDatabase.Problem("Postgres", null);

        Assert.StartsWith("Database:Provider is Postgres but ConnectionStrings:Portal is not set", problem);
        Assert.Contains("ConnectionStrings__Portal=", problem);
    }

    [Fact]
    public void An_unknown_provider_or_a_malformed_connection_string_is_named_without_echoing_the_string()
    {
        Assert.StartsWith("Database:Provider is 'Oracle'", PortalDatabase.Problem("Oracle", "x"));
        var problem = PortalDatabase.Problem("Postgres", "Hots=db;Pasword=hunter2");
        Assert.StartsWith("ConnectionStrings:Portal is not a PostgreSQL connection string", problem);
        Assert.DoesNotContain("hunter2", problem);
    }

    [Fact]
    public void Without_settings_the_portal_uses_sqlite_in_its_data_folder()
    {
        var database = PortalHostingExtensions.ReadDatabase(new ConfigurationBuilder().Build(), "/var/lib/portal");

        Assert.Equal(new PortalDatabase(DatabaseProvider.Sqlite, "Data Source=/var/lib/portal/portal.db"), database);
    }

    [Fact]
    public void A_deployment_with_postgres_and_no_connection_string_does_not_start()
    {
        using var portal = new DeployedPortalFactory(new Dictionary<string, string?>
        {
            ["Portal:PublicUrl"] = "https://portal.example",
            ["Portal:Demo"] = "true",
            ["Database:Provider"] = "Postgres",
        });

        Assert.Contains("Portal cannot start: Database:Provider is Postgres but ConnectionStrings:Portal is not set", StartupRefusal.ErrorsOf(portal));
    }
}
