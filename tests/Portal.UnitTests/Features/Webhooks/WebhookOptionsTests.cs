using Portal.Features.Webhooks;

namespace Portal.UnitTests.Features.Webhooks;

/// <summary>The webhook settings are checked when the portal starts, with a message that names the setting.</summary>
public sealed class WebhookOptionsTests
{
    [Theory]
    [InlineData("Webhooks:Lease", "00:00:10", "Webhooks:Lease")]
    [InlineData("Webhooks:PollInterval", "00:00:00", "PollInterval")]
    [InlineData("Webhooks:RequestTimeout", "00:05:00", "RequestTimeout")]
    [InlineData("Webhooks:BatchSize", "0", "BatchSize")]
    public void A_bad_setting_is_refused_by_name(string key, string value, string named)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build());
        services.AddWebhooks();
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WebhookOptions>>().Value);

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_valid_and_keep_private_addresses_out()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddWebhooks();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<WebhookOptions>>().Value;

        Assert.False(options.AllowPrivateAddresses);
        Assert.Equal(TimeSpan.FromSeconds(15), options.RequestTimeout);
    }
}

/// <summary>The delivery log keeps finished deliveries for the retention period and pending ones until they finish.</summary>
public sealed class WebhookRetentionTests : WebhookTestBase
{
    [Fact]
    public async Task Finished_deliveries_older_than_the_retention_are_purged_and_pending_ones_kept()
    {
        var endpoint = await AddEndpointAsync();
        await Harness.Get<WebhookService>().SendTestAsync(endpoint.EndpointId);
        await Dispatcher.RunOnceAsync();
        Receiver.Answers.Enqueue(500);
        await Harness.Get<WebhookService>().SendTestAsync(endpoint.EndpointId);
        await Dispatcher.RunOnceAsync();
        Assert.Equal(2, (await DeliveriesAsync()).Count);

        Harness.Clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(0, await Dispatcher.PurgeAsync());
        Harness.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await Dispatcher.PurgeAsync());

        var kept = Assert.Single(await DeliveriesAsync());
        Assert.Equal(WebhookDeliveryState.Pending, kept.State);
    }
}
