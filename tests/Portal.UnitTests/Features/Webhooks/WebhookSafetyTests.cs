using Microsoft.EntityFrameworkCore.Diagnostics;
using Portal.Features.Webhooks;

namespace Portal.UnitTests.Features.Webhooks;

/// <summary>A save that fails while it writes a webhook delivery, as a crash between the two writes would.</summary>
public sealed class FailingDeliverySave : SaveChangesInterceptor
{
    public bool Armed { get; set; }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Armed && eventData.Context!.ChangeTracker.Entries<WebhookDelivery>().Any(e => e.State == EntityState.Added))
        {
            throw new IOException("simulated crash while saving");
        }

        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}

/// <summary>The job's move and its deliveries commit together: a failure in between leaves neither.</summary>
public sealed class WebhookCrashSafetyTests() : WebhookTestBase(true, Crash)
{
    private static readonly FailingDeliverySave Crash = new();

    [Fact]
    public async Task The_delivery_commits_with_the_jobs_move_or_not_at_all()
    {
        await AddEndpointAsync();
        var job = await SendJobAsync();

        Crash.Armed = true;
        try
        {
            await Assert.ThrowsAnyAsync<IOException>(() => FinishAsync(job, printed: true));
        }
        finally
        {
            Crash.Armed = false;
        }

        Assert.Equal(PrintJobState.Sent, (await Harness.LoadJobAsync(TenantId, job.Id)).State);
        Assert.Empty(await DeliveriesAsync());

        // The report comes again (the platform repeats pushes; the poller asks): now both are written.
        var moved = await FinishAsync(job, printed: true);
        Assert.True(moved.Changed);
        Assert.Equal(PrintJobState.Printed, (await Harness.LoadJobAsync(TenantId, job.Id)).State);
        Assert.Equal(WebhookEventTypes.JobPrinted, Assert.Single(await DeliveriesAsync()).EventType);
    }
}

/// <summary>Without the allow setting, webhooks reach public addresses only: refused when saved, and again when connecting.</summary>
public sealed class WebhookAddressTests() : WebhookTestBase(allowPrivateAddresses: false)
{
    [Theory]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://api.localhost/hook")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://172.20.0.1/hook")]
    [InlineData("https://192.168.1.10/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://100.64.0.1/hook")]
    [InlineData("https://0.0.0.0/hook")]
    [InlineData("https://224.0.0.1/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[::]/hook")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://[ff02::1]/hook")]
    [InlineData("https://[::ffff:192.168.1.1]/hook")]
    [InlineData("https://[::ffff:127.0.0.1]/hook")]
    public async Task A_private_or_loopback_address_is_refused_when_saved(string url)
    {
        var created = await Harness.Get<WebhookService>().CreateAsync(new WebhookEndpointInput(url, null, [WebhookEventTypes.JobPrinted]));

        Assert.False(created.Succeeded);
        Assert.Contains("non-public", created.Error, StringComparison.Ordinal);
        Assert.Empty(await Harness.DbFactory.ReadAsync(TenantId, db => db.WebhookEndpoints.AsNoTracking().ToListAsync()));
    }

    [Theory]
    [InlineData(null, "Enter the endpoint's URL.")]
    [InlineData("   ", "Enter the endpoint's URL.")]
    [InlineData("not a url", "Enter a full URL such as https://example.com/webhooks.")]
    [InlineData("ftp://example.com/hook", "Enter a full URL such as https://example.com/webhooks.")]
    [InlineData("https://user:pass@example.com/hook", "Enter a full URL such as https://example.com/webhooks.")]
    [InlineData("http://93.184.215.14/hook", "The URL must start with https://.")]
    public async Task Bad_input_gets_a_clear_message(string? url, string message)
    {
        var created = await Harness.Get<WebhookService>().CreateAsync(new WebhookEndpointInput(url, null, [WebhookEventTypes.JobPrinted]));

        Assert.False(created.Succeeded);
        Assert.Equal(message, created.Error);
    }

    [Fact]
    public async Task Too_long_a_url_or_description_and_no_events_are_refused()
    {
        var service = Harness.Get<WebhookService>();

        var longUrl = await service.CreateAsync(new WebhookEndpointInput("https://93.184.215.14/" + new string('a', 2048), null, [WebhookEventTypes.JobPrinted]));
        var longDescription = await service.CreateAsync(new WebhookEndpointInput("https://93.184.215.14/hook", new string('d', 201), [WebhookEventTypes.JobPrinted]));
        var noEvents = await service.CreateAsync(new WebhookEndpointInput("https://93.184.215.14/hook", null, []));
        var unknownEvent = await service.CreateAsync(new WebhookEndpointInput("https://93.184.215.14/hook", null, ["job.eaten"]));

        Assert.Equal("The URL must be at most 2048 characters.", longUrl.Error);
        Assert.Equal("The description must be at most 200 characters.", longDescription.Error);
        Assert.Equal("Choose at least one event.", noEvents.Error);
        Assert.Equal("Choose at least one event.", unknownEvent.Error);
    }

    [Fact]
    public async Task A_public_address_is_accepted()
    {
        var created = await Harness.Get<WebhookService>().CreateAsync(new WebhookEndpointInput("https://93.184.215.14/hook", "public", [WebhookEventTypes.JobPrinted]));

        Assert.True(created.Succeeded, created.Error);
        Assert.StartsWith("whsec_", created.Value!.Secret, StringComparison.Ordinal);
        Assert.InRange(Convert.FromBase64String(created.Value.Secret["whsec_".Length..]).Length, 24, 32);
    }

    [Fact]
    public async Task An_endpoint_that_points_at_loopback_anyway_is_refused_at_connect_time()
    {
        // As if the name had resolved to a public address when saved and to loopback later (DNS rebinding).
        var endpointId = Guid.CreateVersion7();
        await using (var db = await Harness.DbFactory.CreateForTenantAsync(TenantId))
        {
            db.WebhookEndpoints.Add(new WebhookEndpoint
            {
                Id = endpointId,
                TenantId = TenantId,
                Url = Receiver.Url,
                EventTypes = WebhookEventTypes.JobPrinted,
                ProtectedSecret = Harness.Services.GetRequiredService<WebhookSecretProtector>().Protect(WebhookSecret.New()),
                CreatedAt = Harness.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }

        Assert.True((await Harness.Get<WebhookService>().SendTestAsync(endpointId)).Succeeded);
        await Dispatcher.RunOnceAsync();

        Assert.Empty(Receiver.Requests);
        var delivery = Assert.Single(await DeliveriesAsync());
        Assert.Equal(WebhookDeliveryState.Pending, delivery.State);
        Assert.Null(delivery.LastStatusCode);
        Assert.StartsWith("refused", delivery.LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("93.184.215.14", true)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("127.0.0.2", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.168.0.1", false)]
    [InlineData("169.254.1.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::abcd", false)]
    [InlineData("fc00::1", false)]
    [InlineData("ff05::2", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("::ffff:8.8.8.8", true)]
    [InlineData("64:ff9b::7f00:1", false)]
    public void Addresses_are_judged_public_or_not(string address, bool isPublic)
    {
        Assert.Equal(isPublic, WebhookAddresses.IsPublic(IPAddress.Parse(address)));
    }
}

/// <summary>Webhooks belong to one company: another company's people cannot see, change or redeliver them; members only look.</summary>
public sealed class WebhookIsolationTests : WebhookTestBase
{
    [Fact]
    public async Task Another_company_sees_nothing_and_cannot_change_or_redeliver()
    {
        var endpoint = await AddEndpointAsync();
        await Harness.Get<WebhookService>().SendTestAsync(endpoint.EndpointId);
        await Dispatcher.RunOnceAsync();
        var delivery = Assert.Single(await DeliveriesAsync());
        var (strangerOwner, strangerTenant) = await Harness.AddCompanyAsync("owner@b.test", "Beta Dumplings");

        Harness.SignIn(strangerOwner);
        var service = Harness.Get<WebhookService>();
        Assert.Empty((await service.ListAsync()).Value!);
        Assert.False((await service.ListDeliveriesAsync(endpoint.EndpointId, 0)).Succeeded);
        Assert.False((await service.RedeliverAsync(delivery.Id)).Succeeded);
        Assert.False((await service.SetEnabledAsync(endpoint.EndpointId, false)).Succeeded);
        Assert.False((await service.RotateSecretAsync(endpoint.EndpointId)).Succeeded);
        Assert.False((await service.SendTestAsync(endpoint.EndpointId)).Succeeded);
        Assert.False((await service.DeleteAsync(endpoint.EndpointId)).Succeeded);

        Assert.Single(await DeliveriesAsync());
        Assert.Empty(await DeliveriesAsync(strangerTenant));
        Assert.True(await Harness.DbFactory.ReadAsync(TenantId, db => db.WebhookEndpoints.AnyAsync(e => e.Id == endpoint.EndpointId && e.Enabled)));
    }

    [Fact]
    public async Task A_member_sees_endpoints_and_deliveries_but_only_owners_change_them()
    {
        var endpoint = await AddEndpointAsync();
        await Harness.Get<WebhookService>().SendTestAsync(endpoint.EndpointId);
        await Dispatcher.RunOnceAsync();
        var delivery = Assert.Single(await DeliveriesAsync());
        var member = await Harness.AddUserAsync("member@a.test");
        await Harness.AddMemberAsync(TenantId, member, TenantRole.Member);

        Harness.SignIn(member);
        var service = Harness.Get<WebhookService>();
        var listed = Assert.Single((await service.ListAsync()).Value!);
        Assert.Equal(Receiver.Url, listed.Url);
        Assert.Single((await service.ListDeliveriesAsync(endpoint.EndpointId, 0)).Value!.Items);
        const string ownersOnly = "Only the company's owners can change webhooks.";
        Assert.Equal(ownersOnly, (await service.CreateAsync(new WebhookEndpointInput(Receiver.Url, null, [WebhookEventTypes.JobPrinted]))).Error);
        Assert.Equal(ownersOnly, (await service.RedeliverAsync(delivery.Id)).Error);
        Assert.Equal(ownersOnly, (await service.RotateSecretAsync(endpoint.EndpointId)).Error);
        Assert.Equal(ownersOnly, (await service.DeleteAsync(endpoint.EndpointId)).Error);
        Assert.Equal(ownersOnly, (await service.SendTestAsync(endpoint.EndpointId)).Error);
    }

    [Fact]
    public async Task Deleting_an_endpoint_removes_its_log_and_is_audited()
    {
        var endpoint = await AddEndpointAsync();
        await Harness.Get<WebhookService>().SendTestAsync(endpoint.EndpointId);

        Assert.True((await Harness.Get<WebhookService>().DeleteAsync(endpoint.EndpointId)).Succeeded);

        Assert.Empty(await DeliveriesAsync());
        Assert.Contains("webhook.deleted", await Harness.AuditActionsAsync(TenantId));
    }
}
