using Microsoft.EntityFrameworkCore.Design;

namespace Portal.Data;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the SQLite model without starting the portal. PostgreSQL's migrations
/// have their own factory in Portal.Data.Postgres.
/// </summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args) =>
        Create(new PortalDatabase(DatabaseProvider.Sqlite, "Data Source=design-time.db"));

    /// <summary>A context over <paramref name="database"/> with the portal's Identity schema, for the EF tools.</summary>
    public static PortalDbContext Create(PortalDatabase database)
    {
        var services = new ServiceCollection();
        services.AddPortalIdentityStoreOptions();
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        database.Configure(options);
        options.UseApplicationServiceProvider(services.BuildServiceProvider());
        return new PortalDbContext(options.Options);
    }
}
