namespace Portal.UnitTests;

/// <summary>Rules of the code's shape that a compiler does not check.</summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void Pages_and_components_reach_the_database_only_through_services()
    {
        var components = typeof(Program).Assembly.GetTypes().Where(t => typeof(IComponent).IsAssignableFrom(t)).ToList();
        var database = new[] { typeof(PortalDbContext), typeof(IDbContextFactory<PortalDbContext>) };

        var offenders = components
            .SelectMany(c => c.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(p => p.GetCustomAttribute<InjectAttribute>() is not null && database.Contains(p.PropertyType))
                .Select(p => $"{c.FullName}.{p.Name}"))
            .ToList();

        Assert.NotEmpty(components);
        Assert.True(offenders.Count == 0, "These components inject the database: " + string.Join(", ", offenders));
    }
}
