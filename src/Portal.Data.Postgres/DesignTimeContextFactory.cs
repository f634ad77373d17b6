using Microsoft.EntityFrameworkCore.Design;

namespace Portal.Data.Postgres;

/// <summary>
/// Lets <c>dotnet ef migrations add Name --project src/Portal.Data.Postgres</c> build the PostgreSQL model. Adding a
/// migration never connects; the connection string only names a database for <c>dotnet ef database update</c>, which
/// reads <c>ConnectionStrings__Portal</c> when set.
/// </summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args) =>
        Portal.Data.DesignTimeContextFactory.Create(new PortalDatabase(DatabaseProvider.Postgres,
            Environment.GetEnvironmentVariable("ConnectionStrings__Portal") ?? "Host=localhost;Database=portal"));
}
