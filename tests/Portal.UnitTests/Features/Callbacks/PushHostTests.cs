using Portal.Features.Account;
using Portal.Features.Companies;
using Portal.Features.Printing;
using Yilianyun.Sandbox.Push;

namespace Portal.UnitTests.Features.Callbacks;

/// <summary>
/// The whole portal in Sandbox mode, its client and its sandbox's pushes routed to its own TestServer: the push URLs
/// over HTTP, their registration with setpushurl, and a sandbox print whose oauth_finish push the portal applies.
/// </summary>
public sealed class PushHostTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly PortalAppFactory _factory = new();
    private WebApplicationFactory<Program> _portal = null!;

    public Task InitializeAsync()
    {
        _portal = _factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Yilianyun:Sandbox:PrintDelay", "00:00:00.2");
            builder.UseSetting("Yilianyun:Sandbox:TickInterval", "00:00:00.1");
            builder.ConfigureTestServices(services =>
            {
                services.AddHttpClient(YilianyunServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => _portal.Server.CreateHandler());
                services.AddHttpClient(SandboxPushDispatcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => _portal.Server.CreateHandler());
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

    private ConfiguredApp OpenApp => _portal.Services.GetRequiredService<YilianyunSetup>().Apps[0];

    private IDbContextFactory<PortalDbContext> DbFactory => _portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    [Fact]
    public async Task The_probe_is_answered_with_exactly_the_acknowledgement()
    {
        using var client = _portal.CreateClient();

        using var probe = await client.GetAsync($"/push/yilianyun/{OpenApp.ClientId}/finish");
        using var emptyPost = await client.PostAsync($"/push/yilianyun/{OpenApp.ClientId}/status", new StringContent(""));
        using var unknownKind = await client.GetAsync($"/push/yilianyun/{OpenApp.ClientId}/nonsense");

        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        Assert.Equal("""{"data":"OK"}""", await probe.Content.ReadAsStringAsync());
        Assert.Equal("application/json", probe.Content.Headers.ContentType!.MediaType);
        Assert.Equal("""{"data":"OK"}""", await emptyPost.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknownKind.StatusCode);
        Assert.Empty(await RecordsAsync());
    }

    [Fact]
    public async Task A_forged_push_is_acknowledged_recorded_and_not_acted_on()
    {
        using var client = _portal.CreateClient();
        var body = PushTestKit.StatusBody(OpenApp, "4004000001", 0, DateTimeOffset.UtcNow, signWithSecret: "guessed");

        using var answer = await client.PostAsync($"/push/yilianyun/{OpenApp.ClientId}/status",
            new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        using var huge = await client.PostAsync($"/push/yilianyun/{OpenApp.ClientId}/finish", new StringContent(new string('a', 20_000)));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("""{"data":"OK"}""", await answer.Content.ReadAsStringAsync());
        Assert.Equal("""{"data":"OK"}""", await huge.Content.ReadAsStringAsync());
        var records = await RecordsAsync();
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal((PushOutcome.Rejected, false), (r.Outcome, r.SignatureValid)));
    }

    [Fact]
    public async Task A_repeated_push_gets_the_acknowledgement_again_and_a_stale_one_is_acknowledged_but_not_applied()
    {
        using var client = _portal.CreateClient();
        var fresh = PushTestKit.StatusBody(OpenApp, "4004000001", 1, DateTimeOffset.UtcNow);
        var stale = PushTestKit.StatusBody(OpenApp, "4004000001", 0, DateTimeOffset.UtcNow.AddHours(-1));

        var answers = new List<string>();
        foreach (var body in new[] { fresh, fresh, stale })
        {
            using var answer = await client.PostAsync($"/push/yilianyun/{OpenApp.ClientId}/status",
                new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            answers.Add(await answer.Content.ReadAsStringAsync());
        }

        Assert.All(answers, a => Assert.Equal("""{"data":"OK"}""", a));
        Assert.Equal([PushOutcome.UnknownPrinter, PushOutcome.Duplicate, PushOutcome.Rejected], (await RecordsAsync()).Select(r => r.Outcome));
    }

    [Fact]
    public async Task A_connected_printer_gets_its_push_urls_and_a_sandbox_print_comes_back_printed_by_push()
    {
        var (tenantId, userId) = await AddCompanyAsync();
        var sandbox = _portal.Services.GetRequiredService<SandboxAdmin>();
        var printer = sandbox.CreatePrinter(new SandboxPrinterOptions(), "Alpha merchant")!;

        var printerId = await _portal.ConnectBySandboxConsentAsync(userId, printer.MachineCode, "Alpha merchant");

        // Registration: one setpushurl per kind, accepted by the sandbox after probing the portal's URL.
        var registered = await EventuallyAsync(async () => (await LoadPrinterAsync(tenantId, printerId)).PushUrlsRegisteredAt is not null);
        Assert.True(registered, "the printer's push URLs were not registered");
        var setPushUrl = _portal.Services.GetRequiredService<SandboxJournal>().Entries
            .Where(e => e.Path.EndsWith("oauth/setpushurl", StringComparison.Ordinal) && e.MachineCode == printer.MachineCode).ToList();
        Assert.Equal(4, setPushUrl.Count);
        Assert.All(setPushUrl, e => Assert.Equal((OpenApp.ClientId, 0), (e.ClientId, e.Error ?? 0)));

        // A print through the service: the virtual printer prints after its delay and pushes oauth_finish.
        var jobId = await _portal.AsUserAsync(userId, async services =>
        {
            var submitted = await services.GetRequiredService<PrintJobSubmitter>().SubmitAsync(new PrintRequest([printerId], PrintJobKind.Text, "<center>Push me</center>"));
            Assert.True(submitted.Succeeded, submitted.Error);
            return submitted.Value!.Items[0].JobId!.Value;
        });

        // The job turns Printed a moment before the push's row records the outcome: wait for both.
        var applied = await EventuallyAsync(async () => (await LoadJobAsync(tenantId, jobId)).State == PrintJobState.Printed
                                                        && (await RecordsAsync()).Any(r => r.Command == "oauth_finish" && r.Outcome == PushOutcome.Applied));
        // On a loaded machine the sandbox may give up waiting (3 s) and deliver again: that copy is a Duplicate.
        var finishes = (await RecordsAsync()).Where(r => r.Command == "oauth_finish").ToList();
        var finish = Assert.Single(finishes, r => r.Outcome == PushOutcome.Applied);
        Assert.True(applied, $"job {(await LoadJobAsync(tenantId, jobId)).State}, push {finish.Outcome}: {finish.Detail}");
        Assert.All(finishes.Where(r => r != finish), r => Assert.Equal(PushOutcome.Duplicate, r.Outcome));
        Assert.Equal((true, jobId), (finish.SignatureValid, finish.JobId));
        var delivery = _portal.Services.GetRequiredService<SandboxPushDispatcher>().Attempts.First(a => a.Push.Cmd == "oauth_finish");
        Assert.Contains($"/push/yilianyun/{OpenApp.ClientId}/finish", delivery.Push.Url);
        Assert.Single(await LoadJobEventsAsync(tenantId, jobId), e => e.Kind == PrintJobEventKind.Printed);
        Assert.Contains((await LoadJobEventsAsync(tenantId, jobId)), e => e.Kind == PrintJobEventKind.Printed && Portal.UnitTests.Features.Audit.AuditDetailTests.InLanguage("en-US", e.Detail).StartsWith("push", StringComparison.Ordinal));

        // The printer goes out of paper on the sandbox: the status push reaches the printer's row.
        sandbox.SetPrinterState(printer.MachineCode, SandboxPrinterState.OutOfPaper);
        Assert.True(await EventuallyAsync(async () => (await LoadPrinterAsync(tenantId, printerId)).OnlineState == PrinterOnlineState.OutOfPaper),
            "the status push was not applied");
    }

    private async Task<List<PushRecord>> RecordsAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        return await db.PushRecords.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
    }

    private Task<Printer> LoadPrinterAsync(Guid tenantId, Guid printerId) =>
        DbFactory.ReadAsync(tenantId, db => db.Printers.AsNoTracking().SingleAsync(p => p.Id == printerId));

    private Task<PrintJob> LoadJobAsync(Guid tenantId, Guid jobId) =>
        DbFactory.ReadAsync(tenantId, db => db.PrintJobs.AsNoTracking().SingleAsync(j => j.Id == jobId));

    private Task<List<PrintJobEvent>> LoadJobEventsAsync(Guid tenantId, Guid jobId) =>
        DbFactory.ReadAsync(tenantId, db => db.PrintJobEvents.AsNoTracking().Where(e => e.JobId == jobId).ToListAsync());

    private async Task<(Guid TenantId, string UserId)> AddCompanyAsync()
    {
        string userId;
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            var user = new PortalUser
            {
                UserName = "owner@alpha.test",
                NormalizedUserName = "OWNER@ALPHA.TEST",
                Email = "owner@alpha.test",
                NormalizedEmail = "OWNER@ALPHA.TEST",
                EmailConfirmed = true,
                CreatedAt = DateTimeOffset.UtcNow,
                SecurityStamp = Guid.NewGuid().ToString(),
            };
            db.Users.Add(user);
            await db.SaveChangesAsync();
            userId = user.Id;
        }

        var tenantId = await _portal.AsUserAsync(userId, async services =>
            (await services.GetRequiredService<TenantService>().CreateAsync(new TenantProfileInput { CompanyName = "Alpha Noodles" })).Value);
        return (tenantId, userId);
    }

    /// <summary>Runs <paramref name="work"/> in a request-like scope signed in as <paramref name="userId"/>.</summary>

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return await condition();
    }
}
