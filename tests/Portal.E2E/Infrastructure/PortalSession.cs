namespace Portal.E2E.Infrastructure;

/// <summary>One person's browser, with the steps every flow repeats. Disposing keeps a screenshot of where it ended.</summary>
public sealed class PortalSession(string name, IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    /// <summary>Register, confirm the address through the outbox, and log in.</summary>
    public async Task SignUpAsync(string email, string password = BrowserFixture.Password)
    {
        await Page.GotoAsync("Account/Register");
        await SubmitRegistrationAsync(email, password);

        await OpenMailLinkAsync(email, "Confirm your email");
        await Assertions.Expect(Page.GetByTestId("confirm-result")).ToHaveClassAsync(new Regex("success", RegexOptions.IgnoreCase));
        await LogInAsync(email, password);
    }

    /// <summary>Fills and submits the registration form on the page that is open now.</summary>
    public async Task SubmitRegistrationAsync(string email, string password = BrowserFixture.Password)
    {
        await Page.Locator("[id='Input.Email']").FillAsync(email);
        await Page.Locator("[id='Input.Password']").FillAsync(password);
        await Page.Locator("[id='Input.ConfirmPassword']").FillAsync(password);
        await Page.GetByTestId("register-submit").ClickAsync();
        await Page.GetByTestId("register-confirmation").WaitForAsync();
    }

    /// <summary>Fills and submits the login form on the page that is open now.</summary>
    public async Task SubmitLoginAsync(string email, string password = BrowserFixture.Password)
    {
        await Page.Locator("[id='Input.Email']").FillAsync(email);
        await Page.Locator("[id='Input.Password']").FillAsync(password);
        await Page.GetByTestId("login-submit").ClickAsync();
        await Page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
    }

    public async Task LogInAsync(string email, string password = BrowserFixture.Password)
    {
        await Page.GotoAsync("Account/Login");
        await SubmitLoginAsync(email, password);
        await WaitForCircuitAsync();
    }

    /// <summary>Opens the link in the newest message to <paramref name="email"/> whose subject contains <paramref name="subject"/>.</summary>
    public async Task OpenMailLinkAsync(string email, string subject)
    {
        await Page.GotoAsync($"dev/outbox?to={Uri.EscapeDataString(email)}");
        var message = Page.GetByTestId("outbox-message").Filter(new LocatorFilterOptions { HasText = subject }).First;
        var link = message.Locator(".outbox-body a").First;
        var href = await link.GetAttributeAsync("href") ?? throw new InvalidOperationException($"No link in the mail to {email}.");
        await Page.GotoAsync(href);
    }

    /// <summary>Waits until the page's live connection is up, so clicks reach the server.</summary>
    public Task WaitForCircuitAsync() =>
        Page.Locator("#circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    public async Task GoToAsync(string relativeUrl)
    {
        await Page.GotoAsync(relativeUrl);
        await WaitForCircuitAsync();
    }

    public async Task CreateCompanyAsync(string companyName)
    {
        await GoToAsync("onboarding");
        await Page.GetByTestId("company-name").FillAsync(companyName);
        await Page.GetByTestId("onboarding-submit").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("dashboard-title")).ToHaveTextAsync(companyName);
        await WaitForCircuitAsync();
    }

    /// <summary>
    /// The platform side: adds a virtual printer with a new terminal number and the label key <paramref name="msign"/> on the
    /// sandbox console, and waits until the console lists it (the form's post must land before the next navigation). Returns the number.
    /// </summary>
    public async Task<string> AddSandboxPrinterAsync(string msign)
    {
        var machineCode = Random.Shared.NextInt64(4_000_000_000, 4_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Page.GotoAsync("sandbox/admin");
        await Page.Locator("#printer-code").FillAsync(machineCode);
        await Page.Locator("#printer-msign").FillAsync(msign);
        await Page.GetByRole(AriaRole.Button, new() { Name = "添加打印机 Add printer" }).ClickAsync();
        await Assertions.Expect(Page.GetByText(machineCode).First).ToBeVisibleAsync();
        return machineCode;
    }

    /// <summary>From the Connect page to the sandbox's consent page, filled in for a new virtual printer.</summary>
    public async Task OpenSandboxConsentAsync()
    {
        await GoToAsync("printers/connect");
        await Page.GetByTestId("connect-authorize").ClickAsync();
        await Page.WaitForURLAsync("**/sandbox/oauth/authorize?**");
        await Page.Locator("#merchant").FillAsync("E2E merchant");
        await Page.Locator("#machine_code").SelectOptionAsync("new");
    }

    /// <summary>Approves the open consent page and waits on the new printer's page; renames the printer when a name is given.</summary>
    public async Task ApproveSandboxConsentAsync(string? printerName = null)
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "同意授权 Approve" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("printer-connected")).ToBeVisibleAsync();
        await WaitForCircuitAsync();
        if (printerName is not null)
        {
            await Page.GetByTestId("printer-rename").FillAsync(printerName);
            await Page.GetByTestId("printer-rename-save").ClickAsync();
            await Assertions.Expect(Page.GetByTestId("printer-name")).ToHaveTextAsync(printerName);
        }
    }

    /// <summary>Connects a new sandbox printer through the consent page and waits on its page.</summary>
    public async Task ConnectSandboxPrinterAsync(string? printerName = null)
    {
        await OpenSandboxConsentAsync();
        await ApproveSandboxConsentAsync(printerName);
    }

    public Task ScreenshotAsync(string label) =>
        Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}-{label}.png"),
            FullPage = true,
        });

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ScreenshotAsync("last");
        }
        catch (PlaywrightException)
        {
            // The page may already be gone; the test's own failure says more.
        }

        await context.CloseAsync();
    }
}
