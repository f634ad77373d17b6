using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Portal.Features.Companies;
using Portal.Features.OpenApi;
using Portal.Features.Printing;

namespace Portal.UnitTests.Infrastructure.Telemetry;

/// <summary>
/// The whole portal, traced and measured with its own OpenTelemetry set-up into memory: a print, a token refresh and
/// open-API calls leave no access token, refresh token, client secret, auth code or receipt text in any span, metric
/// tag or log entry. The 易联云 client's calls reach the in-process sandbox through the TestServer, so they show as the
/// sandbox's server spans (TestServer's handler bypasses HttpClient's own tracing; the client posts tokens and signs
/// only in form bodies, never in URLs).
/// </summary>
[Collection(ProcessWideTelemetry.Name)]
public sealed class TelemetrySecrecyTests : IAsyncLifetime
{
    private const string Receipt = "<center>Receipt 5c1d: two bowls of hand-pulled noodles</center>";

    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly ScopedLogCapture _logs = new();
    private readonly PortalAppFactory _factory = new();
    private WebApplicationFactory<Program> _portal = null!;

    public Task InitializeAsync()
    {
        _portal = _factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("OpenApi:SeedDocumentExamples", "true");
            builder.ConfigureLogging(logging => logging.AddProvider(_logs));
            builder.ConfigureTestServices(services =>
            {
                services.AddOpenTelemetry().WithPortalSignals()
                    .WithTracing(tracing => tracing.AddInMemoryExporter(_spans))
                    .WithMetrics(metrics => metrics.AddInMemoryExporter(_metrics));
                // The 易联云 client reaches the in-process sandbox through this host's TestServer.
                services.AddHttpClient(YilianyunServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => _portal.Server.CreateHandler());
            });
        });
        _portal.CreateClient().Dispose();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task A_print_a_refresh_and_open_api_calls_leave_no_secret_in_spans_metric_tags_or_logs()
    {
        var userId = await AddCompanyOwnerAsync();
        var machineCode = _portal.Services.GetRequiredService<SandboxAdmin>().CreatePrinter(new SandboxPrinterOptions(), "Alpha merchant")!.MachineCode;
        var printerId = await _portal.ConnectBySandboxConsentAsync(userId, machineCode, "Alpha merchant");
        var secrets = new List<string> { _portal.Services.GetRequiredService<YilianyunSetup>().Apps[0].ClientSecret, Receipt, "Receipt 5c1d" };
        secrets.AddRange(await TokensAsync(printerId));

        var printed = await _portal.AsUserAsync(userId, services =>
            services.GetRequiredService<PrintJobSubmitter>().SubmitAsync(new PrintRequest([printerId], PrintJobKind.Text, Receipt)));
        var refreshed = await _portal.AsUserAsync(userId, services => services.GetRequiredService<PrinterMaintenance>().RefreshNowAsync(printerId));
        secrets.AddRange(await TokensAsync(printerId));
        var authCode = await CallOpenApiAsync();
        secrets.AddRange([OpenApiExampleSeeder.ClientSecret, OpenApiExampleSeeder.AccessToken, authCode]);
        // A server span is exported when its request's pipeline ends, which can be after the client has the answer.
        await SpansAsync(s => Tag(s, "url.path") == "/apis/rest/userService/getUserInfo/json");
        StopTelemetry();

        Assert.Equal(PrintJobState.Sent, Assert.Single(printed.Value!.Items).State);
        Assert.True(refreshed.Succeeded, refreshed.Error);
        // The refresh rotated both tokens, so the old and the new pair are both looked for.
        Assert.Equal(secrets.Count, secrets.Distinct().Count());
        // Each instrumentation was live, so the checks below looked at real spans and points.
        Assert.Contains(_spans, s => s.Kind == ActivityKind.Server && Tag(s, "url.path")?.EndsWith("/print/index", StringComparison.Ordinal) == true);
        Assert.Contains(_spans, s => s.Kind == ActivityKind.Server && Tag(s, "url.path")?.EndsWith("/oauth/oauth", StringComparison.Ordinal) == true);
        Assert.Contains(_spans, s => s.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal) || s.Source.Name == "Npgsql");
        var apiCalls = _spans.Where(s => s.Kind == ActivityKind.Server && Tag(s, "url.path") == "/apis/rest/authService/authorize/json").ToList();
        Assert.NotEmpty(apiCalls);
        Assert.All(apiCalls, call => Assert.Contains("access_token=", Tag(call, "url.query"), StringComparison.Ordinal));
        Assert.Contains(_metrics, m => m.Name == "portal.prints.submitted");
        Assert.Contains(_metrics, m => m.Name == "portal.token.refreshes");
        Assert.Contains(_metrics, m => m.Name == "portal.openapi.calls");

        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(_spans, s => SpanText(s).Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(_metrics, m => MetricTagText(m).Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(_logs.Entries, e => e.Text.Contains(secret, StringComparison.Ordinal));
        }
    }

    private async Task<string> AddCompanyOwnerAsync()
    {
        string userId;
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var user = new PortalUser { UserName = "owner@alpha.test", Email = "owner@alpha.test", EmailConfirmed = true };
            var created = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().CreateAsync(user, "Gr33n-lantern-orbit-7");
            Assert.True(created.Succeeded);
            userId = user.Id;
        }

        var company = await _portal.AsUserAsync(userId, services =>
            services.GetRequiredService<TenantService>().CreateAsync(new TenantProfileInput { CompanyName = "Alpha Noodles" }));
        Assert.True(company.Succeeded, company.Error);
        return userId;
    }

    /// <summary>The printer's access and refresh tokens as the platform issued them.</summary>
    private async Task<string[]> TokensAsync(Guid printerId)
    {
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateCrossTenantAsync();
        var printer = await db.Printers.AsNoTracking().SingleAsync(p => p.Id == printerId);
        var secrets = _portal.Services.GetRequiredService<PrinterSecrets>();
        return [secrets.UnprotectToken(printer.ProtectedAccessToken!), secrets.UnprotectRefreshToken(printer.ProtectedRefreshToken!)];
    }

    /// <summary>The document's flow: authorize, then the user's profile with the auth code; returns the code.</summary>
    private async Task<string> CallOpenApiAsync()
    {
        using var client = _portal.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", OpenApiExamples.BasicHeader);
        var t = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var stamp = $"t_={t}&p_={t % 10000 * 3 + 2345}";
        using var authorize = await client.GetAsync($"/apis/rest/authService/authorize/json?access_token={OpenApiExampleSeeder.AccessToken}&{stamp}");
        var code = JsonDocument.Parse(await authorize.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("auth_code").GetString()!;
        using var user = await client.GetAsync(
            $"/apis/rest/userService/getUserInfo/json?access_token={OpenApiExampleSeeder.AccessToken}&client_id={OpenApiExampleSeeder.ClientId}&auth_code={code}&{stamp}");
        Assert.Equal(HttpStatusCode.OK, user.StatusCode);
        return code;
    }

    private async Task SpansAsync(Func<Activity, bool> wanted)
    {
        for (var waited = 0; waited < 100; waited++)
        {
            if (_spans.ToArray().Any(wanted))
            {
                return;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Exports what is pending and stops listening, so nothing lands in the lists while they are read.</summary>
    private void StopTelemetry()
    {
        _portal.Services.GetRequiredService<TracerProvider>().Dispose();
        _portal.Services.GetRequiredService<MeterProvider>().Dispose();
    }

    private static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();

    private static string SpanText(Activity span) => string.Join("\n",
        [span.DisplayName, span.OperationName, span.StatusDescription ?? "",
            .. span.TagObjects.Select(t => $"{t.Key}={t.Value}"),
            .. span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}")),
            .. span.Baggage.Select(b => $"{b.Key}={b.Value}")]);

    private static string MetricTagText(MetricSnapshot metric)
    {
        var text = new StringBuilder(metric.Name);
        foreach (var point in metric.MetricPoints)
        {
            foreach (var tag in point.Tags)
            {
                text.Append('\n').Append(tag.Key).Append('=').Append(tag.Value);
            }
        }

        return text.ToString();
    }
}
