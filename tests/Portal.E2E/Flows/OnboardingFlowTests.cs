namespace Portal.E2E.Flows;

public sealed class OnboardingFlowTests(BrowserFixture fixture) : FlowTests(fixture)
{
    [Fact]
    public async Task A_new_merchant_registers_confirms_logs_in_and_sets_up_a_company()
    {
        await using var merchant = await NewSessionAsync("merchant-onboarding");
        var email = NewEmail("merchant");

        await merchant.SignUpAsync(email);

        // With no company yet, the portal leads straight to onboarding.
        await merchant.Page.WaitForURLAsync("**/onboarding");
        await merchant.ScreenshotAsync("onboarding");
        await merchant.Page.GetByTestId("onboarding-submit").ClickAsync();
        await Assertions.Expect(merchant.Page.GetByText("This field is required.")).ToBeVisibleAsync();

        var company = NewCompanyName("Noodle House");
        await merchant.CreateCompanyAsync(company);
        await Assertions.Expect(merchant.Page.GetByTestId("tenant-switcher")).ToContainTextAsync(company);
        await merchant.ScreenshotAsync("dashboard");
    }

    [Fact]
    public async Task A_second_merchant_cannot_reach_operator_pages_or_another_company_by_url()
    {
        await using var first = await NewSessionAsync("isolation-first");
        await first.SignUpAsync(NewEmail("first"));
        var firstCompany = NewCompanyName("First Co", 20);
        await first.CreateCompanyAsync(firstCompany);

        await using var op = await NewSessionAsync("isolation-operator");
        await op.LogInAsync(BrowserFixture.OperatorEmail);
        await op.GoToAsync("operator/tenants");
        await op.Page.GetByTestId("tenants-search").FillAsync(firstCompany);
        await op.Page.GetByRole(AriaRole.Link, new() { Name = firstCompany }).ClickAsync();
        await Assertions.Expect(op.Page.GetByTestId("tenant-detail-name")).ToHaveTextAsync(firstCompany);
        var firstCompanyUrl = op.Page.Url;

        await using var second = await MerchantWithCompanyAsync("isolation-second", NewCompanyName("Second Co", 21));

        // The server refuses the operator page before any of it renders, with the access-denied page.
        await second.Page.GotoAsync(firstCompanyUrl);
        await Assertions.Expect(second.Page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Assertions.Expect(second.Page.GetByText(firstCompany)).ToHaveCountAsync(0);

        await second.GoToAsync("company/members");
        await Assertions.Expect(second.Page.GetByTestId("members-table")).ToBeVisibleAsync();
        await Assertions.Expect(second.Page.GetByText(firstCompany)).ToHaveCountAsync(0);
        await second.Page.GotoAsync("operator/tenants");
        await Assertions.Expect(second.Page.GetByTestId("access-denied")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_operator_sees_every_company()
    {
        var names = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            await using var merchant = await NewSessionAsync($"operator-view-merchant{i}");
            await merchant.SignUpAsync(NewEmail($"m{i}"));
            var name = $"Visible {i} {Guid.NewGuid():N}"[..22];
            await merchant.CreateCompanyAsync(name);
            names.Add(name);
        }

        await using var op = await NewSessionAsync("operator-view");
        await op.LogInAsync(BrowserFixture.OperatorEmail);
        await op.GoToAsync("operator/tenants");
        foreach (var name in names)
        {
            await op.Page.GetByTestId("tenants-search").FillAsync(name);
            await Assertions.Expect(op.Page.GetByTestId("tenants-table")).ToContainTextAsync(name);
        }

        await op.Page.GetByTestId("tenants-search").FillAsync("");
        await op.ScreenshotAsync("all-companies");
    }

    [Fact]
    public async Task The_language_switch_shows_chinese_labels_and_is_remembered()
    {
        await using var visitor = await OpenLoginPageAsync("language", locale: "en-US", logIn: "Log in");

        await visitor.Page.GetByTestId("language-switch").ClickAsync();
        await Assertions.Expect(visitor.Page.GetByTestId("login-submit")).ToHaveTextAsync("登录");
        await visitor.Page.GotoAsync("Account/Register");
        await Assertions.Expect(visitor.Page.GetByTestId("register-submit")).ToHaveTextAsync("注册");
        await visitor.ScreenshotAsync("register-zh");

        await visitor.Page.GetByTestId("theme-switch").ClickAsync();
        await Assertions.Expect(visitor.Page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await visitor.ScreenshotAsync("register-zh-dark");
    }

    [Fact]
    public async Task A_chinese_browser_gets_chinese_by_default()
    {
        await using var visitor = await OpenLoginPageAsync("browser-zh", locale: "zh-CN", logIn: "登录");
        await visitor.ScreenshotAsync("login");
    }

    [Fact]
    public async Task An_invited_person_registers_accepts_and_appears_as_a_member()
    {
        await using var owner = await MerchantWithCompanyAsync("invite-owner", NewCompanyName("Tea Room", 20));
        var inviteeEmail = NewEmail("invitee");

        await owner.GoToAsync("company/members");
        await owner.Page.GetByTestId("invite-open").ClickAsync();
        await owner.Page.GetByTestId("invite-email").FillAsync(inviteeEmail);
        await owner.Page.GetByTestId("invite-send").ClickAsync();
        await Assertions.Expect(owner.Page.GetByTestId("invitations-table")).ToContainTextAsync(inviteeEmail);

        // The invitee has no account yet: the invitation leads through registration and back.
        await using var invitee = await NewSessionAsync("invitee");
        await invitee.OpenMailLinkAsync(inviteeEmail, "invited");
        await invitee.WaitForCircuitAsync();
        await Assertions.Expect(invitee.Page.GetByTestId("invitation-offer")).ToBeVisibleAsync();
        await invitee.Page.GetByTestId("invitation-register").ClickAsync();
        await invitee.SubmitRegistrationAsync(inviteeEmail);
        await invitee.OpenMailLinkAsync(inviteeEmail, "Confirm your email");
        await invitee.Page.GetByTestId("confirm-login").ClickAsync();
        await invitee.SubmitLoginAsync(inviteeEmail);
        await invitee.Page.WaitForURLAsync("**/invitations/accept?token=*");
        await invitee.WaitForCircuitAsync();
        await invitee.Page.GetByTestId("invitation-accept").ClickAsync();
        await invitee.Page.GetByTestId("dashboard-title").WaitForAsync();

        await owner.GoToAsync("company/members");
        await Assertions.Expect(owner.Page.GetByTestId("members-table")).ToContainTextAsync(inviteeEmail);
        await owner.ScreenshotAsync("members");

        // The same link cannot be used twice.
        await invitee.OpenMailLinkAsync(inviteeEmail, "invited");
        await Assertions.Expect(invitee.Page.GetByTestId("invitation-error")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_member_of_two_companies_switches_from_the_app_bar_and_logs_out_from_the_user_menu()
    {
        await using var merchant = await NewSessionAsync("switcher");
        await merchant.SignUpAsync(NewEmail("switcher"));
        var first = NewCompanyName("Morning Shop");
        var second = NewCompanyName("Evening Shop");
        await merchant.CreateCompanyAsync(first);
        await merchant.CreateCompanyAsync(second);

        await merchant.Page.GetByTestId("tenant-switcher").Locator("button").ClickAsync();
        await merchant.Page.GetByRole(AriaRole.Menuitem, new() { Name = first }).ClickAsync();
        await Assertions.Expect(merchant.Page.GetByTestId("dashboard-title")).ToHaveTextAsync(first);
        await merchant.WaitForCircuitAsync();

        // The choice is kept: a new visit opens the same company.
        await merchant.GoToAsync("/");
        await Assertions.Expect(merchant.Page.GetByTestId("dashboard-title")).ToHaveTextAsync(first);

        await merchant.Page.GetByTestId("user-menu").Locator("button").ClickAsync();
        await merchant.Page.GetByTestId("logout").ClickAsync();
        // The logout post sends the browser home, which now asks for a login (a navigation of our own could cancel the post).
        await merchant.Page.WaitForURLAsync("**/Account/Login**");
        await merchant.Page.GotoAsync("/");
        await merchant.Page.WaitForURLAsync("**/Account/Login**");
    }

    /// <summary>A new browser set to <paramref name="locale"/> opens the login page, whose button must read <paramref name="logIn"/>.</summary>
    private async Task<PortalSession> OpenLoginPageAsync(string name, string locale, string logIn)
    {
        var visitor = await NewSessionAsync(name, locale);
        try
        {
            await visitor.Page.GotoAsync("Account/Login");
            await Assertions.Expect(visitor.Page.GetByTestId("login-submit")).ToHaveTextAsync(logIn);
            return visitor;
        }
        catch
        {
            await visitor.DisposeAsync();
            throw;
        }
    }
}
