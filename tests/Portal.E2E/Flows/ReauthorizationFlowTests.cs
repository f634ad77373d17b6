namespace Portal.E2E.Flows;

/// <summary>A printer loses its authorization on the platform; an operator emails the company, whose owner reconnects it from the email.</summary>
public sealed class ReauthorizationFlowTests(BrowserFixture fixture) : FlowTests(fixture)
{
    [Fact]
    public async Task An_operator_emails_the_company_of_an_unbound_printer_and_its_owner_reconnects_it_from_the_email()
    {
        await using var merchant = await NewSessionAsync("reauth-merchant");
        var email = NewEmail("reauth");
        await merchant.SignUpAsync(email);
        await merchant.CreateCompanyAsync(NewCompanyName("Reauth Noodles"));
        await merchant.ConnectSandboxPrinterAsync();
        var printerUrl = merchant.Page.Url.Split('?')[0];
        var machineCode = (await merchant.Page.GetByTestId("printer-machine-code").TextContentAsync())!.Trim();
        var badge = merchant.Page.GetByTestId("token-lifecycle").GetByTestId("token-badge");

        // The merchant unbinds the printer in the platform's own app; the next refresh finds the grant gone.
        await merchant.Page.GotoAsync($"sandbox/printers/{machineCode}");
        await merchant.Page.GetByRole(AriaRole.Button, new() { Name = "解除所有应用授权 Unbind from every app" }).ClickAsync();
        await Assertions.Expect(merchant.Page.GetByText("1 app(s) lost access")).ToBeVisibleAsync();
        await merchant.GoToAsync(printerUrl);
        await merchant.Page.GetByTestId("printer-refresh").ClickAsync();
        await Assertions.Expect(badge).ToHaveTextAsync("Needs re-authorization");

        // The operator emails every company with such printers; the table says when each was asked.
        await using var operatorSession = await NewSessionAsync("reauth-operator");
        await operatorSession.LogInAsync(BrowserFixture.OperatorEmail);
        await operatorSession.GoToAsync("operator/printers");
        var row = operatorSession.Page.GetByTestId("health-attention").Locator("tr").Filter(new() { HasText = machineCode });
        await Assertions.Expect(row.GetByTestId("health-asked")).ToHaveTextAsync("—");
        await operatorSession.Page.GetByTestId("health-request-reauthorization").ClickAsync();
        await operatorSession.Page.GetByRole(AriaRole.Button, new() { Name = "Send emails" }).ClickAsync();
        await Assertions.Expect(row.GetByTestId("health-asked")).Not.ToHaveTextAsync("—");
        await Assertions.Expect(operatorSession.Page.GetByTestId("health-request-reauthorization")).ToBeDisabledAsync(); // asked today
        await operatorSession.ScreenshotAsync("printer-health-asked");

        // The owner opens the email's link and approves the same printer on the platform: it is active again.
        await merchant.OpenMailLinkAsync(email, "Reconnect the printers of");
        await merchant.Page.WaitForURLAsync("**/sandbox/oauth/authorize?**");
        await merchant.Page.Locator("#merchant").FillAsync("E2E merchant");
        await merchant.Page.Locator("#machine_code").SelectOptionAsync(machineCode);
        await merchant.Page.GetByRole(AriaRole.Button, new() { Name = "同意授权 Approve" }).ClickAsync();
        await Assertions.Expect(badge).ToHaveTextAsync("Active");
        Assert.Equal(printerUrl, merchant.Page.Url.Split('?')[0]);
        var timeline = merchant.Page.GetByTestId("printer-timeline");
        await Assertions.Expect(timeline).ToContainTextAsync("Re-authorization requested");
        await Assertions.Expect(timeline).ToContainTextAsync("Re-authorized");
        await merchant.ScreenshotAsync("reauthorized-from-email");
    }
}
