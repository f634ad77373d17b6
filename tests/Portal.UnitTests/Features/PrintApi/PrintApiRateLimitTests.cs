using System.Text.Json.Nodes;

namespace Portal.UnitTests.Features.PrintApi;

/// <summary>A portal whose print API allows two calls per key and window.</summary>
public sealed class TightlyLimitedPrintApiWorld : PrintApiWorld
{
    protected override int RequestsPerWindow => 2;
}

/// <summary>Each key has its own budget; past it, 429 with Retry-After and problem details.</summary>
public sealed class PrintApiRateLimitTests(TightlyLimitedPrintApiWorld world) : IClassFixture<TightlyLimitedPrintApiWorld>
{
    [Fact]
    public async Task A_key_past_its_budget_answers_429_with_retry_after_while_another_key_goes_on()
    {
        var busy = await world.CompanyKeyAsync(world.OwnerA);
        var other = await world.CompanyKeyAsync(world.OwnerA);
        using var busyClient = world.Client(busy.Key);
        using var otherClient = world.Client(other.Key);

        for (var i = 0; i < 2; i++)
        {
            using var allowed = await busyClient.GetAsync("/api/v1/printers");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var limited = await busyClient.GetAsync("/api/v1/printers");
        using var otherKey = await otherClient.GetAsync("/api/v1/printers");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, limited.Headers.RetryAfter?.ToString());
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("#rate-limited", JsonNode.Parse(await limited.Content.ReadAsStringAsync())!["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
    }
}
