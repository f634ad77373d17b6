using System.Text.Json.Nodes;
using Portal.Features.Webhooks;

namespace Portal.UnitTests.Features.Webhooks;

/// <summary>Deliveries as a receiver sees them: signed per Standard Webhooks, retried with backoff for 24 hours, sent once.</summary>
public sealed class WebhookDeliveryTests : WebhookTestBase
{
    [Fact]
    public async Task A_receiver_gets_a_signed_job_printed_delivery_it_can_verify_and_a_tampered_body_fails()
    {
        var endpoint = await AddEndpointAsync();
        var job = await SendJobAsync();

        await FinishAsync(job, printed: true);
        Assert.Equal(1, await Dispatcher.RunOnceAsync());

        var request = Assert.Single(Receiver.Requests);
        var id = request.Headers["webhook-id"];
        var timestamp = request.Headers["webhook-timestamp"];
        var signature = request.Headers["webhook-signature"];
        Assert.StartsWith("msg_", id, StringComparison.Ordinal);
        Assert.Equal(Harness.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), timestamp);
        Assert.StartsWith("v1,", signature, StringComparison.Ordinal);
        Assert.StartsWith("application/json", request.Headers["content-type"], StringComparison.Ordinal);
        Assert.True(StandardWebhooks.Verify(endpoint.Secret, id, timestamp, request.Body, signature));

        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("job.printed", body["type"]!.GetValue<string>());
        Assert.NotNull(body["timestamp"]);
        Assert.Equal(job.Id.ToString(), body["data"]!["job_id"]!.GetValue<string>());
        Assert.Equal(PrinterId.ToString(), body["data"]!["printer_id"]!.GetValue<string>());
        Assert.Equal("printed", body["data"]!["state"]!.GetValue<string>());
        Assert.Equal(job.OriginId, body["data"]!["origin_id"]!.GetValue<string>());
        Assert.Equal(job.PlatformOrderId, body["data"]!["order_id"]!.GetValue<long>());
        Assert.DoesNotContain("secret-receipt-text", request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(endpoint.Secret, request.Body, StringComparison.Ordinal);

        // A body changed on the way, a wrong secret or a replayed id with another timestamp no longer verifies.
        Assert.False(StandardWebhooks.Verify(endpoint.Secret, id, timestamp, request.Body.Replace("printed", "failed", StringComparison.Ordinal), signature));
        Assert.False(StandardWebhooks.Verify(WebhookSecret.New(), id, timestamp, request.Body, signature));
        Assert.False(StandardWebhooks.Verify(endpoint.Secret, id, (long.Parse(timestamp, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture), request.Body, signature));

        var delivery = Assert.Single(await DeliveriesAsync());
        Assert.Equal(WebhookDeliveryState.Delivered, delivery.State);
        Assert.Equal(1, delivery.Attempts);
        Assert.Equal(200, delivery.LastStatusCode);
        Assert.Equal(id, delivery.MessageId);
    }

    [Fact]
    public async Task Only_subscribed_enabled_endpoints_get_an_event_and_failed_jobs_raise_job_failed()
    {
        await AddEndpointAsync(null, WebhookEventTypes.JobFailed);
        var job = await SendJobAsync();

        await FinishAsync(job, printed: false);
        await Dispatcher.RunOnceAsync();

        var delivery = Assert.Single(await DeliveriesAsync());
        Assert.Equal(WebhookEventTypes.JobFailed, delivery.EventType);
        Assert.Equal("failed", JsonNode.Parse(Assert.Single(Receiver.Requests).Body)!["data"]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_500_then_a_200_delivers_on_the_second_attempt_five_seconds_later()
    {
        await AddEndpointAsync();
        Receiver.Answers.Enqueue(500);
        await FinishAsync(await SendJobAsync(), printed: true);
        var start = Harness.Clock.GetUtcNow();

        Assert.Equal(1, await Dispatcher.RunOnceAsync());
        var first = Assert.Single(await DeliveriesAsync());
        Assert.Equal(WebhookDeliveryState.Pending, first.State);
        Assert.Equal(1, first.Attempts);
        Assert.Equal(500, first.LastStatusCode);
        Assert.Equal(start + TimeSpan.FromSeconds(5), first.NextAttemptAt);

        Harness.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, await Dispatcher.RunOnceAsync());
        Harness.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await Dispatcher.RunOnceAsync());

        var delivered = Assert.Single(await DeliveriesAsync());
        Assert.Equal(WebhookDeliveryState.Delivered, delivered.State);
        Assert.Equal(2, delivered.Attempts);
        Assert.Equal(start + TimeSpan.FromSeconds(5), delivered.DeliveredAt);
        Assert.Null(delivered.NextAttemptAt);
        var ids = Receiver.Requests.Select(r => r.Headers["webhook-id"]).Distinct();
        Assert.Single(ids);
    }

    [Fact]
    public async Task A_receiver_that_never_succeeds_is_tried_with_backoff_and_given_up_after_24_hours()
    {
        await AddEndpointAsync();
        for (var i = 0; i < 20; i++)
        {
            Receiver.Answers.Enqueue(503);
        }

        await FinishAsync(await SendJobAsync(), printed: true);
        var created = (await DeliveriesAsync()).Single().CreatedAt;
        var attemptsAt = new List<TimeSpan>();
        for (var round = 0; round < 20; round++)
        {
            var before = Receiver.Requests.Count;
            await Dispatcher.RunOnceAsync();
            if (Receiver.Requests.Count > before)
            {
                attemptsAt.Add(Harness.Clock.GetUtcNow() - created);
            }

            var row = (await DeliveriesAsync()).Single();
            if (row.State != WebhookDeliveryState.Pending)
            {
                break;
            }

            Harness.Clock.SetUtcNow(row.NextAttemptAt!.Value);
        }

        var failed = (await DeliveriesAsync()).Single();
        Assert.Equal(WebhookDeliveryState.Failed, failed.State);
        Assert.Equal(503, failed.LastStatusCode);
        Assert.Null(failed.NextAttemptAt);
        Assert.Equal(
            new[] { TimeSpan.Zero, TimeSpan.FromSeconds(5), new TimeSpan(0, 5, 5), new TimeSpan(0, 35, 5), new TimeSpan(2, 35, 5), new TimeSpan(7, 35, 5), new TimeSpan(17, 35, 5), TimeSpan.FromHours(24) },
            attemptsAt);
        Assert.Equal(8, failed.Attempts);
    }

    [Fact]
    public async Task Two_instances_dispatching_at_once_send_each_delivery_once()
    {
        await AddEndpointAsync();
        for (var i = 0; i < 4; i++)
        {
            await FinishAsync(await SendJobAsync("Order " + i), printed: true);
        }

        Receiver.Delay = TimeSpan.FromMilliseconds(200);
        await using var second = Harness.SecondInstance(services => AddWebhooks(services, allowPrivateAddresses: true));

        await Task.WhenAll(Dispatcher.RunOnceAsync(), second.Services.GetRequiredService<WebhookDispatcher>().RunOnceAsync(),
            Dispatcher.RunOnceAsync(), second.Services.GetRequiredService<WebhookDispatcher>().RunOnceAsync());

        var deliveries = await DeliveriesAsync();
        Assert.Equal(4, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal((WebhookDeliveryState.Delivered, 1), (d.State, d.Attempts)));
        Assert.Equal(4, Receiver.Requests.Count);
        Assert.Equal(deliveries.Select(d => d.MessageId).Order(), Receiver.Requests.Select(r => r.Headers["webhook-id"]).Order());
    }

    [Fact]
    public async Task Redelivery_sends_the_same_message_again_as_a_new_delivery()
    {
        var endpoint = await AddEndpointAsync();
        var tested = await Harness.Get<WebhookService>().SendTestAsync(endpoint.EndpointId);
        Assert.True(tested.Succeeded, tested.Error);
        await Dispatcher.RunOnceAsync();
        var first = Assert.Single(await DeliveriesAsync());
        Assert.Equal(WebhookEventTypes.Test, first.EventType);

        var redelivered = await Harness.Get<WebhookService>().RedeliverAsync(first.Id);
        Assert.True(redelivered.Succeeded, redelivered.Error);
        await Dispatcher.RunOnceAsync();

        var all = await DeliveriesAsync();
        Assert.Equal(2, all.Count);
        Assert.All(all, d => Assert.Equal(WebhookDeliveryState.Delivered, d.State));
        Assert.Equal(new[] { first.MessageId, first.MessageId }, Receiver.Requests.Select(r => r.Headers["webhook-id"]));
        Assert.Equal(first.Payload, Receiver.Requests.Last().Body);
        Assert.Contains("webhook.redelivered", await Harness.AuditActionsAsync(TenantId));
    }

    [Fact]
    public async Task The_secret_is_encrypted_at_rest_and_rotating_it_changes_the_signing_key()
    {
        var endpoint = await AddEndpointAsync();
        var stored = await Harness.DbFactory.ReadAsync(TenantId, db => db.WebhookEndpoints.AsNoTracking().SingleAsync());
        Assert.DoesNotContain(endpoint.Secret, stored.ProtectedSecret, StringComparison.Ordinal);
        Assert.DoesNotContain(endpoint.Secret["whsec_".Length..], stored.ProtectedSecret, StringComparison.Ordinal);

        var rotated = await Harness.Get<WebhookService>().RotateSecretAsync(endpoint.EndpointId);
        Assert.True(rotated.Succeeded, rotated.Error);
        await Harness.Get<WebhookService>().SendTestAsync(endpoint.EndpointId);
        await Dispatcher.RunOnceAsync();

        var request = Assert.Single(Receiver.Requests);
        Assert.True(StandardWebhooks.Verify(rotated.Value!.Secret, request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Body, request.Headers["webhook-signature"]));
        Assert.False(StandardWebhooks.Verify(endpoint.Secret, request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Body, request.Headers["webhook-signature"]));
        Assert.Equal(new[] { "webhook.created", "webhook.secret-rotated" }, (await Harness.AuditActionsAsync(TenantId)).Where(a => a.StartsWith("webhook.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_printer_turning_offline_raises_printer_offline_once()
    {
        await AddEndpointAsync(null, WebhookEventTypes.PrinterOffline);
        var states = Harness.Services.GetRequiredService<PrinterOnlineStates>();

        foreach (var _ in new[] { 1, 2 })
        {
            await using var db = await Harness.DbFactory.CreateForTenantAsync(TenantId);
            Assert.True(await states.SetAsync(db, TenantId, PrinterId, PrinterOnlineState.Offline, Harness.Clock.GetUtcNow(), skipIfOlder: true));
            Harness.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var delivery = Assert.Single(await DeliveriesAsync());
        Assert.Equal(WebhookEventTypes.PrinterOffline, delivery.EventType);
        Assert.Equal(PrinterId.ToString(), JsonNode.Parse(delivery.Payload)!["data"]!["printer_id"]!.GetValue<string>());
    }
}
