namespace Portal.E2E.Flows;

/// <summary>Connecting printers through the portal's own sandbox, in Chromium.</summary>
public sealed class PrinterFlowTests(BrowserFixture fixture) : FlowTests(fixture)
{
    [Fact]
    public async Task A_merchant_connects_a_printer_on_the_consent_page_and_sees_it_active_for_thirty_days()
    {
        await using var merchant = await MerchantWithCompanyAsync("printer-consent");
        await merchant.GoToAsync("printers");
        await Assertions.Expect(merchant.Page.GetByTestId("printers-empty")).ToBeVisibleAsync();
        await merchant.ScreenshotAsync("printers-empty");

        await merchant.OpenSandboxConsentAsync();
        await merchant.ScreenshotAsync("sandbox-consent");
        await merchant.ApproveSandboxConsentAsync();

        await Assertions.Expect(merchant.Page.GetByTestId("token-lifecycle").GetByTestId("token-badge")).ToHaveTextAsync("Active");
        await merchant.ScreenshotAsync("printer-page");

        await merchant.GoToAsync("printers");
        await Assertions.Expect(merchant.Page.GetByTestId("token-badge")).ToHaveTextAsync("Active");
        await Assertions.Expect(merchant.Page.GetByTestId("printer-countdown")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^29 d 2\d h$"));
        await merchant.ScreenshotAsync("printers-list");

        await merchant.Page.GetByTestId("language-switch").ClickAsync();
        await Assertions.Expect(merchant.Page.GetByTestId("token-badge")).ToHaveTextAsync("正常");
        await merchant.WaitForCircuitAsync();
        await merchant.Page.GetByTestId("theme-switch").ClickAsync();
        await Assertions.Expect(merchant.Page.GetByTestId("printer-countdown")).ToContainTextAsync("天");
        await merchant.ScreenshotAsync("printers-list-zh-dark");
        await merchant.Page.GetByTestId("printer-link").ClickAsync();
        await Assertions.Expect(merchant.Page.GetByTestId("token-lifecycle")).ToContainTextAsync("令牌生命周期");
        await merchant.ScreenshotAsync("printer-page-zh-dark");
    }

    [Fact]
    public async Task Declining_consent_ends_on_a_clear_message()
    {
        await using var merchant = await MerchantWithCompanyAsync("printer-deny");

        await merchant.OpenSandboxConsentAsync();
        await merchant.Page.GetByRole(AriaRole.Button, new() { Name = "拒绝 Deny" }).ClickAsync();

        await Assertions.Expect(merchant.Page.GetByTestId("callback-error")).ToContainTextAsync("declined on the 易联云 page");
        await Assertions.Expect(merchant.Page.GetByTestId("callback-retry")).ToBeVisibleAsync();
        await merchant.ScreenshotAsync("consent-declined");
    }

    [Fact]
    public async Task A_merchant_connects_a_printer_by_terminal_number_and_key()
    {
        await using var merchant = await MerchantWithCompanyAsync("printer-key");
        const string msign = "e2ekey123456";

        // The platform side: a virtual printer with a known label, added on the sandbox console.
        var machineCode = await merchant.AddSandboxPrinterAsync(msign);

        await merchant.GoToAsync("printers/connect");
        await merchant.Page.GetByRole(AriaRole.Tab, new() { Name = "Terminal number and key" }).ClickAsync();
        await merchant.Page.GetByTestId("key-machine-code").FillAsync(machineCode);
        await merchant.Page.GetByTestId("key-msign").FillAsync("wrongkey999");
        await merchant.Page.GetByTestId("key-submit").ClickAsync();
        await Assertions.Expect(merchant.Page.GetByTestId("connect-error")).ToContainTextAsync("do not match");
        await merchant.ScreenshotAsync("terminal-key-wrong");

        await merchant.Page.GetByTestId("key-msign").FillAsync(msign);
        await merchant.Page.GetByTestId("key-name").FillAsync("Front counter");
        await merchant.Page.GetByTestId("key-submit").ClickAsync();

        await Assertions.Expect(merchant.Page.GetByTestId("printer-name")).ToHaveTextAsync("Front counter");
        await Assertions.Expect(merchant.Page.GetByTestId("token-lifecycle").GetByTestId("token-badge")).ToHaveTextAsync("App token");
        await merchant.ScreenshotAsync("terminal-key-connected");
    }
    [Fact]
    public async Task A_merchant_connects_a_printer_by_the_scan_code_it_shows_and_sees_it_on_the_dashboard()
    {
        await using var merchant = await MerchantWithCompanyAsync("printer-scan");
        // The printer's screen: the sandbox's page for the virtual printer shows the qr_key its QR code carries.
        var machineCode = await merchant.AddSandboxPrinterAsync("e2escan123456");
        await merchant.Page.GotoAsync($"sandbox/printers/{machineCode}");
        var qrKey = (await merchant.Page.Locator("#qr-key").TextContentAsync())!.Trim();

        await merchant.GoToAsync("printers/connect");
        await merchant.Page.GetByRole(AriaRole.Tab, new() { Name = "Scan code" }).ClickAsync();
        await merchant.Page.GetByTestId("scan-machine-code").FillAsync(machineCode);
        await merchant.Page.GetByTestId("scan-key").FillAsync(qrKey);
        await merchant.Page.GetByTestId("scan-submit").ClickAsync();

        await Assertions.Expect(merchant.Page.GetByTestId("printer-name")).ToHaveTextAsync(machineCode);
        await merchant.WaitForCircuitAsync();
        await Assertions.Expect(merchant.Page.GetByTestId("token-lifecycle").GetByTestId("token-badge")).ToHaveTextAsync("Active");
        await merchant.ScreenshotAsync("scan-code-connected");

        await merchant.GoToAsync("");
        await Assertions.Expect(merchant.Page.GetByTestId("company-dashboard")).ToBeVisibleAsync();
        await Assertions.Expect(merchant.Page.GetByTestId("prints-chart-empty")).ToBeVisibleAsync();
        await Assertions.Expect(merchant.Page.GetByTestId("printer-states")).ToContainTextAsync("Active");
        await merchant.ScreenshotAsync("dashboard");
        await merchant.Page.GetByTestId("language-switch").ClickAsync();
        await Assertions.Expect(merchant.Page.GetByTestId("printer-states")).ToContainTextAsync("打印机状态");
        await merchant.ScreenshotAsync("dashboard-zh");
        await merchant.WaitForCircuitAsync();
        await merchant.Page.GetByTestId("theme-switch").ClickAsync();
        await merchant.ScreenshotAsync("dashboard-zh-dark");
        await merchant.Page.GetByTestId("language-switch").ClickAsync();
        await Assertions.Expect(merchant.Page.GetByTestId("printer-states")).ToContainTextAsync("Printers by state");
        await merchant.ScreenshotAsync("dashboard-dark");
    }
}
