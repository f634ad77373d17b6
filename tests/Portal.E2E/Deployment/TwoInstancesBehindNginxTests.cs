namespace Portal.E2E.Deployment;

/// <summary>
/// docs/deploy.md's setup for several instances, run as written: two portal processes started together on one empty
/// PostgreSQL database, behind nginx with the documented configuration (sticky by client address, WebSockets passed
/// through). A merchant signs up and sets up a company through the proxy, on live Blazor pages; the instance the proxy
/// did not pick serves the same account and company.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class TwoInstancesBehindNginxTests(BrowserFixture fixture)
{
    [PostgresFact]
    public async Task Two_instances_behind_the_documented_nginx_serve_one_journey_and_share_what_it_stored()
    {
        var database = await PostgresServer.CreateEmptyDatabaseAsync();
        try
        {
            var proxyPort = PortalServer.FreePort();
            var publicUrl = new Uri($"http://127.0.0.1:{proxyPort}/");
            var launch = new PortalLaunch(Settings: _ => new Dictionary<string, string>
            {
                ["Database__Provider"] = "Postgres",
                ["ConnectionStrings__Portal"] = database,
                ["Portal__PublicUrl"] = publicUrl.ToString().TrimEnd('/'),
                // The same settings on every instance (docs/deploy.md, section 8); the sandbox's secret is random otherwise.
                ["Yilianyun__ClientSecret"] = "nginx-two-instances-secret-0123",
            });
            // Started together: both migrate the empty database at the same moment.
            var starting = new[] { PortalServer.StartAsync(launch), PortalServer.StartAsync(launch) };
            try
            {
                await Task.WhenAll(starting);
            }
            catch
            {
                foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
                {
                    await started.Result.DisposeAsync();
                }

                throw;
            }

            await using var a = starting[0].Result;
            await using var b = starting[1].Result;
            await using var proxy = await NginxProxy.StartAsync(proxyPort, a.BaseAddress, b.BaseAddress);

            // Through the proxy: sign-up, the confirmation mail, log-in and the interactive onboarding page.
            var email = $"nginx-{Guid.NewGuid():N}@e2e.test";
            var company = $"Proxy Noodles {Guid.NewGuid():N}"[..24];
            await using (var merchant = await fixture.NewSessionAsync("nginx-merchant", baseAddress: proxy.Address))
            {
                await merchant.SignUpAsync(email);
                await merchant.CreateCompanyAsync(company);
                await Assertions.Expect(merchant.Page).ToHaveURLAsync(new Regex($"^{Regex.Escape(proxy.Address.ToString())}"));
                await merchant.ScreenshotAsync("through-nginx");
            }

            // Each instance on its own address: both know the account and its company.
            foreach (var instance in new[] { a, b })
            {
                await using var direct = await fixture.NewSessionAsync("nginx-direct", baseAddress: instance.BaseAddress);
                await direct.LogInAsync(email);
                await direct.GoToAsync("");
                await Assertions.Expect(direct.Page.GetByTestId("dashboard-title")).ToHaveTextAsync(company);
            }
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(database);
        }
    }
}
