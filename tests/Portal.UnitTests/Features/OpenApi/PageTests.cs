using Portal.Features.OpenApi;

namespace Portal.UnitTests.Features.OpenApi;

/// <summary>The three pages rendered against the real services and database of an <see cref="OpenApiHost"/>.</summary>
public sealed class PageTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private OpenApiHost _host = null!;
    private BunitContext _ctx = null!;

    public async Task InitializeAsync()
    {
        _host = await OpenApiHost.StartAsync();
        _ctx = new BunitContext();
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        var services = _ctx.Services;
        services.AddMudServices();
        services.AddLogging();
        services.AddLocalization();
        services.AddSingleton<IStringLocalizerFactory, PortalStringLocalizerFactory>();
        services.AddSingleton(_host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>());
        services.AddSingleton(_host.Services.GetRequiredService<OpenApiStore>());
        services.AddSingleton(_host.Services.GetRequiredService<IOptions<OpenApiOptions>>());
        services.AddSingleton(_host.Services.GetRequiredService<TimeProvider>());
        services.AddSingleton<AuthenticationStateProvider>(_host.Services.GetRequiredService<TestAuthenticationStateProvider>());
        services.AddSingleton<AuditLog>();
        services.AddScoped<CallerAccessor>();
        services.AddScoped<CallerGate>();
        services.AddScoped<ApiClientService>();
        services.AddScoped<ApiAccessService>();
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _host.DisposeAsync();
    }

    /// <summary>The input of a MudTextField, whether the test id lands on the input itself or on its wrapper.</summary>
    private static AngleSharp.Dom.IElement Input<T>(IRenderedComponent<T> component, string testId)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        var element = component.Find($"[data-testid={testId}]");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    /// <summary>An operator opens the API clients page, waits for the document's client to show, opens the create form and names the new client.</summary>
    private async Task<(IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<ApiClients> Page)> OpenCreateFormAsync(string name)
    {
        _host.SignIn(await _host.AddUserAsync("op", isOperator: true));
        var dialogs = _ctx.Render<MudDialogProvider>();
        var page = _ctx.Render<ApiClients>();
        page.WaitForAssertion(() => Assert.Contains(OpenApiExampleSeeder.ClientId, page.Markup, StringComparison.Ordinal), Wait);
        page.Find("[data-testid=api-client-create-open]").Click();
        // On PostgreSQL the load's render can still hold the renderer when the click arrives; the form opens after it.
        page.WaitForElement("[data-testid=api-client-name]", Wait);
        Input(page, "api-client-name").Change(name);
        return (dialogs, page);
    }

    [Fact]
    public async Task An_operator_registers_a_provider_and_sees_its_secret_once()
    {
        var (dialogs, page) = await OpenCreateFormAsync("Noodle Delivery");
        page.Find("[data-testid=api-client-create]").Click();

        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[data-testid=api-client-issued-secret]")), Wait);
        var clientId = Input(dialogs, "api-client-issued-id").GetAttribute("value")!;
        var secret = Input(dialogs, "api-client-issued-secret").GetAttribute("value")!;
        Assert.Matches("^[0-9]{10}$", clientId);
        Assert.Equal(200, (await _host.GetAsync(
            $"/apis/rest/authService/authorize/json?access_token={OpenApiExampleSeeder.AccessToken}&{_host.StampQuery()}",
            OpenApiHost.Basic(clientId, secret))).Code);
        page.WaitForAssertion(() => Assert.Contains("Noodle Delivery", page.Markup, StringComparison.Ordinal), Wait);

        dialogs.Find("[data-testid=api-client-secret-done]").Click();

        dialogs.WaitForAssertion(() => Assert.DoesNotContain(secret, dialogs.Markup, StringComparison.Ordinal), Wait);
        Assert.DoesNotContain(secret, page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_without_a_scope_is_refused_in_the_form()
    {
        var (dialogs, page) = await OpenCreateFormAsync("Scopeless Delivery");
        Input(page, "api-client-scope-user").Change(false);
        Input(page, "api-client-scope-company").Change(false);
        page.Find("[data-testid=api-client-create]").Click();

        page.WaitForAssertion(() => Assert.Contains("Choose at least one scope.",
            page.Find("[data-testid=api-client-create-form] [data-testid=api-client-create-error]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Empty(dialogs.FindAll("[data-testid=api-client-issued-secret]"));
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.ApiClients.AnyAsync(c => c.Name == "Scopeless Delivery"));
    }

    [Fact]
    public async Task A_member_rendering_the_operator_page_directly_sees_no_client()
    {
        _host.SignIn(await _host.AddUserAsync("member"));

        var page = _ctx.Render<ApiClients>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=api-clients-table]")), Wait);
        Assert.DoesNotContain(OpenApiExampleSeeder.ClientId, page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Document 003 test client", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_creates_a_token_that_is_shown_once_and_sees_the_providers_that_read_their_data()
    {
        await _host.AuthorizeAsync();
        await _host.Services.GetRequiredService<OpenApiUsageRecorder>().FlushAsync();
        _host.SignIn(OpenApiExampleSeeder.DemoUserId);
        var page = _ctx.Render<ApiAccess>();
        page.WaitForAssertion(() => Assert.Contains("Document 003 test client", page.Find("[data-testid=api-providers-table]").TextContent,
            StringComparison.Ordinal), Wait);

        Input(page, "api-token-name").Change("Till software");
        page.Find("[data-testid=api-token-create]").Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=api-token-value]")), Wait);
        var token = page.Find("[data-testid=api-token-value]").TextContent;
        Assert.Matches("^[0-9a-f]{40}$", token);
        Assert.Equal(200, (await _host.GetAsync($"/apis/rest/authService/authorize/json?access_token={token}&{_host.StampQuery()}")).Code);
        page.WaitForAssertion(() => Assert.Contains("Till software", page.Find("[data-testid=api-tokens-table]").TextContent, StringComparison.Ordinal), Wait);

        // Another visit lists the token but never shows it again.
        var again = _ctx.Render<ApiAccess>();
        again.WaitForAssertion(() => Assert.Contains("Till software", again.Markup, StringComparison.Ordinal), Wait);
        Assert.DoesNotContain(token, again.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Try_it_answers_in_process_and_never_calls_the_address_the_browser_supplied()
    {
        // A circuit's base URI comes from the browser; the explorer used to send the visitor's secret there.
        var outbound = new RecordingHandler();
        _ctx.Services.AddSingleton<NavigationManager>(new BrowserChosenNavigation("http://attacker.example/"));
        _ctx.Services.AddHttpClient();
        _ctx.Services.ConfigureHttpClientDefaults(client => client.ConfigurePrimaryHttpMessageHandler(() => outbound));
        _ctx.Services.AddSingleton(_host.Services.GetRequiredService<OpenApiHandler>());
        _ctx.Services.AddScoped<OpenApiExplorer>();
        var page = _ctx.Render<OpenApiDocs>();

        Input(page, "explorer-client-id").Change(OpenApiExampleSeeder.ClientId);
        Input(page, "explorer-client-secret").Change(OpenApiExampleSeeder.ClientSecret);
        Input(page, "explorer-access-token").Change(OpenApiExampleSeeder.AccessToken);
        page.Find("[data-testid=explorer-run]").Click();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=explorer-result]").Count), Wait);
        Assert.Empty(outbound.Requests);
        Assert.Contains("水磨沟区*******餐饮店", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_without_a_company_tries_the_explorer_with_the_example_token()
    {
        _host.SignIn(await _host.AddUserAsync("op", isOperator: true));
        _ctx.Services.AddSingleton(_host.Services.GetRequiredService<OpenApiHandler>());
        _ctx.Services.AddScoped<OpenApiExplorer>();
        var page = _ctx.Render<OpenApiDocs>();

        Assert.Contains("such as a platform operator", page.Find("[data-testid=explorer-token-help]").TextContent, StringComparison.Ordinal);
        page.Find("[data-testid=explorer-use-example]").Click();
        page.Find("[data-testid=explorer-run]").Click();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=explorer-result]").Count), Wait);
        Assert.All(page.FindAll("[data-testid=explorer-json]"), json => Assert.Contains("\"code\": 200", json.TextContent, StringComparison.Ordinal));
    }

    private sealed class BrowserChosenNavigation : NavigationManager
    {
        public BrowserChosenNavigation(string baseUri) => Initialize(baseUri, baseUri);
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public ConcurrentQueue<Uri?> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Enqueue(request.RequestUri);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.NotFound));
        }
    }

    [Fact]
    public async Task A_user_without_a_company_is_asked_to_set_one_up()
    {
        _host.SignIn(await _host.AddUserAsync("newcomer"));

        var page = _ctx.Render<ApiAccess>();

        page.WaitForAssertion(() => Assert.Contains("onboarding", page.Markup, StringComparison.Ordinal), Wait);
        Assert.Empty(page.FindAll("[data-testid=api-token-create]"));
    }
}
