namespace Portal.E2E.Deployment;

/// <summary>
/// The portal as docs/deploy.md has a deployer run it: <c>dotnet publish</c>, then the published Portal.dll in
/// Production, started from another folder.
/// </summary>
public sealed partial class PublishedPortalTests(PublishedPortalTests.PublishedOutput published) : IClassFixture<PublishedPortalTests.PublishedOutput>
{
    /// <summary>Publishes the already built portal once for these tests.</summary>
    public sealed class PublishedOutput : IAsyncLifetime
    {
        public string Folder { get; } = Path.Combine(Path.GetTempPath(), "portal-publish", Guid.NewGuid().ToString("N"));

        public string Dll => Path.Combine(Folder, "Portal.dll");

        public async Task InitializeAsync()
        {
            var publish = new ProcessStartInfo("dotnet", ["publish", Path.Combine(PortalServer.RepositoryRoot(), "src", "Portal"),
                "-c", "Release", "--no-build", "-o", Folder, "--nologo", "-v", "quiet"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(publish)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet publish failed:\n{await output}\n{await errors}");
            }
        }

        public Task DisposeAsync()
        {
            Directory.Delete(Folder, recursive: true);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Without_settings_a_production_start_stops_with_one_line_per_missing_setting()
    {
        var (exitCode, errors) = await PortalServer.RunUntilExitAsync(
            new PortalLaunch(published.Dll, "Production", WorkingDirectory: Path.GetTempPath()), TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("Portal cannot start: Portal:PublicUrl is required outside Development", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_published_demo_serves_its_assets_refuses_other_hosts_and_hides_the_developer_tools()
    {
        await using var portal = await PortalServer.StartAsync(new PortalLaunch(published.Dll, "Production", Demo, Path.GetTempPath()));
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = portal.BaseAddress };

        using (var css = await http.GetAsync("_content/MudBlazor/MudBlazor.min.css"))
        {
            Assert.Equal(HttpStatusCode.OK, css.StatusCode);
            Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        }

        using (var script = await http.GetAsync("_framework/blazor.web.js"))
        {
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        }

        using (var otherHost = new HttpRequestMessage(HttpMethod.Get, "Account/Login"))
        {
            otherHost.Headers.Host = "attacker.example";
            using var refused = await http.SendAsync(otherHost);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        foreach (var probe in new[] { "health/live", "health/ready" })
        {
            using var answer = await http.GetAsync(probe);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        foreach (var tool in new[] { "dev/outbox", "sandbox/admin", "sandbox/printers/4004000001", "sandbox/oauth/authorize?client_id=1000000001" })
        {
            using var answer = await http.GetAsync(tool);
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        }
    }

    [Fact]
    public async Task The_build_output_started_in_production_serves_the_packages_assets()
    {
        // `dotnet run` with ASPNETCORE_ENVIRONMENT=Production runs the build output, whose package files are not copied.
        await using var portal = await PortalServer.StartAsync(new PortalLaunch(Environment: "Production", Settings: Demo));
        using var http = new HttpClient { BaseAddress = portal.BaseAddress };
        var page = await http.GetStringAsync("Account/Login");

        // Every stylesheet and script the page names: MudBlazor's, the framework's and the portal's own modules.
        var assets = AssetReference().Matches(page).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(assets, a => a.StartsWith("_content/MudBlazor/", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("_framework/blazor.web", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var answer = await http.GetAsync(asset);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{asset} answered {(int)answer.StatusCode}");
        }
    }

    [GeneratedRegex("(?:<link rel=\"stylesheet\" href|<script[^>]* src)=\"([^\"]+)\"")]
    private static partial Regex AssetReference();

    [Fact]
    public async Task A_published_demo_is_styled_and_interactive_in_a_browser()
    {
        await using var portal = await PortalServer.StartAsync(new PortalLaunch(published.Dll, "Production", Demo, Path.GetTempPath()));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = portal.BaseAddress.ToString() });
        var failedAssets = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failedAssets.Add($"{response.Status} {response.Url}");
            }
        };

        try
        {
            // A demo without a mail server asks for no confirmation: register (the first account runs the
            // platform), log in, and the interactive onboarding form creates the operator's own company.
            var email = $"published-{Guid.NewGuid():N}@e2e.test";
            await page.GotoAsync("Account/Register");
            await page.Locator("[id='Input.Email']").FillAsync(email);
            await page.Locator("[id='Input.Password']").FillAsync(BrowserFixture.Password);
            await page.Locator("[id='Input.ConfirmPassword']").FillAsync(BrowserFixture.Password);
            await page.GetByTestId("register-submit").ClickAsync();
            await page.GetByTestId("register-confirmation").WaitForAsync();
            await page.GotoAsync("Account/Login");
            // MudBlazor's stylesheet is applied: its buttons are flex boxes, not the browser's inline blocks.
            Assert.Equal("inline-flex", await page.GetByTestId("login-submit").EvaluateAsync<string>("e => getComputedStyle(e).display"));
            await page.Locator("[id='Input.Email']").FillAsync(email);
            await page.Locator("[id='Input.Password']").FillAsync(BrowserFixture.Password);
            await page.GetByTestId("login-submit").ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase));
            await page.GotoAsync("onboarding");

            await page.Locator("#circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
            var company = $"Published Co {Guid.NewGuid():N}"[..24];
            await page.GetByTestId("company-name").FillAsync(company);
            await page.GetByTestId("onboarding-submit").ClickAsync();
            await Assertions.Expect(page.GetByTestId("dashboard-title")).ToHaveTextAsync(company);
            Assert.DoesNotContain(failedAssets, f => !f.Contains("/favicon", StringComparison.Ordinal));
        }
        catch
        {
            Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "published-demo-failure.png"), FullPage = true });
            throw;
        }
    }

    private static IReadOnlyDictionary<string, string> Demo(Uri address) => new Dictionary<string, string>
    {
        ["Portal__PublicUrl"] = address.GetLeftPart(UriPartial.Authority),
        ["Portal__Demo"] = "true",
    };
}
