namespace Portal.UnitTests.Features.Printers;

/// <summary>The three ways to connect a printer, against the in-process sandbox, and every way they fail.</summary>
public sealed class ConnectTests() : AlphaCompanyTests
{
    [Fact]
    public async Task Authorize_flow_lists_the_printer_as_active_with_thirty_days_of_access()
    {
        var (printerId, machineCode) = await Harness.ConnectByConsentAsync(OwnerId);

        var page = (await Harness.Get<PrinterQueries>().ListAsync(new PrinterListQuery())).Value!;
        var row = Assert.Single(page.Items);
        Assert.Equal(printerId, row.Id);
        Assert.Equal(machineCode, row.MachineCode);
        Assert.Equal(PrinterTokenBadge.Active, row.Badge);
        Assert.Equal(Harness.Clock.GetUtcNow().AddDays(30), row.AccessExpiresAt!.Value, TimeSpan.FromMinutes(1));
        var events = await Harness.EventsAsync(TenantId, printerId);
        Assert.Equal(PrinterTokenEventKind.Issued, Assert.Single(events).Kind);
        Assert.Equal("Alpha Noodles owner", events[0].ActorName);
        Assert.Equal(1, Sandbox.TokenRequests("authorization_code"));
    }

    [Fact]
    public async Task Declined_consent_ends_with_a_clear_message_and_no_token_request()
    {
        var (machineCode, _) = Sandbox.CreatePrinter();
        var begun = await Harness.Get<PrinterAuthorizeFlow>().BeginAuthorizeAsync();

        var callback = await Sandbox.ConsentAsync(begun.Value!, machineCode, approve: false);
        var result = await Harness.Get<PrinterAuthorizeFlow>().CompleteAuthorizeAsync(callback["code"], callback["state"], callback["error"]);

        AssertRefused(result, "declined");
        Assert.Equal(0, Sandbox.TokenRequests("authorization_code"));
    }

    public static TheoryData<string> BadStates => new() { "missing", "unknown", "expired", "reused", "other user", "other company" };

    [Theory]
    [MemberData(nameof(BadStates))]
    public async Task A_bad_state_is_refused_before_any_token_request(string kind)
    {
        var colleague = await Harness.AddUserAsync("colleague@a.test");
        await Harness.AddMemberAsync(TenantId, colleague, Portal.Data.Entities.TenantRole.Admin);

        var (stranger, _) = await Harness.AddCompanyAsync("stranger@b.test", "Beta Tea");
        var (machineCode, _) = Sandbox.CreatePrinter();
        Harness.SignIn(OwnerId);
        var begun = await Harness.Get<PrinterAuthorizeFlow>().BeginAuthorizeAsync();
        var callback = await Sandbox.ConsentAsync(begun.Value!, machineCode);
        var code = callback["code"];
        var state = callback["state"];
        string? expectedWords;
        switch (kind)
        {
            case "missing":
                state = null;
                expectedWords = "no state";
                break;
            case "unknown":
                state = PrinterSecrets.NewState();
                expectedWords = "unknown state";
                break;
            case "expired":
                Harness.Clock.Advance(TimeSpan.FromMinutes(11));
                expectedWords = "expired";
                break;
            case "reused":
                Assert.True((await Harness.Get<PrinterAuthorizeFlow>().CompleteAuthorizeAsync(code, state, null)).Succeeded);
                expectedWords = "already used";
                break;
            case "other user":
                Harness.SignIn(colleague);
                expectedWords = "someone else";
                break;
            default:
                Harness.SignIn(stranger);
                expectedWords = "unknown state";
                break;
        }

        var before = Sandbox.TokenRequests("authorization_code");
        var result = await Harness.Get<PrinterAuthorizeFlow>().CompleteAuthorizeAsync(code, state, null);

        AssertRefused(result, expectedWords);
        Assert.Equal(before, Sandbox.TokenRequests("authorization_code"));
    }

    [Fact]
    public async Task A_refused_code_reads_as_expired_or_used()
    {
        var (machineCode, _) = Sandbox.CreatePrinter();
        var callback = await Sandbox.ConsentAsync((await Harness.Get<PrinterAuthorizeFlow>().BeginAuthorizeAsync()).Value!, machineCode);

        var result = await Harness.Get<PrinterAuthorizeFlow>().CompleteAuthorizeAsync("not-a-code", callback["state"], null);

        AssertRefused(result, "code expired");
    }

    [Fact]
    public async Task A_code_older_than_600_seconds_is_refused()
    {
        var (machineCode, _) = Sandbox.CreatePrinter();
        var callback = await Sandbox.ConsentAsync((await Harness.Get<PrinterAuthorizeFlow>().BeginAuthorizeAsync()).Value!, machineCode);

        Harness.Clock.Advance(TimeSpan.FromSeconds(601));
        // The state lives as long as the code, so a late callback stops at the state, before any token request.
        var late = await Harness.Get<PrinterAuthorizeFlow>().CompleteAuthorizeAsync(callback["code"], callback["state"], null);
        // With a fresh state the stale code does reach the platform, which refuses it.
        var fresh = await Sandbox.ConsentAsync((await Harness.Get<PrinterAuthorizeFlow>().BeginAuthorizeAsync()).Value!, machineCode);
        var stale = await Harness.Get<PrinterAuthorizeFlow>().CompleteAuthorizeAsync(callback["code"], fresh["state"], null);

        Assert.Contains("expired", late.Error);
        Assert.Contains("code expired", stale.Error);
        Assert.Equal(1, Sandbox.TokenRequests("authorization_code"));
        Assert.Empty((await Harness.Get<PrinterQueries>().ListAsync(new PrinterListQuery())).Value!.Items);
    }

    [Fact]
    public async Task A_second_company_authorizing_a_held_printer_leaves_the_holder_with_the_live_tokens()
    {
        var (beta, _) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        var (printerId, machineCode) = await Harness.ConnectByConsentAsync(OwnerId);
        var before = await Harness.LoadPrinterAsync(TenantId, printerId);

        Harness.SignIn(beta);
        var callback = await Sandbox.ConsentAsync((await Harness.Get<PrinterAuthorizeFlow>().BeginAuthorizeAsync()).Value!, machineCode);
        var result = await Harness.Get<PrinterAuthorizeFlow>().CompleteAuthorizeAsync(callback["code"], callback["state"], null);
        // Past the platform's 2-hour grace for the replaced pair: only the new pair still works.
        Harness.Clock.Advance(TimeSpan.FromHours(3));

        Assert.Contains("another company", result.Error);
        Assert.Empty((await Harness.Get<PrinterQueries>().ListAsync(new PrinterListQuery())).Value!.Items);
        var after = await Harness.LoadPrinterAsync(TenantId, printerId);
        Assert.NotEqual(before.ProtectedAccessToken, after.ProtectedAccessToken);
        Assert.Equal(PrinterTokenState.Active, after.TokenState);
        var status = await Harness.Get<PrinterTokenKeeper>().CallAsync(TenantId, printerId, (client, token) => client.GetPrintStatusAsync(token, machineCode));
        Assert.NotNull(status);
        Assert.Equal(0, Sandbox.TokenRequests("refresh_token"));
        var handedOver = (await Harness.EventsAsync(TenantId, printerId)).Last(e => e.Kind == PrinterTokenEventKind.Reauthorized);
        Assert.Null(handedOver.ActorName);
        Assert.Contains("another company", handedOver.Detail);
        Assert.DoesNotContain("Beta", handedOver.Detail);
    }

    [Fact]
    public async Task A_printer_another_company_holds_is_refused_without_revealing_it()
    {
        var (beta, _) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        var (_, machineCode) = await Harness.ConnectByConsentAsync(OwnerId);

        Harness.SignIn(beta);
        var callback = await Sandbox.ConsentAsync((await Harness.Get<PrinterAuthorizeFlow>().BeginAuthorizeAsync()).Value!, machineCode);
        var result = await Harness.Get<PrinterAuthorizeFlow>().CompleteAuthorizeAsync(callback["code"], callback["state"], null);

        AssertRefused(result, "another company");
        Assert.DoesNotContain("Alpha", result.Error);
        Assert.Empty((await Harness.Get<PrinterQueries>().ListAsync(new PrinterListQuery())).Value!.Items);
    }

    [Fact]
    public async Task Authorizing_the_same_printer_again_renews_it_instead_of_binding_twice()
    {
        var (printerId, machineCode) = await Harness.ConnectByConsentAsync(OwnerId);
        var callback = await Sandbox.ConsentAsync((await Harness.Get<PrinterAuthorizeFlow>().BeginAuthorizeAsync()).Value!, machineCode);

        var again = await Harness.Get<PrinterAuthorizeFlow>().CompleteAuthorizeAsync(callback["code"], callback["state"], null);

        Assert.Equal(printerId, again.Value);
        Assert.Single((await Harness.Get<PrinterQueries>().ListAsync(new PrinterListQuery())).Value!.Items);
        Assert.Contains(await Harness.EventsAsync(TenantId, printerId), e => e.Kind == PrinterTokenEventKind.Reauthorized);
    }

    [Fact]
    public async Task Terminal_key_adds_the_printer_with_one_app_token_fetch()
    {
        var first = Sandbox.CreatePrinter();
        var second = Sandbox.CreatePrinter();

        var added = await Harness.Get<PrinterKeyConnection>().ConnectByTerminalKeyAsync(new TerminalKeyInput { MachineCode = first.MachineCode, Msign = first.Msign, Name = "Kitchen" });
        var addedToo = await Harness.Get<PrinterKeyConnection>().ConnectByTerminalKeyAsync(new TerminalKeyInput { MachineCode = second.MachineCode, Msign = second.Msign });

        Assert.True(added.Succeeded, added.Error);
        Assert.True(addedToo.Succeeded, addedToo.Error);
        Assert.Equal(1, Sandbox.TokenRequests("client_credentials"));
        var row = (await Harness.Get<PrinterQueries>().ListAsync(new PrinterListQuery(Search: "Kitchen"))).Value!.Items.Single();
        Assert.Equal(PrinterTokenBadge.AppToken, row.Badge);
        Assert.Equal(PrinterConnectionKind.TerminalKey, row.ConnectionKind);
    }

    [Fact]
    public async Task Terminal_key_failures_read_clearly()
    {
        var printer = Sandbox.CreatePrinter();

        var wrongKey = await Harness.Get<PrinterKeyConnection>().ConnectByTerminalKeyAsync(new TerminalKeyInput { MachineCode = printer.MachineCode, Msign = "wrongkey123" });
        var invalid = await Harness.Get<PrinterKeyConnection>().ConnectByTerminalKeyAsync(new TerminalKeyInput { MachineCode = "12 34", Msign = "" });
        Assert.True((await Harness.Get<PrinterKeyConnection>().ConnectByTerminalKeyAsync(new TerminalKeyInput { MachineCode = printer.MachineCode, Msign = printer.Msign })).Succeeded);
        var twice = await Harness.Get<PrinterKeyConnection>().ConnectByTerminalKeyAsync(new TerminalKeyInput { MachineCode = printer.MachineCode, Msign = printer.Msign });
        var (beta, _) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        var elsewhere = await Harness.Get<PrinterKeyConnection>().ConnectByTerminalKeyAsync(new TerminalKeyInput { MachineCode = printer.MachineCode, Msign = printer.Msign });

        Assert.Contains("do not match", wrongKey.Error);
        Assert.Contains("terminal number", invalid.Error);
        Assert.Contains("already connected to your company", twice.Error);
        Assert.False(elsewhere.Succeeded);
        Assert.Equal($"Printer {printer.MachineCode} is connected to another company. Ask them to revoke it first.", elsewhere.Error);
    }

    [Fact]
    public async Task Scan_code_connects_with_the_current_qr_key_or_the_label_key()
    {
        var byQr = Sandbox.CreatePrinter();
        var byLabel = Sandbox.CreatePrinter();

        var qr = await Harness.Get<PrinterKeyConnection>().ConnectByScanCodeAsync(new ScanCodeInput { MachineCode = byQr.MachineCode, Key = Sandbox.Admin.CurrentQrKey(byQr.MachineCode)!.Value.Key });
        var label = await Harness.Get<PrinterKeyConnection>().ConnectByScanCodeAsync(new ScanCodeInput { MachineCode = byLabel.MachineCode, Key = byLabel.Msign, KeyIsMsign = true, Name = "Bar" });
        var wrong = await Harness.Get<PrinterKeyConnection>().ConnectByScanCodeAsync(new ScanCodeInput { MachineCode = Sandbox.CreatePrinter().MachineCode, Key = "abcdef123456" });

        Assert.True(qr.Succeeded, qr.Error);
        Assert.True(label.Succeeded, label.Error);
        Assert.False(wrong.Succeeded);
        var rows = (await Harness.Get<PrinterQueries>().ListAsync(new PrinterListQuery())).Value!.Items;
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(PrinterConnectionKind.ScanCode, r.ConnectionKind));
        Assert.All(rows, r => Assert.Equal(PrinterTokenBadge.Active, r.Badge));
    }

    [Fact]
    public async Task Members_cannot_start_connecting()
    {
        var member = await Harness.AddUserAsync("member@a.test");
        await Harness.AddMemberAsync(TenantId, member, Portal.Data.Entities.TenantRole.Member);

        Harness.SignIn(member);
        var result = await Harness.Get<PrinterAuthorizeFlow>().BeginAuthorizeAsync();

        AssertRefused(result, "Owners and Admins");
    }
}
