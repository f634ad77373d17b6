namespace Portal.UnitTests.Web;

public sealed class PortalHttpTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public Task An_anonymous_visitor_is_sent_to_log_in() => factory.AssertSendsVisitorsToLogInAsync("/");

    [Theory]
    [InlineData("zh-CN,zh;q=0.9", "登录", "zh-CN")]
    [InlineData("zh-TW", "登录", "zh-CN")]
    [InlineData("en-US,en;q=0.9", "Log in", "en")]
    [InlineData("fr-FR", "Log in", "en")]
    public async Task The_login_page_speaks_the_browsers_language(string acceptLanguage, string expected, string lang)
    {
        using var client = factory.CreateBrowserlessClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);

        var html = await client.GetStringAsync("/Account/Login");

        Assert.Contains(expected, html);
        Assert.Contains($"<html lang=\"{lang}\"", html);
    }

    [Fact]
    public async Task A_chosen_language_is_remembered_over_the_browsers()
    {
        using var client = factory.CreateBrowserlessClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");

        using var set = await client.GetAsync("/preferences/culture?culture=zh-CN&returnUrl=%2FAccount%2FLogin");
        Assert.Equal("/Account/Login", set.Headers.Location!.OriginalString);
        var cookie = set.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        client.DefaultRequestHeaders.Add("Cookie", cookie.Split(';')[0]);

        Assert.Contains("登录", await client.GetStringAsync("/Account/Login"));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("javascript:alert(1)")]
    public async Task Preference_links_never_redirect_off_site(string returnUrl)
    {
        using var response = await factory.VisitAsync($"/preferences/theme?mode=dark&returnUrl={Uri.EscapeDataString(returnUrl)}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_dark_theme_choice_reaches_the_first_paint()
    {
        using var client = factory.CreateBrowserlessClient();
        client.DefaultRequestHeaders.Add("Cookie", "portal.theme=dark");

        var html = await client.GetStringAsync("/Account/Login");

        // MudBlazor writes the dark palette's background into the page's CSS variables.
        Assert.Contains("--mud-palette-background: rgba(18,24,33,1)", html);
    }

    [Fact]
    public async Task Logging_in_without_the_antiforgery_token_is_refused()
    {
        using var client = factory.CreateBrowserlessClient();

        using var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = "someone@example.com",
            ["Input.Password"] = "whatever-1A!",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/Account/ConfirmEmail?userId=nobody&code=%%%")]
    [InlineData("/Account/ConfirmEmail?userId=nobody&code=bm90LWEtdG9rZW4")]
    [InlineData("/Account/ConfirmEmail")]
    [InlineData("/invitations/accept?token=%F0%9F%98%80")]
    [InlineData("/dev/outbox?to=%00%01")]
    public async Task Hand_edited_links_get_a_page_not_a_server_error(string url)
    {
        using var response = await factory.VisitAsync(url);

        Assert.True((int)response.StatusCode < 500, $"{url} answered {(int)response.StatusCode}");
    }

    [Fact]
    public Task Operator_pages_need_a_signed_in_operator() => factory.AssertSendsVisitorsToLogInAsync("/operator/tenants");
}
