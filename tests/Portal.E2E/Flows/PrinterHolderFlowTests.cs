namespace Portal.E2E.Flows;

/// <summary>One printer, one company: a second company with the key from the printer's label is refused, and the holder sees it.</summary>
public sealed class PrinterHolderFlowTests(BrowserFixture fixture) : FlowTests(fixture)
{
    [Fact]
    public async Task A_second_company_with_the_label_key_is_refused_and_the_holder_sees_the_attempt()
    {
        await using var alpha = await MerchantWithCompanyAsync("holder-alpha", NewCompanyName("Alpha", 20));
        const string msign = "e2elabel1234";
        var machineCode = await alpha.AddSandboxPrinterAsync(msign);
        await alpha.OpenSandboxConsentAsync();
        await alpha.Page.Locator("#machine_code").SelectOptionAsync(machineCode);
        await alpha.ApproveSandboxConsentAsync("Alpha kitchen");
        var printerPage = alpha.Page.Url;

        await using var beta = await MerchantWithCompanyAsync("holder-beta", NewCompanyName("Beta", 20));
        await beta.GoToAsync("printers/connect");
        await beta.Page.GetByRole(AriaRole.Tab, new() { Name = "Terminal number and key" }).ClickAsync();
        await beta.Page.GetByTestId("key-machine-code").FillAsync(machineCode);
        await beta.Page.GetByTestId("key-msign").FillAsync(msign);
        await beta.Page.GetByTestId("key-submit").ClickAsync();

        await Assertions.Expect(beta.Page.GetByTestId("connect-error"))
            .ToHaveTextAsync($"Printer {machineCode} is connected to another company. Ask them to revoke it first.");
        await beta.ScreenshotAsync("printer-held-refused");
        await beta.GoToAsync("printers");
        await Assertions.Expect(beta.Page.GetByTestId("printers-empty")).ToBeVisibleAsync();

        await alpha.GoToAsync(printerPage);
        await Assertions.Expect(alpha.Page.GetByTestId("printer-connect-attempt")).ToContainTextAsync("Another company tried to connect this printer");
        var timeline = alpha.Page.GetByTestId("printer-timeline");
        await Assertions.Expect(timeline).ToContainTextAsync("Another company tried to connect it");
        await Assertions.Expect(timeline).ToContainTextAsync("System");
        await Assertions.Expect(timeline).Not.ToContainTextAsync("Beta");
        await Assertions.Expect(alpha.Page.GetByTestId("token-lifecycle").GetByTestId("token-badge")).ToHaveTextAsync("Active");
        await alpha.ScreenshotAsync("printer-held-attempt-seen");
    }
}
