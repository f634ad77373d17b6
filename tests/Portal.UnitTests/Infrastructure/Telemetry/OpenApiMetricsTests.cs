using Portal.Features.OpenApi;
using System.Security.Cryptography;
using Portal.UnitTests.Features.OpenApi;

namespace Portal.UnitTests.Infrastructure.Telemetry;

/// <summary><c>portal.openapi.calls</c> through the whole portal: the client is named only once its secret checked out.</summary>
public sealed class OpenApiMetricsTests : IDisposable
{
    private readonly PortalAppFactory _factory = new();
    private readonly WebApplicationFactory<Program> _portal;

    public OpenApiMetricsTests() => _portal = _factory.WithWebHostBuilder(builder => builder.UseSetting("OpenApi:SeedDocumentExamples", "true"));

    public void Dispose()
    {
        _portal.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task Each_call_counts_with_the_authenticated_client_and_its_result()
    {
        using var measurements = new PortalMeasurements(_portal.Services);
        using var client = _portal.CreateClient();
        var t = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var stamp = $"t_={t}&p_={t % 10000 * 3 + 2345}";
        var query = $"access_token={OpenApiExampleSeeder.AccessToken}&{stamp}";
        // Well formed, but no such token.
        var unknownToken = $"access_token={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(18))}&{stamp}";

        await CallAsync(client, $"/apis/rest/authService/authorize/json?{query}", OpenApiExamples.BasicHeader);
        await CallAsync(client, $"/apis/rest/authService/authorize/json?{query}", OpenApiHost.Basic(OpenApiExampleSeeder.ClientId, "not-the-secret"));
        await CallAsync(client, $"/apis/rest/authService/authorize/json?{query}", authorization: null);
        await CallAsync(client, $"/apis/rest/authService/authorize/yaml?{query}", OpenApiExamples.BasicHeader);
        await CallAsync(client, $"/apis/rest/authService/authorize/json?{unknownToken}", OpenApiExamples.BasicHeader);

        Assert.Equal(
        [
            (OpenApiExampleSeeder.ClientId, "ok"), ("none", "basic_header_invalid"), ("none", "unauthorized"), ("none", "client_not_supported"),
            (OpenApiExampleSeeder.ClientId, "unauthorized"),
        ], measurements.Of("portal.openapi.calls").Select(m => (m.Tags["openapi.client_id"], m.Tags["openapi.result"])));
        Assert.All(measurements.Of("portal.openapi.calls"), m => Assert.DoesNotContain(m.Tags.Values, v => v == "not-the-secret" || v == OpenApiExampleSeeder.AccessToken));
    }

    private static async Task CallAsync(HttpClient client, string url, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var answer = await client.SendAsync(request);
    }
}
