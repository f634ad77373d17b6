namespace Portal.E2E.Flows;

/// <summary>
/// The whole story of one merchant in Chromium: sign up, set up a company, connect a sandbox printer, write a receipt
/// with the toolbar, watch the preview, print, see the job turn Printed by push on the open page, find the receipt on
/// the virtual printer, revoke the printer, and find both in the audit log. Told on SQLite
/// (<see cref="PrintStoryFlowTests"/>) and on PostgreSQL (<see cref="PostgresPrintStoryFlowTests"/>).
/// </summary>
public abstract partial class PrintStoryFlow(BrowserFixture fixture) : FlowTests(fixture)
{
    private const string PrinterName = "Story printer";
    private const string QrAddress = "https://e2e.test/story/42";

    [GeneratedRegex(@"/printers/([0-9a-f-]{36})")]
    private static partial Regex PrinterAddress();

    /// <param name="name">The merchant's session, which names the screenshots.</param>
    protected async Task TellAsync(string name)
    {
        await using var merchant = await MerchantWithCompanyAsync(name, NewCompanyName("Story Noodles"));
        var page = merchant.Page;

        // Connect a new virtual printer on the sandbox's consent page.
        await merchant.OpenSandboxConsentAsync();
        await merchant.ScreenshotAsync("1-consent");
        await merchant.ApproveSandboxConsentAsync(PrinterName);
        var printerId = PrinterAddress().Match(page.Url).Groups[1].Value;
        Assert.NotEmpty(printerId);
        var machineCode = (await page.GetByTestId("printer-machine-code").TextContentAsync())!.Trim();

        // The print page: choose the printer in the picker.
        await merchant.GoToAsync("print");
        await page.GetByTestId("printer-picker").FillAsync("Story");
        await page.GetByTestId("printer-picker-item").Filter(new() { HasText = PrinterName }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("printer-picker-chip")).ToContainTextAsync(PrinterName);

        // Write the receipt with the toolbar: a bold, centered shop name; a table; a large order line; a QR code.
        var editor = page.GetByTestId("print-content");
        await editor.FillAsync("Story Noodles");
        // After each toolbar insert the editor gets the focus back (and the selection) one round trip after the new
        // text: keys pressed before that would land where the restored selection then overwrites them.
        await editor.PressAsync("Control+A");
        await page.GetByTestId("toolbar-bold").ClickAsync();
        await Assertions.Expect(editor).ToHaveValueAsync("<FB>Story Noodles</FB>");
        await Assertions.Expect(editor).ToBeFocusedAsync();
        await editor.PressAsync("Control+A");
        await page.GetByTestId("toolbar-center").ClickAsync();
        await Assertions.Expect(editor).ToHaveValueAsync("<center><FB>Story Noodles</FB></center>");
        await Assertions.Expect(editor).ToBeFocusedAsync();
        await editor.PressAsync("Control+End");
        await page.GetByTestId("toolbar-table").ClickAsync();
        await page.GetByTestId("toolbar-table-3").ClickAsync();
        const string table = "<table><tr><td>Item</td><td>Qty</td><td>Amount</td></tr>\n<tr><td>Beef noodles</td><td>x1</td><td>28.00</td></tr></table>";
        await Assertions.Expect(editor).ToHaveValueAsync($"<center><FB>Story Noodles</FB></center>\n{table}");
        await Assertions.Expect(editor).ToBeFocusedAsync();
        await editor.PressAsync("Control+End");
        await editor.PressAsync("Enter");
        await page.GetByTestId("toolbar-size").ClickAsync();
        await page.GetByTestId("toolbar-size-FS").ClickAsync();
        await Assertions.Expect(editor).ToHaveValueAsync($"<center><FB>Story Noodles</FB></center>\n{table}\n<FS>Large text</FS>");
        // The sample is selected once the editor has the focus back (a round trip after the click): typing replaces it.
        await Assertions.Expect(editor).ToBeFocusedAsync();
        // The menu's button has the focus for a moment after the entry: its tooltip must not open over the editor.
        await Assertions.Expect(page.Locator(".mud-tooltip.mud-popover-open")).ToHaveCountAsync(0);
        await page.Keyboard.TypeAsync("Order 42");
        await editor.PressAsync("Control+End");
        await editor.PressAsync("Enter");
        await page.GetByTestId("toolbar-qr").ClickAsync();
        await Assertions.Expect(editor).ToHaveValueAsync(new Regex("<QR>https://example.com</QR>$"));
        await Assertions.Expect(editor).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(QrAddress);
        var written = $"<center><FB>Story Noodles</FB></center>\n{table}\n<FS>Order 42</FS>\n<QR>{QrAddress}</QR>";
        await Assertions.Expect(editor).ToHaveValueAsync(written);

        // The live preview draws it: the centered bold name, the table's cells, the large line, the QR code.
        var preview = page.GetByTestId("preview-paper");
        var nameLine = preview.Locator(".ylr-line.ylr-center").Filter(new() { HasText = "Story Noodles" });
        await Assertions.Expect(nameLine).ToHaveCountAsync(1);
        await Assertions.Expect(nameLine.Locator("span[style*='font-weight: 700']").First).ToContainTextAsync("Story Noodles");
        await Assertions.Expect(preview.Locator(".ylr-line").Filter(new() { HasText = "28.00" })).ToContainTextAsync("Beef noodle");
        await Assertions.Expect(preview.Locator(".ylr-line").Filter(new() { HasText = "Order 42" })).ToHaveCountAsync(1);
        await Assertions.Expect(preview.Locator($"img[alt='QR: {QrAddress}']")).ToBeVisibleAsync();
        await merchant.ScreenshotAsync("2-written");

        // Print, then open the job: it is Sent, and turns Printed on this same page when the sandbox's push arrives.
        await page.GetByTestId("print-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("print-result")).ToHaveAttributeAsync("data-outcome", "success");
        await page.GetByTestId("print-result-link").ClickAsync();
        await page.WaitForURLAsync("**/print/jobs/*");
        await merchant.WaitForCircuitAsync();
        var state = page.GetByTestId("job-state");
        await Assertions.Expect(state).ToHaveAttributeAsync("data-state", new Regex("^(Sent|Printed)$"));
        await page.EvaluateAsync("() => window.storyPageMark = 'still here'");
        await merchant.ScreenshotAsync("3-job-sent");
        await Assertions.Expect(state).ToHaveAttributeAsync("data-state", "Printed", new() { Timeout = 30_000 });
        await Assertions.Expect(state).ToContainTextAsync("Printed");
        Assert.Equal("still here", await page.EvaluateAsync<string?>("() => window.storyPageMark"));
        await Assertions.Expect(page.GetByTestId("job-receipt")).ToContainTextAsync("Story Noodles");
        await merchant.ScreenshotAsync("4-job-printed");

        // The virtual printer holds the receipt, drawn from the markup it received.
        await page.GotoAsync($"sandbox/printers/{machineCode}");
        var receipts = page.Locator(".sb-receipts .sb-card").First;
        await Assertions.Expect(receipts).ToContainTextAsync("已打印 printed");
        await Assertions.Expect(receipts.Locator(".ylr-line.ylr-center")).ToContainTextAsync("Story Noodles");
        await Assertions.Expect(receipts.Locator(".ylr-line").Filter(new() { HasText = "28.00" })).ToContainTextAsync("Beef noodle");
        await Assertions.Expect(receipts.Locator(".ylr-line").Filter(new() { HasText = "Order 42" })).ToHaveCountAsync(1);
        await Assertions.Expect(receipts.Locator($"img[alt='QR: {QrAddress}']")).ToBeVisibleAsync();
        await merchant.ScreenshotAsync("5-sandbox-printer");

        // Revoke with confirmation: the dialog names the printer; afterwards it is Revoked.
        await merchant.GoToAsync($"printers/{printerId}");
        await page.GetByTestId("printer-revoke").ClickAsync();
        await Assertions.Expect(page.GetByTestId("revoke-dialog-printer")).ToContainTextAsync(PrinterName);
        await Assertions.Expect(page.GetByTestId("revoke-dialog-printer")).ToContainTextAsync(machineCode);
        await merchant.ScreenshotAsync("6-revoke-dialog");
        await page.GetByTestId("revoke-dialog-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("revoke-dialog-result")).ToBeVisibleAsync();
        await page.GetByTestId("revoke-dialog-close").ClickAsync();
        await Assertions.Expect(page.GetByTestId("token-lifecycle").GetByTestId("token-badge")).ToHaveTextAsync("Revoked");
        await Assertions.Expect(page.GetByTestId("printer-print")).ToHaveCountAsync(0);
        await merchant.ScreenshotAsync("7-revoked");

        // The print page refuses it: opened for this printer it says why, and the picker lists it as not choosable.
        await merchant.GoToAsync($"print?printer={printerId}");
        await Assertions.Expect(page.GetByTestId("print-preselect-problem")).ToContainTextAsync($"{PrinterName} was revoked and cannot print.");
        await Assertions.Expect(page.GetByTestId("printer-picker-chip")).ToHaveCountAsync(0);
        await page.GetByTestId("printer-picker").FillAsync("Story");
        var refused = page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = PrinterName });
        await Assertions.Expect(refused).ToContainTextAsync("Revoked: connect it again to print");
        await Assertions.Expect(refused).ToHaveClassAsync(new Regex("mud-list-item-disabled"));
        await Assertions.Expect(page.GetByTestId("printer-picker-item")).ToHaveCountAsync(0);
        await merchant.ScreenshotAsync("8-print-refused");

        // The audit log lists the print and the revocation.
        await merchant.GoToAsync("audit");
        var actions = page.GetByTestId("audit-action-text");
        await Assertions.Expect(actions.Filter(new() { HasText = "Receipt sent to print" })).ToHaveCountAsync(1);
        await Assertions.Expect(actions.Filter(new() { HasText = "Printer access revoked" })).ToHaveCountAsync(1);
        await merchant.ScreenshotAsync("9-audit");
        await page.GetByTestId("language-switch").ClickAsync();
        await Assertions.Expect(actions.Filter(new() { HasText = "已发送小票打印" })).ToHaveCountAsync(1);
        await Assertions.Expect(actions.Filter(new() { HasText = "打印机授权已撤销" })).ToHaveCountAsync(1);
        await merchant.ScreenshotAsync("9-audit-zh");
    }
}

public sealed class PrintStoryFlowTests(BrowserFixture fixture) : PrintStoryFlow(fixture)
{
    [Fact]
    public Task A_merchant_prints_a_toolbar_receipt_sees_it_printed_live_then_revokes_the_printer_and_the_audit_shows_both() =>
        TellAsync("print-story");
}

/// <summary>The same story against a portal started on PostgreSQL.</summary>
public sealed class PostgresPrintStoryFlowTests(PostgresBrowserFixture fixture) : PrintStoryFlow(fixture)
{
    [PostgresFact]
    public Task On_postgres_a_merchant_signs_up_prints_a_toolbar_receipt_then_revokes_the_printer_and_the_audit_shows_both() =>
        TellAsync("print-story-postgres");
}
