namespace Portal.E2E.Flows;

/// <summary>Pushes from the sandbox's virtual printer reach the operators' callback inbox; the audit logs show who did what.</summary>
public sealed partial class PushAuditFlowTests(BrowserFixture fixture) : FlowTests(fixture)
{
    [GeneratedRegex(@"\b(\d{6,})\b")]
    private static partial Regex MachineCode();

    [Fact]
    public async Task A_printer_status_push_lands_in_the_inbox_and_both_audit_logs_show_the_connection()
    {
        var company = NewCompanyName("Push Noodles", 20);
        await using var merchant = await MerchantWithPrinterAsync("push-merchant", company);
        var printerUrl = merchant.Page.Url;
        var machineCode = MachineCode().Match(await merchant.Page.GetByText("Terminal number").First.InnerTextAsync()).Value;

        // The printer runs out of paper on the platform's side; the portal hears it by push (its URLs are registered
        // right after connecting, so the first switch may come before that and is repeated).
        var heard = false;
        for (var attempt = 0; attempt < 4 && !heard; attempt++)
        {
            await merchant.Page.GotoAsync($"sandbox/printers/{machineCode}");
            var stateButton = merchant.Page.GetByRole(AriaRole.Button, new() { Name = attempt % 2 == 0 ? "缺纸 Out of paper" : "在线 Online" });
            await stateButton.ClickAsync();
            await Assertions.Expect(stateButton).ToBeDisabledAsync(); // the switched-to state's button; the post has landed
            await merchant.Page.GotoAsync(printerUrl);
            await merchant.WaitForCircuitAsync();
            heard = await merchant.Page.GetByTestId("printer-online").InnerTextAsync() == (attempt % 2 == 0 ? "Out of paper" : "Online");
        }

        Assert.True(heard, "the status push did not reach the printer page");
        await merchant.Page.GotoAsync($"sandbox/printers/{machineCode}");
        await merchant.Page.GetByRole(AriaRole.Button, new() { Name = "短按 Short press (oauth_request)" }).ClickAsync();
        // The key press is a form post; it must be answered before the next navigation, which would cancel it.
        await Assertions.Expect(merchant.Page.GetByText("push(es) sent (oauth_request request1)")).ToBeVisibleAsync();

        await merchant.GoToAsync("audit");
        await Assertions.Expect(merchant.Page.GetByTestId("audit-action-text").Filter(new() { HasText = "Printer connected" })).ToBeVisibleAsync();
        await merchant.ScreenshotAsync("audit");
        await merchant.Page.GetByTestId("language-switch").ClickAsync();
        await Assertions.Expect(merchant.Page.GetByTestId("audit-action-text").Filter(new() { HasText = "已连接打印机" })).ToBeVisibleAsync();
        await merchant.ScreenshotAsync("audit-zh");

        await using var operatorSession = await NewSessionAsync("push-operator");
        await operatorSession.LogInAsync(BrowserFixture.OperatorEmail);
        await operatorSession.GoToAsync("operator/callbacks");
        var grid = operatorSession.Page.GetByTestId("callbacks-grid");
        await Assertions.Expect(grid).ToContainTextAsync(machineCode);
        await Assertions.Expect(grid).ToContainTextAsync("Key request");
        await Assertions.Expect(grid.GetByTestId("callback-outcome").Filter(new() { HasText = "Applied" }).First).ToBeVisibleAsync();

        // A push arriving while the inbox is open shows up without the refresh button or a reload.
        var keyRequests = grid.Locator("tr").Filter(new() { HasText = "Key request" });
        var shown = await keyRequests.CountAsync();
        await merchant.Page.GotoAsync($"sandbox/printers/{machineCode}");
        await merchant.Page.GetByRole(AriaRole.Button, new() { Name = "长按 Long press (oauth_request)" }).ClickAsync();
        await Assertions.Expect(keyRequests).ToHaveCountAsync(shown + 1);
        var statusRow = operatorSession.Page.Locator("tr").Filter(new() { HasText = "Printer status" }).Filter(new() { HasText = company }).First;
        await statusRow.GetByTestId("callback-open").ClickAsync();
        await Assertions.Expect(operatorSession.Page.GetByTestId("callback-fields")).ToContainTextAsync("machine_code");
        await operatorSession.Page.GetByTestId("callback-replay").ClickAsync();
        await Assertions.Expect(operatorSession.Page.GetByTestId("callback-replayed")).ToBeVisibleAsync();
        await operatorSession.ScreenshotAsync("callback-inbox");
        await operatorSession.Page.GetByTestId("language-switch").ClickAsync();
        await Assertions.Expect(operatorSession.Page.GetByTestId("callbacks-grid")).ToContainTextAsync("打印机状态");
        await operatorSession.ScreenshotAsync("callback-inbox-zh");

        await operatorSession.GoToAsync("operator/audit");
        await Assertions.Expect(operatorSession.Page.GetByTestId("audit-grid")).ToContainTextAsync(company);
        await operatorSession.ScreenshotAsync("operator-audit-zh");
    }
}
