using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Portal.Infrastructure.Hosting;

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health/ready</c>: the database is reachable and migrated (else 503),
/// and in Live mode whether the platform answers (degraded, still 200: printing waits, the portal still serves).
/// Anonymous, for load balancers and orchestrators; the bodies name checks and states, never settings or secrets.
/// </summary>
public static class PortalHealth
{
    private const string Ready = "ready";

    public static IServiceCollection AddPortalHealth(this IServiceCollection services, YilianyunMode mode)
    {
        var checks = services.AddHealthChecks().AddCheck<DatabaseCheck>("database", tags: [Ready]);
        if (mode == YilianyunMode.Live)
        {
            checks.AddCheck<PlatformCheck>("platform", failureStatus: HealthStatus.Degraded, tags: [Ready]);
        }

        return services;
    }

    public static IEndpointRouteBuilder MapPortalHealth(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/health").AllowAnonymous().DisableAntiforgery();
        group.MapHealthChecks("/live", new() { Predicate = _ => false, ResponseWriter = WriteAsync });
        group.MapHealthChecks("/ready", new() { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteAsync });
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, JsonSerializerOptions.Web));
    }

    private sealed class DatabaseCheck(IDbContextFactory<PortalDbContext> factory) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var db = await factory.CreateDbContextAsync(cancellationToken);
                if (!await db.Database.CanConnectAsync(cancellationToken))
                {
                    return HealthCheckResult.Unhealthy("The database cannot be reached.");
                }

                return (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any()
                    ? HealthCheckResult.Unhealthy("The database has migrations to apply.")
                    : HealthCheckResult.Healthy("The database is reachable and up to date.");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The exception's message may carry the connection string: only its kind goes out.
                return HealthCheckResult.Unhealthy($"The database cannot be reached ({e.GetType().Name}).");
            }
        }
    }

    /// <summary>Any HTTP answer from the platform's address counts: reachability, not a signed call that would spend quota.</summary>
    private sealed class PlatformCheck(IHttpClientFactory clients, Microsoft.Extensions.Options.IOptions<YilianyunOptions> options) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            using var client = clients.CreateClient();
            client.Timeout = TimeSpan.FromSeconds(3);
            try
            {
                using var response = await client.GetAsync(options.Value.BaseUrl, cancellationToken);
                return HealthCheckResult.Healthy("The platform answers.");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return HealthCheckResult.Degraded("The platform does not answer; prints wait and are retried.");
            }
        }
    }
}
