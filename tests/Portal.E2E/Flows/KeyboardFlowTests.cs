namespace Portal.E2E.Flows;

/// <summary>
/// The main journey, register → connect → print → revoke, with the keyboard alone: every control is reached with Tab
/// and used with typing, Enter or the End key. Addresses are typed only for the register, login and printers pages
/// (the last to show the skip link on a fresh page) and followed from the confirmation mail.
/// </summary>
public sealed class KeyboardFlowTests(BrowserFixture fixture) : FlowTests(fixture)
{
    [Fact]
    public async Task A_merchant_registers_connects_prints_and_revokes_by_keyboard_alone()
    {
        var email = $"keyboard-{Guid.NewGuid():N}@example.com";
        await using var merchant = await NewSessionAsync("keyboard");
        var page = merchant.Page;
        var keys = page.Keyboard;

        await page.GotoAsync("Account/Register");
        await TabToAsync(page, page.Locator("[id='Input.Email']"));
        await keys.TypeAsync(email);
        await TabToAsync(page, page.Locator("[id='Input.Password']"));
        await keys.TypeAsync(BrowserFixture.Password);
        await TabToAsync(page, page.Locator("[id='Input.ConfirmPassword']"));
        await keys.TypeAsync(BrowserFixture.Password);
        await keys.PressAsync("Enter");
        await page.GetByTestId("register-confirmation").WaitForAsync();
        await merchant.OpenMailLinkAsync(email, "Confirm your email");

        await page.GotoAsync("Account/Login");
        await TabToAsync(page, page.Locator("[id='Input.Email']"));
        await keys.TypeAsync(email);
        await TabToAsync(page, page.Locator("[id='Input.Password']"));
        await keys.TypeAsync(BrowserFixture.Password);
        await keys.PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        await merchant.WaitForCircuitAsync();

        // A person without a company lands on the company form.
        await page.WaitForURLAsync("**/onboarding");
        await TabToAsync(page, page.GetByTestId("company-name"));
        await keys.TypeAsync("Keyboard Teahouse");
        await TabToAsync(page, page.GetByTestId("onboarding-submit"));
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("dashboard-title")).ToHaveTextAsync("Keyboard Teahouse");
        await merchant.WaitForCircuitAsync();

        // Printers, by its address: the first Tab reaches the skip link, which jumps past the bar and the navigation;
        // then Connect, then the platform's consent page.
        await merchant.GoToAsync("printers");
        await keys.PressAsync("Tab");
        await Assertions.Expect(page.Locator("a.skip-link")).ToBeFocusedAsync();
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#main-content")).ToBeFocusedAsync();
        await FollowAsync(merchant, page.Locator("main a[href='printers/connect']").First);
        await TabToAsync(page, page.GetByTestId("connect-authorize"));
        await keys.PressAsync("Enter");
        await page.WaitForURLAsync("**/sandbox/oauth/authorize?**");
        await TabToAsync(page, page.Locator("#merchant"));
        await keys.TypeAsync("Keyboard merchant");
        await TabToAsync(page, page.Locator("#machine_code"));
        await keys.PressAsync("End");
        await Assertions.Expect(page.Locator("#machine_code")).ToHaveValueAsync("new");
        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "同意授权 Approve" }));
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("printer-connected")).ToBeVisibleAsync();
        await merchant.WaitForCircuitAsync();
        var printerPage = page.Url;

        // Print from the printer's page.
        await FollowAsync(merchant, page.GetByTestId("printer-print"));
        await TabToAsync(page, page.GetByTestId("print-content"));
        await keys.TypeAsync("<center>Typed, not clicked</center>");
        await Assertions.Expect(page.GetByTestId("receipt-preview")).ToContainTextAsync("Typed, not clicked");
        await TabToAsync(page, page.GetByTestId("print-submit"));
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("print-result")).ToHaveAttributeAsync("data-outcome", "success");

        // The job in the list of jobs, then back to the printer through the navigation and the list; revoke there.
        await FollowAsync(merchant, page.Locator("nav a[href='print/jobs']"));
        await FollowAsync(merchant, page.GetByTestId("job-link").First);
        await Assertions.Expect(page.GetByTestId("job-state").First).ToBeVisibleAsync();
        await FollowAsync(merchant, page.Locator("nav a[href='printers']"));
        await FollowAsync(merchant, page.GetByTestId("printer-link"));
        Assert.Equal(new Uri(printerPage).AbsolutePath, new Uri(page.Url).AbsolutePath);
        await TabToAsync(page, page.GetByTestId("printer-revoke"));
        await keys.PressAsync("Enter");
        await TabToAsync(page, page.GetByTestId("revoke-dialog-confirm"));
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("revoke-dialog-result")).ToContainTextAsync("Verified: the platform now refuses the old token.");
        await TabToAsync(page, page.GetByTestId("revoke-dialog-close"));
        await keys.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("token-lifecycle").GetByTestId("token-badge")).ToHaveTextAsync("Revoked");
    }

    /// <summary>Tabs to a link and follows it with Enter, then waits for the new page's live connection.</summary>
    private static async Task FollowAsync(PortalSession session, ILocator link)
    {
        var before = session.Page.Url;
        await TabToAsync(session.Page, link);
        await session.Page.Keyboard.PressAsync("Enter");
        await session.Page.WaitForURLAsync(url => url != before);
        await session.WaitForCircuitAsync();
    }

    /// <summary>
    /// Presses Tab until <paramref name="target"/> (or something inside it) has the focus, as a keyboard user does; fails
    /// when a whole round of the page's focusable elements never reaches it.
    /// </summary>
    private static async Task TabToAsync(IPage page, ILocator target)
    {
        await target.WaitForAsync();
        for (var presses = 0; presses < 150; presses++)
        {
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement || e.contains(document.activeElement)"))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        throw new Xunit.Sdk.XunitException($"Tab never reached {target} on {page.Url}.");
    }
}
