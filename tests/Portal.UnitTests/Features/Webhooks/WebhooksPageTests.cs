using Portal.Features.Companies;
using Portal.Features.Webhooks;
using Portal.UnitTests.Web;

namespace Portal.UnitTests.Features.Webhooks;

/// <summary>
/// The webhooks page as each kind of visitor sees it, over the whole portal (the every-page tour checks it opens for
/// all of them in both languages): owners manage, members look, another company and an operator without it see nothing.
/// </summary>
public sealed class WebhooksPageTests(EveryPageWorld world) : IClassFixture<EveryPageWorld>
{
    private const string StrangerEmail = "stranger@webhooks-page.test";

    [Fact]
    public async Task A_visitor_is_sent_to_log_in()
    {
        using var client = world.Portal.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/" + WebhooksRegistration.PagePath);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("owner", "en")]
    [InlineData("member", "en")]
    [InlineData("stranger", "en")]
    [InlineData("operator", "en")]
    [InlineData("owner", "zh-CN")]
    [InlineData("member", "zh-CN")]
    public async Task Owners_manage_members_look_and_other_companies_see_nothing(string visitor, string language)
    {
        var (url, secret) = await EndpointAsync();
        await StrangerAsync();
        using var client = world.Portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        await client.LogInAsync(visitor switch
        {
            "owner" => world.OwnerEmail,
            "member" => world.MemberEmail,
            "stranger" => StrangerEmail,
            _ => world.OperatorEmail,
        }, EveryPageWorld.Password);

        using var response = await client.GetAsync("/" + WebhooksRegistration.PagePath);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(visitor is "owner" or "member", html.Contains(url, StringComparison.Ordinal));
        // The stranger owns a company of its own: the form is for its endpoints, and none of the other company's show.
        Assert.Equal(visitor is "owner" or "stranger", html.Contains("webhook-create", StringComparison.Ordinal));
        Assert.Equal(visitor == "member", html.Contains("webhook-owners-only", StringComparison.Ordinal));
        Assert.Equal(visitor is "owner" or "member" or "stranger", html.Contains("webhook-endpoints-table", StringComparison.Ordinal));
        Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        if (language == "zh-CN")
        {
            Assert.Contains("投递记录", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_print_api_page_and_the_menu_link_to_webhooks()
    {
        using var client = world.Portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        await client.LogInAsync(world.MemberEmail, EveryPageWorld.Password);

        var html = await client.GetStringAsync("/developers/print-api");

        Assert.Contains("print-api-webhooks", html, StringComparison.Ordinal);
        Assert.Contains("nav-webhooks", html, StringComparison.Ordinal);
    }

    private async Task<(string Url, string Secret)> EndpointAsync()
    {
        const string url = "https://hooks.every-page.test/orders";
        var ownerId = await UserIdAsync(world.OwnerEmail);
        return await world.Portal.AsUserAsync(ownerId, async services =>
        {
            var webhooks = services.GetRequiredService<WebhookService>();
            if ((await webhooks.ListAsync()).Value!.Any(e => e.Url == url))
            {
                return (url, "whsec_not-shown-again");
            }

            var created = await webhooks.CreateAsync(new WebhookEndpointInput(url, "orders", [WebhookEventTypes.JobPrinted]));
            Assert.True(created.Succeeded, created.Error);
            return (url, created.Value!.Secret);
        });
    }

    private async Task StrangerAsync()
    {
        await using var scope = world.Portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (await users.FindByEmailAsync(StrangerEmail) is not null)
        {
            return;
        }

        var user = new PortalUser { UserName = StrangerEmail, Email = StrangerEmail, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user, EveryPageWorld.Password);
        Assert.True(created.Succeeded);
        await world.Portal.AsUserAsync(user.Id, async services =>
            (await services.GetRequiredService<TenantService>().CreateAsync(new TenantProfileInput { CompanyName = "Stranger Tea" })).Value);
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var scope = world.Portal.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email))!.Id;
    }
}
