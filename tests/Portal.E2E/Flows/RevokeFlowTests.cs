namespace Portal.E2E.Flows;

/// <summary>Diagnosing and revoking printers in Chromium, against the portal's own sandbox.</summary>
public sealed class RevokeFlowTests(BrowserFixture fixture) : FlowTests(fixture)
{
    [Fact]
    public async Task A_merchant_diagnoses_then_revokes_a_printer_with_confirmation_and_it_shows_revoked_without_print()
    {
        await using var merchant = await MerchantWithPrinterAsync("revoke");
        var page = merchant.Page;
        var machineCode = (await page.GetByTestId("printer-machine-code").TextContentAsync())!.Trim();

        await page.GetByTestId("diagnosis-run").ClickAsync();
        await Assertions.Expect(page.GetByTestId("diagnosis-summary")).ToContainTextAsync("Nothing is wrong");
        await page.GetByTestId("settings-sound").ClickAsync();
        await Assertions.Expect(page.GetByTestId("settings-sound").Locator(".mud-collapse-entered")).ToHaveCountAsync(1);
        // The platform cannot read settings back; the panel says what the portal last set.
        await page.GetByTestId("settings-sound-apply").ClickAsync();
        await Assertions.Expect(page.GetByTestId("settings-sound").GetByTestId("settings-last-set")).ToContainTextAsync("Last set: sound: horn, volume 2");
        await merchant.ScreenshotAsync("printer-diagnosis-settings");

        await Assertions.Expect(page.GetByTestId("printer-print")).ToBeVisibleAsync();
        await page.GetByTestId("printer-revoke").ClickAsync();
        await Assertions.Expect(page.GetByTestId("revoke-dialog-printer")).ToContainTextAsync(machineCode);
        await merchant.ScreenshotAsync("revoke-dialog");
        await page.GetByTestId("revoke-dialog-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("revoke-dialog-result")).ToContainTextAsync("Verified: the platform now refuses the old token.");
        await merchant.ScreenshotAsync("revoke-dialog-verified");
        await page.GetByTestId("revoke-dialog-close").ClickAsync();

        await Assertions.Expect(page.GetByTestId("token-lifecycle").GetByTestId("token-badge")).ToHaveTextAsync("Revoked");
        await Assertions.Expect(page.GetByTestId("printer-timeline")).ToContainTextAsync("Revocation verified");
        await Assertions.Expect(page.GetByTestId("printer-revoke")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("printer-print")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("printer-settings")).ToHaveCountAsync(0);
        await page.GetByTestId("diagnosis-run").ClickAsync();
        await Assertions.Expect(page.GetByTestId("diagnosis-summary")).ToHaveAttributeAsync("data-cause", "Revoked");
        await merchant.ScreenshotAsync("printer-revoked");

        await page.GetByTestId("language-switch").ClickAsync();
        await Assertions.Expect(page.GetByTestId("printer-timeline")).ToContainTextAsync("撤销已核验");
        await merchant.WaitForCircuitAsync();
        await page.GetByTestId("diagnosis-run").ClickAsync();
        await Assertions.Expect(page.GetByTestId("diagnosis-summary")).ToContainTextAsync("授权已被撤销");
        await merchant.ScreenshotAsync("printer-revoked-zh");
    }

    [Fact]
    public async Task An_owner_revokes_all_printers_and_watches_each_finish()
    {
        await using var merchant = await MerchantWithPrinterAsync("revoke-all");
        await merchant.ConnectSandboxPrinterAsync();
        var page = merchant.Page;

        await merchant.GoToAsync("printers");
        await page.GetByTestId("printers-revoke-all").ClickAsync();
        await Assertions.Expect(page.GetByTestId("revoke-all-count")).ToContainTextAsync("2 printer(s)");
        await page.GetByTestId("revoke-all-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("revoke-all-counter")).ToHaveTextAsync("2 of 2 done");
        await Assertions.Expect(page.GetByTestId("revoke-all-results")).ToContainTextAsync("revoked, verified");
        await merchant.ScreenshotAsync("revoke-all-done");
        await page.GetByTestId("revoke-all-close").ClickAsync();

        await Assertions.Expect(page.GetByTestId("token-badge")).ToHaveCountAsync(2);
        foreach (var badge in await page.GetByTestId("token-badge").AllAsync())
        {
            await Assertions.Expect(badge).ToHaveTextAsync("Revoked");
        }

        await page.GetByTestId("language-switch").ClickAsync();
        await Assertions.Expect(page.GetByTestId("printers-revoke-all")).ToHaveTextAsync("全部撤销");
        await merchant.WaitForCircuitAsync();
        await page.GetByTestId("printers-revoke-all").ClickAsync();
        await Assertions.Expect(page.GetByTestId("revoke-all-count")).ToContainTextAsync("0 台打印机");
        await merchant.ScreenshotAsync("revoke-all-zh");
    }
}
