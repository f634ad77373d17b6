namespace Portal.UnitTests.Infrastructure;

/// <summary>Steps on a whole in-memory portal whose 易联云 client is routed to its own sandbox.</summary>
public static class PortalHostActions
{
    /// <summary>Runs <paramref name="work"/> in a scope where <paramref name="userId"/> is the signed-in person.</summary>
    public static async Task<T> AsUserAsync<T>(this WebApplicationFactory<Program> portal, string userId, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var authentication = (IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        authentication.SetAuthenticationState(Task.FromResult(new AuthenticationState(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test")))));
        return await work(scope.ServiceProvider);
    }

    /// <summary>The authorize flow through the sandbox's consent page, approving <paramref name="machineCode"/> as <paramref name="merchant"/>.</summary>
    public static async Task<Guid> ConnectBySandboxConsentAsync(this WebApplicationFactory<Program> portal, string userId, string machineCode, string merchant)
    {
        var authorizeUrl = new Uri(new Uri("http://localhost"), await portal.AsUserAsync(userId, async services => (await services.GetRequiredService<PrinterAuthorizeFlow>().BeginAuthorizeAsync()).Value!));
        var query = HttpUtility.ParseQueryString(authorizeUrl.Query);
        using var browser = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var decided = await browser.PostAsync(authorizeUrl.AbsolutePath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["response_type"] = query["response_type"]!,
            ["client_id"] = query["client_id"]!,
            ["redirect_uri"] = query["redirect_uri"]!,
            ["state"] = query["state"]!,
            ["decision"] = "approve",
            ["merchant"] = merchant,
            ["machine_code"] = machineCode,
        }));
        var callback = HttpUtility.ParseQueryString(new Uri(new Uri("http://localhost"), decided.Headers.Location!).Query);
        return await portal.AsUserAsync(userId, async services =>
        {
            var completed = await services.GetRequiredService<PrinterAuthorizeFlow>().CompleteAuthorizeAsync(callback["code"], callback["state"], callback["error"]);
            Assert.True(completed.Succeeded, completed.Error);
            return completed.Value;
        });
    }
}
