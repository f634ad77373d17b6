using Portal.Features.Callbacks;
using Portal.Features.Printing;

namespace Portal.UnitTests.Features.Callbacks;

/// <summary>The push handler against real rows: verify, dedupe, record, apply — and the inbox's replay.</summary>
public sealed class PushHandlingTests
{
    private static ConfiguredApp Open => SandboxHost.OpenApp;

    [Fact]
    public async Task A_signed_status_push_updates_the_printer_and_tells_open_pages()
    {
        await using var harness = await PushTestKit.CreateHarnessAsync();
        var (_, tenant, printerId, machineCode) = await harness.AddAlphaPrinterAsync();
        var published = new ConcurrentQueue<LiveChange>();
        using var subscription = harness.Services.GetRequiredService<LiveChanges>().Subscribe(tenant, change =>
        {
            published.Enqueue(change);
            return Task.CompletedTask;
        });
        var pushedAt = harness.Clock.GetUtcNow().AddSeconds(-5);

        var receipt = await harness.ReceiveAsync(Open.ClientId, "oauth_printStatus", PushTestKit.StatusBody(Open, machineCode, 2, pushedAt));

        Assert.Equal(PushOutcome.Applied, receipt.Outcome);
        var printer = await harness.LoadPrinterAsync(tenant, printerId);
        Assert.Equal(PrinterOnlineState.OutOfPaper, printer.OnlineState);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(pushedAt.ToUnixTimeSeconds()), printer.OnlineCheckedAt);
        var record = Assert.Single(await harness.PushRecordsAsync());
        Assert.True(record.SignatureValid);
        Assert.Equal((tenant, printerId, machineCode), (record.TenantId!.Value, record.PrinterId!.Value, record.MachineCode));
        Assert.NotNull(record.DedupeKey);
        Assert.Contains("\"online\":\"2\"", record.Fields);
        Assert.DoesNotContain("sign", record.Fields.Replace("\"cmd\"", ""));
        await WaitUntilAsync(() => !published.IsEmpty);
        var change = Assert.Single(published);
        Assert.Equal((printerId, LiveChange.PrinterKind), (change.PrinterId!.Value, change.Kind));
    }

    [Fact]
    public async Task A_finish_push_turns_the_job_printed_once_and_replaying_it_changes_nothing()
    {
        await using var harness = await PushTestKit.CreateHarnessAsync();
        var (_, tenant, printerId, machineCode) = await harness.AddAlphaPrinterAsync();
        var job = await harness.SubmitSentJobAsync(tenant, printerId, "<center>Order 7</center>");
        var finish = PushTestKit.FinishBody(Open, machineCode, job.PlatformOrderId!.Value, job.OriginId, harness.Clock.GetUtcNow());

        var first = await harness.ReceiveAsync(Open.ClientId, "oauth_finish", finish);
        var again = await harness.ReceiveAsync(Open.ClientId, "oauth_finish", finish);
        harness.SignIn(await harness.AddUserAsync("op@portal.test", isOperator: true));
        var replayed = await harness.Get<CallbackInboxService>().ReplayAsync(first.RecordId);

        Assert.Equal((PushOutcome.Applied, PushOutcome.Duplicate), (first.Outcome, again.Outcome));
        Assert.Equal(PushOutcome.Ignored, replayed.Value);
        Assert.Equal(PrintJobState.Printed, (await harness.LoadJobAsync(tenant, job.Id)).State);
        Assert.Single(await harness.JobEventsAsync(tenant, job.Id), e => e.Kind == PrintJobEventKind.Printed);
        var record = (await harness.PushRecordsAsync())[0];
        Assert.Equal((job.Id, tenant, printerId), (record.JobId!.Value, record.TenantId!.Value, record.PrinterId!.Value));
        Assert.Contains("already Printed", record.Detail);
        Assert.NotNull(record.ReplayedAt);
    }

    [Fact]
    public async Task An_order_decision_push_lands_in_the_job_history()
    {
        await using var harness = await PushTestKit.CreateHarnessAsync();
        var (_, tenant, printerId, machineCode) = await harness.AddAlphaPrinterAsync();
        var job = await harness.SubmitSentJobAsync(tenant, printerId);

        var receipt = await harness.ReceiveAsync(Open.ClientId, "oauth_getOrder", PushTestKit.Body(Open, harness.Clock.GetUtcNow(),
            [("machine_code", machineCode), ("order_id", job.PlatformOrderId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("state", "0")]));

        Assert.Equal(PushOutcome.Applied, receipt.Outcome);
        Assert.Single(await harness.JobEventsAsync(tenant, job.Id), e => e.Kind == PrintJobEventKind.OrderRejected);
    }

    [Fact]
    public async Task A_bad_sign_is_rejected_recorded_and_not_acted_on()
    {
        await using var harness = await PushTestKit.CreateHarnessAsync();
        var (_, tenant, printerId, machineCode) = await harness.AddAlphaPrinterAsync();

        var receipt = await harness.ReceiveAsync(Open.ClientId, "oauth_printStatus",
            PushTestKit.StatusBody(Open, machineCode, 0, harness.Clock.GetUtcNow(), signWithSecret: "not-the-secret"));

        Assert.Equal(PushOutcome.Rejected, receipt.Outcome);
        var record = Assert.Single(await harness.PushRecordsAsync());
        Assert.False(record.SignatureValid);
        Assert.Null(record.DedupeKey);
        Assert.Null(record.PrinterId);
        Assert.Contains("sign", record.Detail);
        Assert.Equal(PrinterOnlineState.Unknown, (await harness.LoadPrinterAsync(tenant, printerId)).OnlineState);
    }

    [Fact]
    public async Task A_second_delivery_of_the_same_push_is_recorded_as_duplicate_and_not_applied_again()
    {
        await using var harness = await PushTestKit.CreateHarnessAsync();
        var (_, tenant, printerId, machineCode) = await harness.AddAlphaPrinterAsync();
        var published = 0;
        using var subscription = harness.Services.GetRequiredService<LiveChanges>().Subscribe(tenant, _ =>
        {
            Interlocked.Increment(ref published);
            return Task.CompletedTask;
        });
        var offline = PushTestKit.StatusBody(Open, machineCode, 0, harness.Clock.GetUtcNow().AddSeconds(-10));

        var first = await harness.ReceiveAsync(Open.ClientId, "oauth_printStatus", offline);
        var again = await harness.ReceiveAsync(Open.ClientId, "oauth_printStatus", offline);

        Assert.Equal(PushOutcome.Applied, first.Outcome);
        Assert.Equal(PushOutcome.Duplicate, again.Outcome);
        var records = await harness.PushRecordsAsync();
        Assert.Equal(2, records.Count);
        Assert.NotNull(records[0].DedupeKey);
        Assert.Null(records[1].DedupeKey);
        Assert.True(records[1].SignatureValid);
        await Task.Delay(200);
        Assert.Equal(1, published);
        Assert.Equal(PrinterOnlineState.Offline, (await harness.LoadPrinterAsync(tenant, printerId)).OnlineState);
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_push_apply_it_once()
    {
        await using var harness = await PushTestKit.CreateHarnessAsync();
        var (_, _, _, machineCode) = await harness.AddAlphaPrinterAsync();
        var body = PushTestKit.StatusBody(Open, machineCode, 1, harness.Clock.GetUtcNow());

        var receipts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => harness.ReceiveAsync(Open.ClientId, "oauth_printStatus", body))));

        Assert.Single(receipts, r => r.Outcome == PushOutcome.Applied);
        Assert.Equal(3, receipts.Count(r => r.Outcome == PushOutcome.Duplicate));
    }

    [Fact]
    public async Task A_push_for_a_printer_not_connected_here_is_recorded_as_unknown_printer()
    {
        await using var harness = await PushTestKit.CreateHarnessAsync();

        var receipt = await harness.ReceiveAsync(Open.ClientId, "oauth_finish", PushTestKit.FinishBody(Open, "4004999999", 2540000001, "abc123", harness.Clock.GetUtcNow()));

        Assert.Equal(PushOutcome.UnknownPrinter, receipt.Outcome);
        var record = Assert.Single(await harness.PushRecordsAsync());
        Assert.True(record.SignatureValid);
        Assert.NotNull(record.AppId);
        Assert.Null(record.TenantId);
    }

    [Fact]
    public async Task A_push_for_an_unknown_app_is_rejected()
    {
        await using var harness = await PushTestKit.CreateHarnessAsync();
        var stranger = Open with { ClientId = "9999999999" };

        var receipt = await harness.ReceiveAsync(stranger.ClientId, "oauth_printStatus", PushTestKit.StatusBody(stranger, "4004000001", 1, harness.Clock.GetUtcNow()));

        Assert.Equal(PushOutcome.Rejected, receipt.Outcome);
        var record = Assert.Single(await harness.PushRecordsAsync());
        Assert.Equal(("9999999999", false, (Guid?)null), (record.ClientId, record.SignatureValid, record.AppId));
    }

    [Fact]
    public async Task Malformed_pushes_are_rejected_with_the_reason()
    {
        await using var harness = await PushTestKit.CreateHarnessAsync();
        var now = harness.Clock.GetUtcNow();
        var client = Open.ClientId;

        var notJson = await harness.ReceiveAsync(client, "oauth_finish", "{\"machine_code\": ");
        var noMachine = await harness.ReceiveAsync(client, "oauth_printStatus", PushTestKit.Body(Open, now, [("online", "1")]));
        var notNumber = await harness.ReceiveAsync(client, "oauth_finish", PushTestKit.Body(Open, now, [("machine_code", "4004000001"), ("order_id", "x"), ("state", "1")]));
        var wrongUrl = await harness.ReceiveAsync(client, "oauth_finish", PushTestKit.StatusBody(Open, "4004000001", 1, now));
        var tooLong = await harness.ReceiveAsync(client, "oauth_finish", null);
        var noTime = await harness.ReceiveAsync(client, "oauth_finish", "machine_code=4004000001&order_id=1&state=1");

        Assert.All([notJson, noMachine, notNumber, wrongUrl, tooLong, noTime], r => Assert.Equal(PushOutcome.Rejected, r.Outcome));
        Assert.Contains("machine_code", noMachine.Detail);
        Assert.Contains("order_id", notNumber.Detail);
        Assert.Contains("oauth_printStatus", wrongUrl.Detail);
        Assert.Contains("push_time", noTime.Detail);
        var records = await harness.PushRecordsAsync();
        Assert.Equal(6, records.Count);
        // The sign was right for the two whose fields were wrong: the inbox tells "well signed, badly formed" apart.
        Assert.Equal([false, true, true, true, false, false], records.Select(r => r.SignatureValid));
        Assert.All(records, r => Assert.Null(r.DedupeKey));
    }

    [Fact]
    public async Task An_older_status_does_not_overwrite_a_newer_one()
    {
        await using var harness = await PushTestKit.CreateHarnessAsync();
        var (_, tenant, printerId, machineCode) = await harness.AddAlphaPrinterAsync();
        var now = harness.Clock.GetUtcNow();

        await harness.ReceiveAsync(Open.ClientId, "oauth_printStatus", PushTestKit.StatusBody(Open, machineCode, 1, now));
        var late = await harness.ReceiveAsync(Open.ClientId, "oauth_printStatus", PushTestKit.StatusBody(Open, machineCode, 0, now.AddMinutes(-1)));

        Assert.Equal(PushOutcome.Ignored, late.Outcome);
        Assert.Equal(PrinterOnlineState.Online, (await harness.LoadPrinterAsync(tenant, printerId)).OnlineState);
    }

    [Fact]
    public async Task A_key_request_is_noted_against_its_printer()
    {
        await using var harness = await PushTestKit.CreateHarnessAsync();
        var (_, tenant, printerId, machineCode) = await harness.AddAlphaPrinterAsync();

        var receipt = await harness.ReceiveAsync(Open.ClientId, "oauth_request",
            PushTestKit.Body(Open, harness.Clock.GetUtcNow(), [("machine_code", machineCode), ("state", "request2")]));

        Assert.Equal(PushOutcome.Ignored, receipt.Outcome);
        Assert.Contains("Long key press", receipt.Detail);
        var record = Assert.Single(await harness.PushRecordsAsync());
        Assert.Equal((tenant, printerId), (record.TenantId!.Value, record.PrinterId!.Value));
    }

    [Fact]
    public async Task Replaying_a_push_whose_printer_was_connected_later_applies_it_and_is_audited()
    {
        await using var harness = await PushTestKit.CreateHarnessAsync();
        var (owner, tenant) = await harness.AddAlphaAsync();
        var operatorId = await harness.AddUserAsync("op@portal.test", isOperator: true, trueName: "Olga Operator");
        var (machineCode, _) = harness.Sandbox!.CreatePrinter();
        var early = await harness.ReceiveAsync(Open.ClientId, "oauth_printStatus", PushTestKit.StatusBody(Open, machineCode, 2, harness.Clock.GetUtcNow()));
        Assert.Equal(PushOutcome.UnknownPrinter, early.Outcome);
        var printerId = await ConnectAsync(harness, owner, machineCode);
        harness.Clock.Advance(TimeSpan.FromMinutes(3));
        harness.SignIn(operatorId);

        var replayed = await harness.Get<CallbackInboxService>().ReplayAsync(early.RecordId);

        Assert.True(replayed.Succeeded, replayed.Error);
        Assert.Equal(PushOutcome.Applied, replayed.Value);
        Assert.Equal(PrinterOnlineState.OutOfPaper, (await harness.LoadPrinterAsync(tenant, printerId)).OnlineState);
        var record = Assert.Single(await harness.PushRecordsAsync());
        Assert.Equal((PushOutcome.Applied, harness.Clock.GetUtcNow(), printerId), (record.Outcome, record.ReplayedAt!.Value, record.PrinterId!.Value));
        await using var db = await harness.DbFactory.CreateForTenantAsync(tenant);
        var audit = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "callback.replayed");
        Assert.True(audit.CrossTenant);
        Assert.Equal("Olga Operator", audit.ActorName);
    }

    [Fact]
    public async Task Only_operators_replay_and_only_verified_pushes()
    {
        await using var harness = await PushTestKit.CreateHarnessAsync();
        var (owner, _, _, machineCode) = await harness.AddAlphaPrinterAsync();
        var verified = await harness.ReceiveAsync(Open.ClientId, "oauth_printStatus", PushTestKit.StatusBody(Open, machineCode, 1, harness.Clock.GetUtcNow()));
        var forged = await harness.ReceiveAsync(Open.ClientId, "oauth_printStatus", PushTestKit.StatusBody(Open, machineCode, 0, harness.Clock.GetUtcNow(), "forged"));

        harness.SignIn(owner);
        var byMerchant = await harness.Get<CallbackInboxService>().ReplayAsync(verified.RecordId);
        harness.SignIn(await harness.AddUserAsync("op@portal.test", isOperator: true));
        var ofForged = await harness.Get<CallbackInboxService>().ReplayAsync(forged.RecordId);

        Assert.Equal("Only platform operators can do this.", byMerchant.Error);
        Assert.Equal("Only pushes whose signature was verified can be replayed.", ofForged.Error);
        Assert.All(await harness.PushRecordsAsync(), r => Assert.Null(r.ReplayedAt));
    }

    [Fact]
    public async Task The_inbox_lists_filters_and_shows_a_push_to_operators_only()
    {
        await using var harness = await PushTestKit.CreateHarnessAsync();
        var (owner, _, _, machineCode) = await harness.AddAlphaPrinterAsync();
        var now = harness.Clock.GetUtcNow();
        for (var i = 0; i < 30; i++)
        {
            await harness.ReceiveAsync(Open.ClientId, "oauth_printStatus", PushTestKit.StatusBody(Open, machineCode, i % 2, now.AddSeconds(i)));
        }

        await harness.ReceiveAsync(Open.ClientId, "oauth_finish", PushTestKit.FinishBody(Open, "4004999999", 1, "o1", now));
        await harness.ReceiveAsync(Open.ClientId, "oauth_printStatus", PushTestKit.StatusBody(Open, machineCode, 1, now, "forged"));

        harness.SignIn(owner);
        Assert.False((await harness.Get<CallbackInboxService>().ListAsync(new CallbackQuery(null, null, 0, 25))).Succeeded);
        harness.SignIn(await harness.AddUserAsync("op@portal.test", isOperator: true));
        var inbox = harness.Get<CallbackInboxService>();
        var first = (await inbox.ListAsync(new CallbackQuery(null, null, 0, 25))).Value!;
        var second = (await inbox.ListAsync(new CallbackQuery(null, null, 1, 25))).Value!;
        var finishes = (await inbox.ListAsync(new CallbackQuery("oauth_finish", null, 0, 25))).Value!;
        var rejected = (await inbox.ListAsync(new CallbackQuery(null, PushOutcome.Rejected, 0, 25))).Value!;

        Assert.Equal(32, first.TotalCount);
        Assert.Equal(25, first.Items.Count);
        Assert.Equal(7, second.Items.Count);
        Assert.Empty(first.Items.Select(r => r.Id).Intersect(second.Items.Select(r => r.Id)));
        Assert.Equal(PushOutcome.UnknownPrinter, Assert.Single(finishes.Items).Outcome);
        var forged = Assert.Single(rejected.Items);
        Assert.False(forged.SignatureValid);
        var applied = first.Items.First(r => r.Outcome == PushOutcome.Applied);
        Assert.Equal(("Alpha Noodles", machineCode, SandboxHost.OpenApp.Name), (applied.CompanyName, applied.PrinterName, applied.AppName));
        var detail = (await inbox.GetAsync(applied.Id)).Value!;
        Assert.Contains(detail.Fields, f => f.Key == "machine_code" && f.Value == machineCode);
        Assert.DoesNotContain(detail.Fields, f => f.Key == "sign");
        Assert.True(detail.CanReplay);
        Assert.False((await inbox.GetAsync(forged.Id)).Value!.CanReplay);
    }

    /// <summary>Connects the sandbox printer <paramref name="machineCode"/> through the consent page.</summary>
    private static async Task<Guid> ConnectAsync(ServiceHarness harness, string userId, string machineCode)
    {
        harness.SignIn(userId);
        var begun = await harness.Get<PrinterAuthorizeFlow>().BeginAuthorizeAsync();
        var callback = await harness.Sandbox!.ConsentAsync(begun.Value!, machineCode);
        var completed = await harness.Get<PrinterAuthorizeFlow>().CompleteAuthorizeAsync(callback["code"], callback["state"], callback["error"]);
        Assert.True(completed.Succeeded, completed.Error);
        return completed.Value;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
