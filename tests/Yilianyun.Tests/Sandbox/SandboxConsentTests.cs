namespace Yilianyun.Tests.Sandbox;

/// <summary>The consent page: GET shows the app, POST approves or denies, bad requests never redirect.</summary>
public sealed class SandboxConsentTests
{
    private static string AuthorizeUrl(string clientId = SandboxTestHost.OpenClientId, string redirect = SandboxTestHost.RedirectUri,
        string responseType = "code", string state = "xyz 1") =>
        $"/sandbox/oauth/authorize?response_type={responseType}&client_id={clientId}&redirect_uri={Uri.EscapeDataString(redirect)}&state={Uri.EscapeDataString(state)}";

    private static Dictionary<string, string> Decision(string decision, string machineCode = SandboxTestHost.PrinterA, string merchant = "张三") => new()
    {
        ["response_type"] = "code",
        ["client_id"] = SandboxTestHost.OpenClientId,
        ["redirect_uri"] = SandboxTestHost.RedirectUri,
        ["state"] = "xyz 1",
        ["merchant"] = merchant,
        ["machine_code"] = machineCode,
        ["new_model"] = "K4-WA",
        ["new_width"] = "80",
        ["decision"] = decision,
    };

    /// <summary>Posts the consent form with <paramref name="decision"/> from a browser that does not follow the redirect.</summary>
    private static async Task<HttpResponseMessage> DecideAsync(SandboxTestHost host, string decision, string machineCode = SandboxTestHost.PrinterA, string merchant = "张三")
    {
        using var client = NoRedirectClient(host);
        return await client.PostAsync("/sandbox/oauth/authorize", new FormUrlEncodedContent(Decision(decision, machineCode, merchant)));
    }

    private static HttpClient NoRedirectClient(SandboxTestHost host)
    {
        var client = host.Services.GetRequiredService<IServer>() is TestServer server
            ? new HttpClient(server.CreateHandler()) { BaseAddress = server.BaseAddress }
            : throw new InvalidOperationException("Not a TestServer.");
        return client;
    }

    private static Dictionary<string, string> QueryOf(Uri location) =>
        location.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));

    [Fact]
    public async Task The_consent_page_shows_the_app_name_and_the_printers()
    {
        await using var host = await SandboxTestHost.StartAsync();

        var page = WebUtility.HtmlDecode(await host.Client.GetStringAsync(AuthorizeUrl()));

        Assert.Contains("测试开放应用 Test open app", page);
        Assert.Contains(SandboxTestHost.PrinterA, page);
        Assert.Contains("易联云 Sandbox", page);
        Assert.Contains("action=\"/sandbox/oauth/authorize\"", page);
    }

    [Fact]
    public async Task Approving_redirects_to_the_exact_redirect_uri_with_a_single_use_code_and_the_state()
    {
        await using var host = await SandboxTestHost.StartAsync();

        using var response = await DecideAsync(host, "approve");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(SandboxTestHost.RedirectUri + "&", location.OriginalString);
        var query = QueryOf(location);
        Assert.Equal(("code", "xyz 1", "sandbox"), (query["response_type"], query["state"], query["from"]));
        var exchange = await host.OpenCall("oauth/oauth", ("grant_type", "authorization_code"), ("code", query["code"]), ("scope", "all"));
        var reuse = await host.OpenCall("oauth/oauth", ("grant_type", "authorization_code"), ("code", query["code"]), ("scope", "all"));
        Assert.Equal(0, exchange.Error);
        Assert.Equal(SandboxTestHost.PrinterA, exchange.Body.GetProperty("machine_code").GetString());
        Assert.Equal(6, reuse.Error);
    }

    [Fact]
    public async Task A_code_older_than_600_seconds_answers_6()
    {
        await using var host = await SandboxTestHost.StartAsync();
        using var response = await DecideAsync(host, "approve");
        var code = QueryOf(response.Headers.Location!)["code"];

        host.Time.Advance(TimeSpan.FromSeconds(600));
        var answer = await host.OpenCall("oauth/oauth", ("grant_type", "authorization_code"), ("code", code), ("scope", "all"));

        Assert.Equal(6, answer.Error);
    }

    [Fact]
    public async Task Approving_with_a_new_printer_creates_it_for_the_merchant()
    {
        await using var host = await SandboxTestHost.StartAsync();

        using var response = await DecideAsync(host, "approve", "new", "李四");
        var code = QueryOf(response.Headers.Location!)["code"];
        var exchange = await host.OpenCall("oauth/oauth", ("grant_type", "authorization_code"), ("code", code), ("scope", "all"));

        var machineCode = exchange.Body.GetProperty("machine_code").GetString()!;
        var printer = host.Admin.FindPrinter(machineCode)!;
        Assert.Equal(("李四", "K4-WA", PaperWidth.Mm80), (printer.MerchantName, printer.Model, printer.PaperWidth));
        Assert.Contains(SandboxTestHost.OpenClientId, printer.AuthorizedClientIds);
    }

    [Fact]
    public async Task The_consent_page_lists_no_printer_an_app_holds()
    {
        await using var host = await SandboxTestHost.StartAsync();
        await host.AuthorizeOpenAsync();
        await host.AuthorizeOwnAsync();

        var page = WebUtility.HtmlDecode(await host.Client.GetStringAsync(AuthorizeUrl()));

        Assert.DoesNotContain(SandboxTestHost.PrinterA, page);
        Assert.DoesNotContain(SandboxTestHost.PrinterB, page);
        Assert.Contains(SandboxTestHost.PrinterK5, page);
        Assert.Contains("id=\"terminal\"", page);
    }

    [Fact]
    public async Task A_printer_in_use_is_chosen_only_with_its_terminal_number_and_key()
    {
        await using var host = await SandboxTestHost.StartAsync();
        await host.AuthorizeOwnAsync();
        using var client = NoRedirectClient(host);
        Dictionary<string, string> Typed(string terminal, string key)
        {
            var form = Decision("approve", machineCode: "new");
            form["terminal"] = terminal;
            form["msign"] = key;
            return form;
        }

        using var picked = await client.PostAsync("/sandbox/oauth/authorize", new FormUrlEncodedContent(Decision("approve", SandboxTestHost.PrinterB)));
        using var wrongKey = await client.PostAsync("/sandbox/oauth/authorize", new FormUrlEncodedContent(Typed(SandboxTestHost.PrinterB, "guess")));
        using var unknown = await client.PostAsync("/sandbox/oauth/authorize", new FormUrlEncodedContent(Typed("4004999999", "guess")));
        using var typed = await client.PostAsync("/sandbox/oauth/authorize", new FormUrlEncodedContent(Typed(SandboxTestHost.PrinterB, SandboxTestHost.MsignB)));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest),
            (picked.StatusCode, wrongKey.StatusCode, unknown.StatusCode));
        var refusal = WebUtility.HtmlDecode(await wrongKey.Content.ReadAsStringAsync());
        Assert.Contains("The terminal number or key is wrong", refusal);
        Assert.Equal(refusal, WebUtility.HtmlDecode(await unknown.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, typed.StatusCode);
        var exchange = await host.OpenCall("oauth/oauth", ("grant_type", "authorization_code"), ("code", QueryOf(typed.Headers.Location!)["code"]), ("scope", "all"));
        Assert.Equal(SandboxTestHost.PrinterB, exchange.Body.GetProperty("machine_code").GetString());
    }

    [Fact]
    public async Task Approving_without_a_merchant_name_shows_the_page_again()
    {
        await using var host = await SandboxTestHost.StartAsync();

        using var response = await DecideAsync(host, "approve", merchant: " ");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Sign in with any merchant name first", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Denying_redirects_with_access_denied_and_the_state()
    {
        await using var host = await SandboxTestHost.StartAsync();

        using var response = await DecideAsync(host, "deny");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = QueryOf(response.Headers.Location!);
        Assert.Equal(("access_denied", "xyz 1"), (query["error"], query["state"]));
        Assert.False(query.ContainsKey("code"));
    }

    [Theory]
    [InlineData(SandboxTestHost.OpenClientId, "https://merchant.example/callback", "code", "xyz", 3)]
    [InlineData(SandboxTestHost.OpenClientId, "https://evil.example/", "code", "xyz", 3)]
    [InlineData("nope", SandboxTestHost.RedirectUri, "code", "xyz", 2)]
    [InlineData(SandboxTestHost.OpenClientId, SandboxTestHost.RedirectUri, "token", "xyz", 1)]
    [InlineData(SandboxTestHost.OpenClientId, SandboxTestHost.RedirectUri, "code", "", 4)]
    [InlineData(SandboxTestHost.OwnClientId, SandboxTestHost.RedirectUri, "code", "xyz", 31)]
    public async Task Invalid_requests_show_an_error_page_and_never_redirect(string clientId, string redirect, string responseType, string state, int code)
    {
        await using var host = await SandboxTestHost.StartAsync();
        using var client = NoRedirectClient(host);

        using var get = await client.GetAsync(AuthorizeUrl(clientId, redirect, responseType, state));
        var form = Decision("approve");
        (form["client_id"], form["redirect_uri"], form["response_type"], form["state"]) = (clientId, redirect, responseType, state);
        using var post = await client.PostAsync("/sandbox/oauth/authorize", new FormUrlEncodedContent(form));

        foreach (var response in new[] { get, post })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Null(response.Headers.Location);
            Assert.Contains($"error {code}", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_consent_form_posts_in_a_host_that_uses_antiforgery()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddAntiforgery();
        builder.Services.AddYilianyunSandbox(o => o.Apps.Add(new SandboxAppOptions
        {
            Name = "App", ClientId = "1", ClientSecret = "s", RedirectUri = "https://r.example/cb",
        }));
        await using var app = builder.Build();
        app.UseAntiforgery();
        app.MapYilianyunSandbox("/platform");
        await app.StartAsync();
        var server = app.GetTestServer();
        using var client = new HttpClient(server.CreateHandler()) { BaseAddress = server.BaseAddress };

        var page = await client.GetStringAsync("/platform/oauth/authorize?response_type=code&client_id=1&redirect_uri=https%3A%2F%2Fr.example%2Fcb&state=s");
        using var response = await client.PostAsync("/platform/oauth/authorize", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["response_type"] = "code", ["client_id"] = "1", ["redirect_uri"] = "https://r.example/cb", ["state"] = "s",
            ["merchant"] = "m", ["machine_code"] = "new", ["decision"] = "approve",
        }));

        Assert.Contains("action=\"/platform/oauth/authorize\"", page);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://r.example/cb?response_type=code&code=", response.Headers.Location!.OriginalString);
    }
}
