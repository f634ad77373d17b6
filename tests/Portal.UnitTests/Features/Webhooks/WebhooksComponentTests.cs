using Portal.Features.Webhooks;

namespace Portal.UnitTests.Features.Webhooks;

/// <summary>The webhooks page in bUnit on real services: an owner adds an endpoint and sees its secret once; a member only looks.</summary>
public sealed class WebhooksComponentTests : PortalComponentContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private ServiceHarness _harness = null!;
    private string _owner = "";
    private Guid _tenant;

    public override async Task InitializeAsync()
    {
        _harness = await ServiceHarness.CreateAsync(services =>
        {
            services.AddWebhooks();
            services.Configure<WebhookOptions>(o => o.AllowPrivateAddresses = true);
        }, withSandbox: true);
        (_owner, _tenant) = await _harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _harness.DisposeAsync();
    }

    private IRenderedComponent<Portal.Features.Webhooks.Webhooks> RenderPage()
    {
        Services.AddSingleton(_harness.Get<CallerAccessor>());
        Services.AddSingleton(_harness.Get<WebhookService>());
        Render<MudPopoverProvider>();
        return Render<Portal.Features.Webhooks.Webhooks>();
    }

    private static AngleSharp.Dom.IElement Input<T>(IRenderedComponent<T> component, string testId)
        where T : IComponent
    {
        var element = component.Find($"[data-testid={testId}]");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    [Fact]
    public void An_owner_adds_an_endpoint_and_sees_its_secret_once()
    {
        _harness.SignIn(_owner);
        var page = RenderPage();
        page.WaitForElement("[data-testid=webhook-create]", Wait);

        Input(page, "webhook-url").Change("https://hooks.example.test/orders");
        page.Find("[data-testid=webhook-create]").Click();

        page.WaitForElement("[data-testid=webhook-secret-value]", Wait);
        var secret = page.Find("[data-testid=webhook-secret-value]").TextContent;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Contains("https://hooks.example.test/orders", page.Find("[data-testid=webhook-endpoints-table]").TextContent), Wait);

        // Opened again, the page lists the endpoint but never its secret.
        var again = Render<Portal.Features.Webhooks.Webhooks>();
        again.WaitForAssertion(() => Assert.Contains("https://hooks.example.test/orders", again.Markup, StringComparison.Ordinal), Wait);
        Assert.DoesNotContain(secret, again.Markup, StringComparison.Ordinal);
        Assert.Empty(again.FindAll("[data-testid=webhook-secret-value]"));
    }

    [Fact]
    public void A_bad_url_is_refused_with_its_message_and_nothing_is_added()
    {
        _harness.SignIn(_owner);
        var page = RenderPage();
        page.WaitForElement("[data-testid=webhook-create]", Wait);

        Input(page, "webhook-url").Change("not a url");
        page.Find("[data-testid=webhook-create]").Click();

        var snackbar = Services.GetRequiredService<ISnackbar>();
        page.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Message?.Contains("Enter a full URL", StringComparison.Ordinal) == true), Wait);
        Assert.Empty(page.FindAll("[data-testid=webhook-secret-value]"));
        Assert.Contains("No webhook endpoints yet.", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_sees_the_endpoints_and_their_log_but_no_controls()
    {
        _harness.SignIn(_owner);
        var created = await _harness.Get<WebhookService>().CreateAsync(new WebhookEndpointInput("https://hooks.example.test/orders", null, [WebhookEventTypes.JobPrinted]));
        Assert.True(created.Succeeded, created.Error);
        await _harness.Get<WebhookService>().SendTestAsync(created.Value!.EndpointId);
        var member = await _harness.AddUserAsync("member@a.test");
        await _harness.AddMemberAsync(_tenant, member, TenantRole.Member);
        _harness.SignIn(member);

        var page = RenderPage();
        page.WaitForElement("[data-testid=webhook-owners-only]", Wait);
        Assert.Empty(page.FindAll("[data-testid=webhook-create]"));
        Assert.Empty(page.FindAll("[data-testid=webhook-delete]"));
        Assert.Empty(page.FindAll("[data-testid=webhook-rotate]"));

        page.Find("[data-testid=webhook-show-log]").Click();

        page.WaitForAssertion(() => Assert.Contains(WebhookEventTypes.Test, page.Find("[data-testid=webhook-deliveries-table]").TextContent), Wait);
        Assert.Empty(page.FindAll("[data-testid=webhook-redeliver]"));
    }
}
