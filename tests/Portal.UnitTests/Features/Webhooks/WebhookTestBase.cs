using Portal.Features.Printing;
using Portal.Features.Webhooks;

namespace Portal.UnitTests.Features.Webhooks;

/// <summary>
/// The Alpha company with one connected printer, the webhook services (private addresses allowed unless a class says
/// otherwise) and a real receiver on a loopback port; the owner is signed in.
/// </summary>
public abstract class WebhookTestBase(bool allowPrivateAddresses = true, params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors) : IAsyncLifetime
{
    protected ServiceHarness Harness { get; private set; } = null!;

    protected WebhookReceiver Receiver { get; private set; } = null!;

    protected string OwnerId { get; private set; } = "";

    protected Guid TenantId { get; private set; }

    protected Guid PrinterId { get; private set; }

    protected string MachineCode { get; private set; } = "";

    protected WebhookDispatcher Dispatcher => Harness.Services.GetRequiredService<WebhookDispatcher>();

    protected static void AddWebhooks(IServiceCollection services, bool allowPrivateAddresses)
    {
        services.AddWebhooks();
        services.Configure<WebhookOptions>(o => o.AllowPrivateAddresses = allowPrivateAddresses);
    }

    public virtual async Task InitializeAsync()
    {
        Harness = await ServiceHarness.CreateAsync(services => AddWebhooks(services, allowPrivateAddresses), withSandbox: true, interceptors);
        (OwnerId, TenantId) = await Harness.AddAlphaAsync();
        (PrinterId, MachineCode) = await Harness.ConnectByConsentAsync(OwnerId);
        Receiver = await WebhookReceiver.StartAsync();
        Harness.SignIn(OwnerId);
    }

    public virtual async Task DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await Harness.DisposeAsync();
    }

    /// <summary>An endpoint for <paramref name="events"/> (all by default) made through the service, as the owner's page does.</summary>
    protected async Task<IssuedWebhookSecret> AddEndpointAsync(string? url = null, params string[] events)
    {
        var created = await Harness.Get<WebhookService>().CreateAsync(new WebhookEndpointInput(url ?? Receiver.Url, "test receiver",
            events.Length == 0 ? WebhookEventTypes.Subscribable.ToList() : events));
        Assert.True(created.Succeeded, created.Error);
        return created.Value!;
    }

    /// <summary>A job sent to the printer through the sandbox (Sent, with its order id).</summary>
    protected async Task<PrintJob> SendJobAsync(string content = "Order 17 secret-receipt-text")
    {
        var item = (await Harness.Get<PrintJobSubmitter>().SubmitAsync(new PrintRequest([PrinterId], PrintJobKind.Text, content))).Value!.Items.Single();
        return await Harness.LoadJobAsync(TenantId, item.JobId!.Value);
    }

    protected Task<JobTrackResult> FinishAsync(PrintJob job, bool printed) =>
        Harness.Services.GetRequiredService<PrintJobTracker>()
            .ApplyFinishAsync(new JobReport(job.AppId, MachineCode, job.PlatformOrderId!.Value, job.OriginId), printed, JobUpdateSource.Push, default);

    protected Task<List<WebhookDelivery>> DeliveriesAsync(Guid? tenantId = null) =>
        Harness.DbFactory.ReadAsync(tenantId ?? TenantId, db => db.WebhookDeliveries.AsNoTracking().OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).ToListAsync());
}
