namespace Portal.E2E.Flows;

/// <summary>The print form in Chromium: the toolbar writes markup, the preview draws it, the receipt prints on a sandbox printer.</summary>
public sealed partial class PrintFormFlowTests(BrowserFixture fixture) : FlowTests(fixture)
{
    [GeneratedRegex(@"(^|/)print/jobs/[0-9a-f-]{36}$")]
    private static partial Regex JobAddress();

    [Fact]
    public async Task A_receipt_written_with_the_toolbar_is_previewed_and_printed_on_a_sandbox_printer()
    {
        await using var merchant = await MerchantWithPrinterAsync("print-form", NewCompanyName("Golden Bowl"), printerName: "E2E printer");

        // The printer list's Print button opens the form with the printer chosen.
        await merchant.GoToAsync("printers");
        await merchant.Page.GetByTestId("printer-print").ClickAsync();
        await merchant.Page.WaitForURLAsync("**/print?printer=*");
        await merchant.WaitForCircuitAsync();
        await Assertions.Expect(merchant.Page.GetByTestId("printer-picker-chip")).ToContainTextAsync("E2E printer");

        // Nothing written yet: the form says so before sending anything.
        await merchant.Page.GetByTestId("print-submit").ClickAsync();
        await Assertions.Expect(merchant.Page.GetByTestId("print-errors")).ToContainTextAsync("The receipt is empty.");

        var editor = merchant.Page.GetByTestId("print-content");
        await editor.FillAsync("Golden Bowl");
        await editor.PressAsync("Control+A");
        await merchant.Page.GetByTestId("toolbar-bold").ClickAsync();
        await Assertions.Expect(editor).ToHaveValueAsync("<FB>Golden Bowl</FB>");
        // The editor gets the focus and the selection back a round trip after the new text; keys wait for that.
        await Assertions.Expect(editor).ToBeFocusedAsync();
        await editor.PressAsync("End");
        await editor.PressAsync("Enter");
        await Assertions.Expect(editor).ToHaveValueAsync("<FB>Golden Bowl</FB>\n");
        await merchant.Page.GetByTestId("toolbar-qr").ClickAsync();
        await Assertions.Expect(editor).ToHaveValueAsync("<FB>Golden Bowl</FB>\n<QR>https://example.com</QR>");
        // The sample address is selected once the focus is back: typing replaces it.
        await Assertions.Expect(editor).ToBeFocusedAsync();
        await merchant.Page.Keyboard.TypeAsync("https://e2e.test/o/42");
        await Assertions.Expect(editor).ToHaveValueAsync("<FB>Golden Bowl</FB>\n<QR>https://e2e.test/o/42</QR>");

        var preview = merchant.Page.GetByTestId("preview-paper");
        await Assertions.Expect(preview.Locator(".ylr-line span[style*='font-weight: 700']").First).ToContainTextAsync("G");
        await Assertions.Expect(preview.Locator("img[alt='QR: https://e2e.test/o/42']")).ToBeVisibleAsync();
        await merchant.ScreenshotAsync("print-form");

        // The theme switch reloads the page; the unsent receipt comes back with it.
        await merchant.Page.GetByTestId("theme-switch").ClickAsync();
        await Assertions.Expect(merchant.Page.GetByTestId("print-draft-restored")).ToBeVisibleAsync();
        await Assertions.Expect(editor).ToHaveValueAsync("<FB>Golden Bowl</FB>\n<QR>https://e2e.test/o/42</QR>");
        await Assertions.Expect(preview.Locator("img[alt='QR: https://e2e.test/o/42']")).ToBeVisibleAsync();
        await merchant.ScreenshotAsync("print-draft-restored-dark");
        await merchant.Page.GetByTestId("theme-switch").ClickAsync();
        await Assertions.Expect(merchant.Page.GetByTestId("print-draft-restored")).ToBeVisibleAsync();
        await Assertions.Expect(merchant.Page.GetByTestId("printer-picker-chip")).ToContainTextAsync("E2E printer");
        // The switch reloaded the page: a click on the prerendered button before the circuit is up would be lost.
        await merchant.WaitForCircuitAsync();

        await merchant.Page.GetByTestId("print-submit").ClickAsync();
        var result = merchant.Page.GetByTestId("print-result");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-outcome", "success");
        await Assertions.Expect(result).ToContainTextAsync("E2E printer");
        // Nothing typed is lost after printing.
        await Assertions.Expect(editor).ToHaveValueAsync("<FB>Golden Bowl</FB>\n<QR>https://e2e.test/o/42</QR>");
        await merchant.ScreenshotAsync("print-result");

        await merchant.Page.GetByTestId("preview-paper-80").ClickAsync();
        await Assertions.Expect(preview.Locator(".ylr-paper")).ToHaveAttributeAsync("data-paper", "80");
        await merchant.Page.GetByTestId("language-switch").ClickAsync();
        await merchant.WaitForCircuitAsync();
        await merchant.Page.GetByTestId("theme-switch").ClickAsync();
        await Assertions.Expect(merchant.Page.GetByTestId("print-submit")).ToContainTextAsync("打印");
        // What was printed is not a draft any more.
        await Assertions.Expect(editor).ToHaveValueAsync("");
        await Assertions.Expect(merchant.Page.GetByTestId("print-draft-restored")).ToHaveCountAsync(0);
        await merchant.ScreenshotAsync("print-form-zh-dark");

        await merchant.GoToAsync("print");
        await merchant.Page.GetByTestId("print-template-menu").ClickAsync();
        await merchant.Page.GetByTestId("print-template-item").First.ClickAsync();
        await Assertions.Expect(merchant.Page.GetByTestId("print-placeholder-order_no")).ToBeVisibleAsync();
        await Assertions.Expect(preview.Locator(".ylr-line").First).ToBeVisibleAsync();
        await merchant.ScreenshotAsync("print-template-zh-dark");
    }

    [Fact]
    public async Task Keys_typed_while_a_toolbar_button_is_on_its_round_trip_go_where_it_leaves_the_cursor()
    {
        await using var merchant = await MerchantWithPrinterAsync("print-toolbar-typing", NewCompanyName("Noodle Bar"), printerName: "E2E printer");
        var server = await ServerHold.InstallAsync(merchant.Page);
        await merchant.GoToAsync("print");
        var editor = merchant.Page.GetByTestId("print-content");
        await editor.FillAsync("Golden Bowl");
        await editor.PressAsync("Control+End");
        await editor.PressAsync("Enter");

        // A slow connection: the page has told the server its text and cursor, and the user types before the answer
        // arrives. The focus is on the button by then, where a space would click it again.
        var holding = server.HoldAfterPageSendsAsync("\"text\":\"Golden Bowl\\n\"");
        await merchant.Page.GetByTestId("toolbar-bold").ClickAsync();
        await holding;
        await merchant.Page.Keyboard.TypeAsync("Beef noodles x1");
        await Assertions.Expect(editor).ToHaveValueAsync("Golden Bowl\n");
        server.Release();

        // The bold sample is selected when the answer lands, so the keys replace it.
        await Assertions.Expect(editor).ToHaveValueAsync("Golden Bowl\n<FB>Beef noodles x1</FB>");
        await Assertions.Expect(editor).ToBeFocusedAsync();
        await editor.PressAsync("End");
        await editor.PressAsync("Enter");

        // Backspace is held and replayed too.
        holding = server.HoldAfterPageSendsAsync("</FB>\\n\"");
        await merchant.Page.GetByTestId("toolbar-qr").ClickAsync();
        await holding;
        await merchant.Page.Keyboard.TypeAsync("https://e2e.test/o/77");
        await merchant.Page.Keyboard.PressAsync("Backspace");
        server.Release();
        await Assertions.Expect(editor).ToHaveValueAsync("Golden Bowl\n<FB>Beef noodles x1</FB>\n<QR>https://e2e.test/o/7</QR>");

        // Typing goes on from there, and the preview has it all.
        await merchant.Page.Keyboard.TypeAsync("?x=1");
        await Assertions.Expect(editor).ToHaveValueAsync("Golden Bowl\n<FB>Beef noodles x1</FB>\n<QR>https://e2e.test/o/7?x=1</QR>");
        await Assertions.Expect(merchant.Page.GetByTestId("preview-paper")).ToContainTextAsync("Beef noodles x1");
    }

    [Fact]
    public async Task The_printed_receipt_links_to_its_job()
    {
        await using var merchant = await MerchantWithPrinterAsync("print-job-link", NewCompanyName("Tea Room"), printerName: "E2E printer");
        await merchant.GoToAsync("printers");
        await merchant.Page.GetByTestId("printer-link").ClickAsync();
        // The printer page's Print button works once its circuit is up; a click on the prerendered button is lost.
        await Assertions.Expect(merchant.Page.GetByTestId("token-lifecycle")).ToBeVisibleAsync();
        await merchant.WaitForCircuitAsync();
        await merchant.Page.GetByTestId("printer-print").ClickAsync();
        await merchant.Page.WaitForURLAsync("**/print?printer=*");
        await merchant.WaitForCircuitAsync();

        await merchant.Page.GetByTestId("print-content").FillAsync("<center>Queue A042</center>");
        await merchant.Page.GetByTestId("print-submit").ClickAsync();

        var link = merchant.Page.GetByTestId("print-result-link");
        await Assertions.Expect(link).ToHaveAttributeAsync("href", JobAddress());

        // A built-in example copied to the company's templates, then offered on the print page.
        await merchant.GoToAsync("print/templates");
        await merchant.Page.GetByTestId("builtin-copy").First.ClickAsync();
        await Assertions.Expect(merchant.Page.GetByTestId("template-name")).ToHaveValueAsync("Takeaway order");
        await merchant.Page.GetByTestId("template-save").ClickAsync();
        await merchant.Page.WaitForURLAsync(new Regex(@"/print/templates/[0-9a-f-]{36}$"));
        await Assertions.Expect(merchant.Page.GetByTestId("template-placeholder").First).ToHaveTextAsync("{shop}");
        await merchant.ScreenshotAsync("template-edit");
        await merchant.GoToAsync("print/templates");
        await Assertions.Expect(merchant.Page.GetByTestId("template-link")).ToHaveTextAsync("Takeaway order");
        await merchant.ScreenshotAsync("templates");
        await merchant.GoToAsync("print");
        await merchant.Page.GetByTestId("print-template-menu").ClickAsync();
        await Assertions.Expect(merchant.Page.GetByTestId("print-template-item").Last).ToHaveTextAsync("Takeaway order");
    }
}
