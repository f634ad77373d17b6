using Portal.Features.Callbacks;
using Portal.Features.Printing;

namespace Portal.UnitTests.Features.Callbacks;

/// <summary>Signed push bodies as the platform sends them, and reading the callback inbox.</summary>
internal static class PushTestKit
{
    public static Task<ServiceHarness> CreateHarnessAsync() => ServiceHarness.CreateAsync(withSandbox: true);

    /// <summary>A form body with <c>push_time</c> and the sign of <paramref name="app"/> (or of <paramref name="signWithSecret"/>).</summary>
    public static string Body(ConfiguredApp app, DateTimeOffset pushTime, IEnumerable<(string Name, string Value)> fields, string? signWithSecret = null)
    {
        var time = pushTime.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        IEnumerable<(string Name, string Value)> all =
            [.. fields, ("push_time", time), ("sign", RequestSignature.Compute(app.ClientId, time, signWithSecret ?? app.ClientSecret))];
        return string.Join('&', all.Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Value)}"));
    }

    public static string StatusBody(ConfiguredApp app, string machineCode, int online, DateTimeOffset pushTime, string? signWithSecret = null) =>
        Body(app, pushTime, [("cmd", "oauth_printStatus"), ("machine_code", machineCode), ("online", online.ToString(CultureInfo.InvariantCulture))], signWithSecret);

    public static string FinishBody(ConfiguredApp app, string machineCode, long orderId, string originId, DateTimeOffset pushTime) =>
        Body(app, pushTime, [("cmd", "oauth_finish"), ("machine_code", machineCode), ("order_id", orderId.ToString(CultureInfo.InvariantCulture)),
            ("state", "1"), ("print_time", pushTime.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)), ("origin_id", originId)]);

    public static Task<PushReceipt> ReceiveAsync(this ServiceHarness harness, string clientId, string command, string? body) =>
        harness.Get<PushHandler>().ReceiveAsync(clientId, command, body);

    /// <summary>Submits a text job to <paramref name="printerId"/> and returns it, checked to be sent to the platform.</summary>
    public static async Task<PrintJob> SubmitSentJobAsync(this ServiceHarness harness, Guid tenantId, Guid printerId, string content = "<MC>1,00010,0</MC>Order 8")
    {
        var submitted = await harness.Get<PrintJobSubmitter>().SubmitAsync(new PrintRequest([printerId], PrintJobKind.Text, content));
        var job = await harness.LoadJobAsync(tenantId, submitted.Value!.Items[0].JobId!.Value);
        Assert.Equal(PrintJobState.Sent, job.State);
        return job;
    }

    public static async Task<List<PushRecord>> PushRecordsAsync(this ServiceHarness harness)
    {
        await using var db = await harness.DbFactory.CreateDbContextAsync();
        return await db.PushRecords.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
    }
}
