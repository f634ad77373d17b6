using System.Text.Json.Nodes;
using Portal.Features.Printing;
using Portal.Features.Webhooks;

namespace Portal.UnitTests.Features.Webhooks;

/// <summary>Every place a job fails or a printer needs a person raises its event, once, in the change's own commit.</summary>
public sealed class WebhookEventSourceTests : WebhookTestBase
{
    [Theory]
    [InlineData(20, true)]
    [InlineData(2, false)]
    public async Task A_refused_refresh_that_needs_a_person_raises_reauthorization_required(int code, bool raised)
    {
        await AddEndpointAsync();
        Harness.Clock.Advance(TimeSpan.FromDays(26));
        Harness.Sandbox!.Faults.Add(new SandboxFault { Path = "oauth/oauth", ForceError = code, Times = 1 });

        await Harness.Services.GetRequiredService<PrinterRefresher>().SweepOnceAsync();

        var deliveries = await DeliveriesAsync();
        if (raised)
        {
            var delivery = Assert.Single(deliveries);
            Assert.Equal(WebhookEventTypes.PrinterReauthorizationRequired, delivery.EventType);
            Assert.Equal(PrinterId.ToString(), JsonNode.Parse(delivery.Payload)!["data"]!["printer_id"]!.GetValue<string>());
        }
        else
        {
            Assert.Empty(deliveries);
        }
    }

    [Fact]
    public async Task A_job_the_platform_refuses_raises_job_failed()
    {
        await AddEndpointAsync(null, WebhookEventTypes.JobFailed);
        Harness.Sandbox!.Faults.Add(new SandboxFault { Path = "print/index", ForceError = 9, Times = 1 });

        var job = await SendJobAsync();

        Assert.Equal(PrintJobState.Failed, job.State);
        var delivery = Assert.Single(await DeliveriesAsync());
        Assert.Equal(WebhookEventTypes.JobFailed, delivery.EventType);
        Assert.Equal(job.Id.ToString(), JsonNode.Parse(delivery.Payload)!["data"]!["job_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_queued_job_given_up_after_the_resend_window_raises_job_failed()
    {
        await AddEndpointAsync(null, WebhookEventTypes.JobFailed);
        Harness.Sandbox!.Faults.Add(new SandboxFault { Path = "print/index", DropResponse = true, Times = 1 });
        var job = await SendJobAsync();
        Assert.Empty(await DeliveriesAsync());
        Harness.Clock.Advance(PrintJobSender.SafeResendWindow + TimeSpan.FromMinutes(1));

        await Harness.Services.GetRequiredService<PrintStatusPoller>().SweepOnceAsync();

        Assert.Equal(PrintJobState.Failed, (await Harness.LoadJobAsync(TenantId, job.Id)).State);
        var delivery = Assert.Single(await DeliveriesAsync());
        Assert.Equal(job.OriginId, JsonNode.Parse(delivery.Payload)!["data"]!["origin_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_disabled_endpoint_gets_no_new_events()
    {
        var endpoint = await AddEndpointAsync();
        Assert.True((await Harness.Get<WebhookService>().SetEnabledAsync(endpoint.EndpointId, false)).Succeeded);

        await FinishAsync(await SendJobAsync(), printed: true);

        Assert.Empty(await DeliveriesAsync());
        Assert.Contains("webhook.disabled", await Harness.AuditActionsAsync(TenantId));
    }
}
