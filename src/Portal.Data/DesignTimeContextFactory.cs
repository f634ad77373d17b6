using Microsoft.EntityFrameworkCore.Design;

namespace Portal.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the portal.</summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args)
    {
        var services = new ServiceCollection();
        services.AddPortalIdentityStoreOptions();
        var options = new DbContextOptionsBuilder<PortalDbContext>()
            .UseSqlite("Data Source=design-time.db")
            .UseApplicationServiceProvider(services.BuildServiceProvider())
            .Options;
        return new PortalDbContext(options);
    }
}
