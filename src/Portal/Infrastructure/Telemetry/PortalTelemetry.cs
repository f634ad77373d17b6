using System.Reflection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Portal.Infrastructure.Telemetry;

/// <summary>
/// OpenTelemetry for the portal: traces and metrics of ASP.NET Core, HttpClient, EF Core (and Npgsql's metrics), the
/// runtime and the portal's own meter, and logs with their scopes, exported over OTLP.
/// </summary>
public static class PortalTelemetry
{
    public const string ServiceName = "portal";

    /// <summary>The standard variable; with it unset nothing is exported.</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Turns OpenTelemetry on when <see cref="EndpointVariable"/> is set; otherwise registers nothing, so no listener
    /// makes spans nobody reads (the portal's meter stays readable in-process, e.g. with dotnet-counters). The
    /// exporter reads the other standard OTEL_* variables (protocol, headers) itself.
    /// </summary>
    public static WebApplicationBuilder AddPortalTelemetry(this WebApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration[EndpointVariable]))
        {
            builder.Services.AddOpenTelemetry().WithPortalSignals().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>The portal's meter and the token counts behind its gauge; part of <c>AddPortalCore</c>.</summary>
    public static IServiceCollection AddPortalMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<TokenStateCounts>();
        services.AddSingleton<PortalMetrics>();
        return services;
    }

    /// <summary>What is traced, measured and logged, without an exporter (the tests add an in-memory one).</summary>
    public static IOpenTelemetryBuilder WithPortalSignals(this IOpenTelemetryBuilder telemetry) => telemetry
        .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: Version))
        .WithTracing(tracing => tracing
            // Load balancers poll /health every few seconds: those spans would bury the rest.
            .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
            // Query values in url.full and url.query are redacted by default; the 易联云 client sends tokens and signs
            // in form bodies, which no instrumentation records.
            .AddHttpClientInstrumentation()
            // Statement text is parameterised SQL; parameter values (hashes, ciphertexts, receipt text) are recorded only
            // under an experimental variable the deployment guide forbids.
            .AddEntityFrameworkCoreInstrumentation()
            // On PostgreSQL the commands are traced by Npgsql itself (statement text without parameter values); the
            // EF Core instrumentation left them untraced there.
            .AddNpgsql())
        .WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter("Microsoft.EntityFrameworkCore")
            .AddNpgsqlInstrumentation()
            .AddMeter(PortalMetrics.MeterName))
        // Scopes carry CompanyId (CompanyLogScope).
        .WithLogging(configureBuilder: null, configureOptions: options => options.IncludeScopes = true);

    private static string? Version =>
        typeof(PortalTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
}
