namespace Portal.Features.Dashboard;

public static class DashboardRegistration
{
    /// <summary>The home page's figures for companies and operators.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddScoped<DashboardQueries>();
        return services;
    }
}
