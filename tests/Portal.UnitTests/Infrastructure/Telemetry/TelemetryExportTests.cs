using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Portal.UnitTests.Infrastructure.Telemetry;

/// <summary>OTLP export is on exactly when OTEL_EXPORTER_OTLP_ENDPOINT is set; without it no OpenTelemetry is registered.</summary>
[Collection(ProcessWideTelemetry.Name)]
public sealed class TelemetryExportTests
{
    [Fact]
    public async Task Without_the_endpoint_variable_no_provider_is_built_and_nothing_listens()
    {
        using var factory = new PortalAppFactory();
        // Blank, as an unset variable reads, also when the machine running the tests has one.
        using var portal = factory.WithWebHostBuilder(builder => builder.UseSetting(PortalTelemetry.EndpointVariable, ""));
        using var client = portal.CreateClient();

        using var answer = await client.GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Null(portal.Services.GetService<TracerProvider>());
        Assert.Null(portal.Services.GetService<MeterProvider>());
        Assert.DoesNotContain(portal.Services.GetServices<ILoggerProvider>(), p => p.GetType().Namespace!.StartsWith("OpenTelemetry", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_the_endpoint_variable_traces_and_metrics_reach_the_collector_as_the_portal_service()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        using var factory = new PortalAppFactory();
        using var portal = factory.WithWebHostBuilder(builder => builder
            .UseSetting(PortalTelemetry.EndpointVariable, collector.Address)
            .UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
        using var client = portal.CreateClient();

        using var answer = await client.GetAsync("/Account/Login");
        Assert.True(portal.Services.GetRequiredService<TracerProvider>().ForceFlush());
        // The token gauge answers from its second collection on (the first starts its count): export until it has.
        var meters = portal.Services.GetRequiredService<MeterProvider>();
        for (var tries = 0; tries < 50 && !collector.Received("/v1/metrics", "portal.tokens"); tries++)
        {
            Assert.True(meters.ForceFlush());
            await Task.Delay(100);
        }

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.True(collector.Received("/v1/traces", "/Account/Login"), "no span of the request reached the collector");
        Assert.True(collector.Received("/v1/traces", PortalTelemetry.ServiceName), "the spans do not name the portal service");
        Assert.True(collector.Received("/v1/metrics", "http.server.request.duration"), "ASP.NET Core's metrics did not reach the collector");
        Assert.True(collector.Received("/v1/metrics", "portal.tokens"), "the portal's meter did not reach the collector");
    }
}
