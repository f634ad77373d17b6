namespace Portal.Infrastructure.LiveUpdates;

public static class LiveUpdatesRegistration
{
    /// <summary>The live-update feed and its relay between instances (which runs on PostgreSQL only).</summary>
    public static IServiceCollection AddLiveUpdates(this IServiceCollection services)
    {
        services.AddSingleton<LiveChangeRelay>();
        services.AddSingleton<LiveChanges>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveChangeRelay>());
        return services;
    }
}
