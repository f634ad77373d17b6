using Portal.Data.Entities.Printing;
using Portal.Services.Printing;
using Portal.UnitTests.Infrastructure;
using Portal.UnitTests.Printers;
using Yilianyun.Sandbox;

namespace Portal.UnitTests.Printing;

/// <summary>Submitting prints through the service against the in-process sandbox: the round trip and idempotency.</summary>
public sealed class JobSubmitTests : IAsyncLifetime
{
    private ServiceHarness _harness = default!;

    private SandboxHost Sandbox => _harness.Sandbox!;

    public async Task InitializeAsync() => _harness = await ServiceHarness.CreateAsync(withSandbox: true);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_print_reaches_the_virtual_printer_with_the_exact_content_and_the_job_is_sent()
    {
        var (owner, tenant) = await _harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var (printerId, machineCode) = await _harness.ConnectByConsentAsync(owner);
        const string receipt = "<FS2><center>Alpha Noodles</center></FS2>\n牛肉面 x2    ¥36.00\n<QR>https://a.test/o/1</QR>";

        var result = await _harness.Get<PrintJobService>().SubmitAsync(new PrintRequest([printerId], PrintJobKind.Text, receipt, Copies: 2));

        Assert.True(result.Succeeded, result.Error);
        var item = Assert.Single(result.Value!.Items);
        Assert.Equal(PrintJobState.Sent, item.State);
        Assert.Null(item.Message);
        var job = await _harness.LoadJobAsync(tenant, item.JobId!.Value);
        var upstream = Assert.Single(Sandbox.Admin.Jobs(machineCode));
        Assert.Equal("<MN>2</MN>" + receipt, upstream.Content);
        Assert.Equal(job.OriginId, upstream.OriginId);
        Assert.Equal(upstream.Id, job.PlatformOrderId);
        Assert.Equal(PrintJobState.Sent, job.State);
        Assert.Equal(receipt, job.Content);
        Assert.Equal(2, job.Copies);
        Assert.Matches("^[0-9a-z]{32}$", job.OriginId);
        Assert.Equal([PrintJobEventKind.Created, PrintJobEventKind.Sent], (await _harness.JobEventsAsync(tenant, job.Id)).Select(e => e.Kind));
        Assert.Contains("print.submitted", await _harness.AuditActionsAsync(tenant));
    }
}
