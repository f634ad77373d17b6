namespace Portal.E2E.Flows;

/// <summary>
/// Pages open at 127.0.0.1 without a console error or a failed request: the passkey script leaves WebAuthn alone at an
/// IP address (it refuses such hosts), and the sandbox's consent page requests nothing that is missing.
/// </summary>
public sealed class ConsoleCleanFlowTests(BrowserFixture fixture) : FlowTests(fixture)
{
    [Fact]
    public async Task The_login_pages_and_the_consent_page_log_no_error_and_request_nothing_missing()
    {
        await using var merchant = await NewSessionAsync("console-clean");
        var problems = PageProblems.Watch(merchant.Page);

        foreach (var page in new[] { "Account/Login", "Account/Register" })
        {
            await merchant.Page.GotoAsync(page);
            await merchant.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await RequestIconAsync(merchant.Page, problems);
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));

        await merchant.SignUpAsync(NewEmail("console-clean"));
        await merchant.CreateCompanyAsync(NewCompanyName("Console", 20));
        problems.Clear();
        await merchant.OpenSandboxConsentAsync();
        await merchant.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await RequestIconAsync(merchant.Page, problems);

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    /// <summary>
    /// Headless Chromium skips the tab icon a desktop browser asks for: the page's declared icon, or /favicon.ico when it
    /// declares none. Requests it the same way and records a miss.
    /// </summary>
    private static async Task RequestIconAsync(IPage page, List<string> problems)
    {
        var icon = await page.EvaluateAsync<string>(
            "() => document.querySelector('link[rel~=icon]')?.href ?? new URL('/favicon.ico', location.href).href");
        if (!icon.StartsWith("data:", StringComparison.Ordinal))
        {
            var response = await page.APIRequest.GetAsync(icon);
            if (!response.Ok)
            {
                problems.Add($"{response.Status} {icon} (the icon of {page.Url})");
            }
        }
    }
}
